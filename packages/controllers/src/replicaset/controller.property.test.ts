/**
 * Properties of the ReplicaSet controller on the real apiserver, over random
 * sequences of scale changes, pod deletions, readiness, orphans and waits,
 * with a random watch latency (a lagging cache) and a small burst limit:
 *
 * - it converges to exactly spec.replicas active pods, all its own, and
 *   reports them in status.replicas;
 * - at no instant are more than burstReplicas of its creations in flight
 *   (created but not yet seen by its informer);
 * - it never overshoots: its active pods never exceed the largest
 *   spec.replicas asked so far plus the orphans it could adopt;
 * - every pod it creates carries its controllerRef, and it never writes to
 *   a pod another controller owns.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiServer } from "@kubesim/apiserver";
import { Client, EventBroadcaster, SharedInformerFactory } from "@kubesim/runtime";
import { Loop, Rng, rfc3339 } from "@kubesim/sim";
import { ReplicaSetController } from "./controller.js";

type Op =
  | { readonly type: "scale"; readonly replicas: number }
  | { readonly type: "deletePod"; readonly index: number }
  | { readonly type: "ready"; readonly index: number }
  | { readonly type: "orphan" }
  | { readonly type: "wait"; readonly ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant("scale" as const), replicas: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ type: fc.constant("deletePod" as const), index: fc.nat(30) }),
  fc.record({ type: fc.constant("ready" as const), index: fc.nat(30) }),
  fc.record({ type: fc.constant("orphan" as const) }),
  fc.record({ type: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 3000 }) }),
);

const NS = "default";
const labels = { app: "web" };

function run(latency: number, burst: number, initial: number, ops: readonly Op[]): void {
  const loop = new Loop();
  const api = new ApiServer({ loop, rng: new Rng(11), watchLatency: latency });
  const violations: string[] = [];
  const created = new Set<string>();
  const seen = new Set<string>();
  let rsUid = "";
  const client = new Client(api, {
    interceptors: {
      create: (next, kind, obj, o) => {
        const out = next.create(kind, obj, o);
        if (kind === "Pod") {
          const refs = obj.metadata?.ownerReferences ?? [];
          if (refs.length !== 1 || refs[0]?.uid !== rsUid || refs[0].controller !== true) {
            violations.push(`created a pod without its controllerRef: ${JSON.stringify(refs)}`);
          }
          created.add(out.metadata?.name ?? "");
          const inFlight = [...created].filter((n) => !seen.has(n)).length;
          if (inFlight > burst) violations.push(`${inFlight} creations in flight, burst ${burst}`);
        }
        return out;
      },
      patch: (next, kind, ns, name, type, patch, o) => {
        if (kind === "Pod" && name === "foreign") violations.push("patched the foreign pod");
        return next.patch(kind, ns, name, type, patch, o);
      },
      delete: (next, kind, ns, name, o) => {
        if (kind === "Pod" && name === "foreign") violations.push("deleted the foreign pod");
        return next.delete(kind, ns, name, o);
      },
    },
  });
  const informers = new SharedInformerFactory({ client, loop });
  informers.informerFor("Pod").addEventHandler({
    onAdd: (p) => seen.add(p.metadata?.name ?? ""),
  });
  const recorder = new EventBroadcaster({ client: api, loop }).newRecorder({
    component: "replicaset-controller",
  });
  const rsc = new ReplicaSetController({ client, informers, loop, recorder, burstReplicas: burst });

  // A pod of another controller that matches the selector: never to be touched.
  api.create("Pod", {
    metadata: {
      name: "foreign",
      namespace: NS,
      labels,
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "x",
          uid: "foreign-owner",
          controller: true,
        },
      ],
    },
    spec: { containers: [{ name: "c", image: "nginx" }] },
  });
  const rs: ReplicaSet = api.create("ReplicaSet", {
    metadata: { name: "web", namespace: NS },
    spec: {
      replicas: initial,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "nginx" }] } },
    },
  });
  rsUid = rs.metadata?.uid ?? "";
  let maxSpec = initial;
  let orphans = 0;
  const owned = (): Pod[] =>
    api
      .list("Pod", { namespace: NS })
      .items.filter(
        (p) =>
          p.metadata?.deletionTimestamp == null &&
          p.metadata?.ownerReferences?.some((r) => r.uid === rsUid) === true,
      );
  const check = (): boolean => {
    const n = owned().length;
    if (n > maxSpec + orphans)
      violations.push(`${n} active pods, at most ${maxSpec + orphans} asked`);
    return violations.length > 0;
  };
  const pick = (index: number): Pod | undefined => {
    const pods = owned();
    return pods.length === 0 ? undefined : pods[index % pods.length];
  };

  rsc.start();
  loop.settle();
  for (const op of ops) {
    switch (op.type) {
      case "scale": {
        const cur = api.get("ReplicaSet", NS, "web");
        api.update("ReplicaSet", { ...cur, spec: { ...cur.spec!, replicas: op.replicas } });
        maxSpec = Math.max(maxSpec, op.replicas);
        break;
      }
      case "deletePod": {
        const p = pick(op.index);
        if (p !== undefined) api.delete("Pod", NS, p.metadata?.name ?? "");
        break;
      }
      case "ready": {
        const p = pick(op.index);
        if (p !== undefined) {
          api.patch(
            "Pod",
            NS,
            p.metadata?.name ?? "",
            "merge",
            {
              status: {
                phase: "Running",
                conditions: [
                  { type: "Ready", status: "True", lastTransitionTime: rfc3339(loop.now()) },
                ],
              },
            },
            { subresource: "status" },
          );
        }
        break;
      }
      case "orphan":
        orphans++;
        api.create("Pod", {
          metadata: { generateName: "orphan-", namespace: NS, labels },
          spec: { containers: [{ name: "c", image: "nginx" }] },
        });
        break;
      case "wait":
        loop.runUntil(check, { timeout: op.ms });
        break;
    }
    if (check()) break;
  }
  loop.runUntil(check, { timeout: "2m" });

  expect(violations).toEqual([]);
  const final = api.get("ReplicaSet", NS, "web");
  const replicas = final.spec?.replicas ?? 1;
  expect(owned()).toHaveLength(replicas);
  expect(final.status?.replicas).toBe(replicas);
  // Every active pod that matches is owned by it, except the foreign one.
  const unowned = api
    .list("Pod", { namespace: NS })
    .items.filter((p) => p.metadata?.deletionTimestamp == null)
    .filter((p) => !(p.metadata?.ownerReferences ?? []).some((r) => r.uid === rsUid))
    .map((p) => p.metadata?.name);
  expect(unowned).toEqual(["foreign"]);
}

describe("ReplicaSet controller properties", () => {
  it("converges, never exceeds the burst in flight, never overshoots, only creates and touches its own pods", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 8 }),
        fc.array(opArb, { maxLength: 14 }),
        (latency, burst, initial, ops) => run(latency, burst, initial, ops),
      ),
      { numRuns: 60 },
    );
  });
});
