import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Pod } from "kubernetes-types/core/v1";
import { Loop } from "@kubesim/sim";
import type { ClusterEvent } from "./events.js";
import { ActionType, EventAssignedPodAdd, EventAssignedPodDelete, EventNodeAdd } from "./events.js";
import type { QueuedPodInfo, SchedulingQueueOptions } from "./queue.js";
import { SchedulingQueue } from "./queue.js";
import { mkNode, mkPod } from "./testdata/fixtures.js";

const names = (pods: readonly Pod[]): string[] => pods.map((p) => p.metadata?.name ?? "");

function setup(o: Partial<SchedulingQueueOptions> & { runAt?: number } = {}) {
  const loop = new Loop();
  if (o.runAt !== undefined) loop.advance(o.runAt);
  let ready = 0;
  const q = new SchedulingQueue({ loop, onReady: () => ready++, ...o });
  q.run();
  /** Pops the next pod and fails it, rejected by `plugins` (none: an error). */
  const fail = (plugins: string[] = []): QueuedPodInfo => {
    const p = q.pop();
    if (p === undefined) throw new Error("nothing to pop");
    for (const pl of plugins) p.unschedulablePlugins.add(pl);
    q.addUnschedulableIfNotPresent(p);
    return p;
  };
  return { loop, q, fail, ready: () => ready };
}

describe("activeQ: PrioritySort", () => {
  it("pops by priority, then by queue time, then arrival", () => {
    const { loop, q } = setup();
    q.add(mkPod("low", { priority: 1 }));
    q.add(mkPod("a", { priority: 10 }));
    loop.advance(5);
    q.add(mkPod("high", { priority: 100 }));
    q.add(mkPod("b", { priority: 10 }));
    q.add(mkPod("c", { priority: 10 }));
    expect(names(q.pendingPods().active)).toEqual(["high", "a", "b", "c", "low"]);
    const order: string[] = [];
    for (let p = q.pop(); p !== undefined; p = q.pop()) order.push(p.pod.metadata!.name!);
    expect(order).toEqual(["high", "a", "b", "c", "low"]);
  });

  it("signals readiness on add and counts attempts at pop", () => {
    const { q, ready } = setup();
    q.add(mkPod("p"));
    expect(ready()).toBe(1);
    expect(q.hasPoppable()).toBe(true);
    const p = q.pop()!;
    expect(p.attempts).toBe(1);
    expect(q.schedulingCycle).toBe(1);
    expect(q.pop()).toBeUndefined();
  });

  it("delete removes a pod wherever it waits", () => {
    const { q, fail } = setup();
    q.add(mkPod("a"));
    q.add(mkPod("b"));
    fail(["NodeResourcesFit"]); // a -> unschedulable
    q.delete(mkPod("a"));
    q.delete(mkPod("b"));
    expect(q.pendingPods()).toEqual({ active: [], backoff: [], unschedulable: [] });
  });
});

describe("failed attempts", () => {
  it("a pod rejected by plugins waits in the unschedulable pool", () => {
    const { q, fail } = setup();
    q.add(mkPod("p"));
    fail(["NodeResourcesFit"]);
    expect(q.locate(mkPod("p"))).toBe("Unschedulable");
    expect(q.hasPoppable()).toBe(false);
  });

  it("a pod no plugin rejected (an error) goes to the error backoffQ, which pop never takes early", () => {
    const { q, fail } = setup();
    q.add(mkPod("p"));
    fail([]);
    expect(q.locate(mkPod("p"))).toBe("Backoff");
    expect(q.hasPoppable()).toBe(false);
    expect(q.pop()).toBeUndefined();
  });

  it("a pod already queued is not added twice", () => {
    const { q } = setup();
    q.add(mkPod("p"));
    const p = q.pop()!;
    q.add(mkPod("p"));
    expect(q.addUnschedulableIfNotPresent(p)).toBe(false);
  });
});

describe("backoff (1s doubling to 10s, aligned to whole seconds)", () => {
  /** The virtual times (ms from start) at which an always-failing pod is retried. */
  function retryTimes(popFromBackoffQ: boolean, plugins: string[], until: number): number[] {
    // The queue starts half a second past a whole second.
    const { loop, q, fail } = setup({ popFromBackoffQ, runAt: 500 });
    const start = loop.now();
    const times: number[] = [];
    q.add(mkPod("p"));
    const drive = (): void => {
      while (q.hasPoppable()) {
        times.push(loop.now() - start);
        fail(plugins);
        // rejected pods need an event to leave the pool: a node add the plugin cares about
        if (plugins.length > 0)
          q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, mkNode("n", { cpu: "64" }));
      }
    };
    drive();
    for (
      let next = loop.nextTime();
      next !== undefined && next - start <= until;
      next = loop.nextTime()
    ) {
      loop.step();
      drive();
    }
    return times;
  }

  it("errors: backoffs of 1, 2, 4, 8, 10, 10 s, expirations aligned down to whole seconds, moved on the next whole second", () => {
    // First attempt at x.5 s: expires 1.5 -> window 1 s -> tick 2 s (1.5 s later); then
    // 2 + 2 = 4 -> tick 5; 5 + 4 = 9 -> 10; 10 + 8 = 18 -> 19; 19 + 10 = 29 -> 30; 30 + 10 = 40 -> 41.
    expect(retryTimes(true, [], 45_000)).toEqual([0, 1500, 4500, 9500, 18_500, 29_500, 40_500]);
  });

  it("without SchedulerPopFromBackoffQ: exact expirations, a ticker every second from run", () => {
    // Ticks at run + k s; a pod is done once its expiration is before the tick.
    expect(retryTimes(false, [], 45_000)).toEqual([0, 2000, 5000, 10_000, 19_000, 30_000, 41_000]);
  });

  it("rejected pods moved by an event while backing off are popped at once when activeQ is empty", () => {
    const { q, fail } = setup();
    q.add(mkPod("p", { requests: { cpu: "2" } }));
    fail(["NodeResourcesFit"]);
    q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, mkNode("big", { cpu: "4" }));
    expect(q.locate(mkPod("p"))).toBe("Backoff");
    expect(q.hasPoppable()).toBe(true);
    expect(q.pop()?.pod.metadata?.name).toBe("p");
  });

  it("...but not before the pods of activeQ", () => {
    const { q, fail } = setup();
    q.add(mkPod("p", { requests: { cpu: "2" } }));
    fail(["NodeResourcesFit"]);
    q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, mkNode("big", { cpu: "4" }));
    q.add(mkPod("fresh"));
    expect(q.pop()?.pod.metadata?.name).toBe("fresh");
    expect(q.pop()?.pod.metadata?.name).toBe("p");
  });

  it("a pod rejected at 10.3 s with a 1 s backoff moves to activeQ at the 12 s tick", () => {
    const { loop, q, fail } = setup();
    const t0 = loop.now();
    loop.advance(10_300);
    q.add(mkPod("p", { requests: { cpu: "2" } }));
    fail(["NodeResourcesFit"]);
    q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, mkNode("big", { cpu: "4" }));
    const info = q.get(mkPod("p"))!;
    expect(q.backoffExpiration(info)! - t0).toBe(11_000);
    loop.advance(11_999 - 10_300);
    expect(q.locate(mkPod("p"))).toBe("Backoff");
    loop.advance(1);
    expect(q.locate(mkPod("p"))).toBe("Active");
  });
});

describe("unschedulable pool: queueing hints", () => {
  it("moves a pod only for events its rejecting plugin registered, when the hint says Queue", () => {
    const { q, fail } = setup();
    q.add(mkPod("p", { requests: { cpu: "2" } }));
    fail(["NodeResourcesFit"]);
    // UpdateNodeLabel: NodeResourcesFit does not register it.
    const labelled: ClusterEvent = { resource: "Node", actionType: ActionType.UpdateNodeLabel };
    q.moveAllToActiveOrBackoffQueue(labelled, mkNode("n"), mkNode("n", { labels: { a: "b" } }));
    expect(q.locate(mkPod("p"))).toBe("Unschedulable");
    // A node too small: the hint says QueueSkip.
    q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, mkNode("small", { cpu: "1" }));
    expect(q.locate(mkPod("p"))).toBe("Unschedulable");
    // An assigned pod added: nobody registered for it.
    q.moveAllToActiveOrBackoffQueue(EventAssignedPodAdd, undefined, mkPod("x", { node: "n" }));
    expect(q.locate(mkPod("p"))).toBe("Unschedulable");
    // An assigned pod deleted: may free cpu.
    q.moveAllToActiveOrBackoffQueue(EventAssignedPodDelete, mkPod("x", { node: "n" }), undefined);
    expect(q.locate(mkPod("p"))).not.toBe("Unschedulable");
  });

  it("a deleted pod that was never scheduled frees nothing", () => {
    const { q, fail } = setup();
    q.add(mkPod("p", { requests: { cpu: "2" } }));
    fail(["NodeResourcesFit"]);
    q.moveAllToActiveOrBackoffQueue(EventAssignedPodDelete, mkPod("pending"), undefined);
    expect(q.locate(mkPod("p"))).toBe("Unschedulable");
  });

  it("a preCheck narrows the pods considered", () => {
    const { q, fail } = setup();
    q.add(mkPod("p", { requests: { cpu: "2" } }));
    fail(["NodeResourcesFit"]);
    q.moveAllToActiveOrBackoffQueue(
      EventNodeAdd,
      undefined,
      mkNode("big", { cpu: "4" }),
      () => false,
    );
    expect(q.locate(mkPod("p"))).toBe("Unschedulable");
  });

  it("an update of the pod itself is judged by the same hints (a toleration for TaintToleration)", () => {
    const { q, fail } = setup();
    const pod = mkPod("p");
    q.add(pod);
    fail(["NodeAffinity"]);
    const relabelled: Pod = { ...pod, metadata: { ...pod.metadata, labels: { x: "y" } } };
    q.update(pod, relabelled);
    expect(q.locate(pod)).toBe("Unschedulable");

    q.delete(pod);
    q.add(pod);
    fail(["TaintToleration"]);
    const tolerating = mkPod("p", { tolerations: [{ operator: "Exists" }] });
    q.update(pod, tolerating);
    expect(q.locate(pod)).toBe("Backoff");
  });

  it("an update of a pod in no queue adds it to activeQ", () => {
    const { q } = setup();
    q.update(mkPod("p"), mkPod("p"));
    expect(q.locate(mkPod("p"))).toBe("Active");
  });

  it("pods waiting more than 5 minutes are flushed on the next 30 s tick", () => {
    const { loop, q, fail } = setup();
    const t0 = loop.now();
    loop.advance(10_000);
    q.add(mkPod("p", { nodeSelector: { disk: "ssd" } }));
    fail(["NodeAffinity"]); // p, at t0 + 10 s; limit at 5:10, ticks every 30 s from t0
    loop.advance(t0 + 329_999 - loop.now());
    expect(q.locate(mkPod("p"))).toBe("Unschedulable");
    loop.advance(1);
    expect(q.locate(mkPod("p"))).not.toBe("Unschedulable");
    expect(loop.now() - t0).toBe(330_000);
  });

  it("gated pods wait in the pool, survive the flush, and enter activeQ when the gates are gone", () => {
    const { loop, q } = setup();
    const gated = mkPod("g");
    gated.spec!.schedulingGates = [{ name: "example.com/wait" }];
    q.add(gated);
    expect(q.locate(gated)).toBe("Unschedulable");
    expect(q.hasPoppable()).toBe(false);
    loop.advance(700_000);
    expect(q.locate(gated)).toBe("Unschedulable");
    q.update(gated, mkPod("g"));
    expect(q.locate(gated)).toBe("Active");
  });
});

describe("properties", () => {
  it("a pod is in at most one place, and pop never returns a pod twice without a failure in between", () => {
    const op = fc.oneof(
      fc.record({ t: fc.constant("add" as const), i: fc.nat(5) }),
      fc.record({ t: fc.constant("pop" as const), plugins: fc.boolean() }),
      fc.record({ t: fc.constant("delete" as const), i: fc.nat(5) }),
      fc.record({ t: fc.constant("node" as const) }),
      fc.record({ t: fc.constant("time" as const), ms: fc.integer({ min: 1, max: 400_000 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { loop, q } = setup();
        const inFlight = new Set<string>();
        for (const o of ops) {
          if (o.t === "add") {
            const pod = mkPod(`p${o.i}`, { requests: { cpu: "2" } });
            if (q.locate(pod) === undefined && !inFlight.has(`p${o.i}`)) q.add(pod);
          } else if (o.t === "delete") q.delete(mkPod(`p${o.i}`));
          else if (o.t === "node")
            q.moveAllToActiveOrBackoffQueue(EventNodeAdd, undefined, mkNode("n", { cpu: "8" }));
          else if (o.t === "time") loop.advance(o.ms);
          else {
            const p = q.pop();
            if (p === undefined) continue;
            const name = p.pod.metadata!.name!;
            expect(inFlight.has(name)).toBe(false);
            expect(q.locate(p.pod)).toBeUndefined();
            if (o.plugins) p.unschedulablePlugins.add("NodeResourcesFit");
            q.addUnschedulableIfNotPresent(p);
          }
          const { active, backoff, unschedulable } = q.pendingPods();
          const all = [...active, ...backoff, ...unschedulable].map((p) => p.metadata!.name!);
          expect(new Set(all).size).toBe(all.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});
