import { describe, expect, it } from "vitest";
import { isApiError, type ApiError } from "@kubesim/api";
import { deployment, harness, pod, recorder, replicaSet, snapshot } from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("scale subresource", () => {
  it("reads an autoscaling/v1 Scale of a Deployment or ReplicaSet", () => {
    const h = harness();
    const d = h.api.create("Deployment", deployment("web", 3));
    h.api.update(
      "Deployment",
      { ...h.api.get("Deployment", "default", "web"), status: { replicas: 2 } },
      { subresource: "status" },
    );
    const s = h.api.getScale("Deployment", "default", "web");
    expect(s).toEqual({
      apiVersion: "autoscaling/v1",
      kind: "Scale",
      metadata: {
        name: "web",
        namespace: "default",
        uid: d.metadata!.uid,
        resourceVersion: h.api.resourceVersion,
        creationTimestamp: d.metadata!.creationTimestamp,
      },
      spec: { replicas: 3 },
      status: { replicas: 2, selector: "app=web" },
    });
    h.api.create("ReplicaSet", replicaSet("rs", 2));
    expect(h.api.getScale("ReplicaSet", "default", "rs").spec).toEqual({ replicas: 2 });
  });

  it("writing the Scale sets spec.replicas through the update path (generation bumps); a stale one is 409", () => {
    const h = harness();
    h.api.create("Deployment", deployment("web", 1));
    const s = h.api.getScale("Deployment", "default", "web");
    const out = h.api.updateScale("Deployment", "default", "web", { ...s, spec: { replicas: 4 } });
    expect(out.spec).toEqual({ replicas: 4 });
    expect(h.api.get("Deployment", "default", "web").metadata?.generation).toBe(2);
    const err = caught(() =>
      h.api.updateScale("Deployment", "default", "web", { ...s, spec: { replicas: 5 } }),
    );
    expect(err.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    // without a resourceVersion: unconditional
    expect(
      h.api.updateScale("Deployment", "default", "web", {
        spec: { replicas: 6 },
        metadata: { name: "web" },
      }).spec,
    ).toEqual({
      replicas: 6,
    });
  });

  it("refuses a negative replica count (422 Scale) and kinds without scale, changing nothing", () => {
    const h = harness();
    h.api.create("Deployment", deployment("web"));
    const before = snapshot(h);
    const err = caught(() =>
      h.api.updateScale("Deployment", "default", "web", {
        metadata: { name: "web" },
        spec: { replicas: -1 },
      }),
    );
    expect(err.message).toBe(
      'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(caught(() => h.api.getScale("Pod" as never, "default", "x")).httpCode).toBe(404);
    expect(caught(() => h.api.getScale("Deployment", "default", "nope")).message).toBe(
      'deployments.apps "nope" not found',
    );
    expect(snapshot(h)).toEqual(before);
  });
});

describe("binding subresource", () => {
  it("sets spec.nodeName and PodScheduled=True in one write", () => {
    const h = harness();
    h.api.create("Pod", pod("p"));
    const rec = recorder();
    h.api.watch("Pod", { resourceVersion: h.api.resourceVersion }, rec.handler);
    h.loop.advance("2s");
    h.api.bind("default", {
      metadata: { name: "p", annotations: { "scheduler.example/score": "7" } },
      target: { kind: "Node", name: "node-1" },
    });
    const p = h.api.get("Pod", "default", "p");
    expect(p.spec?.nodeName).toBe("node-1");
    expect(p.metadata?.annotations).toEqual({ "scheduler.example/score": "7" });
    expect(p.status?.conditions).toEqual([
      {
        type: "PodScheduled",
        status: "True",
        lastProbeTime: null,
        lastTransitionTime: "2024-01-01T00:00:02Z",
      },
    ]);
    h.loop.settle();
    expect(rec.events.map((e) => e.type)).toEqual(["MODIFIED"]);
  });

  it("409 when already bound, with upstream's message; bad bindings are 422 naming the field", () => {
    const h = harness();
    h.api.create("Pod", pod("p"));
    h.api.bind("default", { metadata: { name: "p" }, target: { name: "node-1" } });
    const before = snapshot(h);
    const err = caught(() =>
      h.api.bind("default", { metadata: { name: "p" }, target: { name: "node-2" } }),
    );
    expect(err.httpCode).toBe(409);
    expect(err.message).toBe(
      'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "node-1"',
    );
    expect(
      caught(() => h.api.bind("default", { metadata: { name: "p" }, target: { name: "" } })).status
        .details?.causes?.[0]?.field,
    ).toBe("target.name");
    expect(
      caught(() =>
        h.api.bind("default", { metadata: { name: "p" }, target: { kind: "Pod", name: "x" } }),
      ).message,
    ).toContain('target.kind: Unsupported value: "Pod"');
    expect(
      caught(() => h.api.bind("default", { metadata: { name: "q" }, target: { name: "n" } }))
        .message,
    ).toBe('pods "q" not found');
    expect(snapshot(h)).toEqual(before);
  });

  it("refuses to bind a pod that is being deleted", () => {
    const h = harness();
    h.api.create("Pod", {
      ...pod("p"),
      metadata: { name: "p", namespace: "default", finalizers: ["example.com/x"] },
    });
    h.api.delete("Pod", "default", "p");
    expect(
      caught(() => h.api.bind("default", { metadata: { name: "p" }, target: { name: "n" } }))
        .message,
    ).toBe(
      'Operation cannot be fulfilled on pods/binding "p": pod p is being deleted, cannot be assigned to a host',
    );
  });
});
