import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Node, Pod, Taint } from "kubernetes-types/core/v1";
import { preFilter, runFilterPlugins } from "./filter.js";
import { NodeInfo, buildNodeInfos } from "./node-info.js";
import { pickOneNodeForPreemption } from "./preemption.js";
import { nodeAllocatable, podRequests } from "./resources.js";
import type { ScheduleResult } from "./schedule.js";
import {
  numFeasibleNodesToFind,
  scheduleOnNodeInfos,
  schedulePod,
  selectHost,
} from "./schedule.js";
import { scoreNodes } from "./score.js";
import { mkNode, mkPod } from "./testdata/fixtures.js";

const cpuPod = (name: string, cpu: string, extra: Parameters<typeof mkPod>[1] = {}): Pod =>
  mkPod(name, { requests: { cpu }, ...extra });
const message = (r: ScheduleResult): string =>
  r.type === "unschedulable" ? r.message : `bound to ${r.nodeName}`;

describe("schedulePod: FailedScheduling messages worded as kube-scheduler", () => {
  const nodes = ["n1", "n2", "n3"].map((n) => mkNode(n, { cpu: "1", memory: "1Gi" }));

  it("3 Insufficient cpu, and no preemption victims among equal-priority pods", () => {
    const running = nodes.map((n, i) => cpuPod(`r${i}`, "800m", { node: n.metadata!.name! }));
    expect(message(schedulePod(cpuPod("p", "500m"), nodes, running))).toBe(
      "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
  });

  it("a request larger than any node: preemption is not helpful", () => {
    expect(message(schedulePod(cpuPod("p", "2"), nodes, []))).toBe(
      "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it("mixes reasons, sorted as strings", () => {
    const mixed = [
      mkNode("cp", {
        cpu: "4",
        taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
      }),
      mkNode("w1", { cpu: "1" }),
      mkNode("w2", { cpu: "1" }),
      mkNode("w3", { cpu: "4", unschedulable: true }),
    ];
    const running = [cpuPod("a", "1", { node: "w1" }), cpuPod("b", "1", { node: "w2" })];
    expect(message(schedulePod(cpuPod("p", "500m"), mixed, running))).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint(s), 1 node(s) were unschedulable, 2 Insufficient cpu. " +
        "preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });

  it("affinity, selector and ports", () => {
    const labelled = [
      mkNode("a", { labels: { disk: "hdd" } }),
      mkNode("b", { labels: { disk: "ssd" } }),
    ];
    const ported = [mkPod("web", { node: "b", ports: [{ containerPort: 80, hostPort: 80 }] })];
    const pod = mkPod("p", {
      nodeSelector: { disk: "ssd" },
      ports: [{ containerPort: 8080, hostPort: 80 }],
    });
    expect(message(schedulePod(pod, labelled, ported))).toBe(
      "0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 node(s) didn't match Pod's node affinity/selector. " +
        "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
  });

  it("a pod pinned to one full node (DaemonSet style): the other nodes didn't satisfy NodeAffinity's PreFilter", () => {
    const four = ["n1", "n2", "n3", "n4"].map((n) => mkNode(n, { cpu: "1" }));
    const pinned = cpuPod("ds", "500m", {
      affinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] },
          ],
        },
      },
    });
    expect(message(schedulePod(pinned, four, [cpuPod("x", "800m", { node: "n1" })]))).toBe(
      "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. " +
        "preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
    );
  });

  it("conflicting matchFields: the PreFilter message replaces the histogram", () => {
    const pod = mkPod("p", {
      affinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchFields: [
                { key: "metadata.name", operator: "In", values: ["n1"] },
                { key: "metadata.name", operator: "In", values: ["n2"] },
              ],
            },
          ],
        },
      },
    });
    expect(message(schedulePod(pod, nodes, []))).toBe(
      "0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it("a NotReady node and preemptionPolicy Never", () => {
    const r = schedulePod(
      mkPod("p", { preemptionPolicy: "Never" }),
      [mkNode("n", { ready: "False" })],
      [],
    );
    expect(message(r)).toBe(
      "0/1 nodes are available: 1 node(s) had untolerated taint(s). preemption: not eligible due to preemptionPolicy=Never.",
    );
  });

  it("no nodes at all", () => {
    expect(schedulePod(mkPod("p"), [], [])).toEqual({
      type: "unschedulable",
      reason: "Unschedulable",
      message: "no nodes available to schedule pods",
    });
  });
});

describe("schedulePod: placement", () => {
  it("binds to the only feasible node without scoring", () => {
    const r = schedulePod(
      cpuPod("p", "1"),
      [mkNode("small", { cpu: "500m" }), mkNode("big", { cpu: "2" })],
      [],
    );
    expect(r).toEqual({
      type: "bind",
      nodeName: "big",
      feasibleNodes: 1,
      scores: [],
      nextStartNodeIndex: 0,
    });
  });

  it("prefers the least allocated node, and spreads one owner's pods", () => {
    const nodes = ["a", "b", "c"].map((n) => mkNode(n, { cpu: "4", memory: "8Gi" }));
    const placed: Pod[] = [];
    for (let i = 0; i < 6; i++) {
      const pod = cpuPod(`web-${i}`, "500m", { owner: "rs-web" });
      const r = schedulePod(pod, nodes, placed);
      if (r.type !== "bind") throw new Error(r.message);
      placed.push({ ...pod, spec: { ...pod.spec!, nodeName: r.nodeName } });
    }
    expect(placed.map((p) => p.spec?.nodeName)).toEqual(["a", "b", "c", "a", "b", "c"]);
  });

  it("breaks ties by node name", () => {
    expect(
      selectHost([
        { nodeName: "b", total: 5, plugins: {} },
        { nodeName: "a", total: 5, plugins: {} },
        { nodeName: "c", total: 4, plugins: {} },
      ]),
    ).toBe("a");
  });

  it("ignores terminal pods and counts terminating ones", () => {
    const node = [mkNode("n", { cpu: "1" })];
    expect(
      schedulePod(cpuPod("p", "1"), node, [cpuPod("done", "1", { node: "n", phase: "Succeeded" })])
        .type,
    ).toBe("bind");
    expect(
      schedulePod(cpuPod("p", "1"), node, [cpuPod("leaving", "1", { node: "n", deleting: true })])
        .type,
    ).toBe("unschedulable");
  });
});

describe("large clusters (numFeasibleNodesToFind, nextStartNodeIndex)", () => {
  it("computes how many feasible nodes to look for", () => {
    expect(numFeasibleNodesToFind(0, 99)).toBe(99);
    expect(numFeasibleNodesToFind(0, 100)).toBe(100);
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(0, 6000)).toBe(300);
    expect(numFeasibleNodesToFind(10, 500)).toBe(100);
    expect(numFeasibleNodesToFind(100, 500)).toBe(500);
  });

  it("stops after enough feasible nodes and resumes there next time", () => {
    const nodes = Array.from({ length: 250 }, (_, i) =>
      mkNode(`n${String(i).padStart(3, "0")}`, { cpu: "1" }),
    );
    const infos = buildNodeInfos(nodes, []);
    const first = scheduleOnNodeInfos(cpuPod("a", "100m"), infos, { percentageOfNodesToScore: 40 });
    expect(first.type === "bind" && [first.feasibleNodes, first.nextStartNodeIndex]).toEqual([
      100, 100,
    ]);
    const second = scheduleOnNodeInfos(cpuPod("b", "100m"), infos, {
      percentageOfNodesToScore: 40,
      startNodeIndex: 200,
    });
    expect(second.type === "bind" && [second.feasibleNodes, second.nextStartNodeIndex]).toEqual([
      100, 50,
    ]);
    // Nodes n200..n249 and n000..n049 were scored; ties go to the smallest name among them.
    expect(second.type === "bind" && second.nodeName).toBe("n000");
    const none = scheduleOnNodeInfos(cpuPod("c", "2"), infos, { startNodeIndex: 7 });
    expect(
      none.type === "unschedulable" &&
        none.message.startsWith("0/250 nodes are available: 250 Insufficient cpu."),
    ).toBe(true);
    expect(none.nextStartNodeIndex).toBe(7);
  });
});

describe("preemption", () => {
  it("nominates a node and the fewest, least important victims", () => {
    const nodes = [mkNode("n1", { cpu: "2" }), mkNode("n2", { cpu: "2" })];
    const running = [
      cpuPod("low-a", "1", { node: "n1", priority: 1 }),
      cpuPod("low-b", "1", { node: "n1", priority: 1 }),
      cpuPod("mid", "1", { node: "n2", priority: 5 }),
      cpuPod("high", "1", { node: "n2", priority: 100 }),
    ];
    const r = schedulePod(cpuPod("urgent", "1", { priority: 10 }), nodes, running);
    expect(r.type).toBe("unschedulable");
    if (r.type !== "unschedulable") return;
    // n1: one of the two priority-1 pods must go; n2: "mid" (priority 5). Lowest highest-victim priority wins.
    expect(r.nominatedNodeName).toBe("n1");
    expect(r.victims?.map((p) => p.metadata?.name)).toHaveLength(1);
    expect(r.message).toBe("0/2 nodes are available: 2 Insufficient cpu.");
  });

  it("reports the filter that still fails after removing every lower-priority pod", () => {
    const nodes = [mkNode("n1", { cpu: "2", memory: "1Gi" })];
    const running = [mkPod("low", { node: "n1", priority: 0, requests: { cpu: "1" } })];
    const r = schedulePod(
      mkPod("big", { priority: 10, requests: { cpu: "1500m", memory: "2Gi" } }),
      nodes,
      running,
    );
    expect(message(r)).toBe(
      "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
  });

  it("pickOneNodeForPreemption: highest victim priority, then sum, then count, then latest start", () => {
    const v = (prio: number, start?: string): Pod =>
      mkPod(`v${prio}${start ?? ""}`, {
        priority: prio,
        ...(start !== undefined ? { startTime: start } : {}),
      });
    expect(
      pickOneNodeForPreemption([
        { nodeName: "a", victims: [v(5)] },
        { nodeName: "b", victims: [v(1), v(1)] },
      ])?.nodeName,
    ).toBe("b");
    expect(
      pickOneNodeForPreemption([
        { nodeName: "a", victims: [v(1), v(1)] },
        { nodeName: "b", victims: [v(1)] },
      ])?.nodeName,
    ).toBe("b");
    expect(
      pickOneNodeForPreemption([
        { nodeName: "a", victims: [v(1, "2024-01-01T00:00:00Z")] },
        { nodeName: "b", victims: [v(1, "2024-02-01T00:00:00Z")] },
      ])?.nodeName,
    ).toBe("b");
    expect(pickOneNodeForPreemption([])).toBeUndefined();
  });
});

// ---- properties ----

const arbNode = (i: number): fc.Arbitrary<Node> =>
  fc
    .record({
      cpu: fc.constantFrom("500m", "1", "2", "4"),
      memory: fc.constantFrom("512Mi", "1Gi", "4Gi"),
      pods: fc.constantFrom(undefined, "2", "4"),
      zone: fc.constantFrom(undefined, "a", "b"),
      tainted: fc.boolean(),
      unschedulable: fc.boolean(),
      ready: fc.constantFrom(undefined, "True", "False"),
    })
    .map((o) =>
      mkNode(`node-${i}`, {
        cpu: o.cpu,
        memory: o.memory,
        ...(o.pods !== undefined ? { pods: o.pods } : {}),
        ...(o.zone !== undefined ? { labels: { "topology.kubernetes.io/zone": o.zone } } : {}),
        ...(o.tainted
          ? { taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" } as Taint] }
          : {}),
        ...(o.unschedulable ? { unschedulable: true } : {}),
        ...(o.ready !== undefined ? { ready: o.ready } : {}),
      }),
    );

const arbNodes = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbNode(i))));

const arbPodSpec = fc.record({
  cpu: fc.constantFrom(undefined, "100m", "250m", "500m", "1", "1500m"),
  memory: fc.constantFrom(undefined, "64Mi", "256Mi", "1Gi"),
  hostPort: fc.constantFrom(0, 0, 80, 443),
  zone: fc.constantFrom(undefined, undefined, "a"),
  tolerates: fc.boolean(),
  owner: fc.constantFrom(undefined, "rs-a", "rs-b"),
});

type PodSpecLite = typeof arbPodSpec extends fc.Arbitrary<infer T> ? T : never;

function podFrom(i: number, s: PodSpecLite): Pod {
  const requests: Record<string, string> = {
    ...(s.cpu !== undefined ? { cpu: s.cpu } : {}),
    ...(s.memory !== undefined ? { memory: s.memory } : {}),
  };
  return mkPod(`p${i}`, {
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
    ...(s.hostPort > 0 ? { ports: [{ containerPort: s.hostPort, hostPort: s.hostPort }] } : {}),
    ...(s.zone !== undefined ? { nodeSelector: { "topology.kubernetes.io/zone": s.zone } } : {}),
    ...(s.tolerates ? { tolerations: [{ key: "dedicated", operator: "Exists" }] } : {}),
    ...(s.owner !== undefined ? { owner: s.owner } : {}),
  });
}

const arbPods = fc
  .array(arbPodSpec, { maxLength: 14 })
  .map((specs) => specs.map((s, i) => podFrom(i, s)));

/** Schedules the pods one by one, binding each where the scheduler says. */
function bindAll(
  nodes: readonly Node[],
  pods: readonly Pod[],
): { infos: NodeInfo[]; results: ScheduleResult[] } {
  const infos = buildNodeInfos(nodes, []);
  const results = pods.map((pod) => {
    const r = scheduleOnNodeInfos(pod, infos);
    if (r.type === "bind") {
      const info = infos.find((n) => n.name === r.nodeName)!;
      info.addPod({ ...pod, spec: { ...pod.spec!, nodeName: r.nodeName } });
    }
    return r;
  });
  return { infos, results };
}

describe("scheduler properties", () => {
  it("binds only to a node that passes every filter, and refuses only when none does", () => {
    fc.assert(
      fc.property(arbNodes, arbPods, (nodes, pods) => {
        const infos = buildNodeInfos(nodes, []);
        for (const pod of pods) {
          const fits = infos.filter((n) => runFilterPlugins(preFilter(pod), n) === undefined);
          const r = scheduleOnNodeInfos(pod, infos);
          if (r.type === "bind") {
            expect(fits.map((n) => n.name)).toContain(r.nodeName);
            infos
              .find((n) => n.name === r.nodeName)!
              .addPod({ ...pod, spec: { ...pod.spec!, nodeName: r.nodeName } });
          } else {
            expect(fits).toEqual([]);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it("never lets the requests on a node exceed its allocatable, nor reuse a host port", () => {
    fc.assert(
      fc.property(arbNodes, arbPods, (nodes, pods) => {
        const { infos } = bindAll(nodes, pods);
        for (const info of infos) {
          const alloc = nodeAllocatable(info.node);
          const sum = (f: (p: Pod) => number): number => info.pods.reduce((s, p) => s + f(p), 0);
          expect(sum((p) => podRequests(p).requests.milliCPU)).toBeLessThanOrEqual(alloc.milliCPU);
          expect(sum((p) => podRequests(p).requests.memory)).toBeLessThanOrEqual(alloc.memory);
          expect(info.pods.length).toBeLessThanOrEqual(alloc.allowedPodNumber);
          const ports = info.pods.flatMap((p) =>
            p.spec!.containers.flatMap((c) => (c.ports ?? []).map((x) => x.hostPort)),
          );
          expect(new Set(ports).size).toBe(ports.length);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("is deterministic, and independent of the order nodes are listed in", () => {
    fc.assert(
      fc.property(arbNodes, arbPods, fc.integer({ min: 0, max: 1000 }), (nodes, pods, seed) => {
        const a = bindAll(nodes, pods).results;
        const b = bindAll(nodes, pods).results;
        expect(b).toEqual(a);
        const rotated = [
          ...nodes.slice(seed % nodes.length),
          ...nodes.slice(0, seed % nodes.length),
        ].reverse();
        const c = bindAll(rotated, pods).results;
        expect(c.map((r) => (r.type === "bind" ? r.nodeName : r.message))).toEqual(
          a.map((r) => (r.type === "bind" ? r.nodeName : r.message)),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe("NodeInfo", () => {
  it("restores every total after add then remove", () => {
    const info = new NodeInfo(mkNode("n", { cpu: "4", memory: "4Gi" }));
    const p = mkPod("p", {
      node: "n",
      owner: "rs",
      requests: { cpu: "1", memory: "1Gi", "example.com/gpu": "1" },
      ports: [{ containerPort: 80, hostPort: 80 }],
    });
    info.addPod(p);
    expect(info.requested.milliCPU).toBe(1000);
    expect(info.ownedCount("rs")).toBe(1);
    expect(info.usedPorts.size).toBe(1);
    const copy = info.clone();
    expect(info.removePod(p)).toBe(true);
    expect(info.removePod(p)).toBe(false);
    expect(info.requested).toEqual({
      milliCPU: 0,
      memory: 0,
      ephemeralStorage: 0,
      allowedPodNumber: 0,
      scalar: new Map([["example.com/gpu", 0]]),
    });
    expect(info.nonZeroRequested).toEqual({ milliCPU: 0, memory: 0 });
    expect(info.ownedCount("rs")).toBe(0);
    expect(info.usedPorts.size).toBe(0);
    expect(copy.pods).toHaveLength(1); // the clone is unaffected
    expect(copy.requested.milliCPU).toBe(1000);
  });
});

describe("scheduleOnNodeInfos: the chosen node and scores, computed without per-node records", () => {
  /** A seeded tie breaker; two with one seed draw alike. */
  const breaker = (seed: number): { int(n: number): number } => {
    let s = seed >>> 0 || 1;
    return {
      int(n: number): number {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        return s % n;
      },
    };
  };

  it("property: the node selectHost(scoreNodes(...)) picks, with the same draw, and the same scores", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.array(
          fc.tuple(fc.nat(7), fc.constantFrom("100m", "250m", "1"), fc.constantFrom("a", "b")),
          {
            maxLength: 12,
          },
        ),
        fc.constantFrom("100m", "300m"),
        fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
        (n, placed, cpu, seed) => {
          const nodes = Array.from({ length: n }, (_, i) =>
            mkNode(`n${(i * 7) % n}-${i}`, { cpu: "4", memory: "8Gi" }),
          );
          const running = placed.map(([at, c, owner], i) =>
            cpuPod(`r${i}`, c, { node: nodes[at % n]!.metadata!.name!, owner }),
          );
          const pod = cpuPod("p", cpu, { owner: "a" });
          const infos = buildNodeInfos(nodes, running);
          const state = preFilter(pod);
          const feasible = infos.filter((i) => runFilterPlugins(state, i) === undefined);
          const r = scheduleOnNodeInfos(pod, infos, {
            ...(seed === undefined ? {} : { tieBreaker: breaker(seed) }),
          });
          if (feasible.length < 2) return; // nothing to score
          const before = scoreNodes(pod, feasible, infos);
          const expected = selectHost(before, seed === undefined ? undefined : breaker(seed));
          expect(r.type === "bind" && r.nodeName).toBe(expected);
          expect(r.type === "bind" && r.scores).toEqual(before);
        },
      ),
      { numRuns: 200 },
    );
  });
});
