import { describe, expect, it } from "vitest";
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import { labelSelectorAsSelector } from "@kubesim/api";
import { adoptPodPatch, claimPods, getControllerOf, releasePodPatch } from "./claim.js";
import { mkPod } from "./testdata/pods.js";

const rs = (deleting = false): ReplicaSet => ({
  metadata: {
    name: "web-abc",
    namespace: "default",
    uid: "rs-uid",
    ...(deleting ? { deletionTimestamp: "2024-01-01T00:00:00Z" } : {}),
  },
  spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: {} },
});
const selector = labelSelectorAsSelector({ matchLabels: { app: "web" } });
const names = (pods: readonly { metadata?: { name?: string } }[]): string[] =>
  pods.map((p) => p.metadata?.name ?? "");

describe("claimPods (ClaimObject decisions)", () => {
  const pods = [
    mkPod({ name: "owned-match", owner: { uid: "rs-uid" } }),
    mkPod({ name: "owned-nomatch", owner: { uid: "rs-uid" }, labels: { app: "other" } }),
    mkPod({ name: "other-owner", owner: { uid: "someone" } }),
    mkPod({ name: "orphan-match" }),
    mkPod({ name: "orphan-nomatch", labels: { app: "db" } }),
    mkPod({ name: "orphan-deleting", deleting: true }),
    mkPod({ name: "orphan-other-ns", namespace: "kube-system" }),
    mkPod({ name: "owned-not-controller", owner: { uid: "rs-uid", controller: false } }),
  ];

  it("keeps, adopts, releases and ignores as upstream", () => {
    const plan = claimPods(rs(), selector, pods);
    expect(names(plan.claimed)).toEqual(["owned-match", "orphan-match", "owned-not-controller"]);
    expect(names(plan.adopt)).toEqual(["orphan-match", "owned-not-controller"]);
    expect(names(plan.release)).toEqual(["owned-nomatch"]);
    expect(plan.controllerRef).toEqual({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      name: "web-abc",
      uid: "rs-uid",
      controller: true,
      blockOwnerDeletion: true,
    });
  });

  it("while the ReplicaSet is being deleted: keeps its matching pods, adopts and releases nothing", () => {
    const plan = claimPods(rs(true), selector, pods);
    expect(names(plan.claimed)).toEqual(["owned-match"]);
    expect(plan.adopt).toEqual([]);
    expect(plan.release).toEqual([]);
  });

  it("finds the controller reference", () => {
    expect(getControllerOf(mkPod({ name: "a", owner: { uid: "x" } }))?.uid).toBe("x");
    expect(
      getControllerOf(mkPod({ name: "a", owner: { uid: "x", controller: false } })),
    ).toBeUndefined();
  });
});

describe("adopt and release patches", () => {
  it("match upstream's strategic-merge bodies", () => {
    const pod = mkPod({ name: "p", uid: "pod-uid" });
    expect(adoptPodPatch(rs(), pod)).toEqual({
      metadata: {
        ownerReferences: [
          {
            apiVersion: "apps/v1",
            kind: "ReplicaSet",
            name: "web-abc",
            uid: "rs-uid",
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        uid: "pod-uid",
      },
    });
    expect(releasePodPatch(rs(), pod)).toEqual({
      metadata: { ownerReferences: [{ $patch: "delete", uid: "rs-uid" }], uid: "pod-uid" },
    });
  });
});
