import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Pod } from "kubernetes-types/core/v1";
import { NodeInfo } from "./node-info.js";
import { mkNode, mkPod } from "./testdata/fixtures.js";

describe("NodeInfo.ownedCount", () => {
  it("property: the node's non-terminating pods of each owner, whatever the order of adds, removes and questions", () => {
    const step = fc.oneof(
      fc.record({
        op: fc.constant("add" as const),
        owner: fc.constantFrom("a", "b", "c"),
        deleting: fc.boolean(),
      }),
      fc.record({ op: fc.constant("remove" as const), index: fc.nat(20) }),
      fc.record({ op: fc.constant("ask" as const), owner: fc.constantFrom("a", "b", "c", "z") }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const info = new NodeInfo(mkNode("n1", { cpu: "4" }));
        const pods: Pod[] = [];
        let next = 0;
        for (const s of steps) {
          if (s.op === "add") {
            const p = mkPod(`p${next++}`, { node: "n1", owner: s.owner, deleting: s.deleting });
            info.addPod(p);
            pods.push(p);
          } else if (s.op === "remove") {
            const p = pods[s.index];
            if (p === undefined) continue;
            info.removePod(p);
            pods.splice(s.index, 1);
          } else {
            const expected = pods.filter(
              (p) =>
                p.metadata?.ownerReferences?.[0]?.uid === s.owner &&
                p.metadata.deletionTimestamp === undefined,
            ).length;
            expect(info.ownedCount(s.owner)).toBe(expected);
            expect(info.clone().ownedCount(s.owner)).toBe(expected);
          }
        }
      }),
    );
  });
});
