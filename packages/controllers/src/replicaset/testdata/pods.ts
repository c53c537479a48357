/**
 * Test helpers: compact pod builders and a fast-check arbitrary of pods for
 * the ReplicaSet planner tests. Not part of the package's API.
 */
import fc from "fast-check";
import type { Pod } from "kubernetes-types/core/v1";
import { rfc3339 } from "@kubesim/sim";

/** 2024-03-31T12:00:00Z, the `now` of the tests. */
export const NOW = Date.UTC(2024, 2, 31, 12, 0, 0);

export interface PodSpecLite {
  name: string;
  namespace?: string;
  uid?: string;
  node?: string;
  phase?: string;
  /** Ready=True since this instant; null: ready without lastTransitionTime; undefined: not ready. */
  readySince?: number | null;
  created?: number;
  restarts?: number;
  cost?: string;
  labels?: Record<string, string>;
  deleting?: boolean;
  owner?: { uid: string; name?: string; kind?: string; controller?: boolean };
}

/** Builds a pod from a compact description. */
export function mkPod(s: PodSpecLite): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: s.name,
      namespace: s.namespace ?? "default",
      uid: s.uid ?? `uid-${s.name}`,
      labels: s.labels ?? { app: "web" },
      ...(s.created !== undefined ? { creationTimestamp: rfc3339(s.created) } : {}),
      ...(s.cost !== undefined
        ? { annotations: { "controller.kubernetes.io/pod-deletion-cost": s.cost } }
        : {}),
      ...(s.deleting === true ? { deletionTimestamp: rfc3339(NOW) } : {}),
      ...(s.owner !== undefined
        ? {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: s.owner.kind ?? "ReplicaSet",
                name: s.owner.name ?? "rs",
                uid: s.owner.uid,
                controller: s.owner.controller ?? true,
              },
            ],
          }
        : {}),
    },
    spec: { containers: [{ name: "c" }], ...(s.node !== undefined ? { nodeName: s.node } : {}) },
    status: {
      phase: s.phase ?? "Running",
      conditions:
        s.readySince === undefined
          ? [{ type: "Ready", status: "False" }]
          : [
              {
                type: "Ready",
                status: "True",
                ...(s.readySince !== null ? { lastTransitionTime: rfc3339(s.readySince) } : {}),
              },
            ],
      containerStatuses: [
        {
          name: "c",
          image: "img",
          imageID: "",
          ready: s.readySince !== undefined,
          restartCount: s.restarts ?? 0,
        },
      ],
    },
  };
}

/**
 * Arbitrary pods with distinct UIDs and distinct non-zero ready and creation
 * times (a zero time may repeat): the domain where upstream's Less is a strict
 * weak order.
 */
export function arbPods(maxLength = 8): fc.Arbitrary<Pod[]> {
  return fc
    .uniqueArray(
      fc.record({
        uid: fc.stringMatching(/^[a-f0-9]{4}$/),
        node: fc.constantFrom(undefined, "n1", "n2", "n3"),
        phase: fc.constantFrom("Pending", "Unknown", "Running", "Running"),
        ready: fc.constantFrom("no", "zero", "time", "time"),
        readyOffset: fc.integer({ min: 0, max: 10_000_000 }),
        createdZero: fc.boolean(),
        createdOffset: fc.integer({ min: 0, max: 10_000_000 }),
        restarts: fc.integer({ min: 0, max: 3 }),
        cost: fc.constantFrom(undefined, "-1", "0", "5", "x"),
      }),
      { selector: (r) => r.uid, maxLength },
    )
    .filter(
      (rs) =>
        new Set(rs.map((r) => r.readyOffset)).size === rs.length &&
        new Set(rs.map((r) => r.createdOffset)).size === rs.length,
    )
    .map((rs) =>
      rs.map((r, i) =>
        mkPod({
          name: `p${i}`,
          uid: r.uid,
          ...(r.node !== undefined ? { node: r.node } : {}),
          phase: r.phase,
          ...(r.ready === "no"
            ? {}
            : { readySince: r.ready === "zero" ? null : NOW - r.readyOffset * 1000 }),
          ...(r.createdZero ? {} : { created: NOW - r.createdOffset * 1000 }),
          restarts: r.restarts,
          ...(r.cost !== undefined ? { cost: r.cost } : {}),
        }),
      ),
    );
}
