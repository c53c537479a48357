import { describe, expect, it } from "vitest";
import { conflict } from "@kubesim/api";
import { describeAction, writes } from "@kubesim/runtime/testing";
import type { Action } from "@kubesim/runtime/testing";
import type { Event, Pod } from "kubernetes-types/core/v1";
import type { Env } from "./testdata/env.js";
import { ApiServer } from "@kubesim/apiserver";
import { createNode, createPod, envFactory, podScheduled } from "./testdata/env.js";

const newEnv = envFactory((o) => new ApiServer(o));

const failedScheduling = (env: Env, pod: string): Event[] =>
  env.events("FailedScheduling").filter((e) => e.involvedObject.name === pod);
const lastMessage = (env: Env, pod: string): string | undefined =>
  failedScheduling(env, pod).at(-1)?.message;
const nodeOf = (env: Env, pod: string): string | undefined => env.pod(pod).spec?.nodeName;
/** The scheduler's writes, "bind default/web -> node-1", "patch Pod default/web status". */
const writeLog = (env: Env): string[] =>
  env.actions.flatMap((a) =>
    a.verb === "bind" && "node" in a
      ? [`bind ${a.pod} -> ${a.node}`]
      : "kind" in a && a.subresource !== "binding" && writes([a as Action]).length > 0
        ? [describeAction(a as Action)]
        : [],
  );

describe("binding", () => {
  it("binds a pending pod through the binding subresource and records Scheduled", () => {
    // given three Ready nodes
    const env = newEnv();
    for (const n of ["node-1", "node-2", "node-3"]) createNode(env, n);
    env.settle();
    // when a pod is created
    createPod(env, "web-abc", { cpu: "100m" });
    env.settle();
    // then it is bound (equal nodes: the smallest name wins the tie), and nothing else is written
    expect(writeLog(env)).toEqual(["bind default/web-abc -> node-1"]);
    const pod = env.pod("web-abc");
    expect(pod.spec?.nodeName).toBe("node-1");
    expect(podScheduled(pod)).toEqual({ type: "PodScheduled", status: "True" });
    const [scheduled] = env.events("Scheduled");
    expect(scheduled).toMatchObject({
      type: "Normal",
      reason: "Scheduled",
      message: "Successfully assigned default/web-abc to node-1",
      source: { component: "default-scheduler" },
      involvedObject: { kind: "Pod", name: "web-abc", namespace: "default" },
    });
  });

  it("does not schedule before it has seen the nodes, nor pods of another scheduler", () => {
    const env = newEnv();
    createNode(env, "node-1");
    createPod(env, "mine");
    createPod(env, "theirs", { schedulerName: "other-scheduler" });
    env.settle();
    expect(env.bindings()).toEqual(["default/mine -> node-1"]);
    expect(env.events().filter((e) => e.involvedObject.name === "theirs")).toEqual([]);
  });

  it("assumes each pod on its node before the watch confirms it (watch latency 100 ms)", () => {
    // given two 1-cpu nodes and a slow watch
    const env = newEnv({ watchLatency: 100 });
    createNode(env, "node-1", { cpu: "1" });
    createNode(env, "node-2", { cpu: "1" });
    env.advance(200);
    // when three 600m pods arrive together and are decided before any binding is seen
    for (const p of ["a", "b", "c"]) createPod(env, p, { cpu: "600m" });
    env.advance(100);
    // then the second goes to the other node and the third fits nowhere
    expect(env.bindings()).toEqual(["default/a -> node-1", "default/b -> node-2"]);
    env.advance(1000);
    expect(nodeOf(env, "c")).toBeUndefined();
    expect(lastMessage(env, "c")).toBe(
      "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });
});

describe("a pod that fits nowhere", () => {
  /** Three 1-cpu nodes, each running an 800m pod. */
  function fullCluster(): Env {
    const env = newEnv();
    for (const n of ["node-1", "node-2", "node-3"]) createNode(env, n, { cpu: "1" });
    env.settle();
    for (const p of ["run-1", "run-2", "run-3"]) createPod(env, p, { cpu: "800m" });
    env.settle();
    return env;
  }

  it("stays Pending with FailedScheduling and PodScheduled=False, worded as Kubernetes words it", () => {
    const env = fullCluster();
    const message =
      "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    createPod(env, "web-big", { cpu: "500m" });
    env.settle();
    expect(nodeOf(env, "web-big")).toBeUndefined();
    expect(env.pod("web-big").status?.phase).toBe("Pending");
    const [event] = failedScheduling(env, "web-big");
    expect(event).toMatchObject({
      type: "Warning",
      reason: "FailedScheduling",
      message,
      source: { component: "default-scheduler" },
    });
    expect(podScheduled(env.pod("web-big"))).toEqual({
      type: "PodScheduled",
      status: "False",
      reason: "Unschedulable",
      message,
    });
    expect(writeLog(env).filter((w) => w.includes("web-big"))).toEqual([
      "patch Pod default/web-big status",
    ]);
  });

  it("is retried once after its own status update (NodeResourcesFit's Pod/Update hint, as upstream), then waits", () => {
    const env = fullCluster();
    createPod(env, "web-big", { cpu: "500m" });
    env.settle();
    env.advance(60_000);
    expect(failedScheduling(env, "web-big").map((e) => e.count)).toEqual([2]);
    expect(env.scheduler.queue.locate(env.pod("web-big"))).toBe("Unschedulable");
  });

  it("a request larger than any node: preemption is not helpful", () => {
    const env = fullCluster();
    createPod(env, "huge", { cpu: "2" });
    env.settle();
    expect(lastMessage(env, "huge")).toBe(
      "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it("is scheduled as soon as a big enough node is added", () => {
    const env = fullCluster();
    createPod(env, "web-big", { cpu: "500m" });
    env.settle();
    const t = env.loop.now();
    createNode(env, "node-4", { cpu: "4" });
    env.settle();
    expect(nodeOf(env, "web-big")).toBe("node-4");
    expect(env.loop.now()).toBe(t);
    expect(podScheduled(env.pod("web-big"))).toEqual({ type: "PodScheduled", status: "True" });
  });

  it("a node too small to help does not wake it", () => {
    const env = fullCluster();
    createPod(env, "web-big", { cpu: "500m" });
    env.settle();
    const before = failedScheduling(env, "web-big")[0]!.count;
    createNode(env, "tiny", { cpu: "100m" });
    env.settle();
    expect(failedScheduling(env, "web-big")[0]!.count).toBe(before);
  });

  it("is scheduled as soon as a pod is deleted and frees its node", () => {
    const env = fullCluster();
    createPod(env, "web-big", { cpu: "500m" });
    env.settle();
    const freed = nodeOf(env, "run-2");
    env.api.delete("Pod", "default", "run-2", { gracePeriodSeconds: 0 });
    env.settle();
    expect(nodeOf(env, "web-big")).toBe(freed);
  });

  it("a terminating pod still holds its resources until it is gone", () => {
    const env = fullCluster();
    createPod(env, "web-big", { cpu: "500m" });
    env.settle();
    env.api.delete("Pod", "default", "run-1"); // graceful: 30 s
    env.advance(29_000);
    expect(nodeOf(env, "web-big")).toBeUndefined();
    env.advance(1_000);
    expect(nodeOf(env, "web-big")).toBe("node-1");
  });

  it("is scheduled when a pod on a node finishes (Succeeded pods leave the scheduler's informer)", () => {
    const env = fullCluster();
    createPod(env, "web-big", { cpu: "500m" });
    env.settle();
    const done = env.pod("run-3");
    env.api.update(
      "Pod",
      { ...done, status: { ...done.status, phase: "Succeeded" } },
      {
        subresource: "status",
      },
    );
    env.settle();
    expect(nodeOf(env, "web-big")).toBe("node-3");
  });

  it("a pod no event can help is retried by the 5-minute flush, on the next 30 s tick", () => {
    const env = newEnv();
    createNode(env, "node-1", { labels: { disk: "hdd" } });
    env.settle();
    const t0 = env.loop.now();
    createPod(env, "ssd-only", { nodeSelector: { disk: "ssd" } });
    env.settle();
    const count = () => failedScheduling(env, "ssd-only")[0]!.count;
    expect(count()).toBe(1);
    env.advance(t0 + 329_999 - env.loop.now());
    expect(count()).toBe(1);
    env.advance(1);
    expect(count()).toBe(2);
    expect(env.loop.now() - t0).toBe(330_000);
  });

  it("no nodes at all: 'no nodes available to schedule pods', retried with the error backoff", () => {
    const env = newEnv();
    const t0 = env.loop.now();
    createPod(env, "early");
    env.settle();
    expect(lastMessage(env, "early")).toBe("no nodes available to schedule pods");
    expect(podScheduled(env.pod("early"))).toMatchObject({ reason: "Unschedulable" });
    createNode(env, "node-1");
    env.advance(1999);
    expect(nodeOf(env, "early")).toBeUndefined(); // a node add does not cut an error backoff short
    env.advance(1);
    expect(nodeOf(env, "early")).toBe("node-1");
    expect(env.loop.now() - t0).toBe(2000);
  });
});

describe("filters honoured", () => {
  it("taints and tolerations; removing the taint wakes the pod", () => {
    const env = newEnv();
    const taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
    createNode(env, "gpu-1", { taints: [taint] });
    env.settle();
    createPod(env, "plain");
    createPod(env, "tolerant", {
      tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu" }],
    });
    env.settle();
    expect(nodeOf(env, "tolerant")).toBe("gpu-1");
    expect(nodeOf(env, "plain")).toBeUndefined();
    expect(lastMessage(env, "plain")).toBe(
      "0/1 nodes are available: 1 node(s) had untolerated taint(s). preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
    const n = env.api.get("Node", undefined, "gpu-1");
    env.api.update("Node", { ...n, spec: { ...n.spec, taints: [] } });
    env.settle();
    expect(nodeOf(env, "plain")).toBe("gpu-1");
  });

  it("a NotReady node is avoided (its not-ready taint) until it becomes Ready", () => {
    const env = newEnv();
    createNode(env, "node-1", { ready: "False" });
    env.settle();
    createPod(env, "p");
    env.settle();
    expect(lastMessage(env, "p")).toBe(
      "0/1 nodes are available: 1 node(s) had untolerated taint(s). preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
    const n = env.api.get("Node", undefined, "node-1");
    env.api.update(
      "Node",
      { ...n, status: { ...n.status, conditions: [{ type: "Ready", status: "True" }] } },
      { subresource: "status" },
    );
    env.settle();
    expect(nodeOf(env, "p")).toBe("node-1");
  });

  it("a cordoned node is unschedulable until uncordoned", () => {
    const env = newEnv();
    createNode(env, "node-1", { unschedulable: true });
    env.settle();
    createPod(env, "p");
    env.settle();
    expect(lastMessage(env, "p")).toBe(
      "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
    const n = env.api.get("Node", undefined, "node-1");
    env.api.update("Node", { ...n, spec: { ...n.spec, unschedulable: false } });
    env.settle();
    expect(nodeOf(env, "p")).toBe("node-1");
  });

  it("nodeSelector and required node affinity; labelling a node to match wakes the pod", () => {
    const env = newEnv();
    createNode(env, "hdd-1", { labels: { disk: "hdd", "topology.kubernetes.io/zone": "z1" } });
    createNode(env, "ssd-1", { labels: { disk: "ssd", "topology.kubernetes.io/zone": "z2" } });
    env.settle();
    createPod(env, "selector", { nodeSelector: { disk: "ssd" } });
    createPod(env, "affinity", {
      affinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: "topology.kubernetes.io/zone", operator: "In", values: ["z1"] },
              ],
            },
          ],
        },
      },
    });
    createPod(env, "nvme", { nodeSelector: { disk: "nvme" } });
    env.settle();
    expect(nodeOf(env, "selector")).toBe("ssd-1");
    expect(nodeOf(env, "affinity")).toBe("hdd-1");
    expect(lastMessage(env, "nvme")).toBe(
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    const n = env.api.get("Node", undefined, "hdd-1");
    env.api.update("Node", {
      ...n,
      metadata: { ...n.metadata, labels: { ...n.metadata?.labels, disk: "nvme" } },
    });
    env.settle();
    expect(nodeOf(env, "nvme")).toBe("hdd-1");
  });

  it("host ports: one pod per node and port; deleting the holder frees the port", () => {
    const env = newEnv();
    createNode(env, "node-1");
    createNode(env, "node-2");
    env.settle();
    for (const p of ["p1", "p2", "p3"]) createPod(env, p, { hostPorts: [8080] });
    env.settle();
    expect(new Set([nodeOf(env, "p1"), nodeOf(env, "p2")])).toEqual(new Set(["node-1", "node-2"]));
    expect(nodeOf(env, "p3")).toBeUndefined();
    expect(lastMessage(env, "p3")).toBe(
      "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
    env.api.delete("Pod", "default", "p1", { gracePeriodSeconds: 0 });
    env.settle();
    expect(nodeOf(env, "p3")).toBe(env.bindings()[0]!.split(" -> ")[1]);
  });
});

describe("scoring", () => {
  it("spreads one owner's pods across nodes, where unowned pods pile onto the least allocated node", () => {
    const env = newEnv();
    createNode(env, "big", { cpu: "64", memory: "256Gi" });
    createNode(env, "small-1", { cpu: "4", memory: "8Gi" });
    createNode(env, "small-2", { cpu: "4", memory: "8Gi" });
    env.settle();
    for (let i = 0; i < 3; i++)
      createPod(env, `owned-${i}`, { cpu: "100m", memory: "128Mi", owner: "rs-1" });
    env.settle();
    expect(new Set([0, 1, 2].map((i) => nodeOf(env, `owned-${i}`)))).toEqual(
      new Set(["big", "small-1", "small-2"]),
    );
    for (let i = 0; i < 3; i++) createPod(env, `free-${i}`, { cpu: "100m", memory: "128Mi" });
    env.settle();
    expect([0, 1, 2].map((i) => nodeOf(env, `free-${i}`))).toEqual(["big", "big", "big"]);
  });

  it("higher priority pods are scheduled first", () => {
    const env = newEnv();
    createNode(env, "node-1", { cpu: "1" });
    createPod(env, "low", { cpu: "600m", priority: 1 });
    createPod(env, "high", { cpu: "600m", priority: 100 });
    env.settle();
    expect(env.bindings()).toEqual(["default/high -> node-1"]);
  });

  it("is deterministic: the same inputs give the same bindings, events and statuses", () => {
    const run = (): unknown => {
      const env = newEnv({ seed: 7 });
      for (let n = 1; n <= 4; n++) createNode(env, `node-${n}`, { cpu: `${n}`, memory: "4Gi" });
      env.settle();
      for (let i = 0; i < 20; i++)
        createPod(env, `pod-${i}`, {
          cpu: `${100 + ((i * 137) % 700)}m`,
          memory: "256Mi",
          ...(i % 3 === 0 ? { owner: "rs-a" } : {}),
        });
      env.advance(60_000);
      return {
        bindings: env.bindings(),
        events: env.events().map((e) => [e.metadata?.name, e.reason, e.message, e.count]),
        pods: env.api
          .list("Pod")
          .items.map((p: Pod) => [p.metadata?.name, p.spec?.nodeName, p.status]),
      };
    };
    const a = run();
    expect(run()).toEqual(a);
    expect((a as { bindings: string[] }).bindings.length).toBeGreaterThan(5);
  });

  it("with an rng, ties are broken at random among the best nodes, reproducibly", () => {
    const placements = (seed: number): string[] => {
      const env = newEnv({
        rng: new (class {
          #s = seed;
          int(n: number): number {
            this.#s = (this.#s * 1103515245 + 12345) % 2147483648;
            return this.#s % n;
          }
        })() as never,
      });
      for (const n of ["a", "b", "c", "d"]) createNode(env, n);
      env.settle();
      createPod(env, "p");
      env.settle();
      return env.bindings();
    };
    expect(placements(3)).toEqual(placements(3));
    const seen = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => placements(s)[0]));
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe("preemption", () => {
  it("evicts a lower-priority pod, nominates the node, and binds there once the victim is gone", () => {
    const env = newEnv();
    createNode(env, "node-1", { cpu: "1" });
    env.settle();
    createPod(env, "low", { cpu: "800m", priority: 0 });
    env.settle();
    createPod(env, "high", { cpu: "800m", priority: 1000 });
    env.settle();
    // the victim: DisruptionTarget, graceful deletion, a Preempted event
    const low = env.pod("low");
    expect(low.metadata?.deletionTimestamp).toBeDefined();
    expect(low.status?.conditions?.find((c) => c.type === "DisruptionTarget")).toMatchObject({
      status: "True",
      reason: "PreemptionByScheduler",
      message: "default-scheduler: preempting to accommodate a higher priority pod",
    });
    const high = env.pod("high");
    expect(env.events("Preempted")[0]?.message).toBe(
      `Preempted by pod ${high.metadata?.uid} on node node-1`,
    );
    // the preemptor: nominated, with the FitError without a preemption clause
    expect(high.status?.nominatedNodeName).toBe("node-1");
    expect(failedScheduling(env, "high")[0]?.message).toBe(
      "0/1 nodes are available: 1 Insufficient cpu.",
    );
    env.advance(30_000); // the victim's grace period
    expect(nodeOf(env, "high")).toBe("node-1");
  });

  it("preemptionPolicy Never: not eligible", () => {
    const env = newEnv();
    createNode(env, "node-1", { cpu: "1" });
    createPod(env, "low", { cpu: "800m" });
    env.settle();
    env.api.create("Pod", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "polite", namespace: "default" },
      spec: {
        priority: 1000,
        preemptionPolicy: "Never",
        containers: [{ name: "c", image: "x", resources: { requests: { cpu: "800m" } } }],
      },
    });
    env.settle();
    expect(lastMessage(env, "polite")).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
    );
    expect(env.pod("low").metadata?.deletionTimestamp).toBeUndefined();
  });
});

describe("queue life cycle", () => {
  it("gated pods are not tried until their gates are removed", () => {
    const env = newEnv();
    createNode(env, "node-1");
    createPod(env, "gated", { schedulingGates: ["example.com/wait"] });
    env.advance(10 * 60_000);
    expect(failedScheduling(env, "gated")).toEqual([]);
    expect(nodeOf(env, "gated")).toBeUndefined();
    const p = env.pod("gated");
    env.api.update("Pod", { ...p, spec: { ...p.spec!, schedulingGates: [] } });
    env.settle();
    expect(nodeOf(env, "gated")).toBe("node-1");
  });

  it("a failed binding is a SchedulerError; the pod is forgotten, backs off and is bound on retry", () => {
    let failures = 1;
    const env = newEnv({
      beforeBind: (pod) => {
        if (failures-- > 0)
          throw conflict({ group: "", resource: "pods/binding" }, pod.split("/")[1]!, "boom");
      },
    });
    createNode(env, "node-1", { cpu: "1" });
    env.settle();
    const t0 = env.loop.now();
    createPod(env, "p", { cpu: "600m" });
    env.settle();
    expect(lastMessage(env, "p")).toBe(
      'running Bind plugin "DefaultBinder": Operation cannot be fulfilled on pods/binding "p": boom',
    );
    expect(podScheduled(env.pod("p"))).toMatchObject({ status: "False", reason: "SchedulerError" });
    expect(env.scheduler.cache.nodeInfo("node-1")!.requested.milliCPU).toBe(0);
    // error backoff: 1 s, expiring in the t0 + 1 s window, moved at t0 + 2 s
    env.advance(t0 + 1999 - env.loop.now());
    expect(nodeOf(env, "p")).toBeUndefined();
    env.advance(1);
    expect(nodeOf(env, "p")).toBe("node-1");
    expect(env.bindings()).toEqual(["default/p -> node-1"]);
  });

  it("a pod being deleted is skipped with 'skip schedule deleting pod'", () => {
    const env = newEnv();
    env.api.create("Pod", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "doomed", namespace: "default", finalizers: ["example.com/keep"] },
      spec: { containers: [{ name: "c", image: "x" }] },
    });
    env.settle(); // no nodes: error backoff
    env.api.delete("Pod", "default", "doomed");
    env.advance(3000);
    expect(failedScheduling(env, "doomed").map((e) => e.message)).toContain(
      "skip schedule deleting pod: default/doomed",
    );
  });
});
