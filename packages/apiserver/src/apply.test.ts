import { describe, expect, it } from "vitest";
import { isApiError, type ApiError } from "@kubesim/api";
import type { Deployment } from "kubernetes-types/apps/v1";
import { harness, snapshot } from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

/** The tutorial's deployment, as kubectl apply --server-side sends it. */
function manifest(replicas = 3, image = "myapp:v1.2"): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "my-api", namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "my-api" } },
      template: {
        metadata: { labels: { app: "my-api" } },
        spec: { containers: [{ name: "api", image, ports: [{ containerPort: 8080 }] }] },
      },
    },
  };
}

const apply = (
  h: ReturnType<typeof harness>,
  body: unknown,
  manager = "kubectl",
  force?: boolean,
) =>
  h.api.patch("Deployment", "default", "my-api", "apply", body, {
    fieldManager: manager,
    ...(force === undefined ? {} : { force }),
  }) as Deployment;

describe("server-side apply", () => {
  it("creates the object, owned by the applier", () => {
    const h = harness();
    const d = apply(h, manifest());
    expect(d.spec?.replicas).toBe(3);
    expect(d.spec?.revisionHistoryLimit).toBe(10);
    expect(d.metadata?.managedFields).toEqual([
      {
        manager: "kubectl",
        operation: "Apply",
        apiVersion: "apps/v1",
        time: "2024-01-01T00:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: {
          "f:spec": {
            "f:replicas": {},
            "f:selector": {},
            "f:template": {
              "f:metadata": { "f:labels": { "f:app": {} } },
              "f:spec": {
                "f:containers": {
                  'k:{"name":"api"}': {
                    ".": {},
                    "f:image": {},
                    "f:name": {},
                    "f:ports": {
                      'k:{"containerPort":8080,"protocol":"TCP"}': {
                        ".": {},
                        "f:containerPort": {},
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it("re-applying the same configuration writes nothing", () => {
    const h = harness();
    const first = apply(h, manifest());
    h.loop.advance(60_000);
    const again = apply(h, manifest());
    expect(again.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect(again.metadata?.managedFields).toEqual(first.metadata?.managedFields);
  });

  it("a changed value moves the applier's time to the sim clock", () => {
    const h = harness();
    apply(h, manifest());
    h.loop.advance(90_000);
    const d = apply(h, manifest(3, "myapp:v1.3"));
    expect(d.spec?.template?.spec?.containers[0]?.image).toBe("myapp:v1.3");
    expect(d.metadata?.generation).toBe(2);
    expect(d.metadata?.managedFields?.[0]?.time).toBe("2024-01-01T00:01:30Z");
  });

  it("a field another manager changed is a conflict (409, FieldManagerConflict), force takes it over", () => {
    const h = harness();
    apply(h, manifest());
    // kubectl scale: a merge patch to /scale, no fieldManager: the User-Agent names the manager.
    h.api.updateScale(
      "Deployment",
      "default",
      "my-api",
      { spec: { replicas: 5 } },
      { userAgent: "kubectl/v1.31.0 (linux/amd64) kubernetes/abc1234" },
    );
    const scaled = h.api.get("Deployment", "default", "my-api");
    expect(
      scaled.metadata?.managedFields?.map((m) => [m.manager, m.operation, m.subresource]),
    ).toEqual([
      ["kubectl", "Apply", undefined],
      ["kubectl", "Update", "scale"],
    ]);
    expect(scaled.metadata?.managedFields?.[1]?.fieldsV1).toEqual({
      "f:spec": { "f:replicas": {} },
    });
    const before = snapshot(h);
    const err = caught(() => apply(h, manifest(3), "deployer"));
    expect(err.httpCode).toBe(409);
    expect(err.status.reason).toBe("Conflict");
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
    );
    expect(err.status.details).toEqual({
      causes: [
        {
          reason: "FieldManagerConflict",
          message: 'conflict with "kubectl" with subresource "scale" using apps/v1',
          field: ".spec.replicas",
        },
      ],
    });
    expect(snapshot(h)).toEqual(before);
    const forced = apply(h, manifest(3), "deployer", true);
    expect(forced.spec?.replicas).toBe(3);
    // The scaler owned only .spec.replicas: its entry is gone (appliers sort by time, then name).
    expect(forced.metadata?.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
      ["deployer", "Apply"],
      ["kubectl", "Apply"],
    ]);
  });

  it("conflicts with several managers are listed by manager", () => {
    const h = harness();
    apply(h, manifest());
    h.api.patch(
      "Deployment",
      "default",
      "my-api",
      "merge",
      {
        spec: { replicas: 4, template: { spec: { containers: [{ name: "api", image: "x:1" }] } } },
      },
      { fieldManager: "editor" },
    );
    const err = caught(() => apply(h, manifest(2, "y:2")));
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "editor" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name="api"].image',
    );
  });

  it("two appliers of the same value share the field; no conflict", () => {
    const h = harness();
    apply(h, manifest());
    const d = apply(h, { ...manifest(), spec: { replicas: 3 } } as never, "autoscaler");
    const sets = Object.fromEntries(
      (d.metadata?.managedFields ?? []).map((m) => [m.manager, m.fieldsV1]),
    );
    expect(sets["autoscaler"]).toEqual({ "f:spec": { "f:replicas": {} } });
    expect(
      (sets["kubectl"] as Record<string, Record<string, unknown>>)["f:spec"]?.["f:replicas"],
    ).toEqual({});
    // kubectl stops applying replicas: the autoscaler still owns it, so it stays.
    const { replicas: _r, ...spec } = manifest()["spec"] as Record<string, unknown>;
    const after = apply(h, { ...manifest(), spec } as never);
    expect(after.spec?.replicas).toBe(3);
  });

  it("a field the applier stops applying is removed, and defaults come back", () => {
    const h = harness();
    const m = manifest();
    const withStrategy = {
      ...m,
      metadata: { name: "my-api", labels: { team: "a", tier: "web" } },
      spec: { ...(m["spec"] as object), strategy: { type: "Recreate" } },
    };
    const d1 = apply(h, withStrategy);
    expect(d1.spec?.strategy).toEqual({ type: "Recreate" });
    expect(d1.metadata?.labels).toEqual({ team: "a", tier: "web" });
    const d2 = apply(h, { ...m, metadata: { name: "my-api", labels: { team: "a" } } });
    expect(d2.metadata?.labels).toEqual({ team: "a" });
    expect(d2.spec?.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" },
    });
  });

  it("a field an Update manager also set is still removed (updaters do not keep fields alive)", () => {
    const h = harness();
    apply(h, { ...manifest(), metadata: { name: "my-api", labels: { a: "1" } } });
    h.api.patch(
      "Deployment",
      "default",
      "my-api",
      "merge",
      { metadata: { labels: { b: "2" } } },
      {
        fieldManager: "kubectl-label",
      },
    );
    const d = apply(h, manifest());
    expect(d.metadata?.labels).toEqual({ b: "2" });
  });

  it("list-maps merge by key: each applier's containers and ports live side by side", () => {
    const h = harness();
    apply(h, manifest());
    const sidecar = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "my-api" },
      spec: {
        template: {
          spec: {
            containers: [
              { name: "api", ports: [{ containerPort: 9090, name: "metrics" }] },
              { name: "proxy", image: "envoy:1" },
            ],
          },
        },
      },
    };
    const d = apply(h, sidecar, "mesh");
    const containers = d.spec?.template?.spec?.containers ?? [];
    expect(containers.map((c) => c.name)).toEqual(["api", "proxy"]);
    expect(containers[0]?.image).toBe("myapp:v1.2");
    expect(containers[0]?.ports?.map((p) => p.containerPort)).toEqual([8080, 9090]);
    const mesh = d.metadata?.managedFields?.find((m) => m.manager === "mesh");
    expect(mesh?.fieldsV1).toEqual({
      "f:spec": {
        "f:template": {
          "f:spec": {
            "f:containers": {
              'k:{"name":"api"}': {
                ".": {},
                "f:name": {},
                "f:ports": {
                  'k:{"containerPort":9090,"protocol":"TCP"}': {
                    ".": {},
                    "f:containerPort": {},
                    "f:name": {},
                  },
                },
              },
              'k:{"name":"proxy"}': { ".": {}, "f:image": {}, "f:name": {} },
            },
          },
        },
      },
    });
    // kubectl re-applies its manifest: the mesh's container and port stay.
    const again = apply(h, manifest(3, "myapp:v2"));
    expect(again.spec?.template?.spec?.containers.map((c) => c.name)).toEqual(["api", "proxy"]);
    expect(again.spec?.template?.spec?.containers[0]?.ports?.length).toBe(2);
  });

  it("client-side writers get Update entries: created fields (with '.'), a status writer, a label patch", () => {
    const h = harness();
    h.api.create(
      "ConfigMap",
      { metadata: { name: "c", namespace: "default" }, data: { a: "1" } },
      {
        fieldManager: "kubectl-create",
      },
    );
    h.loop.advance(5_000);
    const cm = h.api.patch(
      "ConfigMap",
      "default",
      "c",
      "merge",
      { metadata: { labels: { env: "prod" } } },
      { userAgent: "kubectl/v1.31.0 (linux/amd64)" },
    );
    expect(cm.metadata?.managedFields).toEqual([
      {
        manager: "kubectl-create",
        operation: "Update",
        apiVersion: "v1",
        time: "2024-01-01T00:00:00Z",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:data": { ".": {}, "f:a": {} } },
      },
      {
        manager: "kubectl",
        operation: "Update",
        apiVersion: "v1",
        time: "2024-01-01T00:00:05Z",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:metadata": { "f:labels": { ".": {}, "f:env": {} } } },
      },
    ]);
    // A change of someone else's field moves it; a removed field leaves every owner.
    const upd = h.api.patch(
      "ConfigMap",
      "default",
      "c",
      "merge",
      { data: { a: "2" }, metadata: { labels: null } },
      {
        fieldManager: "editor",
      },
    );
    // kubectl-create keeps `.data` itself; kubectl's label went with the label.
    expect(upd.metadata?.managedFields?.map((m) => [m.manager, m.fieldsV1])).toEqual([
      ["kubectl-create", { "f:data": {} }],
      ["editor", { "f:data": { "f:a": {} } }],
    ]);
  });

  it("a status write is its own manager with subresource status; the spec keeps its owner", () => {
    const h = harness();
    apply(h, manifest());
    const d = h.api.get("Deployment", "default", "my-api");
    const out = h.api.update(
      "Deployment",
      { ...d, status: { replicas: 3, observedGeneration: 1 } },
      { subresource: "status", userAgent: "kube-controller-manager/v1.31.0" },
    );
    expect(
      out.metadata?.managedFields?.map((m) => [m.manager, m.operation, m.subresource]),
    ).toEqual([
      ["kubectl", "Apply", undefined],
      ["kube-controller-manager", "Update", "status"],
    ]);
    expect(out.metadata?.managedFields?.[1]?.fieldsV1).toEqual({
      "f:status": { "f:observedGeneration": {}, "f:replicas": {} },
    });
  });

  it("managedFields sent back unchanged are kept; [] resets them", () => {
    const h = harness();
    apply(h, manifest());
    const d = h.api.get("Deployment", "default", "my-api");
    const same = h.api.update(
      "Deployment",
      { ...d, metadata: { ...d.metadata, labels: { x: "1" } } },
      {
        fieldManager: "editor",
      },
    );
    expect(same.metadata?.managedFields?.map((m) => m.manager)).toEqual(["kubectl", "editor"]);
    const reset = h.api.update("Deployment", {
      ...same,
      metadata: { ...same.metadata, managedFields: [] },
    });
    expect(reset.metadata?.managedFields).toBeUndefined();
  });

  it("an object nobody manages is owned by before-first-apply when first applied", () => {
    const h = harness();
    h.api.create("Deployment", manifest(2) as never);
    const d = h.api.get("Deployment", "default", "my-api");
    h.api.update("Deployment", { ...d, metadata: { ...d.metadata, managedFields: [] } });
    expect(h.api.get("Deployment", "default", "my-api").metadata?.managedFields).toBeUndefined();
    const err = caught(() => apply(h, manifest(3)));
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
    const same = apply(h, manifest(2));
    expect(same.metadata?.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
      ["kubectl", "Apply"],
      ["before-first-apply", "Update"],
    ]);
  });

  it("kubectl upgrading from client-side apply takes the fields its last-applied configuration holds", () => {
    const h = harness();
    const m = manifest(3);
    const last = `${JSON.stringify(m)}\n`;
    h.api.create(
      "Deployment",
      {
        ...m,
        metadata: {
          name: "my-api",
          annotations: { "kubectl.kubernetes.io/last-applied-configuration": last },
        },
      } as never,
      { fieldManager: "kubectl-client-side-apply" },
    );
    // Another manager would conflict ...
    const err = caught(() => apply(h, manifest(5), "deployer"));
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    // ... kubectl does not: the live value is still the last-applied one.
    const d = apply(h, manifest(5));
    expect(d.spec?.replicas).toBe(5);
    const annotation =
      d.metadata?.annotations?.["kubectl.kubernetes.io/last-applied-configuration"];
    expect(JSON.parse(annotation ?? "{}").spec.replicas).toBe(5);
  });

  it("dry run answers what would be stored and stores nothing", () => {
    const h = harness();
    const before = snapshot(h);
    const d = h.api.patch("Deployment", "default", "my-api", "apply", manifest(), {
      fieldManager: "kubectl",
      dryRun: true,
    }) as Deployment;
    expect(d.metadata?.managedFields?.[0]?.manager).toBe("kubectl");
    expect(snapshot(h)).toEqual(before);
    apply(h, manifest());
    const mid = snapshot(h);
    const changed = h.api.patch("Deployment", "default", "my-api", "apply", manifest(7), {
      fieldManager: "kubectl",
      dryRun: true,
    }) as Deployment;
    expect(changed.spec?.replicas).toBe(7);
    expect(snapshot(h)).toEqual(mid);
  });

  it("refuses bad requests in kube-apiserver's words and changes nothing", () => {
    const h = harness();
    apply(h, manifest());
    const before = snapshot(h);
    const noManager = caught(() =>
      h.api.patch("Deployment", "default", "my-api", "apply", manifest()),
    );
    expect([noManager.httpCode, noManager.message]).toEqual([
      422,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    ]);
    const forceMerge = caught(() =>
      h.api.patch("Deployment", "default", "my-api", "merge", {}, { force: false }),
    );
    expect([forceMerge.httpCode, forceMerge.message]).toEqual([
      422,
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    ]);
    const version = caught(() => apply(h, { ...manifest(), apiVersion: "apps/v1beta1" }));
    expect([version.httpCode, version.message]).toEqual([
      400,
      "Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1",
    ]);
    const managed = caught(() =>
      apply(h, { ...manifest(), metadata: { name: "my-api", managedFields: [] } }),
    );
    expect([managed.httpCode, managed.message]).toEqual([
      400,
      "metadata.managedFields must be nil",
    ]);
    const unknown = caught(() => apply(h, { ...manifest(), spec: { replica: 3 } }));
    expect([unknown.httpCode, unknown.message]).toEqual([
      400,
      "failed to create typed patch object (default/my-api; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema",
    ]);
    const name = caught(() => apply(h, { ...manifest(), metadata: { name: "other" } }));
    expect([name.httpCode, name.message]).toEqual([
      400,
      "the name of the object (other) does not match the name on the URL (my-api)",
    ]);
    const notMap = caught(() => apply(h, [1]));
    expect(notMap.httpCode).toBe(400);
    expect(snapshot(h)).toEqual(before);
  });

  it("more than 10 Update managers: the oldest merge into ancient-changes", () => {
    const h = harness();
    h.api.create(
      "ConfigMap",
      { metadata: { name: "c", namespace: "default" } },
      { fieldManager: "m0" },
    );
    for (let i = 1; i <= 11; i++) {
      h.loop.advance(1_000);
      h.api.patch(
        "ConfigMap",
        "default",
        "c",
        "merge",
        { data: { [`k${i}`]: "v" } },
        {
          fieldManager: `m${i}`,
        },
      );
    }
    const entries = h.api.get("ConfigMap", "default", "c").metadata?.managedFields ?? [];
    expect(entries.length).toBe(10);
    expect(entries[0]?.manager).toBe("ancient-changes");
    expect(entries[0]?.time).toBe("2024-01-01T00:00:02Z");
    expect(entries[0]?.fieldsV1).toEqual({ "f:data": { ".": {}, "f:k1": {}, "f:k2": {} } });
    expect(entries.slice(1).map((e) => e.manager)).toEqual([
      "m3",
      "m4",
      "m5",
      "m6",
      "m7",
      "m8",
      "m9",
      "m10",
      "m11",
    ]);
  });

  it("kube-apiserver's own objects (system namespaces, the kubernetes Service) are kube-apiserver's", () => {
    const h = harness({ bootstrapKubernetesService: true });
    const ns = h.api.get("Namespace", undefined, "kube-system");
    expect(ns.metadata?.managedFields?.map((m) => [m.manager, m.operation])).toEqual([
      ["kube-apiserver", "Update"],
    ]);
    const svc = h.api.get("Service", "default", "kubernetes");
    expect(svc.metadata?.managedFields?.map((m) => m.manager)).toEqual(["kube-apiserver"]);
  });

  it("applies cluster-scoped objects and Services (ports by port and protocol; the ClusterIP is no one's)", () => {
    const h = harness();
    const ns = h.api.patch(
      "Namespace",
      undefined,
      "team-a",
      "apply",
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { team: "a" } } },
      { fieldManager: "kubectl" },
    );
    expect(ns.metadata?.labels).toEqual({ "kubernetes.io/metadata.name": "team-a", team: "a" });
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "team-a" },
      spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
    };
    const opts = { fieldManager: "kubectl" };
    const created = h.api.patch("Service", "team-a", "web", "apply", svc, opts);
    expect(created.spec?.clusterIP).toMatch(/^10\./);
    expect(created.metadata?.managedFields?.[0]?.fieldsV1).toEqual({
      "f:spec": {
        "f:ports": {
          'k:{"port":80,"protocol":"TCP"}': { ".": {}, "f:port": {}, "f:targetPort": {} },
        },
        "f:selector": {},
      },
    });
    const again = h.api.patch("Service", "team-a", "web", "apply", svc, opts);
    expect(again.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    expect(again.spec?.clusterIP).toBe(created.spec?.clusterIP);
  });
});
