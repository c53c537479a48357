/**
 * Score plugin cases: least_allocated_test.go and balanced_allocation_test.go
 * ("differently sized machines"), taint_toleration_test.go
 * (TestTaintTolerationScore), plus worked examples of the spreading formula.
 */
import { describe, expect, it } from "vitest";
import type { Pod, Taint, Toleration } from "kubernetes-types/core/v1";
import { NodeInfo } from "./node-info.js";
import {
  balancedAllocationScore,
  balancedResourceScore,
  defaultNormalizeScore,
  leastAllocatedScore,
  leastRequestedScore,
  nodeAffinityScores,
  podTopologySpreadScores,
  scoreNodes,
  taintTolerationScores,
} from "./score.js";
import { ctr, mkNode, mkPod } from "./testdata/fixtures.js";

/** Upstream's cpuAndMemory spec: 1000m/2000 + 2000m/3000 = 3000m cpu, 5000 bytes. */
const cpuAndMemory = (name = "p"): Pod =>
  mkPod(name, {
    containers: [
      ctr("c1", { cpu: "1000m", memory: "2000" }),
      ctr("c2", { cpu: "2000m", memory: "3000" }),
    ],
  });
const node = (name: string, cpuMilli: number, memory: number): NodeInfo =>
  new NodeInfo(mkNode(name, { cpu: `${cpuMilli}m`, memory: `${memory}` }));

describe("NodeResourcesFit LeastAllocated", () => {
  it("differently sized machines: 37 and 50", () => {
    // node1: cpu (4000-3000)*100/4000 = 25, memory (10000-5000)*100/10000 = 50 -> 37
    // node2: cpu (6000-3000)*100/6000 = 50, memory 50 -> 50
    expect(leastAllocatedScore(cpuAndMemory(), node("node1", 4000, 10000))).toBe(37);
    expect(leastAllocatedScore(cpuAndMemory(), node("node2", 6000, 10000))).toBe(50);
  });
  it("nothing scheduled, nothing requested (a pod without containers): 100", () => {
    const empty = mkPod("e", { containers: [] });
    expect(leastAllocatedScore(empty, node("n", 4000, 10000))).toBe(100);
  });
  it("counts 100m / 200Mi for containers that request nothing", () => {
    // cpu (4000-100)*100/4000 = 97; memory 200Mi > 10000 bytes -> 0; (97+0)/2 = 48
    expect(leastAllocatedScore(mkPod("p"), node("n", 4000, 10000))).toBe(48);
  });
  it("leastRequestedScore is 0 when over capacity or without capacity", () => {
    expect(leastRequestedScore(5, 4)).toBe(0);
    expect(leastRequestedScore(0, 0)).toBe(0);
    expect(leastRequestedScore(1, 3)).toBe(66);
  });
});

describe("NodeResourcesBalancedAllocation", () => {
  it("nothing scheduled, resources requested, differently sized machines: 87 and 100", () => {
    // node1: cpu 3000/4000 = .75, memory 5000/10000 = .5, std .125 -> 87
    expect(balancedAllocationScore(cpuAndMemory(), node("node1", 4000, 10000))).toBe(87);
    expect(balancedAllocationScore(cpuAndMemory(), node("node2", 6000, 10000))).toBe(100);
  });
  it("skips best-effort pods (kubernetes#129138)", () => {
    expect(balancedAllocationScore(mkPod("p"), node("n", 4000, 10000))).toBeUndefined();
  });
  it("caps fractions at 1 and uses the population std beyond two resources", () => {
    expect(balancedResourceScore([8000, 5000], [4000, 10000])).toBe(75);
    expect(balancedResourceScore([1, 1, 0], [1, 1, 1])).toBe(52);
  });
});

describe("TaintToleration score (TestTaintTolerationScore)", () => {
  const pns = (key: string, value: string): Taint => ({ key, value, effect: "PreferNoSchedule" });
  const score = (tolerations: Toleration[], taints: Taint[][]): number[] =>
    taintTolerationScores(
      mkPod("p", { tolerations }),
      taints.map((t, i) => new NodeInfo(mkNode(`n${i}`, { taints: t }))),
    );
  it("node with taints tolerated by the pod, gets a higher score than those node with intolerable taints", () => {
    expect(
      score(
        [{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }],
        [[pns("foo", "bar")], [pns("foo", "blah")]],
      ),
    ).toEqual([100, 0]);
  });
  it("the more intolerable taints a node has, the lower score it gets", () => {
    expect(
      score(
        [{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }],
        [[], [pns("cpu-type", "arm64")], [pns("cpu-type", "arm64"), pns("disk-type", "ssd")]],
      ),
    ).toEqual([100, 50, 0]);
  });
  it("only taints and tolerations that have effect PreferNoSchedule are checked by prioritizeTaintsFn", () => {
    const tolerations: Toleration[] = [
      { key: "cpu-type", operator: "Equal", value: "arm64", effect: "NoSchedule" },
      { key: "disk-type", operator: "Equal", value: "ssd", effect: "NoSchedule" },
    ];
    expect(
      score(tolerations, [
        [],
        [{ key: "cpu-type", value: "arm64", effect: "NoSchedule" }],
        [pns("cpu-type", "arm64"), pns("disk-type", "ssd")],
      ]),
    ).toEqual([100, 100, 0]);
  });
  it("Default behaviour No taints and tolerations, lands on node with no taints", () => {
    expect(score([], [[], [pns("cpu-type", "arm64")]])).toEqual([100, 0]);
  });
});

describe("NodeAffinity score and DefaultNormalizeScore", () => {
  it("sums matching preferred weights, normalised to the best node", () => {
    const pod = mkPod("p", {
      affinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 2,
            preference: { matchExpressions: [{ key: "foo", operator: "In", values: ["bar"] }] },
          },
          {
            weight: 4,
            preference: { matchExpressions: [{ key: "key", operator: "In", values: ["value"] }] },
          },
          { weight: 0, preference: { matchExpressions: [{ key: "foo", operator: "Exists" }] } },
        ],
      },
    });
    const nodes = [{ foo: "bar" }, { key: "value" }, { foo: "bar", key: "value" }, {}].map(
      (labels, i) => new NodeInfo(mkNode(`n${i}`, { labels })),
    );
    expect(nodeAffinityScores(pod, nodes)).toEqual([33, 66, 100, 0]);
    expect(nodeAffinityScores(mkPod("q"), nodes)).toBeUndefined();
  });
  it("normalises with integer division, reversed or not", () => {
    expect(defaultNormalizeScore([1, 2, 3], false)).toEqual([33, 66, 100]);
    expect(defaultNormalizeScore([1, 2, 3], true)).toEqual([67, 34, 0]);
    expect(defaultNormalizeScore([0, 0], true)).toEqual([100, 100]);
  });
});

describe("PodTopologySpread with system default constraints", () => {
  const owned = (name: string, nodeName: string, extra: Parameters<typeof mkPod>[1] = {}): Pod =>
    mkPod(name, { owner: "rs-1", node: nodeName, ...extra });
  const infos = (labels: Array<Record<string, string>>, hostname = true): NodeInfo[] =>
    labels.map((l, i) => new NodeInfo(mkNode(`n${i + 1}`, { labels: l, hostnameLabel: hostname })));

  it("prefers nodes with fewer pods of the same owner (worked example)", () => {
    const nodes = infos([{}, {}, {}]);
    nodes[0]!.addPod(owned("a", "n1"));
    nodes[0]!.addPod(owned("b", "n1"));
    nodes[1]!.addPod(owned("c", "n2"));
    nodes[1]!.addPod(mkPod("other", { owner: "rs-2", node: "n2" }));
    nodes[2]!.addPod(owned("gone", "n3", { deleting: true })); // terminating: not counted
    // weight ln(3 + 2) = 1.609: raw n1 2*1.609+2 = 5, n2 1.609+2 = 4, n3 2.
    // normalised 100*(max+min-s)/max: n1 40, n2 60, n3 100.
    expect(podTopologySpreadScores(mkPod("new", { owner: "rs-1" }), nodes, nodes)).toEqual([
      40, 60, 100,
    ]);
  });

  it("spreads across zones too", () => {
    const nodes = infos([
      { "topology.kubernetes.io/zone": "a" },
      { "topology.kubernetes.io/zone": "a" },
      { "topology.kubernetes.io/zone": "b" },
    ]);
    nodes[0]!.addPod(owned("x", "n1"));
    // hostname weight ln(5) = 1.609, zone weight ln(2 + 2) = 1.386 (zones a, b).
    // n1: 1*1.609 + 2 + 1*1.386 + 4 = 8.996 -> 9; n2: 0 + 2 + 1.386 + 4 = 7.386 -> 7; n3: 2 + 0 + 4 = 6.
    // normalised: n1 100*(9+6-9)/9 = 66, n2 100*8/9 = 88, n3 100.
    expect(podTopologySpreadScores(mkPod("new", { owner: "rs-1" }), nodes, nodes)).toEqual([
      66, 88, 100,
    ]);
  });

  it("gives every node 100 when nodes lack the hostname label (as upstream)", () => {
    const nodes = infos([{}, {}], false);
    nodes[0]!.addPod(owned("a", "n1"));
    expect(podTopologySpreadScores(mkPod("new", { owner: "rs-1" }), nodes, nodes)).toEqual([
      100, 100,
    ]);
  });

  it("skips pods without an owner", () => {
    const nodes = infos([{}]);
    expect(podTopologySpreadScores(mkPod("lonely"), nodes, nodes)).toBeUndefined();
  });
});

describe("scoreNodes", () => {
  it("sums weighted plugin scores", () => {
    const nodes = [node("node1", 4000, 10000), node("node2", 6000, 10000)];
    const [a, b] = scoreNodes(cpuAndMemory(), nodes, nodes);
    // TaintToleration 100*3, NodeResourcesFit 37|50, Balanced 87|100.
    expect(a).toEqual({
      nodeName: "node1",
      total: 300 + 37 + 87,
      plugins: { TaintToleration: 100, NodeResourcesFit: 37, NodeResourcesBalancedAllocation: 87 },
    });
    expect(b?.total).toBe(300 + 50 + 100);
  });
});
