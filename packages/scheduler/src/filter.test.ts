/**
 * Filter plugin cases, mostly from upstream's tables: fit_test.go
 * (TestEnoughRequests, TestNotEnoughRequests), node_unschedulable_test.go,
 * taint_toleration_test.go (TestTaintTolerationFilter),
 * node_affinity_test.go (TestNodeAffinity) and node_ports_test.go (TestNodePorts).
 */
import { describe, expect, it } from "vitest";
import type {
  ContainerPort,
  Node,
  NodeAffinity,
  Pod,
  Taint,
  Toleration,
} from "kubernetes-types/core/v1";
import {
  ErrReasonNodeAffinity,
  ErrReasonNodePorts,
  ErrReasonUnschedulable,
  ErrReasonUntoleratedTaint,
  filterNodeAffinity,
  filterNodeName,
  filterNodePorts,
  filterNodeResourcesFit,
  filterNodeUnschedulable,
  filterTaintToleration,
  preFilter,
  runFilterPlugins,
} from "./filter.js";
import { preFilterNodeNames } from "./node-affinity.js";
import { NodeInfo } from "./node-info.js";
import type { Status } from "./status.js";
import { ctr, mkNode, mkPod } from "./testdata/fixtures.js";

const infoWith = (node: Node, ...pods: Pod[]): NodeInfo => {
  const n = new NodeInfo(node);
  for (const p of pods) n.addPod(p);
  return n;
};
const reasons = (s: Status | undefined): readonly string[] => s?.reasons ?? [];

describe("NodeResourcesFit (TestEnoughRequests)", () => {
  // Upstream's node: 10m cpu, 20 bytes memory, 32 pods, 5 example.com/aaa.
  const node = mkNode("machine", {
    cpu: "10m",
    memory: "20",
    pods: "32",
    extra: { "example.com/aaa": "5" },
  });
  const resPod = (cpu: number, mem: number, name = "p"): Pod =>
    mkPod(name, { requests: { cpu: `${cpu}m`, memory: `${mem}` } });
  const used = (cpu: number, mem: number): NodeInfo =>
    infoWith(node, {
      ...resPod(cpu, mem, "existing"),
      spec: { ...resPod(cpu, mem).spec!, nodeName: "machine" },
    });
  const initPod = (main: [number, number], ...inits: Array<[number, number]>): Pod =>
    mkPod("p", {
      containers: [ctr("c", { cpu: `${main[0]}m`, memory: `${main[1]}` })],
      initContainers: inits.map(([c, m], i) => ctr(`i${i}`, { cpu: `${c}m`, memory: `${m}` })),
    });
  const cases: Array<[string, Pod, NodeInfo, string[]]> = [
    ["no resources requested always fits", mkPod("p"), used(10, 20), []],
    [
      "too many resources fails",
      resPod(1, 1),
      used(10, 20),
      ["Insufficient cpu", "Insufficient memory"],
    ],
    [
      "too many resources fails due to init container cpu",
      initPod([1, 1], [3, 1]),
      used(8, 19),
      ["Insufficient cpu"],
    ],
    [
      "too many resources fails due to highest init container cpu",
      initPod([1, 1], [3, 1], [2, 1]),
      used(8, 19),
      ["Insufficient cpu"],
    ],
    [
      "too many resources fails due to init container memory",
      initPod([1, 1], [1, 3]),
      used(9, 19),
      ["Insufficient memory"],
    ],
    [
      "init container fits because it's the max, not sum, of containers and init containers",
      initPod([1, 1], [1, 1]),
      used(9, 19),
      [],
    ],
    ["both resources fit", resPod(1, 1), used(5, 5), []],
    ["one resource memory fits", resPod(2, 1), used(9, 5), ["Insufficient cpu"]],
    ["one resource cpu fits", resPod(1, 2), used(5, 19), ["Insufficient memory"]],
    ["equal edge case", resPod(5, 1), used(5, 19), []],
    ["equal edge case for init container", initPod([4, 1], [5, 1]), used(5, 19), []],
  ];
  for (const [name, pod, info, want] of cases) {
    it(name, () => {
      const s = filterNodeResourcesFit(preFilter(pod), info);
      expect(reasons(s)).toEqual(want);
      if (want.length > 0) expect(s?.code).toBe("Unschedulable");
    });
  }

  it("extended resources: fits within allocatable, fails beyond what is left", () => {
    const gpu = (n: string): Pod => mkPod("g", { requests: { "example.com/aaa": n } });
    expect(filterNodeResourcesFit(preFilter(gpu("5")), used(0, 0))).toBeUndefined();
    const busy = infoWith(
      node,
      mkPod("x", { node: "machine", requests: { "example.com/aaa": "3" } }),
    );
    expect(reasons(filterNodeResourcesFit(preFilter(gpu("3")), busy))).toEqual([
      "Insufficient example.com/aaa",
    ]);
    expect(
      reasons(
        filterNodeResourcesFit(
          preFilter(mkPod("u", { requests: { "example.com/unknown": "1" } })),
          busy,
        ),
      ),
    ).toEqual(["Insufficient example.com/unknown"]);
  });

  it("is unresolvable when the request exceeds the whole node", () => {
    expect(filterNodeResourcesFit(preFilter(resPod(11, 1)), used(0, 0))?.code).toBe(
      "UnschedulableAndUnresolvable",
    );
  });

  it("Too many pods (TestNotEnoughRequests), even for a pod requesting nothing", () => {
    const one = mkNode("m", { cpu: "10m", memory: "20", pods: "1" });
    const full = infoWith(one, mkPod("x", { node: "m" }));
    expect(reasons(filterNodeResourcesFit(preFilter(mkPod("p")), full))).toEqual(["Too many pods"]);
    expect(reasons(filterNodeResourcesFit(preFilter(resPod(1, 1)), full))).toEqual([
      "Too many pods",
    ]);
  });
});

describe("NodeUnschedulable", () => {
  const cordoned = new NodeInfo(mkNode("n", { unschedulable: true }));
  it("rejects a cordoned node", () => {
    const s = filterNodeUnschedulable(preFilter(mkPod("p")), cordoned);
    expect(s).toEqual({
      code: "UnschedulableAndUnresolvable",
      reasons: [ErrReasonUnschedulable],
      plugin: "NodeUnschedulable",
    });
  });
  it("admits a pod tolerating node.kubernetes.io/unschedulable:NoSchedule", () => {
    const tolerations: Toleration[] = [
      { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
    ];
    expect(runFilterPlugins(preFilter(mkPod("p", { tolerations })), cordoned)).toBeUndefined();
  });
  it("accepts a schedulable node", () => {
    expect(
      filterNodeUnschedulable(preFilter(mkPod("p")), new NodeInfo(mkNode("n"))),
    ).toBeUndefined();
  });
});

describe("NodeName", () => {
  it("rejects other nodes when spec.nodeName is set", () => {
    const pod = mkPod("p", { node: "a" });
    expect(filterNodeName(preFilter(pod), new NodeInfo(mkNode("a")))).toBeUndefined();
    expect(reasons(filterNodeName(preFilter(pod), new NodeInfo(mkNode("b"))))).toEqual([
      "node(s) didn't match the requested node name",
    ]);
  });
});

describe("TaintToleration (TestTaintTolerationFilter)", () => {
  const t = (key: string, value: string, effect: string): Taint => ({ key, value, effect });
  const tol = (key: string, operator: string, value: string, effect: string): Toleration => ({
    key,
    operator,
    value,
    effect,
  });
  const cases: Array<[string, Toleration[], Taint[], boolean]> = [
    [
      "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
      [],
      [t("dedicated", "user1", "NoSchedule")],
      false,
    ],
    [
      "A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule",
      [tol("dedicated", "Equal", "user1", "NoSchedule")],
      [t("dedicated", "user1", "NoSchedule")],
      true,
    ],
    [
      "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
      [tol("dedicated", "Equal", "user2", "NoSchedule")],
      [t("dedicated", "user1", "NoSchedule")],
      false,
    ],
    [
      "A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node",
      [tol("foo", "Exists", "", "NoSchedule")],
      [t("foo", "bar", "NoSchedule")],
      true,
    ],
    [
      "A pod has multiple tolerations, node has multiple taints, all the taints are tolerated",
      [tol("dedicated", "Equal", "user2", "NoSchedule"), tol("foo", "Exists", "", "NoSchedule")],
      [t("dedicated", "user2", "NoSchedule"), t("foo", "bar", "NoSchedule")],
      true,
    ],
    [
      "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
      [tol("foo", "Equal", "bar", "PreferNoSchedule")],
      [t("foo", "bar", "NoSchedule")],
      false,
    ],
    [
      "The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node",
      [{ key: "foo", operator: "Equal", value: "bar" }],
      [t("foo", "bar", "NoSchedule")],
      true,
    ],
    [
      "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
      [tol("dedicated", "Equal", "user2", "NoSchedule")],
      [t("dedicated", "user1", "PreferNoSchedule")],
      true,
    ],
    [
      "The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
      [],
      [t("dedicated", "user1", "PreferNoSchedule")],
      true,
    ],
    [
      "A NoExecute taint rejects a pod that does not tolerate it",
      [],
      [t("k", "v", "NoExecute")],
      false,
    ],
    [
      "An empty-key Exists toleration tolerates every taint",
      [{ operator: "Exists" }],
      [t("a", "b", "NoSchedule"), t("c", "", "NoExecute")],
      true,
    ],
  ];
  for (const [name, tolerations, taints, fits] of cases) {
    it(name, () => {
      const s = filterTaintToleration(
        preFilter(mkPod("p", { tolerations })),
        new NodeInfo(mkNode("n", { taints })),
      );
      expect(s === undefined).toBe(fits);
      if (!fits)
        expect(s).toEqual({
          code: "UnschedulableAndUnresolvable",
          reasons: [ErrReasonUntoleratedTaint],
          plugin: "TaintToleration",
        });
    });
  }

  it("sees a NotReady node as tainted node.kubernetes.io/not-ready:NoSchedule", () => {
    const notReady = mkNode("n", { ready: "False" });
    expect(reasons(filterTaintToleration(preFilter(mkPod("p")), new NodeInfo(notReady)))).toEqual([
      ErrReasonUntoleratedTaint,
    ]);
    const tolerant = mkPod("p", {
      tolerations: [
        { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" },
      ],
    });
    expect(filterTaintToleration(preFilter(tolerant), new NodeInfo(notReady))).toBeUndefined();
    expect(
      filterTaintToleration(
        preFilter(mkPod("p")),
        new NodeInfo(notReady, { conditionTaints: false }),
      ),
    ).toBeUndefined();
    const unreachable = new NodeInfo(mkNode("u", { ready: "Unknown" }));
    expect(unreachable.taints).toEqual([
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule" },
    ]);
    expect(new NodeInfo(mkNode("r", { ready: "True" })).taints).toEqual([]);
  });
});

describe("NodeAffinity (TestNodeAffinity)", () => {
  const req = (
    ...terms: NonNullable<
      NodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"]
    >["nodeSelectorTerms"]
  ): NodeAffinity => ({
    requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
  });
  const expr = (key: string, operator: string, ...values: string[]) => ({ key, operator, values });
  const name = (operator: string, ...values: string[]) => ({
    key: "metadata.name",
    operator,
    values,
  });
  const node = (nodeName: string, labels: Record<string, string>): NodeInfo =>
    new NodeInfo(mkNode(nodeName, { labels, hostnameLabel: false }));
  const cases: Array<[string, Parameters<typeof mkPod>[1], NodeInfo, boolean]> = [
    ["missing labels", { nodeSelector: { foo: "bar" } }, node("n", {}), false],
    ["same labels", { nodeSelector: { foo: "bar" } }, node("n", { foo: "bar" }), true],
    [
      "node labels are superset",
      { nodeSelector: { foo: "bar" } },
      node("n", { foo: "bar", baz: "blah" }),
      true,
    ],
    [
      "node labels are subset",
      { nodeSelector: { foo: "bar", baz: "blah" } },
      node("n", { foo: "bar" }),
      false,
    ],
    [
      "Pod with matchExpressions using In operator that matches the existing node",
      { affinity: req({ matchExpressions: [expr("foo", "In", "bar", "value2")] }) },
      node("n", { foo: "bar" }),
      true,
    ],
    [
      "Pod with matchExpressions using Gt operator that matches the existing node",
      { affinity: req({ matchExpressions: [expr("kernel-version", "Gt", "0204")] }) },
      node("n", { "kernel-version": "0206" }),
      true,
    ],
    [
      "Pod with matchExpressions using NotIn operator that matches the existing node",
      { affinity: req({ matchExpressions: [expr("mem-type", "NotIn", "DDR", "DDR2")] }) },
      node("n", { "mem-type": "DDR3" }),
      true,
    ],
    [
      "Pod with matchExpressions using Exists operator that matches the existing node",
      { affinity: req({ matchExpressions: [expr("GPU", "Exists")] }) },
      node("n", { GPU: "NVIDIA-GRID-K1" }),
      true,
    ],
    [
      "Pod with affinity that don't match node's labels won't schedule onto the node",
      { affinity: req({ matchExpressions: [expr("foo", "In", "value1", "value2")] }) },
      node("n", { foo: "bar" }),
      false,
    ],
    [
      "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
      { affinity: req({ matchExpressions: [] }) },
      node("n", { foo: "bar" }),
      false,
    ],
    ["Pod with no Affinity will schedule onto a node", {}, node("n", { foo: "bar" }), true],
    [
      "Pod with Affinity but nil NodeSelector will schedule onto a node",
      { affinity: {} },
      node("n", { foo: "bar" }),
      true,
    ],
    [
      "Pod with multiple matchExpressions ANDed that matches the existing node",
      {
        affinity: req({
          matchExpressions: [expr("GPU", "Exists"), expr("GPU", "NotIn", "AMD", "INTER")],
        }),
      },
      node("n", { GPU: "NVIDIA-GRID-K1" }),
      true,
    ],
    [
      "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      {
        affinity: req({
          matchExpressions: [expr("GPU", "Exists"), expr("GPU", "In", "AMD", "INTER")],
        }),
      },
      node("n", { GPU: "NVIDIA-GRID-K1" }),
      false,
    ],
    [
      "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
      {
        affinity: req(
          { matchExpressions: [expr("foo", "In", "bar", "value2")] },
          { matchExpressions: [expr("diffkey", "In", "wrong", "value2")] },
        ),
      },
      node("n", { foo: "bar" }),
      true,
    ],
    [
      "Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node",
      {
        nodeSelector: { foo: "bar" },
        affinity: req({ matchExpressions: [expr("foo", "Exists")] }),
      },
      node("n", { foo: "bar" }),
      true,
    ],
    [
      "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
      {
        nodeSelector: { foo: "bar" },
        affinity: req({ matchExpressions: [expr("foo", "Exists")] }),
      },
      node("n", { foo: "barrrrrr" }),
      false,
    ],
    [
      "Pod with an invalid value in Affinity term won't be scheduled onto the node",
      { affinity: req({ matchExpressions: [expr("foo", "NotIn", "invalid value: ___@#$%^")] }) },
      node("n", { foo: "bar" }),
      false,
    ],
    [
      "Pod with matchFields using In operator that matches the existing node",
      { affinity: req({ matchFields: [name("In", "node1")] }) },
      node("node1", {}),
      true,
    ],
    [
      "Pod with matchFields using In operator that does not match the existing node",
      { affinity: req({ matchFields: [name("In", "node1")] }) },
      node("node2", {}),
      false,
    ],
    [
      "Pod with two terms: matchFields does not match, but matchExpressions matches",
      {
        affinity: req(
          { matchFields: [name("In", "node1")] },
          { matchExpressions: [expr("foo", "In", "bar")] },
        ),
      },
      node("node2", { foo: "bar" }),
      true,
    ],
    [
      "Pod with one term: matchFields does not match, but matchExpressions matches",
      {
        affinity: req({
          matchFields: [name("In", "node1")],
          matchExpressions: [expr("foo", "In", "bar")],
        }),
      },
      node("node2", { foo: "bar" }),
      false,
    ],
    [
      "Pod with one term: both matchFields and matchExpressions match",
      {
        affinity: req({
          matchFields: [name("In", "node1")],
          matchExpressions: [expr("foo", "In", "bar")],
        }),
      },
      node("node1", { foo: "bar" }),
      true,
    ],
    [
      "Pod with two terms: both matchFields and matchExpressions do not match",
      {
        affinity: req(
          { matchFields: [name("In", "node1")] },
          { matchExpressions: [expr("foo", "In", "not-match-to-bar")] },
        ),
      },
      node("node2", { foo: "bar" }),
      false,
    ],
    [
      "Lt compares integers",
      { affinity: req({ matchExpressions: [expr("n", "Lt", "10")] }) },
      node("n", { n: "9" }),
      true,
    ],
    [
      "Gt needs an integer label",
      { affinity: req({ matchExpressions: [expr("n", "Gt", "1")] }) },
      node("n", { n: "x" }),
      false,
    ],
    [
      "DoesNotExist accepts a node without the label",
      { affinity: req({ matchExpressions: [expr("gpu", "DoesNotExist")] }) },
      node("n", {}),
      true,
    ],
  ];
  for (const [title, opts, info, fits] of cases) {
    it(title, () => {
      const s = filterNodeAffinity(preFilter(mkPod("p", opts)), info);
      expect(s === undefined).toBe(fits);
      if (!fits) expect(s?.reasons).toEqual([ErrReasonNodeAffinity]);
    });
  }

  it("PreFilter: node names from matchFields (union over terms, intersection within)", () => {
    const pod = (aff: NodeAffinity): Pod => mkPod("p", { affinity: aff });
    expect(
      preFilterNodeNames(
        pod(req({ matchFields: [name("In", "node1")] }, { matchFields: [name("In", "node2")] })),
      ),
    ).toEqual(new Set(["node1", "node2"]));
    expect(
      preFilterNodeNames(pod(req({ matchFields: [name("In", "node1"), name("In", "node2")] }))),
    ).toEqual(new Set());
    expect(
      preFilterNodeNames(
        pod(
          req(
            { matchFields: [name("In", "node1")] },
            { matchExpressions: [expr("foo", "Exists")] },
          ),
        ),
      ),
    ).toBeUndefined();
    expect(preFilterNodeNames(mkPod("p"))).toBeUndefined();
  });
});

describe("NodePorts (TestNodePorts)", () => {
  const port = (protocol: string, hostIP: string, hostPort: number): ContainerPort => ({
    containerPort: hostPort,
    protocol,
    hostIP,
    hostPort,
  });
  const withPorts = (name: string, ports: ContainerPort[], node?: string): Pod =>
    mkPod(name, { ports, ...(node !== undefined ? { node } : {}) });
  const cases: Array<[string, ContainerPort[], ContainerPort[], boolean]> = [
    ["nothing running", [], [], true],
    ["other port", [port("UDP", "127.0.0.1", 8080)], [port("UDP", "127.0.0.1", 9090)], true],
    ["same udp port", [port("UDP", "127.0.0.1", 8080)], [port("UDP", "127.0.0.1", 8080)], false],
    ["same tcp port", [port("TCP", "127.0.0.1", 8080)], [port("TCP", "127.0.0.1", 8080)], false],
    ["different host ip", [port("TCP", "127.0.0.1", 8080)], [port("TCP", "127.0.0.2", 8080)], true],
    [
      "different protocol",
      [port("UDP", "127.0.0.1", 8080)],
      [port("TCP", "127.0.0.1", 8080)],
      true,
    ],
    [
      "second udp port conflict",
      [port("UDP", "127.0.0.1", 8000), port("UDP", "127.0.0.1", 8080)],
      [port("UDP", "127.0.0.1", 8080)],
      false,
    ],
    [
      "first tcp port conflict",
      [port("TCP", "127.0.0.1", 8001), port("UDP", "127.0.0.1", 8080)],
      [port("TCP", "127.0.0.1", 8001), port("UDP", "127.0.0.1", 8081)],
      false,
    ],
    [
      "first tcp port conflict due to 0.0.0.0 hostIP",
      [port("TCP", "0.0.0.0", 8001)],
      [port("TCP", "127.0.0.1", 8001)],
      false,
    ],
    [
      "TCP hostPort conflict due to 0.0.0.0 hostIP",
      [port("TCP", "10.0.10.10", 8001), port("TCP", "0.0.0.0", 8001)],
      [port("TCP", "127.0.0.1", 8001)],
      false,
    ],
    [
      "second tcp port conflict to 0.0.0.0 hostIP",
      [port("TCP", "127.0.0.1", 8001)],
      [port("TCP", "0.0.0.0", 8001)],
      false,
    ],
    [
      "second different protocol",
      [port("UDP", "127.0.0.1", 8001)],
      [port("TCP", "0.0.0.0", 8001)],
      true,
    ],
    [
      "UDP hostPort conflict due to 0.0.0.0 hostIP",
      [port("UDP", "127.0.0.1", 8001)],
      [port("TCP", "0.0.0.0", 8001), port("UDP", "0.0.0.0", 8001)],
      false,
    ],
    [
      "empty hostIP and protocol mean 0.0.0.0 and TCP",
      [{ containerPort: 80, hostPort: 80 }],
      [port("TCP", "10.1.1.1", 80)],
      false,
    ],
  ];
  for (const [name, wanted, existing, fits] of cases) {
    it(name, () => {
      const info = infoWith(mkNode("n"), withPorts("existing", existing, "n"));
      const s = filterNodePorts(preFilter(withPorts("p", wanted)), info);
      expect(s === undefined).toBe(fits);
      if (!fits)
        expect(s).toEqual({
          code: "Unschedulable",
          reasons: [ErrReasonNodePorts],
          plugin: "NodePorts",
        });
    });
  }

  it("frees the ports again when the pod leaves", () => {
    const existing = withPorts("existing", [port("TCP", "", 80)], "n");
    const info = infoWith(mkNode("n"), existing);
    expect(filterNodePorts(preFilter(withPorts("p", [port("TCP", "", 80)])), info)).toBeDefined();
    info.removePod(existing);
    expect(filterNodePorts(preFilter(withPorts("p", [port("TCP", "", 80)])), info)).toBeUndefined();
  });
});

describe("RunFilterPlugins order", () => {
  it("stops at the first rejection: a cordoned, tainted, full node reports only 'were unschedulable'", () => {
    const n = infoWith(
      mkNode("n", { cpu: "1", unschedulable: true, taints: [{ key: "a", effect: "NoSchedule" }] }),
      mkPod("x", { node: "n", requests: { cpu: "1" } }),
    );
    expect(runFilterPlugins(preFilter(mkPod("p", { requests: { cpu: "1" } })), n)?.reasons).toEqual(
      [ErrReasonUnschedulable],
    );
  });
});
