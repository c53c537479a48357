/**
 * The pod garbage collector on the real in-memory apiserver and a sim loop.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { rfc3339 } from "@kubesim/sim";
import { ApiServer } from "@kubesim/apiserver";
import { worldFactory, type World } from "../nodelifecycle/testdata/world.js";

const world = worldFactory((o) => new ApiServer(o));
import { PodGCController, podStatusPatch } from "./pod-gc-controller.js";

function start(w: World, threshold?: number): PodGCController {
  const c = new PodGCController({
    client: w.client,
    informers: w.informers,
    loop: w.loop,
    ...(threshold === undefined ? {} : { terminatedPodThreshold: threshold }),
  });
  c.start();
  w.loop.settle();
  return c;
}

const exists = (w: World, name: string): boolean => {
  try {
    w.pod(name);
    return true;
  } catch {
    return false;
  }
};

describe("pod GC controller", () => {
  it("orphans: a node gone for the 40 s quarantine -> Failed, DisruptionTarget, force-deleted", () => {
    const w = world();
    w.addNode("node-1");
    w.addNode("node-2");
    w.addPod("orphan", "node-1");
    w.addPod("fine", "node-2");
    start(w);
    const seen: unknown[] = [];
    w.api.watch("Pod", { resourceVersion: w.api.list("Pod").metadata.resourceVersion! }, (e) =>
      seen.push(e),
    );
    w.api.delete("Node", undefined, "node-1");
    w.loop.settle();
    // Passes at 0, 20, 40, 60 s: seen missing at 20 s, quarantined until 60 s.
    w.loop.advance("59s");
    expect(exists(w, "orphan")).toBe(true);
    w.loop.advance("1s");
    expect(exists(w, "orphan")).toBe(false);
    expect(exists(w, "fine")).toBe(true);
    const [patched, marked, gone] = seen as {
      type: string;
      object: Pod;
    }[];
    expect(patched!.type).toBe("MODIFIED");
    expect(patched!.object.status?.phase).toBe("Failed");
    expect(patched!.object.status?.conditions?.find((c) => c.type === "DisruptionTarget")).toEqual({
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: rfc3339(w.loop.now()),
      reason: "DeletionByPodGC",
      message: "PodGC: node no longer exists",
    });
    expect(marked!.object.metadata?.deletionGracePeriodSeconds).toBe(0);
    expect(gone!.type).toBe("DELETED");
    expect(w.writes("Pod")).toEqual([
      "patch Pod default/orphan status",
      "delete Pod default/orphan",
    ]);
  });

  it("a node that comes back during the quarantine saves its pods", () => {
    const w = world();
    w.addNode("node-1");
    w.addPod("p", "node-1");
    start(w);
    w.api.delete("Node", undefined, "node-1");
    w.loop.advance("30s");
    w.addNode("node-1");
    w.loop.advance("5m");
    expect(exists(w, "p")).toBe(true);
  });

  it("terminated pods beyond the threshold go, oldest first", () => {
    const w = world();
    w.addNode("node-1");
    for (const [i, name] of ["old", "mid", "new"].entries()) {
      w.addPod(name, "node-1", { phase: "Succeeded" });
      w.loop.advance(1000 * (i + 1));
    }
    w.addPod("running", "node-1");
    start(w, 1);
    expect(
      w
        .pods()
        .map((p) => p.metadata?.name)
        .sort(),
    ).toEqual(["new", "running"]);
  });

  it("unscheduled terminating pods are marked Failed and force-deleted", () => {
    const w = world();
    w.api.create("Pod", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "stuck", namespace: "default", finalizers: ["example.com/hold"] },
      spec: { containers: [{ name: "c", image: "nginx" }] },
    });
    w.api.delete("Pod", "default", "stuck");
    start(w);
    // The finalizer still holds it, but it was marked Failed and deleted with grace 0.
    const p = w.pod("stuck");
    expect(p.status?.phase).toBe("Failed");
    expect(p.metadata?.deletionGracePeriodSeconds).toBe(0);
  });

  it("terminating pods on a not-ready out-of-service node go", () => {
    const w = world();
    w.addNode("node-1", {
      ready: "False",
      taints: [
        { key: "node.kubernetes.io/out-of-service", value: "nodeshutdown", effect: "NoExecute" },
      ],
    });
    w.addPod("p", "node-1");
    w.api.delete("Pod", "default", "p");
    expect(exists(w, "p")).toBe(true);
    start(w);
    expect(exists(w, "p")).toBe(false);
  });

  it("runs every 20 s", () => {
    const w = world();
    w.addNode("node-1");
    start(w, 1);
    w.loop.advance("5s");
    w.addPod("a", "node-1", { phase: "Failed" });
    w.addPod("b", "node-1", { phase: "Failed" });
    w.loop.advance("14999ms");
    expect(w.pods()).toHaveLength(2);
    w.loop.advance("1ms");
    expect(w.pods()).toHaveLength(1);
  });

  it("podStatusPatch carries the uid, the phase and the changed conditions only", () => {
    expect(
      podStatusPatch(
        {
          metadata: { uid: "u" },
          status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
        },
        {
          phase: "Failed",
          conditions: [
            { type: "Ready", status: "True" },
            { type: "DisruptionTarget", status: "True" },
          ],
        },
      ),
    ).toEqual({
      metadata: { uid: "u" },
      status: { phase: "Failed", conditions: [{ type: "DisruptionTarget", status: "True" }] },
    });
  });
});
