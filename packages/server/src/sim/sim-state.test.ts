import { afterEach, describe, expect, it } from "vitest";
import { ask } from "../testdata/http.js";
import { closeServers, startServer } from "../testdata/start.js";
import { apply, post, WEB } from "./testdata/web.js";

afterEach(closeServers);

const CONFIG = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
data: { colour: blue }
`;

type Item = { kind: string; metadata: { name: string; namespace?: string } };
const names = (items: Item[]) =>
  items.map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`);

describe("/sim/v1/state", () => {
  it("saves the objects people made as a v1 List, without what the cluster makes itself", async () => {
    const server = await startServer();
    apply(server, WEB + "---\n" + CONFIG);
    await post(server, "/sim/v1/until", { rollout: "web" });
    const a = await ask(server, { path: "/sim/v1/state" });
    expect(a.status).toBe(200);
    expect(a.json()).toMatchObject({ kind: "List", apiVersion: "v1" });
    expect(names(a.json().items)).toEqual([
      "Namespace//shop",
      "ConfigMap/shop/settings",
      "Service/default/web",
      "Deployment/default/web",
    ]);
  });

  it("loads a saved state back: deleted objects return, changed ones are restored, new ones go", async () => {
    const server = await startServer();
    apply(server, WEB + "---\n" + CONFIG);
    await post(server, "/sim/v1/until", { rollout: "web" });
    const saved = (await ask(server, { path: "/sim/v1/state" })).text;

    await ask(server, {
      method: "DELETE",
      path: "/apis/apps/v1/namespaces/default/deployments/web",
    });
    await ask(server, {
      method: "PATCH",
      path: "/api/v1/namespaces/shop/configmaps/settings",
      body: JSON.stringify({ data: { colour: "red" } }),
      headers: { "Content-Type": "application/merge-patch+json" },
    });
    apply(server, "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra }\ndata: { a: b }\n");
    await post(server, "/sim/v1/advance", { duration: "1m" });

    const load = await post(server, "/sim/v1/state", saved, "PUT");
    expect(load.status).toBe(200);
    expect(load.json()).toMatchObject({
      kind: "LoadResult",
      created: ["deployment.apps/web"],
      configured: ["configmap/settings"],
      deleted: ["configmap/extra"],
      unchanged: ["namespace/shop", "service/web"],
    });
    await post(server, "/sim/v1/until", { rollout: "web" });
    const d = await ask(server, { path: "/apis/apps/v1/namespaces/default/deployments/web" });
    expect([d.status, d.json().status.readyReplicas]).toEqual([200, 2]);
    const cm = (await ask(server, { path: "/api/v1/namespaces/shop/configmaps/settings" })).json();
    expect(cm.data).toEqual({ colour: "blue" });
    expect(
      (await ask(server, { path: "/api/v1/namespaces/default/configmaps/extra" })).status,
    ).toBe(404);
    // Loading the same state again changes nothing.
    const again = (await post(server, "/sim/v1/state", saved, "PUT")).json();
    expect([again.created, again.configured, again.deleted]).toEqual([[], [], []]);
  });

  it.each([
    ["{not json", 400, "the request body is not valid JSON"],
    [{ kind: "Deployment" }, 400, "the state must be a List with items"],
    [
      { kind: "List", items: [{ kind: "Widget", apiVersion: "v1", metadata: { name: "w" } }] },
      400,
      'items[0].kind: Invalid value: "Widget"',
    ],
    [
      { kind: "List", items: [{ kind: "ConfigMap", apiVersion: "v1", metadata: {} }] },
      400,
      "items[0].metadata.name: Required value",
    ],
    [
      {
        kind: "List",
        items: [
          { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "a" } },
          { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "a", namespace: "default" } },
        ],
      },
      400,
      'items[1]: Duplicate value: "configmap/a in default"',
    ],
    [
      {
        kind: "List",
        items: [
          { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "ok" }, data: { a: "b" } },
          { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "bad", namespace: "nowhere" } },
        ],
      },
      404,
      'namespaces "nowhere" not found',
    ],
    [
      {
        kind: "List",
        items: [
          { kind: "ConfigMap", apiVersion: "v1", metadata: { name: "ok" } },
          {
            kind: "Service",
            apiVersion: "v1",
            metadata: { name: "bad" },
            spec: { ports: [{ port: 70000 }] },
          },
        ],
      },
      422,
      'Service "bad" is invalid',
    ],
  ])("refuses %j with %i and changes nothing", async (body, code, message) => {
    const server = await startServer();
    apply(server, WEB);
    const before = (await ask(server, { path: "/sim/v1/state" })).json();
    const a = await post(server, "/sim/v1/state", body, "PUT");
    expect([a.status, a.json().code]).toEqual([code, code]);
    expect(a.json().message).toContain(message);
    expect((await ask(server, { path: "/sim/v1/state" })).json()).toEqual(before);
  });
});
