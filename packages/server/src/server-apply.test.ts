/**
 * Server-side apply over HTTP: PATCH with application/apply-patch+yaml, as
 * `kubectl apply --server-side` sends it (spec §9.5), its 201 on create,
 * conflicts (409 with FieldManagerConflict causes) and force, and the
 * managedFields every writer leaves, the manager named by the User-Agent
 * when the query names none.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ask } from "./testdata/http.js";
import { closeServers, startServer } from "./testdata/start.js";

afterEach(closeServers);

const path = "/apis/apps/v1/namespaces/default/deployments/web";
const manifest = (replicas: number) =>
  JSON.stringify({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "app", image: "nginx:1.25" }] },
      },
    },
  });
const APPLY = { "Content-Type": "application/apply-patch+yaml" };
const KUBECTL_UA = "kubectl.1.31/v1.31.0 (linux/amd64) kubernetes/6911225";

describe("server-side apply over HTTP", () => {
  it("creates with 201, then answers 200; the applier's entry is in managedFields", async () => {
    const server = await startServer();
    const q = "?fieldManager=kubectl&fieldValidation=Strict&force=false";
    const created = await ask(server, {
      method: "PATCH",
      path: `${path}${q}`,
      body: manifest(2),
      headers: APPLY,
    });
    expect(created.status).toBe(201);
    expect(created.json().metadata.managedFields).toEqual([
      expect.objectContaining({ manager: "kubectl", operation: "Apply", apiVersion: "apps/v1" }),
    ]);
    const again = await ask(server, {
      method: "PATCH",
      path: `${path}${q}`,
      body: manifest(2),
      headers: APPLY,
    });
    expect(again.status).toBe(200);
    // The deployment controller has written status meanwhile (its own manager); kubectl's entry is as it was.
    const entries = again.json().metadata.managedFields;
    expect(entries[0]).toEqual(created.json().metadata.managedFields[0]);
    expect(
      entries
        .slice(1)
        .map((m: { manager: string; subresource?: string }) => [m.manager, m.subresource]),
    ).toEqual([["kube-controller-manager", "status"]]);
  });

  it("a YAML body is accepted", async () => {
    const server = await startServer();
    const yaml = [
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata:",
      "  name: cfg",
      "data:",
      '  a: "1"',
      "",
    ].join("\n");
    const r = await ask(server, {
      method: "PATCH",
      path: "/api/v1/namespaces/default/configmaps/cfg?fieldManager=me",
      body: yaml,
      headers: APPLY,
    });
    expect(r.status).toBe(201);
    expect(r.json().data).toEqual({ a: "1" });
  });

  it("kubectl scale's manager is the User-Agent's first token; a conflicting apply is 409, force succeeds", async () => {
    const server = await startServer();
    const q = "?fieldManager=kubectl&fieldValidation=Strict&force=false";
    await ask(server, { method: "PATCH", path: `${path}${q}`, body: manifest(2), headers: APPLY });
    const scaled = await ask(server, {
      method: "PATCH",
      path: `${path}/scale`,
      body: '{"spec":{"replicas":5}}',
      headers: { "Content-Type": "application/merge-patch+json", "User-Agent": KUBECTL_UA },
    });
    expect(scaled.status).toBe(200);
    const conflict = await ask(server, {
      method: "PATCH",
      path: `${path}${q}`,
      body: manifest(2),
      headers: { ...APPLY, "User-Agent": KUBECTL_UA },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.json()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        'Apply failed with 1 conflict: conflict with "kubectl.1.31" with subresource "scale" using apps/v1: .spec.replicas',
      reason: "Conflict",
      details: {
        causes: [
          {
            reason: "FieldManagerConflict",
            message: 'conflict with "kubectl.1.31" with subresource "scale" using apps/v1',
            field: ".spec.replicas",
          },
        ],
      },
      code: 409,
    });
    const forced = await ask(server, {
      method: "PATCH",
      path: `${path}?fieldManager=kubectl&force=true`,
      body: manifest(2),
      headers: APPLY,
    });
    expect(forced.status).toBe(200);
    expect(forced.json().spec.replicas).toBe(2);
    const got = await ask(server, { path });
    // The scaler owned only .spec.replicas: its entry is gone; the controller's remain.
    const managers = got
      .json()
      .metadata.managedFields.map((m: { manager: string; subresource?: string }) => [
        m.manager,
        m.subresource,
      ]);
    expect(managers).toContainEqual(["kubectl", undefined]);
    expect(managers).toContainEqual(["kube-controller-manager", "status"]);
    expect(managers.map((m: string[]) => m[0])).not.toContain("kubectl.1.31");
  });

  it("refuses an apply without fieldManager (422) and force on other patches (422)", async () => {
    const server = await startServer();
    const noManager = await ask(server, {
      method: "PATCH",
      path,
      body: manifest(1),
      headers: APPLY,
    });
    expect([noManager.status, noManager.json().message]).toEqual([
      422,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    ]);
    const force = await ask(server, {
      method: "PATCH",
      path: `${path}?force=true`,
      body: "{}",
      headers: { "Content-Type": "application/merge-patch+json" },
    });
    expect([force.status, force.json().message]).toEqual([
      422,
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    ]);
    const badYaml = await ask(server, {
      method: "PATCH",
      path: `${path}?fieldManager=x`,
      body: "a: [",
      headers: APPLY,
    });
    expect(badYaml.status).toBe(400);
    expect(badYaml.json().message).toMatch(/^error decoding YAML: /);
  });

  it("a POST records its manager from the User-Agent when the query names none", async () => {
    const server = await startServer();
    const r = await ask(server, {
      method: "POST",
      path: "/api/v1/namespaces/default/configmaps",
      body: JSON.stringify({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "c" },
        data: { k: "v" },
      }),
      headers: { "User-Agent": "client-go-app/v0.31.0 (linux/amd64)" },
    });
    expect(r.status).toBe(201);
    expect(r.json().metadata.managedFields).toEqual([
      {
        manager: "client-go-app",
        operation: "Update",
        apiVersion: "v1",
        time: expect.any(String),
        fieldsType: "FieldsV1",
        fieldsV1: { "f:data": { ".": {}, "f:k": {} } },
      },
    ]);
  });
});
