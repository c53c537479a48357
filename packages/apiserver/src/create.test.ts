import { describe, expect, it } from "vitest";
import {
  isAlreadyExists,
  isApiError,
  isBadRequest,
  isInvalid,
  isNotFound,
  type ApiError,
} from "@kubesim/api";
import { configMap, deployment, harness, pod, snapshot } from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("create and get", () => {
  it("starts with kube-apiserver's namespaces at resourceVersions 1-4", () => {
    const { api, trace } = harness();
    expect(
      api.list("Namespace").items.map((n) => [n.metadata?.name, n.metadata?.resourceVersion]),
    ).toEqual([
      ["default", "1"],
      ["kube-node-lease", "4"],
      ["kube-public", "3"],
      ["kube-system", "2"],
    ]);
    const ns = api.get("Namespace", undefined, "kube-system");
    expect(ns.status).toEqual({ phase: "Active" });
    expect(ns.spec).toEqual({ finalizers: ["kubernetes"] });
    expect(ns.metadata?.labels).toEqual({ "kubernetes.io/metadata.name": "kube-system" });
    expect(trace.length).toBe(4);
  });

  it("fills system metadata: uid from the rng, creationTimestamp from the clock, one revision counter across kinds", () => {
    const { api, loop } = harness();
    loop.advance("90s");
    const cm = api.create("ConfigMap", configMap("a"));
    const d = api.create("Deployment", deployment("web"));
    expect(cm.metadata).toMatchObject({
      name: "a",
      namespace: "default",
      resourceVersion: "5",
      creationTimestamp: "2024-01-01T00:01:30Z",
    });
    expect(cm.metadata?.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(d.metadata?.resourceVersion).toBe("6");
    // metadata keys in kube-apiserver's order
    expect(Object.keys(d.metadata!)).toEqual([
      "name",
      "namespace",
      "uid",
      "resourceVersion",
      "generation",
      "creationTimestamp",
      "managedFields",
    ]);
    expect(api.resourceVersion).toBe("6");
  });

  it("generation: 1 for kinds that keep one, absent for ConfigMap; status reset by PrepareForCreate", () => {
    const { api } = harness();
    const d = api.create("Deployment", { ...deployment("web"), status: { replicas: 7 } });
    expect(d.metadata?.generation).toBe(1);
    expect(d.status).toEqual({});
    expect(api.create("ConfigMap", configMap("c")).metadata?.generation).toBeUndefined();
    const p = api.create("Pod", { ...pod("p"), status: { phase: "Running" } });
    expect(p.metadata?.generation).toBe(1);
    expect(p.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
  });

  it("computes the pod QoS class", () => {
    const { api } = harness();
    const guaranteed = pod("g");
    guaranteed.spec!.containers[0]!.resources = { limits: { cpu: "1", memory: "1Gi" } };
    const burstable = pod("b");
    burstable.spec!.containers[0]!.resources = { requests: { cpu: "100m" } };
    expect(api.create("Pod", guaranteed).status?.qosClass).toBe("Guaranteed");
    expect(api.create("Pod", burstable).status?.qosClass).toBe("Burstable");
  });

  it("a pod with scheduling gates starts with PodScheduled=False SchedulingGated (applySchedulingGatedCondition)", () => {
    const { api, loop } = harness();
    loop.advance("90s");
    const base = pod("gated");
    // A PodScheduled condition in the request is dropped with the rest of its status.
    const out = api.create("Pod", {
      ...base,
      spec: { ...base.spec!, schedulingGates: [{ name: "example.com/gate" }] },
      status: { conditions: [{ type: "PodScheduled", status: "True" }] },
    });
    expect(out.status).toEqual({
      phase: "Pending",
      conditions: [
        {
          type: "PodScheduled",
          status: "False",
          lastProbeTime: null,
          lastTransitionTime: out.metadata?.creationTimestamp,
          reason: "SchedulingGated",
          message: "Scheduling is blocked due to non-empty scheduling gates",
        },
      ],
      qosClass: "BestEffort",
    });
    expect(out.metadata?.creationTimestamp).toBe("2024-01-01T00:01:30Z");
    // Key order follows PodStatus and PodCondition.
    expect(Object.keys(out.status ?? {})).toEqual(["phase", "conditions", "qosClass"]);
    const ungated = api.create("Pod", {
      ...pod("free"),
      spec: { ...pod("free").spec!, schedulingGates: [] },
    });
    expect(ungated.status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
  });

  it("applies defaults (admission step 1) before storing", () => {
    const { api } = harness();
    const d = api.create("Deployment", deployment("web"));
    expect(d.spec?.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" },
    });
    expect(d.spec?.revisionHistoryLimit).toBe(10);
    expect(d.spec?.progressDeadlineSeconds).toBe(600);
    expect(api.create("Pod", pod("p")).spec?.restartPolicy).toBe("Always");
  });

  it("returns frozen objects and never freezes or keeps the caller's object", () => {
    const { api } = harness();
    const input = configMap("a", { k: "v" });
    const out = api.create("ConfigMap", input);
    expect(Object.isFrozen(out)).toBe(true);
    expect(Object.isFrozen(out.data)).toBe(true);
    expect(Object.isFrozen(input)).toBe(false);
    input.data!["k"] = "changed";
    expect(api.get("ConfigMap", "default", "a").data).toEqual({ k: "v" });
  });

  it("fills apiVersion and kind when absent; refuses another kind or version", () => {
    const { api } = harness();
    const out = api.create("ConfigMap", { metadata: { name: "x" } });
    expect(out.apiVersion).toBe("v1");
    expect(out.kind).toBe("ConfigMap");
    expect(
      caught(() =>
        api.create("Deployment", { ...deployment("d"), apiVersion: "extensions/v1beta1" } as never),
      ).message,
    ).toBe(
      "the API version in the data (extensions/v1beta1) does not match the expected API version (apps/v1)",
    );
    expect(
      isBadRequest(
        caught(() => api.create("ConfigMap", { kind: "Secret", metadata: { name: "y" } } as never)),
      ),
    ).toBe(true);
  });

  it("generateName draws a 5-character suffix from the seeded rng", () => {
    const a = harness({ seed: 7 }).api.create("Pod", {
      ...pod(""),
      metadata: { generateName: "web-", namespace: "default" },
    });
    const b = harness({ seed: 7 }).api.create("Pod", {
      ...pod(""),
      metadata: { generateName: "web-", namespace: "default" },
    });
    expect(a.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(b.metadata?.name).toBe(a.metadata?.name);
    expect(a.metadata?.generateName).toBe("web-");
  });

  it("generateName retries a colliding name (RetryGenerateName), then gives up after 8 attempts", () => {
    const { api } = harness({ seed: 3 });
    // Take every name the next 8 draws would produce, by creating them first with a twin server.
    const twin = harness({ seed: 3 }).api;
    const names: string[] = [];
    for (let i = 0; i < 8; i++) {
      names.push(twin.create("ConfigMap", { metadata: { generateName: "g-" } }).metadata!.name!);
    }
    api.create("ConfigMap", configMap(names[0]!));
    // The first draw collides; the second succeeds.
    expect(api.create("ConfigMap", { metadata: { generateName: "g-" } }).metadata?.name).toBe(
      names[1],
    );
    const blocked = harness({ seed: 3 }).api;
    for (const n of names) blocked.create("ConfigMap", configMap(n));
    const err = caught(() => blocked.create("ConfigMap", { metadata: { generateName: "g-" } }));
    expect(isAlreadyExists(err)).toBe(true);
    expect(err.message).toBe(
      `configmaps "${names[7]}" already exists, the server was not allowed to generate a unique name`,
    );
  });

  it("409 AlreadyExists with upstream's wording; 'object is being deleted' while it terminates", () => {
    const { api } = harness();
    api.create("Deployment", deployment("web"));
    const err = caught(() => api.create("Deployment", deployment("web")));
    expect(err.httpCode).toBe(409);
    expect(err.message).toBe('deployments.apps "web" already exists');
    api.create("ConfigMap", {
      ...configMap("held"),
      metadata: { name: "held", finalizers: ["example.com/hold"] },
    });
    api.delete("ConfigMap", "default", "held");
    expect(caught(() => api.create("ConfigMap", configMap("held"))).message).toBe(
      'object is being deleted: configmaps "held" already exists',
    );
  });

  it("refuses a resourceVersion on create", () => {
    const { api } = harness();
    const err = caught(() =>
      api.create("ConfigMap", { metadata: { name: "a", resourceVersion: "3" } }),
    );
    expect(err.message).toBe("resourceVersion should not be set on objects to be created");
  });

  it("422 Invalid naming the field, and the store is unchanged", () => {
    const h = harness();
    const before = snapshot(h);
    const err = caught(() =>
      h.api.create("Deployment", {
        ...deployment("web"),
        spec: { ...deployment("web").spec!, replicas: -1 },
      }),
    );
    expect(isInvalid(err)).toBe(true);
    expect(err.message).toContain(
      'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1',
    );
    expect(err.status.details?.causes?.[0]?.field).toBe("spec.replicas");
    const bad = caught(() => h.api.create("ConfigMap", configMap("Not_A_Name")));
    expect(bad.status.details?.causes?.[0]?.field).toBe("metadata.name");
    expect(snapshot(h)).toEqual(before);
  });

  it("cluster-scoped kinds drop a namespace; namespaced kinds default to 'default'", () => {
    const { api } = harness();
    expect(
      api.create("Namespace", { metadata: { name: "team", namespace: "default" } }).metadata
        ?.namespace,
    ).toBeUndefined();
    expect(api.create("ConfigMap", { metadata: { name: "x" } }).metadata?.namespace).toBe(
      "default",
    );
  });

  it("get: 404 with upstream's wording; empty name is 400", () => {
    const { api } = harness();
    const err = caught(() => api.get("Deployment", "default", "nope"));
    expect(isNotFound(err)).toBe(true);
    expect(err.message).toBe('deployments.apps "nope" not found');
    expect(err.status.details).toMatchObject({ name: "nope", group: "apps", kind: "deployments" });
    expect(caught(() => api.get("Pod", "default", "")).message).toBe(
      "resource name may not be empty",
    );
  });

  it("unknown kinds are 404 naming the kind", () => {
    const h = harness();
    const err = caught(() => h.api.create("CronJob" as never, {} as never));
    expect(err.httpCode).toBe(404);
    expect(err.status.details?.causes?.[0]).toMatchObject({ field: "kind" });
    expect(() => h.api.list("Widget" as never)).toThrow(/could not find the requested resource/);
  });

  it("dryRun validates and defaults but stores nothing", () => {
    const h = harness();
    const before = snapshot(h);
    const out = h.api.create("Deployment", deployment("web"), { dryRun: true });
    expect(out.spec?.revisionHistoryLimit).toBe(10);
    expect(out.metadata?.resourceVersion).toBeUndefined();
    expect(snapshot(h)).toEqual(before);
  });
});
