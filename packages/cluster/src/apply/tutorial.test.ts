/**
 * The tutorial's manifests (copies of ../shared/tutorial/manifests) applied
 * in the order a reader applies them, with the patch bodies kubectl was
 * measured sending (../shared/spec/kubectl-wire.md §9.4).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Cluster } from "../cluster.js";
import { applyManifests } from "./apply.js";
import { goJson } from "./go-json.js";
import { modifiedConfiguration, originalConfiguration } from "./last-applied.js";
import { readManifests } from "./manifests.js";
import { createThreeWayMergePatch } from "./three-way-patch.js";

const manifest = (name: string) =>
  readFileSync(new URL(`./testdata/tutorial/${name}`, import.meta.url), "utf8");

const summary = (o: ReturnType<typeof applyManifests>) =>
  o.applied.map((r) => `${r.resource}/${r.name} ${r.action}`);

/** The patch kubectl would send to take the live object to `file`'s first object. */
function patchFor(c: Cluster, file: string, kind: "Deployment" | "Service"): string {
  const m = readManifests(manifest(file), { source: file }).objects.find(
    (o) => o.info.kind === kind,
  )!;
  const live = c.apiserver.get(kind, "default", "my-api") as unknown as Record<string, unknown>;
  const modified = modifiedConfiguration(m.object, true).object;
  const patch = createThreeWayMergePatch(originalConfiguration(live), modified, live, m.info);
  // The annotation's text is long; its presence is what matters here.
  const meta = patch["metadata"] as { annotations?: Record<string, string> } | undefined;
  if (meta?.annotations)
    meta.annotations = { "kubectl.kubernetes.io/last-applied-configuration": "…" };
  return goJson(patch);
}

describe("the tutorial's manifests", () => {
  it("apply in the reader's order, with kubectl's results", () => {
    const c = Cluster.create({ seed: 3, nodes: 2, dns: false });
    const api = c.apiserver;
    expect(
      summary(applyManifests(api, manifest("config.yaml"), { source: "config.yaml" })),
    ).toEqual(["configmap/app-config created", "secret/db-secret created"]);
    expect(summary(applyManifests(api, manifest("deployment.yaml")))).toEqual([
      "deployment.apps/my-api created",
    ]);
    expect(summary(applyManifests(api, manifest("service.yaml")))).toEqual([
      "service/my-api created",
    ]);
    expect(summary(applyManifests(api, manifest("ingress.yaml")))).toEqual([
      "ingress.networking.k8s.io/my-ingress created",
    ]);
    c.loop.advance("60s");
    expect(patchFor(c, "full-deployment.yaml", "Deployment")).toContain(
      '"strategy":{"$retainKeys":["rollingUpdate","type"],"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}',
    );
    // The Service in full-deployment.yaml no longer says `type: ClusterIP`.
    expect(patchFor(c, "full-deployment.yaml", "Service")).toBe(
      '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"…"}},"spec":{"type":null}}',
    );
    expect(summary(applyManifests(api, manifest("full-deployment.yaml")))).toEqual([
      "deployment.apps/my-api configured",
      "service/my-api configured",
    ]);
    expect(summary(applyManifests(api, manifest("full-deployment.yaml")))).toEqual([
      "deployment.apps/my-api unchanged",
      "service/my-api unchanged",
    ]);
    c.loop.advance("60s");
    // Back from the full deployment to the plain one.
    expect(patchFor(c, "deployment.yaml", "Deployment")).toBe(
      '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"…"}},"spec":{"strategy":null,"template":{"spec":{"$setElementOrder/containers":[{"name":"api"}],"containers":[{"env":null,"livenessProbe":null,"name":"api","readinessProbe":null,"resources":null}]}}}}',
    );
    expect(summary(applyManifests(api, manifest("deployment.yaml")))).toEqual([
      "deployment.apps/my-api configured",
    ]);
    const d = api.get("Deployment", "default", "my-api");
    expect(d.spec?.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
    });
    expect(d.spec?.template.spec?.containers[0]?.env).toBeUndefined();
    expect(d.spec?.template.spec?.containers[0]?.readinessProbe).toBeUndefined();
  });
});
