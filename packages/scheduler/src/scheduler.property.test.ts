import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Node, Pod, Taint, Toleration } from "kubernetes-types/core/v1";
import { preFilter, runFilterPlugins } from "./filter.js";
import { NodeInfo } from "./node-info.js";
import { nodeAllocatable, podRequests } from "./resources.js";
import { schedulePod } from "./schedule.js";
import type { Env, NodeSpec, PodSpec } from "./testdata/env.js";
import { ApiServer } from "@kubesim/apiserver";
import { createNode, createPod, envFactory } from "./testdata/env.js";

const newEnv = envFactory((o) => new ApiServer(o));

const taint: Taint = { key: "dedicated", value: "db", effect: "NoSchedule" };
const toleration: Toleration = { key: "dedicated", operator: "Exists" };

const nodeArb = fc.record({
  cpu: fc.constantFrom("500m", "1", "2", "4"),
  memory: fc.constantFrom("512Mi", "1Gi", "4Gi"),
  pods: fc.constantFrom("2", "4", "110"),
  disk: fc.constantFrom("ssd", "hdd"),
  zone: fc.constantFrom("a", "b"),
});

const podArb = fc.record({
  cpu: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: undefined }),
  memory: fc.option(fc.integer({ min: 0, max: 2048 }), { nil: undefined }),
  ssd: fc.boolean(),
  tolerates: fc.boolean(),
  port: fc.constantFrom(undefined, undefined, undefined, 80, 81),
  owner: fc.constantFrom(undefined, "rs-a", "rs-b"),
  priority: fc.constantFrom(0, 0, 0, 10),
});

const scenarioArb = fc.record({
  nodes: fc.array(fc.record({ n: nodeArb, tainted: fc.boolean() }), { minLength: 1, maxLength: 4 }),
  latency: fc.constantFrom(0, 0, 50, 500),
  ops: fc.array(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          t: fc.constant("pods" as const),
          pods: fc.array(podArb, { minLength: 1, maxLength: 6 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          t: fc.constant("wait" as const),
          ms: fc.integer({ min: 0, max: 3000 }),
        }),
      },
      { weight: 1, arbitrary: fc.record({ t: fc.constant("delete" as const), i: fc.nat(30) }) },
    ),
    { minLength: 1, maxLength: 8 },
  ),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer R> ? R : never;

const isLive = (p: Pod): boolean => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";

/** Every node's bound pods fit it: filters pass against the node's other pods, totals within allocatable. */
function checkInvariants(env: Env): void {
  const nodes = env.api.list("Node").items;
  const pods = env.api.list("Pod").items.filter(isLive);
  for (const node of nodes) {
    const name = node.metadata!.name!;
    const onNode = pods.filter((p) => p.spec?.nodeName === name);
    const alloc = nodeAllocatable(node);
    let cpu = 0;
    let mem = 0;
    for (const p of onNode) {
      cpu += podRequests(p).requests.milliCPU;
      mem += podRequests(p).requests.memory;
    }
    expect(cpu).toBeLessThanOrEqual(alloc.milliCPU);
    expect(mem).toBeLessThanOrEqual(alloc.memory);
    expect(onNode.length).toBeLessThanOrEqual(alloc.allowedPodNumber);
    for (const p of onNode) {
      const info = new NodeInfo(node);
      for (const q of onNode) if (q !== p) info.addPod(q);
      expect(runFilterPlugins(preFilter(p), info)).toBeUndefined();
    }
  }
}

/** Plays a scenario, then lets `quiet` ms of virtual time pass. */
function run(s: Scenario, check: boolean, quiet = 6 * 60_000): { env: Env; created: string[] } {
  const env = newEnv({ watchLatency: s.latency });
  s.nodes.forEach((n, i) => {
    const spec: NodeSpec = {
      cpu: n.n.cpu,
      memory: n.n.memory,
      pods: n.n.pods,
      labels: { disk: n.n.disk, "topology.kubernetes.io/zone": n.n.zone },
      ...(n.tainted ? { taints: [taint] } : {}),
    };
    createNode(env, `node-${i}`, spec);
  });
  const created: string[] = [];
  const stepUntil = (end: number): void => {
    for (let t = env.loop.nextTime(); t !== undefined && t <= end; t = env.loop.nextTime()) {
      env.loop.step();
      if (check) checkInvariants(env);
    }
    env.advance(Math.max(0, end - env.loop.now()));
  };
  for (const op of s.ops) {
    if (op.t === "pods") {
      for (const p of op.pods) {
        const name = `pod-${created.length}`;
        const spec: PodSpec = {
          ...(p.cpu === undefined ? {} : { cpu: `${p.cpu}m` }),
          ...(p.memory === undefined ? {} : { memory: `${p.memory}Mi` }),
          ...(p.ssd ? { nodeSelector: { disk: "ssd" } } : {}),
          ...(p.tolerates ? { tolerations: [toleration] } : {}),
          ...(p.port === undefined ? {} : { hostPorts: [p.port] }),
          ...(p.owner === undefined ? {} : { owner: p.owner }),
          ...(p.priority === 0 ? {} : { priority: p.priority }),
        };
        createPod(env, name, spec);
        created.push(name);
      }
    } else if (op.t === "wait") {
      stepUntil(env.loop.now() + op.ms);
    } else if (created.length > 0) {
      const name = created[op.i % created.length]!;
      try {
        env.api.delete("Pod", "default", name, { gracePeriodSeconds: 0 });
      } catch {
        // already gone
      }
    }
  }
  stepUntil(env.loop.now() + quiet);
  return { env, created };
}

describe("scheduler properties (random nodes, random pods, random watch latency)", () => {
  it("no pod is ever bound to a node it does not fit, and requests never exceed allocatable", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { env } = run(s, true);
        checkInvariants(env);
      }),
      { numRuns: 40 },
    );
  });

  it("a minute after the last change (well before the 5-minute flush), no pending pod fits anywhere: no lost wake-ups", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { env } = run(s, false, 60_000);
        const nodes: Node[] = [...env.api.list("Node").items];
        const pods = env.api.list("Pod").items.filter(isLive);
        const bound = pods.filter((p) => (p.spec?.nodeName ?? "") !== "");
        for (const p of pods) {
          if ((p.spec?.nodeName ?? "") !== "") continue;
          const r = schedulePod(p, nodes, bound);
          expect(r.type, `${p.metadata?.name} is pending but fits`).toBe("unschedulable");
          expect(p.status?.conditions?.find((c) => c.type === "PodScheduled")?.status).toBe(
            "False",
          );
        }
      }),
      { numRuns: 25 },
    );
  });

  it("is deterministic: the same scenario gives the same bindings", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(run(s, false).env.bindings()).toEqual(run(s, false).env.bindings());
      }),
      { numRuns: 15 },
    );
  });
});
