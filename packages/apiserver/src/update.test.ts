import { describe, expect, it } from "vitest";
import { produce } from "immer";
import {
  isApiError,
  isConflict,
  isNotFound,
  type ApiError,
  type KindName,
  type KubeObject,
} from "@kubesim/api";
import {
  configMap,
  deployment,
  harness,
  pod,
  recorder,
  replicaSet,
  service,
  snapshot,
} from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("update (PUT)", () => {
  it("a stale resourceVersion is 409 with upstream's message, and nothing changes", () => {
    const h = harness();
    const d = h.api.create("Deployment", deployment("web"));
    h.api.update(
      "Deployment",
      produce(d, (x) => void (x.spec!.replicas = 2)),
    );
    const before = snapshot(h);
    const err = caught(() =>
      h.api.update(
        "Deployment",
        produce(d, (x) => void (x.spec!.replicas = 3)),
      ),
    );
    expect(isConflict(err)).toBe(true);
    expect(err.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(snapshot(h)).toEqual(before);
  });

  it("an empty resourceVersion is unconditional where allowed, 422 for Lease (AllowUnconditionalUpdate false)", () => {
    const { api } = harness();
    api.create("ConfigMap", configMap("c", { a: "1" }));
    const out = api.update("ConfigMap", {
      metadata: { name: "c", namespace: "default" },
      data: { a: "2" },
    });
    expect(out.data).toEqual({ a: "2" });
    api.create("Lease", {
      metadata: { name: "l", namespace: "default" },
      spec: { holderIdentity: "a" },
    });
    const err = caught(() =>
      api.update("Lease", {
        metadata: { name: "l", namespace: "default" },
        spec: { holderIdentity: "b" },
      }),
    );
    expect(err.message).toBe(
      'leases.coordination.k8s.io "l" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
    );
  });

  it("404 for a missing object; Service, Endpoints, Event and Lease are created by PUT", () => {
    const { api } = harness();
    expect(isNotFound(caught(() => api.update("ConfigMap", configMap("nope"))))).toBe(true);
    const svc = api.update("Service", service("s"));
    expect(svc.metadata?.uid).toBeDefined();
    expect(api.get("Service", "default", "s").metadata?.resourceVersion).toBe(
      svc.metadata?.resourceVersion,
    );
  });

  it("a uid that differs from the stored one is a precondition failure (409)", () => {
    const { api } = harness();
    const cm = api.create("ConfigMap", configMap("c"));
    const err = caught(() =>
      api.update(
        "ConfigMap",
        produce(cm, (x) => void (x.metadata!.uid = "other")),
      ),
    );
    expect(err.httpCode).toBe(409);
    expect(err.message).toContain(
      "Precondition failed: UID in precondition: other, UID in object meta:",
    );
  });

  it("generation: +1 on a spec change, not on metadata or status changes (Deployment also on annotations)", () => {
    const { api } = harness();
    let d = api.create("Deployment", deployment("web"));
    d = api.update(
      "Deployment",
      produce(d, (x) => void (x.metadata!.labels = { a: "b" })),
    );
    expect(d.metadata?.generation).toBe(1);
    d = api.update(
      "Deployment",
      produce(d, (x) => void (x.spec!.replicas = 4)),
    );
    expect(d.metadata?.generation).toBe(2);
    d = api.update(
      "Deployment",
      produce(d, (x) => void (x.metadata!.annotations = { note: "x" })),
    );
    expect(d.metadata?.generation).toBe(3);
    d = api.update(
      "Deployment",
      produce(d, (x) => void (x.status = { replicas: 4, observedGeneration: 3 })),
      {
        subresource: "status",
      },
    );
    expect(d.metadata?.generation).toBe(3);
    expect(d.status).toEqual({ replicas: 4, observedGeneration: 3 });
    let rs = api.create("ReplicaSet", replicaSet("rs"));
    rs = api.update(
      "ReplicaSet",
      produce(rs, (x) => void (x.metadata!.annotations = { note: "x" })),
    );
    expect(rs.metadata?.generation).toBe(1);
    const cm = api.create("ConfigMap", configMap("c"));
    expect(
      api.update(
        "ConfigMap",
        produce(cm, (x) => void (x.data = { k: "v" })),
      ).metadata?.generation,
    ).toBeUndefined();
  });

  it("a client cannot change generation, uid, creationTimestamp or status through the main resource", () => {
    const { api, loop } = harness();
    let d = api.create("Deployment", deployment("web"));
    d = api.update(
      "Deployment",
      produce(d, (x) => void (x.status = { replicas: 9 })),
      { subresource: "status" },
    );
    loop.advance("1h");
    const out = api.update(
      "Deployment",
      produce(d, (x) => {
        x.metadata!.generation = 1;
        x.metadata!.creationTimestamp = "2030-01-01T00:00:00Z";
        delete x.metadata!.uid;
        x.status = { replicas: 1 };
        x.spec!.paused = true;
      }),
    );
    expect(out.metadata?.generation).toBe(2);
    expect(out.metadata?.creationTimestamp).toBe(d.metadata?.creationTimestamp);
    expect(out.metadata?.uid).toBe(d.metadata?.uid);
    expect(out.status).toEqual({ replicas: 9 });
  });

  it("the status subresource writes only status; 404 for kinds without one", () => {
    const { api } = harness();
    const d = api.create("Deployment", deployment("web"));
    const out = api.update(
      "Deployment",
      produce(d, (x) => {
        x.spec!.replicas = 5;
        x.metadata!.labels = { sneaky: "yes" };
        x.status = { readyReplicas: 1 };
      }),
      { subresource: "status" },
    );
    expect(out.spec?.replicas).toBe(1);
    expect(out.metadata?.labels).toBeUndefined();
    expect(out.status).toEqual({ readyReplicas: 1 });
    const cm = api.create("ConfigMap", configMap("c"));
    expect(caught(() => api.update("ConfigMap", cm, { subresource: "status" })).httpCode).toBe(404);
  });

  it("a status write takes the request's metadata except what the status strategy resets (deploymentStatusStrategy: spec, labels)", () => {
    const { api } = harness();
    const d = api.create("Deployment", deployment("web"));
    const out = api.update(
      "Deployment",
      produce(d, (x) => {
        x.metadata!.annotations = { "deployment.kubernetes.io/revision": "1" };
        x.metadata!.labels = { reset: "yes" };
        x.metadata!.finalizers = ["example.com/hold"];
        x.status = { observedGeneration: 1 };
      }),
      { subresource: "status" },
    );
    expect(out.metadata?.annotations).toEqual({ "deployment.kubernetes.io/revision": "1" });
    expect(out.metadata?.finalizers).toEqual(["example.com/hold"]);
    expect(out.metadata?.labels).toBeUndefined();
    // Only the main strategy bumps generation on an annotation change.
    expect(out.metadata?.generation).toBe(1);
    expect(api.get("Deployment", "default", "web")).toEqual(out);

    // rsStatusStrategy resets only the spec: labels go through.
    const rs = api.create("ReplicaSet", replicaSet("rs"));
    const rsOut = api.update(
      "ReplicaSet",
      produce(rs, (x) => {
        x.metadata!.labels = { added: "by-status" };
        x.spec!.replicas = 7;
      }),
      { subresource: "status" },
    );
    expect(rsOut.metadata?.labels).toEqual({ added: "by-status" });
    expect(rsOut.spec?.replicas).toBe(1);
  });

  it("a pod status write keeps the stored ownerReferences and backfills an empty qosClass (podStatusStrategy)", () => {
    const { api } = harness();
    const owner = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      name: "rs",
      uid: "11111111-1111-1111-1111-111111111111",
      controller: true,
    };
    const p = api.create(
      "Pod",
      produce(pod("p", { app: "web" }), (x) => void (x.metadata!.ownerReferences = [owner])),
    );
    expect(p.status?.qosClass).toBe("BestEffort");
    const out = api.update(
      "Pod",
      produce(p, (x) => {
        x.metadata!.labels = { app: "web", extra: "1" };
        x.metadata!.annotations = { note: "kubelet" };
        x.metadata!.ownerReferences = [];
        x.status = { phase: "Running" };
      }),
      { subresource: "status" },
    );
    expect(out.metadata?.labels).toEqual({ app: "web", extra: "1" });
    expect(out.metadata?.annotations).toEqual({ note: "kubelet" });
    expect(out.metadata?.ownerReferences).toEqual([owner]);
    expect(out.status).toEqual({ phase: "Running", qosClass: "BestEffort" });
  });

  it("pod conditions read back as kube-apiserver encodes them: a missing lastProbeTime is null", () => {
    const { api } = harness();
    const p = api.create("Pod", pod("p"));
    const written = produce(p, (x) => {
      x.status!.conditions = [
        { type: "Ready", status: "True", lastTransitionTime: "2024-01-01T00:00:00Z" },
      ];
    });
    const out = api.update("Pod", written, { subresource: "status" });
    expect(out.status?.conditions).toEqual([
      {
        type: "Ready",
        status: "True",
        lastProbeTime: null,
        lastTransitionTime: "2024-01-01T00:00:00Z",
      },
    ]);
    expect(Object.keys(out.status?.conditions?.[0] ?? {})).toEqual([
      "type",
      "status",
      "lastProbeTime",
      "lastTransitionTime",
    ]);
    // Writing the same condition again changes nothing.
    expect(
      api.update("Pod", { ...written, metadata: out.metadata! }, { subresource: "status" }),
    ).toBe(out);
  });

  it("an update that changes nothing writes nothing (no revision, no event, no trace entry)", () => {
    const h = harness();
    const d = h.api.create("Deployment", deployment("web"));
    const rec = recorder();
    h.api.watch("Deployment", { resourceVersion: d.metadata!.resourceVersion! }, rec.handler);
    const before = snapshot(h);
    const out = h.api.update("Deployment", d);
    expect(out).toBe(d);
    h.loop.settle();
    expect(rec.events).toEqual([]);
    expect(snapshot(h)).toEqual(before);
  });

  it("validation on update: immutable fields (Deployment selector) are 422", () => {
    const h = harness();
    const d = h.api.create("Deployment", deployment("web"));
    const before = snapshot(h);
    const err = caught(() =>
      h.api.update(
        "Deployment",
        produce(d, (x) => {
          x.spec!.selector = { matchLabels: { app: "other" } };
          x.spec!.template!.metadata!.labels = { app: "other" };
        }),
      ),
    );
    expect(err.httpCode).toBe(422);
    expect(err.status.details?.causes?.some((c) => c.field === "spec.selector")).toBe(true);
    expect(snapshot(h)).toEqual(before);
  });

  it("no new finalizers once deletion started; removing the last finalizer removes the object", () => {
    const h = harness();
    h.api.create("ConfigMap", {
      ...configMap("c"),
      metadata: { name: "c", finalizers: ["example.com/a"] },
    });
    const marked = h.api.delete("ConfigMap", "default", "c").object;
    expect(marked.metadata?.deletionTimestamp).toBeDefined();
    const err = caught(() =>
      h.api.update(
        "ConfigMap",
        produce(marked, (x) => void x.metadata!.finalizers!.push("example.com/b")),
      ),
    );
    expect(err.message).toContain(
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}',
    );
    const rec = recorder();
    h.api.watch("ConfigMap", { resourceVersion: marked.metadata!.resourceVersion! }, rec.handler);
    h.api.update(
      "ConfigMap",
      produce(marked, (x) => void (x.metadata!.finalizers = [])),
    );
    expect(isNotFound(caught(() => h.api.get("ConfigMap", "default", "c")))).toBe(true);
    h.loop.settle();
    expect(rec.summary()).toEqual([`DELETED c ${h.api.resourceVersion}`]);
    // The DELETED event carries the last stored state, finalizer included, at the delete's revision.
    expect(rec.events[0]!.object).toMatchObject({ metadata: { finalizers: ["example.com/a"] } });
  });

  it("each metadata update error is reported once, for every kind, Event and EndpointSlice included", () => {
    const h = harness();
    const objects: [KindName, KubeObject][] = [
      ["ConfigMap", configMap("c")],
      ["Pod", pod("p")],
      [
        "Event",
        {
          metadata: { name: "e", namespace: "default" },
          involvedObject: { kind: "Pod", name: "p", namespace: "default" },
          reason: "Scheduled",
        } as KubeObject,
      ],
      [
        "EndpointSlice",
        {
          metadata: { name: "s", namespace: "default" },
          addressType: "IPv4",
          endpoints: [{ addresses: ["10.0.0.1"] }],
        } as KubeObject,
      ],
    ];
    for (const [kind, obj] of objects) {
      const stored = h.api.create(kind, {
        ...obj,
        metadata: { ...obj.metadata, finalizers: ["example.com/a"] },
      } as never);
      const name = stored.metadata!.name!;
      const marked = h.api.delete(kind, "default", name).object as KubeObject;
      const err = caught(() =>
        h.api.update(
          kind,
          produce(marked, (x) => {
            x.metadata!.finalizers!.push("example.com/b");
            x.metadata!.deletionGracePeriodSeconds = 99;
          }) as never,
        ),
      );
      expect(
        err.status.details?.causes?.map((c) => `${c.field ?? ""}: ${c.message ?? ""}`),
        kind,
      ).toEqual([
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}',
        "metadata.deletionGracePeriodSeconds: Invalid value: 99: field is immutable",
      ]);
    }
  });

  it("a spec change after metadata-only updates is validated in full (the identity memo never hides it)", () => {
    const h = harness();
    let p = h.api.create("Pod", pod("p"));
    for (let i = 0; i < 3; i++)
      p = h.api.update(
        "Pod",
        produce(p, (x) => void (x.metadata!.labels = { rev: String(i) })),
      );
    const before = snapshot(h);
    const badImage = caught(() =>
      h.api.update(
        "Pod",
        produce(p, (x) => {
          x.metadata!.labels = { rev: "bad" };
          x.spec!.containers[0]!.image = " nginx:1.26";
        }),
      ),
    );
    expect(badImage.status.details?.causes?.map((c) => c.field)).toEqual([
      "spec.containers[0].image",
      "spec.containers[0].image",
    ]);
    expect(snapshot(h)).toEqual(before);
    let d = h.api.create("Deployment", deployment("web"));
    d = h.api.update(
      "Deployment",
      produce(d, (x) => void (x.spec!.replicas = 3)),
    );
    const before2 = snapshot(h);
    const badTemplate = caught(() =>
      h.api.update(
        "Deployment",
        produce(d, (x) => void (x.spec!.template.spec!.containers[0]!.name = "Bad_Name")),
      ),
    );
    expect(badTemplate.httpCode).toBe(422);
    expect(badTemplate.message).toContain(
      'spec.template.spec.containers[0].name: Invalid value: "Bad_Name"',
    );
    expect(snapshot(h)).toEqual(before2);
  });

  it("update needs a name", () => {
    const { api } = harness();
    expect(caught(() => api.update("ConfigMap", { data: {} })).message).toContain(
      "metadata.name: Required value: name or generateName is required",
    );
  });

  it("pods: spec is immutable apart from the fields upstream allows", () => {
    const { api } = harness();
    const p = api.create("Pod", pod("p"));
    const ok = api.update(
      "Pod",
      produce(p, (x) => void (x.spec!.containers[0]!.image = "nginx:1.26")),
    );
    expect(ok.spec?.containers[0]?.image).toBe("nginx:1.26");
    expect(ok.metadata?.generation).toBe(2);
    expect(
      caught(() =>
        api.update(
          "Pod",
          produce(ok, (x) => void (x.spec!.restartPolicy = "Never")),
        ),
      ).httpCode,
    ).toBe(422);
  });

  it("a body without metadata.namespace takes the request's (EnsureObjectNamespaceMatchesRequestNamespace)", () => {
    const { api } = harness();
    api.create("ConfigMap", configMap("c", { a: "1" }));
    const u = api.update("ConfigMap", { metadata: { name: "c" }, data: { a: "2" } });
    expect(u.metadata?.namespace).toBe("default");
    expect(u.data).toEqual({ a: "2" });
  });
});
