/**
 * The taint eviction controller on the real in-memory apiserver, given/when/then
 * (taint_eviction_test.go's scenarios: TestCreatePod, TestDeletePod,
 * TestUpdatePod, TestCreateNode, TestDeleteNode, TestUpdateNode, in our
 * encoding). Taints are written by the test, as the node lifecycle
 * controller or a user would.
 */
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rfc3339 } from "@kubesim/sim";
import { ApiServer } from "@kubesim/apiserver";
import { worldFactory, type World } from "../nodelifecycle/testdata/world.js";

const world = worldFactory((o) => new ApiServer(o));
import { TaintEvictionController } from "./taint-eviction-controller.js";

const unreachable: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
const notReady: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoExecute" };

function start(w: World): TaintEvictionController {
  const c = new TaintEvictionController({
    client: w.client,
    informers: w.informers,
    loop: w.loop,
    recorder: w.broadcaster.newRecorder({ component: "taint-eviction-controller" }),
  });
  c.start();
  w.loop.settle();
  return c;
}

function setTaints(w: World, node: string, taints: Taint[]): void {
  const n = w.api.get("Node", undefined, node);
  w.api.update("Node", { ...n, spec: { ...n.spec, taints } });
}

const deleting = (w: World, name: string): boolean => {
  try {
    return w.pod(name).metadata?.deletionTimestamp !== undefined;
  } catch {
    return true;
  }
};

describe("taint eviction controller", () => {
  it("a pod that does not tolerate a NoExecute taint is evicted at once: event, condition, graceful DELETE", () => {
    const w = world();
    w.addNode("node-1");
    // It tolerates "other" and, from DefaultTolerationSeconds, not-ready and unreachable: not "dedicated".
    w.addPod("p", "node-1", {
      tolerations: [{ key: "other", operator: "Exists", effect: "NoExecute" }],
    });
    start(w);
    w.clear();
    setTaints(w, "node-1", [{ key: "dedicated", value: "x", effect: "NoExecute" }]);
    w.loop.settle();
    expect(w.messages("TaintManagerEviction")).toEqual([
      "Normal TaintManagerEviction Marking for deletion Pod default/p",
    ]);
    const p = w.pod("p");
    expect(p.status?.conditions?.find((c) => c.type === "DisruptionTarget")).toEqual({
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: rfc3339(w.loop.now()),
      reason: "DeletionByTaintManager",
      message: "Taint manager: deleting due to NoExecute taint",
    });
    expect(p.metadata?.deletionTimestamp).toBe(rfc3339(w.loop.now() + 30_000));
    expect(w.writes("Pod")).toEqual(["patch Pod default/p status", "delete Pod default/p"]);
    const e = w.events("TaintManagerEviction")[0]!;
    expect(e.source).toEqual({ component: "taint-eviction-controller" });
    expect(e.involvedObject).toEqual({
      kind: "Pod",
      apiVersion: "v1",
      name: "p",
      namespace: "default",
    });
  });

  it("the default 300 s toleration: evicted 300 s after the taint was observed, not before", () => {
    const w = world();
    w.addNode("node-1");
    w.addPod("web", "node-1"); // DefaultTolerationSeconds gives it 300 s for unreachable and not-ready
    start(w);
    w.loop.advance("7s");
    setTaints(w, "node-1", [{ ...unreachable, timeAdded: rfc3339(w.loop.now() - 60_000) }]);
    const observed = w.loop.now();
    w.loop.runUntil(() => deleting(w, "web"), { timeout: "10m" });
    // timeAdded does not count: observedAt + 300 s.
    expect(w.loop.now() - observed).toBe(300_000);
    expect(w.messages("TaintManagerEviction")).toEqual([
      "Normal TaintManagerEviction Marking for deletion Pod default/web",
    ]);
  });

  it("removing the taint first cancels the eviction, with an event", () => {
    const w = world();
    w.addNode("node-1");
    w.addPod("web", "node-1");
    start(w);
    setTaints(w, "node-1", [unreachable]);
    w.loop.advance("100s");
    setTaints(w, "node-1", []);
    w.loop.advance("10m");
    expect(deleting(w, "web")).toBe(false);
    expect(w.messages("TaintManagerEviction")).toEqual([
      "Normal TaintManagerEviction Cancelling deletion of Pod default/web",
    ]);
  });

  it("swapping unreachable for not-ready keeps the first schedule (createdAt earlier is kept)", () => {
    const w = world();
    w.addNode("node-1");
    w.addPod("web", "node-1");
    start(w);
    setTaints(w, "node-1", [unreachable]);
    const first = w.loop.now();
    w.loop.advance("60s");
    setTaints(w, "node-1", [notReady]);
    w.loop.runUntil(() => deleting(w, "web"), { timeout: "10m" });
    expect(w.loop.now() - first).toBe(300_000);
    expect(w.events("TaintManagerEviction").map((e) => e.message)).toEqual([
      "Marking for deletion Pod default/web",
    ]);
  });

  it("a pod tolerating forever stays; with several taints the smallest tolerationSeconds wins", () => {
    const w = world();
    w.addNode("node-1");
    const forever: Toleration[] = [{ operator: "Exists", effect: "NoExecute" }];
    w.addPod("forever", "node-1", { tolerations: forever });
    w.addPod("short", "node-1", {
      tolerations: [
        { key: "a", operator: "Exists", effect: "NoExecute", tolerationSeconds: 20 },
        { key: "b", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 },
      ],
    });
    start(w);
    setTaints(w, "node-1", [
      { key: "a", effect: "NoExecute" },
      { key: "b", effect: "NoExecute" },
      { key: "c", effect: "NoSchedule" },
    ]);
    const t = w.loop.now();
    w.loop.runUntil(() => deleting(w, "short"), { timeout: "1m" });
    expect(w.loop.now() - t).toBe(5_000);
    w.loop.advance("1h");
    expect(deleting(w, "forever")).toBe(false);
  });

  it("a pod bound to a node that is already tainted is handled when it arrives", () => {
    const w = world();
    w.addNode("node-1", { taints: [unreachable] });
    start(w);
    w.loop.advance("30s");
    w.addPod("late", "node-1", {
      tolerations: [{ ...unreachable, operator: "Exists", tolerationSeconds: 10 }],
    });
    const t = w.loop.now();
    w.loop.runUntil(() => deleting(w, "late"), { timeout: "1m" });
    expect(w.loop.now() - t).toBe(10_000);
  });

  it("a pod deleted by someone else while scheduled: the eviction is cancelled (event), nothing fires", () => {
    const w = world();
    w.addNode("node-1");
    w.addPod("web", "node-1");
    start(w);
    setTaints(w, "node-1", [unreachable]);
    w.loop.advance("10s");
    w.api.delete("Pod", "default", "web", { gracePeriodSeconds: 0 });
    w.loop.advance("10m");
    expect(w.messages("TaintManagerEviction")).toEqual([
      "Normal TaintManagerEviction Cancelling deletion of Pod default/web",
    ]);
  });

  it("a pod already gone when the eviction fires: the event, then five failed tries, no crash", () => {
    const w = world();
    w.addNode("node-1");
    w.addPod("web", "node-1", { tolerations: [] });
    const c = start(w);
    // Not tolerated: queued for now. Remove it between the decision and the deletion task.
    setTaints(w, "node-1", [{ key: "x", effect: "NoExecute" }]);
    w.loop.runUntil(() => c.taintEvictionQueue.keys().length > 0, { timeout: "1s" });
    w.api.delete("Pod", "default", "web", { gracePeriodSeconds: 0 });
    w.loop.settle();
    expect(w.messages("TaintManagerEviction")).toEqual([
      "Normal TaintManagerEviction Marking for deletion Pod default/web",
    ]);
  });

  it("property: evicted iff some NoExecute taint is not tolerated forever, exactly at observedAt + min(seconds)", () => {
    const keys = ["a", "b", "c"];
    const taintArb = fc
      .uniqueArray(fc.constantFrom(...keys), { maxLength: 3 })
      .map((ks) => ks.map((key) => ({ key, effect: "NoExecute" }) as Taint));
    const tolArb = fc.array(
      fc.record({
        key: fc.constantFrom("", ...keys),
        seconds: fc.option(fc.integer({ min: -5, max: 120 }), { nil: undefined }),
      }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(taintArb, tolArb, (taints, tols) => {
        const w = world();
        w.addNode("node-1");
        const tolerations: Toleration[] = tols.map((t) => ({
          ...(t.key === "" ? {} : { key: t.key }),
          operator: "Exists",
          effect: "NoExecute",
          ...(t.seconds === undefined ? {} : { tolerationSeconds: t.seconds }),
        }));
        // The admission adds its 300 s tolerations after these; they never match keys a-c.
        w.addPod("p", "node-1", { tolerations });
        start(w);
        setTaints(w, "node-1", taints);
        const observed = w.loop.now();
        const evicted = w.loop.runUntil(() => deleting(w, "p"), { timeout: "10m" });
        // The expected answer, from first principles.
        let expected: number | undefined;
        if (taints.length > 0) {
          const used = taints.map((taint) =>
            tolerations.find((t) => (t.key ?? "") === "" || t.key === taint.key),
          );
          if (used.some((t) => t === undefined)) expected = 0;
          else {
            const secs = used
              .map((t) => t!.tolerationSeconds)
              .filter((s): s is number => s !== undefined);
            if (secs.length > 0) expected = Math.max(0, Math.min(...secs)) * 1000;
          }
        }
        if (expected === undefined) expect(evicted).toBe(false);
        else {
          expect(evicted).toBe(true);
          expect(w.loop.now() - observed).toBe(expected);
        }
      }),
      { numRuns: 60 },
    );
  });
});
