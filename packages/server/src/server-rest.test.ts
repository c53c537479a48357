import { afterEach, describe, expect, it } from "vitest";
import { ask } from "./testdata/http.js";
import { closeServers, startServer } from "./testdata/start.js";

afterEach(closeServers);

const TABLE =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
const cm = (name: string, extra: object = {}) =>
  JSON.stringify({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, labels: { app: name } },
    data: { a: "1" },
    ...extra,
  });
const deployment = JSON.stringify({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: { containers: [{ name: "app", image: "nginx:1.25" }] },
    },
  },
});

describe("version and discovery", () => {
  it("reports the configured Kubernetes version", async () => {
    const server = await startServer();
    expect((await ask(server, { path: "/version" })).json()).toMatchObject({
      major: "1",
      minor: "31",
      gitVersion: "v1.31.0",
    });
    const other = await startServer({ kubeVersion: "1.29" });
    expect((await ask(other, { path: "/version" })).json()).toMatchObject({
      minor: "29",
      gitVersion: "v1.29.0",
    });
  });

  it("answers aggregated discovery v2 and v2beta1 with the Content-Type parameters client-go checks", async () => {
    const server = await startServer();
    const v2 = await ask(server, {
      path: "/apis?timeout=32s",
      headers: {
        Accept:
          "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
      },
    });
    expect(v2.headers["content-type"]).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
    );
    const body = v2.json();
    expect(body.apiVersion).toBe("apidiscovery.k8s.io/v2");
    expect(body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      "apps",
      "events.k8s.io",
      "networking.k8s.io",
      "coordination.k8s.io",
      "discovery.k8s.io",
    ]);
    const deployments = body.items[0].versions[0].resources.find(
      (r: { resource: string }) => r.resource === "deployments",
    );
    expect(deployments).toEqual({
      resource: "deployments",
      responseKind: { group: "apps", version: "v1", kind: "Deployment" },
      scope: "Namespaced",
      singularResource: "deployment",
      verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
      shortNames: ["deploy"],
      categories: ["all"],
      subresources: [
        {
          subresource: "scale",
          responseKind: { group: "autoscaling", version: "v1", kind: "Scale" },
          verbs: ["get", "patch", "update"],
        },
        {
          subresource: "status",
          responseKind: { group: "apps", version: "v1", kind: "Deployment" },
          verbs: ["get", "patch", "update"],
        },
      ],
    });
    const beta = await ask(server, {
      path: "/api",
      headers: {
        Accept:
          "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
      },
    });
    expect(beta.headers["content-type"]).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
    );
    expect(beta.json().items[0].metadata).toEqual({ creationTimestamp: null });
  });

  it("answers legacy discovery when aggregated is not asked for", async () => {
    const server = await startServer();
    const api = (await ask(server, { path: "/api" })).json();
    expect(api).toEqual({
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [
        { clientCIDR: "0.0.0.0/0", serverAddress: `127.0.0.1:${server.port}` },
      ],
    });
    const apis = (await ask(server, { path: "/apis" })).json();
    expect(apis.groups[0]).toEqual({
      name: "apps",
      versions: [{ groupVersion: "apps/v1", version: "v1" }],
      preferredVersion: { groupVersion: "apps/v1", version: "v1" },
    });
    const v1 = (await ask(server, { path: "/api/v1" })).json();
    expect(v1.groupVersion).toBe("v1");
    expect(v1.resources.map((r: { name: string }) => r.name)).toContain("pods/status");
    const apps = (await ask(server, { path: "/apis/apps/v1" })).json();
    expect(apps.resources.find((r: { name: string }) => r.name === "deployments/scale")).toEqual({
      name: "deployments/scale",
      singularName: "",
      namespaced: true,
      group: "autoscaling",
      version: "v1",
      kind: "Scale",
      verbs: ["get", "patch", "update"],
    });
    expect((await ask(server, { path: "/apis/apps" })).json().kind).toBe("APIGroup");
    for (const path of [
      "/apis/nope/v1",
      "/apis/apps/v2",
      "/apis/nope",
      "/api/v1/foos",
      "/nothing",
    ]) {
      const a = await ask(server, { path });
      expect(a.status).toBe(404);
      expect(a.json()).toMatchObject({
        kind: "Status",
        reason: "NotFound",
        message: "the server could not find the requested resource",
      });
    }
  });
});

describe("CRUD", () => {
  it("creates, gets, lists, updates, patches and deletes, with Kubernetes' codes", async () => {
    const server = await startServer();
    const path = "/api/v1/namespaces/default/configmaps";
    const created = await ask(server, { method: "POST", path, body: cm("one") });
    expect(created.status).toBe(201);
    expect(created.json()).toMatchObject({
      kind: "ConfigMap",
      metadata: { name: "one", namespace: "default" },
    });
    const again = await ask(server, { method: "POST", path, body: cm("one") });
    expect(again.status).toBe(409);
    expect(again.json()).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'configmaps "one" already exists',
      reason: "AlreadyExists",
      details: { name: "one", kind: "configmaps" },
      code: 409,
    });
    await ask(server, { method: "POST", path, body: cm("two") });
    const list = (await ask(server, { path: `${path}?labelSelector=app%3Dtwo` })).json();
    expect(list.kind).toBe("ConfigMapList");
    expect(list.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["two"]);
    expect(list.items[0].kind).toBeUndefined();
    expect(Number(list.metadata.resourceVersion)).toBeGreaterThan(0);
    const got = (await ask(server, { path: `${path}/one` })).json();
    const put = await ask(server, {
      method: "PUT",
      path: `${path}/one`,
      body: JSON.stringify({ ...got, data: { a: "2" } }),
    });
    expect([put.status, put.json().data]).toEqual([200, { a: "2" }]);
    const merge = await ask(server, {
      method: "PATCH",
      path: `${path}/one`,
      body: '{"data":{"b":"3"}}',
      headers: { "Content-Type": "application/merge-patch+json" },
    });
    expect(merge.json().data).toEqual({ a: "2", b: "3" });
    const json = await ask(server, {
      method: "PATCH",
      path: `${path}/one`,
      body: '[{"op":"remove","path":"/data/a"}]',
      headers: { "Content-Type": "application/json-patch+json" },
    });
    expect(json.json().data).toEqual({ b: "3" });
    const smp = await ask(server, {
      method: "PATCH",
      path: `${path}/one`,
      body: '{"data":{"c":"4"}}',
      headers: { "Content-Type": "application/strategic-merge-patch+json" },
    });
    expect(smp.json().data).toEqual({ b: "3", c: "4" });
    const ssa = await ask(server, {
      method: "PATCH",
      path: `${path}/one`,
      body: "{}",
      headers: { "Content-Type": "application/apply-patch+yaml" },
    });
    // Server-side apply needs a fieldManager (ValidatePatchOptions).
    expect([ssa.status, ssa.json().reason]).toEqual([422, "Invalid"]);
    const del = await ask(server, {
      method: "DELETE",
      path: `${path}/one`,
      body: '{"propagationPolicy":"Background"}',
    });
    expect(del.json()).toMatchObject({
      kind: "Status",
      status: "Success",
      details: { name: "one", kind: "configmaps" },
    });
    const gone = await ask(server, { path: `${path}/one` });
    expect([gone.status, gone.json().message]).toEqual([404, 'configmaps "one" not found']);
    const apps = await ask(server, { path: "/apis/apps/v1/namespaces/default/deployments/nope" });
    expect(apps.json()).toMatchObject({
      reason: "NotFound",
      message: 'deployments.apps "nope" not found',
      details: { name: "nope", group: "apps", kind: "deployments" },
    });
  });

  it("answers 406 for an answer type it cannot give before writing anything", async () => {
    const server = await startServer();
    const path = "/api/v1/namespaces/default/configmaps";
    const refused = await ask(server, {
      method: "POST",
      path,
      body: cm("never"),
      headers: { Accept: "application/vnd.kubernetes.protobuf" },
    });
    expect(refused.status).toBe(406);
    expect(refused.json()).toMatchObject({ reason: "NotAcceptable", code: 406 });
    expect((await ask(server, { path: `${path}/never` })).status).toBe(404);
  });

  it("refuses a body whose namespace, name, kind or apiVersion contradicts the URL", async () => {
    const server = await startServer();
    const path = "/api/v1/namespaces/default/configmaps";
    const ns = await ask(server, {
      method: "POST",
      path,
      body: JSON.stringify({ metadata: { name: "x", namespace: "other" } }),
    });
    expect([ns.status, ns.json().message]).toEqual([
      400,
      "the namespace of the provided object does not match the namespace sent on the request",
    ]);
    await ask(server, { method: "POST", path, body: cm("x") });
    const name = await ask(server, { method: "PUT", path: `${path}/x`, body: cm("y") });
    expect([name.status, name.json().message]).toEqual([
      400,
      "the name of the object (y) does not match the name on the URL (x)",
    ]);
    const version = await ask(server, {
      method: "POST",
      path,
      body: JSON.stringify({ apiVersion: "apps/v1", kind: "ConfigMap", metadata: { name: "z" } }),
    });
    expect(version.json().message).toBe(
      "the API version in the data (apps/v1) does not match the expected API version (v1)",
    );
    const collection = await ask(server, {
      method: "POST",
      path: "/api/v1/configmaps",
      body: cm("q"),
    });
    expect(collection.status).toBe(405);
  });

  it("stores nothing for dryRun=All, and refuses other dryRun values with 422", async () => {
    const server = await startServer();
    const path = "/api/v1/namespaces/default/configmaps";
    const rv = server.pacer.run(() => server.cluster.apiserver.resourceVersion);
    const dry = await ask(server, { method: "POST", path: `${path}?dryRun=All`, body: cm("dry") });
    expect([dry.status, dry.json().metadata.name]).toEqual([201, "dry"]);
    expect(server.cluster.apiserver.resourceVersion).toBe(rv);
    expect((await ask(server, { path: `${path}/dry` })).status).toBe(404);
    const bad = await ask(server, { method: "POST", path: `${path}?dryRun=Yes`, body: cm("dry") });
    expect([bad.status, bad.json().message]).toEqual([
      422,
      'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Yes"}: supported values: "All"',
    ]);
  });

  it("validates fields: Strict refuses unknown fields, Warn (the default) answers with a Warning header", async () => {
    const server = await startServer();
    const path = "/api/v1/namespaces/default/configmaps";
    const strict = await ask(server, {
      method: "POST",
      path: `${path}?fieldValidation=Strict`,
      body: cm("s", { bogus: 1 }),
    });
    expect(strict.status).toBe(400);
    expect(strict.json().message).toContain('unknown field "bogus"');
    const warn = await ask(server, { method: "POST", path, body: cm("w", { bogus: 1 }) });
    expect(warn.status).toBe(201);
    expect(warn.headers["warning"]).toBe('299 - "unknown field \\"bogus\\""');
    const bad = await ask(server, {
      method: "POST",
      path: `${path}?fieldValidation=Loose`,
      body: cm("l"),
    });
    expect([bad.status, bad.json().reason]).toEqual([422, "Invalid"]);
  });

  it("pages lists with limit and continue", async () => {
    const server = await startServer();
    const path = "/api/v1/namespaces/default/configmaps";
    for (const n of ["a", "b", "c"]) await ask(server, { method: "POST", path, body: cm(n) });
    const names = (l: { items: { metadata: { name: string } }[] }) =>
      l.items.map((i) => i.metadata.name);
    const first = (await ask(server, { path: `${path}?limit=2` })).json();
    expect(names(first)).toEqual(["a", "b"]);
    expect(first.metadata.continue).toBeTruthy();
    const second = (
      await ask(server, {
        path: `${path}?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`,
      })
    ).json();
    expect(names(second).filter((n: string) => n !== "kube-root-ca.crt")).toEqual(["c"]);
  });

  it("serves the scale and status subresources", async () => {
    const server = await startServer();
    const base = "/apis/apps/v1/namespaces/default/deployments";
    expect((await ask(server, { method: "POST", path: base, body: deployment })).status).toBe(201);
    const scale = (await ask(server, { path: `${base}/web/scale` })).json();
    expect(scale).toMatchObject({
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      spec: { replicas: 2 },
    });
    const patched = await ask(server, {
      method: "PATCH",
      path: `${base}/web/scale`,
      body: '{"spec":{"replicas":5}}',
      headers: { "Content-Type": "application/merge-patch+json" },
    });
    expect([patched.status, patched.json().spec]).toEqual([200, { replicas: 5 }]);
    expect((await ask(server, { path: `${base}/web` })).json().spec.replicas).toBe(5);
    const current = (await ask(server, { path: `${base}/web/scale` })).json();
    const put = await ask(server, {
      method: "PUT",
      path: `${base}/web/scale`,
      body: JSON.stringify({ ...current, spec: { replicas: 1 } }),
    });
    expect(put.json().spec).toEqual({ replicas: 1 });
    const stale = await ask(server, {
      method: "PUT",
      path: `${base}/web/scale`,
      body: JSON.stringify({ ...current, spec: { replicas: 3 } }),
    });
    expect([stale.status, stale.json().reason]).toEqual([409, "Conflict"]);
    const status = await ask(server, { path: `${base}/web/status` });
    expect(status.json().kind).toBe("Deployment");
    const noScale = await ask(server, { path: "/api/v1/namespaces/default/configmaps/x/scale" });
    expect(noScale.status).toBe(404);
  });

  it("deletes a pod gracefully, answering with the pod and its deletionTimestamp", async () => {
    const server = await startServer();
    const path = "/api/v1/namespaces/default/pods";
    const pod = JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p" },
      spec: { nodeName: "node-1", containers: [{ name: "c", image: "nginx" }] },
    });
    expect((await ask(server, { method: "POST", path, body: pod })).status).toBe(201);
    server.advance(5_000);
    const del = await ask(server, {
      method: "DELETE",
      path: `${path}/p`,
      body: '{"propagationPolicy":"Background"}',
    });
    expect(del.status).toBe(200);
    expect(del.json()).toMatchObject({
      kind: "Pod",
      metadata: { name: "p", deletionGracePeriodSeconds: 30 },
    });
    expect(del.json().metadata.deletionTimestamp).toBeTruthy();
  });
});

describe("Tables", () => {
  it("answers kubectl get's Accept with a Table of the printer's columns and PartialObjectMetadata rows", async () => {
    const server = await startServer();
    await ask(server, {
      method: "POST",
      path: "/apis/apps/v1/namespaces/default/deployments",
      body: deployment,
    });
    server.advance(30_000);
    const t = (
      await ask(server, {
        path: "/apis/apps/v1/namespaces/default/deployments?limit=500",
        headers: { Accept: TABLE },
      })
    ).json();
    expect(t.kind).toBe("Table");
    expect(t.apiVersion).toBe("meta.k8s.io/v1");
    expect(t.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      "Name",
      "Ready",
      "Up-to-date",
      "Available",
      "Age",
      "Containers",
      "Images",
      "Selector",
    ]);
    expect(t.rows[0].cells).toEqual([
      "web",
      "2/2",
      "2",
      "2",
      "30s",
      "app",
      "nginx:1.25",
      "app=web",
    ]);
    expect(t.rows[0].object).toMatchObject({
      kind: "PartialObjectMetadata",
      apiVersion: "meta.k8s.io/v1",
      metadata: { name: "web" },
    });
    const one = (
      await ask(server, {
        path: "/apis/apps/v1/namespaces/default/deployments/web?includeObject=Object",
        headers: { Accept: TABLE },
      })
    ).json();
    expect(one.rows).toHaveLength(1);
    expect(one.rows[0].object.kind).toBe("Deployment");
    expect(one.metadata.resourceVersion).toBeTruthy();
    const none = (
      await ask(server, {
        path: "/apis/apps/v1/namespaces/default/deployments?includeObject=None",
        headers: { Accept: TABLE },
      })
    ).json();
    expect(none.rows[0].object).toBeNull();
    const pods = (
      await ask(server, { path: "/api/v1/namespaces/default/pods", headers: { Accept: TABLE } })
    ).json();
    expect(pods.rows).toHaveLength(2);
    expect(pods.rows[0].cells.slice(1, 5)).toEqual(["1/1", "Running", "0", "30s"]);
  });
});
