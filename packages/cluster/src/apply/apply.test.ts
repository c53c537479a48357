import { isApiError } from "@kubesim/api";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { ConfigMap } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { Cluster } from "../cluster.js";
import { applyManifests, createManifests } from "./apply.js";
import { LAST_APPLIED_CONFIG_ANNOTATION } from "./last-applied.js";

const small = () => Cluster.create({ seed: 1, nodes: 1, dns: false, ingress: false });

const deployment = (image: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: my-api
  template:
    metadata:
      labels:
        app: my-api
    spec:
      containers:
      - name: api
        image: ${image}
${extra}`;

const configMap = (name: string, data = "a: '1'") =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  ${data}\n`;

function summary(outcome: ReturnType<typeof applyManifests>): string[] {
  return outcome.applied.map((r) => `${r.resource}/${r.name} ${r.action}`);
}

function errorText(e: unknown): string {
  return isApiError(e) ? `(${e.reason}) ${e.message}` : (e as Error).message;
}

describe("applyManifests on a real cluster", () => {
  it("creates, then reports unchanged without writing, then configures", () => {
    const c = small();
    const api = c.apiserver;
    expect(summary(applyManifests(api, deployment("myapp:v1.2"), { source: "d.yaml" }))).toEqual([
      "deployment.apps/my-api created",
    ]);
    const first = api.get("Deployment", "default", "my-api");
    expect(first.metadata?.annotations?.[LAST_APPLIED_CONFIG_ANNOTATION]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"my-api","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"my-api"}},"template":{"metadata":{"labels":{"app":"my-api"}},"spec":{"containers":[{"image":"myapp:v1.2","name":"api"}]}}}}\n',
    );
    c.loop.advance("5s");
    const before = api.get("Deployment", "default", "my-api").metadata?.resourceVersion;
    expect(summary(applyManifests(api, deployment("myapp:v1.2")))).toEqual([
      "deployment.apps/my-api unchanged",
    ]);
    expect(api.get("Deployment", "default", "my-api").metadata?.resourceVersion).toBe(before);
    expect(summary(applyManifests(api, deployment("myapp:v1.3")))).toEqual([
      "deployment.apps/my-api configured",
    ]);
    const after = api.get("Deployment", "default", "my-api");
    expect(after.spec?.template.spec?.containers[0]?.image).toBe("myapp:v1.3");
    expect(after.metadata?.annotations?.[LAST_APPLIED_CONFIG_ANNOTATION]).toContain("myapp:v1.3");
    // The controller's own annotation survives.
    expect(after.metadata?.annotations?.["deployment.kubernetes.io/revision"]).toBeDefined();
  });

  it("deletes fields removed from the manifest and restores server defaults", () => {
    const c = small();
    const api = c.apiserver;
    const env = "        env:\n        - name: MODE\n          value: fast\n";
    const strategy =
      "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n";
    applyManifests(api, deployment("a:1", env).replace("  selector:", `${strategy}  selector:`));
    const d1 = api.get("Deployment", "default", "my-api");
    expect(d1.spec?.strategy?.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(d1.spec?.template.spec?.containers[0]?.env).toEqual([{ name: "MODE", value: "fast" }]);
    expect(summary(applyManifests(api, deployment("a:1")))).toEqual([
      "deployment.apps/my-api configured",
    ]);
    const d2 = api.get("Deployment", "default", "my-api");
    expect(d2.spec?.template.spec?.containers[0]?.env).toBeUndefined();
    expect(d2.spec?.strategy?.rollingUpdate).toEqual({ maxSurge: "25%", maxUnavailable: "25%" });
  });

  it("keeps what another writer changed in fields the manifest never set", () => {
    const c = small();
    const api = c.apiserver;
    applyManifests(api, configMap("cfg"));
    const live = api.get("ConfigMap", "default", "cfg");
    api.update("ConfigMap", {
      ...live,
      metadata: { ...live.metadata, labels: { owner: "ops" } },
    } as ConfigMap);
    expect(summary(applyManifests(api, configMap("cfg", "a: '2'")))).toEqual([
      "configmap/cfg configured",
    ]);
    const after = api.get("ConfigMap", "default", "cfg");
    expect(after.data).toEqual({ a: "2" });
    expect(after.metadata?.labels).toEqual({ owner: "ops" });
  });

  it("applies the valid documents, reports the invalid ones, and half-applies nothing", () => {
    const c = small();
    const api = c.apiserver;
    const bad = deployment("a:1").replace("replicas: 2", "replicas: -1");
    const text = [
      configMap("one"),
      bad,
      "apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n",
      configMap("three"),
    ].join("---\n");
    const outcome = applyManifests(api, text, { source: "all.yaml" });
    expect(summary(outcome)).toEqual(["configmap/one created", "configmap/three created"]);
    expect(outcome.failed.map((f) => [f.document, f.stage, errorText(f.error)])).toEqual([
      [
        2,
        "decode",
        'resource mapping not found for name: "x" namespace: "" from "all.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first',
      ],
      [
        1,
        "apply",
        '(Invalid) error when creating "all.yaml": Deployment.apps "my-api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      ],
    ]);
    expect(api.list("Deployment", { namespace: "default" }).items).toEqual([]);
    expect(
      api.list("ConfigMap", { namespace: "default" }).items.map((x) => x.metadata?.name),
    ).toContain("three");
  });

  it("reports a failed patch with the patch it sent, and leaves the object as it was", () => {
    const c = small();
    const api = c.apiserver;
    applyManifests(api, deployment("a:1"));
    const before = api.get("Deployment", "default", "my-api");
    const outcome = applyManifests(api, deployment("a:2").replace("replicas: 2", "replicas: -3"), {
      source: "d.yaml",
    });
    expect(outcome.applied).toEqual([]);
    const msg = errorText(outcome.failed[0]!.error);
    expect(
      msg.startsWith(
        '(Invalid) error when applying patch:\n{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":',
      ),
    ).toBe(true);
    expect(msg).toContain(
      '\nto:\nResource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"\nName: "my-api", Namespace: "default"\nfor: "d.yaml": Deployment.apps "my-api" is invalid: spec.replicas: Invalid value: -3: must be greater than or equal to 0',
    );
    expect(api.get("Deployment", "default", "my-api")).toEqual(before);
  });

  it("dry runs: server-side sends writes that store nothing; client-side sends none", () => {
    const c = small();
    const api = c.apiserver;
    expect(summary(applyManifests(api, configMap("dry"), { dryRun: "server" }))).toEqual([
      "configmap/dry created",
    ]);
    expect(summary(applyManifests(api, configMap("dry"), { dryRun: "client" }))).toEqual([
      "configmap/dry created",
    ]);
    expect(
      api.list("ConfigMap", { namespace: "default" }).items.map((x) => x.metadata?.name),
    ).not.toContain("dry");
    applyManifests(api, configMap("dry"));
    const rv = api.get("ConfigMap", "default", "dry").metadata?.resourceVersion;
    expect(summary(applyManifests(api, configMap("dry", "a: '9'"), { dryRun: true }))).toEqual([
      "configmap/dry configured",
    ]);
    expect(summary(applyManifests(api, configMap("dry", "a: '9'"), { dryRun: "client" }))).toEqual([
      "configmap/dry configured",
    ]);
    expect(api.get("ConfigMap", "default", "dry").metadata?.resourceVersion).toBe(rv);
    expect(api.get("ConfigMap", "default", "dry").data).toEqual({ a: "1" });
  });

  it("warns when the live object was not applied before, and patches the annotation in", () => {
    const c = small();
    const api = c.apiserver;
    createManifests(api, configMap("plain"));
    const outcome = applyManifests(api, configMap("plain"));
    expect(summary(outcome)).toEqual(["configmap/plain configured"]);
    expect(outcome.warnings).toEqual([
      "Warning: resource configmaps/plain is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.",
    ]);
    expect(api.get("ConfigMap", "default", "plain").metadata?.annotations).toHaveProperty(
      LAST_APPLIED_CONFIG_ANNOTATION,
    );
  });

  it("takes objects as well as text, and places them in the namespace given", () => {
    const c = small();
    const api = c.apiserver;
    api.create("Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } });
    const d: Deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "w", image: "w" }] },
        },
      },
    };
    expect(summary(applyManifests(api, [d], { namespace: "dev" }))).toEqual([
      "deployment.apps/web created",
    ]);
    expect(api.get("Deployment", "dev", "web").metadata?.namespace).toBe("dev");
  });

  it("create -f refuses objects that exist, with kubectl's wording", () => {
    const c = small();
    const api = c.apiserver;
    createManifests(api, configMap("x"), { source: "x.yaml" });
    const again = createManifests(api, configMap("x"), { source: "x.yaml" });
    expect(again.applied).toEqual([]);
    expect(errorText(again.failed[0]!.error)).toBe(
      '(AlreadyExists) error when creating "x.yaml": configmaps "x" already exists',
    );
  });

  it("strips the namespace of cluster-scoped objects", () => {
    const c = small();
    const api = c.apiserver;
    const out = applyManifests(
      api,
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n  namespace: default\n",
    );
    expect(summary(out)).toEqual(["namespace/team created"]);
    expect(out.applied[0]!.namespace).toBeUndefined();
  });
});
