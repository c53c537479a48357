import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Node } from "kubernetes-types/core/v1";
import { SchedulerCache } from "./cache.js";
import { NodeTree, getZoneKey } from "./node-tree.js";
import { mkNode, mkPod } from "./testdata/fixtures.js";

const zoned = (name: string, zone: string, region = "r"): Node =>
  mkNode(name, {
    labels: { "topology.kubernetes.io/zone": zone, "topology.kubernetes.io/region": region },
  });
const names = (c: SchedulerCache): string[] => c.nodeInfoList().map((n) => n.name);

describe("NodeTree (upstream node_tree_test.go)", () => {
  it("zone keys join region and zone; nodes without either share the empty zone", () => {
    expect(getZoneKey(zoned("a", "z1", "r1"))).toBe("r1:\x00:z1");
    expect(getZoneKey(mkNode("b"))).toBe("");
    expect(
      getZoneKey(mkNode("c", { labels: { "failure-domain.beta.kubernetes.io/zone": "old" } })),
    ).toBe(":\x00:old");
  });

  it("lists round robin over zones, zones in the order they appeared", () => {
    const t = new NodeTree();
    for (const [n, z] of [
      ["node-1", "zone-1"],
      ["node-2", "zone-2"],
      ["node-3", "zone-3"],
      ["node-4", "zone-1"],
      ["node-5", "zone-1"],
      ["node-6", "zone-2"],
    ] as const)
      t.addNode(zoned(n, z));
    expect(t.list()).toEqual(["node-1", "node-2", "node-3", "node-4", "node-6", "node-5"]);
  });

  it("adding twice counts once; removing keeps the others' order; a zone change moves the node", () => {
    const t = new NodeTree();
    t.addNode(zoned("a", "z1"));
    t.addNode(zoned("a", "z1"));
    t.addNode(zoned("b", "z1"));
    t.addNode(zoned("c", "z1"));
    expect(t.numNodes).toBe(3);
    expect(t.removeNode(zoned("b", "z1"))).toBe(true);
    expect(t.removeNode(zoned("b", "z1"))).toBe(false);
    expect(t.list()).toEqual(["a", "c"]);
    t.updateNode(zoned("a", "z1"), zoned("a", "z2"));
    expect(t.list()).toEqual(["c", "a"]);
  });
});

describe("SchedulerCache", () => {
  it("an assumed pod counts on its node at once; the informer's add confirms it without counting twice", () => {
    const c = new SchedulerCache();
    c.addNode(mkNode("n", { cpu: "1" }));
    const pod = mkPod("p", { requests: { cpu: "600m" }, node: "n" });
    c.assumePod(pod);
    expect(c.isAssumedPod(pod)).toBe(true);
    expect(c.nodeInfo("n")!.requested.milliCPU).toBe(600);
    c.finishBinding(pod);
    c.addPod({ ...pod, metadata: { ...pod.metadata, resourceVersion: "7" } });
    expect(c.isAssumedPod(pod)).toBe(false);
    expect(c.nodeInfo("n")!.requested.milliCPU).toBe(600);
    expect(c.nodeInfo("n")!.pods).toHaveLength(1);
    expect(c.getPod(pod)?.metadata?.resourceVersion).toBe("7");
  });

  it("a forgotten assumption frees the node", () => {
    const c = new SchedulerCache();
    c.addNode(mkNode("n", { cpu: "1" }));
    const pod = mkPod("p", { requests: { cpu: "600m" }, node: "n" });
    c.assumePod(pod);
    c.forgetPod(pod);
    expect(c.nodeInfo("n")!.requested.milliCPU).toBe(0);
    expect(c.podCount).toBe(0);
    expect(() => c.assumePod(pod)).not.toThrow();
    expect(() => c.assumePod(pod)).toThrow(/can't be assumed/);
  });

  it("a pod confirmed on another node than assumed moves there", () => {
    const c = new SchedulerCache();
    c.addNode(mkNode("a"));
    c.addNode(mkNode("b"));
    c.assumePod(mkPod("p", { requests: { cpu: "1" }, node: "a" }));
    c.addPod(mkPod("p", { requests: { cpu: "1" }, node: "b" }));
    expect(c.nodeInfo("a")!.requested.milliCPU).toBe(0);
    expect(c.nodeInfo("b")!.requested.milliCPU).toBe(1000);
  });

  it("updates and removals use the cached version of the pod", () => {
    const c = new SchedulerCache();
    c.addNode(mkNode("n"));
    const v1 = mkPod("p", { requests: { cpu: "1" }, node: "n" });
    c.addPod(v1);
    c.updatePod(mkPod("p", { node: "n" }), mkPod("p", { requests: { cpu: "2" }, node: "n" }));
    expect(c.nodeInfo("n")!.requested.milliCPU).toBe(2000);
    c.removePod(mkPod("p", { node: "n" }));
    expect(c.nodeInfo("n")!.requested.milliCPU).toBe(0);
    expect(c.podCount).toBe(0);
  });

  it("pods of an unknown node wait on a ghost entry, count when the node arrives, and ghosts are never listed", () => {
    const c = new SchedulerCache();
    c.addPod(mkPod("p", { requests: { cpu: "1" }, node: "late" }));
    expect(names(c)).toEqual([]);
    c.addNode(mkNode("late", { cpu: "4" }));
    expect(names(c)).toEqual(["late"]);
    expect(c.nodeInfo("late")!.requested.milliCPU).toBe(1000);
    c.removeNode(mkNode("late"));
    expect(names(c)).toEqual([]);
    expect(c.nodeInfo("late")!.pods).toHaveLength(1);
    c.removePod(mkPod("p", { node: "late" }));
    expect(c.nodeInfo("late")).toBeUndefined();
  });

  it("a node update re-reads allocatable and taints and keeps the pods", () => {
    const c = new SchedulerCache();
    const n1 = mkNode("n", { cpu: "1", ready: "False" });
    c.addNode(n1);
    c.addPod(mkPod("p", { requests: { cpu: "500m" }, node: "n" }));
    expect(c.nodeInfo("n")!.taints.map((t) => t.key)).toEqual(["node.kubernetes.io/not-ready"]);
    c.updateNode(n1, mkNode("n", { cpu: "2", ready: "True" }));
    const info = c.nodeInfo("n")!;
    expect(info.allocatable.milliCPU).toBe(2000);
    expect(info.taints).toEqual([]);
    expect(info.requested.milliCPU).toBe(500);
  });

  it("lists nodes in node-tree order", () => {
    const c = new SchedulerCache();
    c.addNode(zoned("a1", "a"));
    c.addNode(zoned("a2", "a"));
    c.addNode(zoned("b1", "b"));
    expect(names(c)).toEqual(["a1", "b1", "a2"]);
  });

  it("property: any sequence of assume/confirm/forget/remove leaves each node's requests equal to the sum of its cached pods", () => {
    const op = fc.record({
      kind: fc.constantFrom("assume", "confirm", "forget", "remove"),
      pod: fc.nat(7),
      node: fc.constantFrom("a", "b"),
      cpu: fc.integer({ min: 1, max: 900 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const c = new SchedulerCache();
        c.addNode(mkNode("a"));
        c.addNode(mkNode("b"));
        for (const o of ops) {
          const pod = mkPod(`p${o.pod}`, { requests: { cpu: `${o.cpu}m` }, node: o.node });
          const cached = c.getPod(pod);
          if (o.kind === "assume" && cached === undefined) c.assumePod(pod);
          else if (o.kind === "confirm" && cached !== undefined && c.isAssumedPod(pod))
            c.addPod(pod);
          else if (o.kind === "forget" && c.isAssumedPod(pod)) c.forgetPod(pod);
          else if (o.kind === "remove" && cached !== undefined && !c.isAssumedPod(pod))
            c.removePod(pod);
        }
        for (const name of ["a", "b"]) {
          const info = c.nodeInfo(name)!;
          const sum = info.pods.reduce(
            (s, p) => s + Number.parseInt(p.spec!.containers[0]!.resources!.requests!["cpu"]!, 10),
            0,
          );
          expect(info.requested.milliCPU).toBe(sum);
          for (const p of info.pods) expect(c.getPod(p)).toBe(p);
        }
      }),
      { numRuns: 100 },
    );
  });
});
