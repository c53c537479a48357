import { describe, expect, it } from "vitest";
import { isApiError, type ApiError } from "@kubesim/api";
import { configMap, harness, pod, snapshot } from "./internal/fixtures.js";

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

const names = (l: {
  items: readonly { metadata?: { namespace?: string; name?: string } }[];
}): string[] => l.items.map((o) => `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`);

function seed(h: ReturnType<typeof harness>): void {
  h.api.create("Namespace", { metadata: { name: "a-b" } });
  h.api.create("Pod", pod("web-2", { app: "web", tier: "front" }));
  h.api.create("Pod", pod("web-1", { app: "web", tier: "front" }));
  h.api.create("Pod", pod("db-1", { app: "db" }));
  h.api.create("Pod", pod("web-3", { app: "web" }, "a-b"));
}

describe("list", () => {
  it("lists in etcd key order, one namespace or all, with kind, apiVersion and the list's resourceVersion", () => {
    const h = harness();
    seed(h);
    const all = h.api.list("Pod");
    expect(all.kind).toBe("PodList");
    expect(all.apiVersion).toBe("v1");
    expect(all.metadata.resourceVersion).toBe(h.api.resourceVersion);
    // "a-b/..." sorts before "default/..." ('-' < '/' too: "a-b" < "default")
    expect(names(all)).toEqual(["a-b/web-3", "default/db-1", "default/web-1", "default/web-2"]);
    expect(names(h.api.list("Pod", { namespace: "default" }))).toEqual([
      "default/db-1",
      "default/web-1",
      "default/web-2",
    ]);
  });

  it("label selectors, including set-based ones", () => {
    const h = harness();
    seed(h);
    expect(names(h.api.list("Pod", { labelSelector: "app=web" }))).toEqual([
      "a-b/web-3",
      "default/web-1",
      "default/web-2",
    ]);
    expect(names(h.api.list("Pod", { labelSelector: "app=web,tier!=front" }))).toEqual([
      "a-b/web-3",
    ]);
    expect(names(h.api.list("Pod", { labelSelector: "app in (db,cache)" }))).toEqual([
      "default/db-1",
    ]);
    expect(names(h.api.list("Pod", { labelSelector: "!tier" }))).toEqual([
      "a-b/web-3",
      "default/db-1",
    ]);
  });

  it("field selectors: metadata.name, metadata.namespace, spec.nodeName, status.phase", () => {
    const h = harness();
    seed(h);
    h.api.bind("default", { metadata: { name: "web-1" }, target: { name: "node-1" } });
    expect(names(h.api.list("Pod", { fieldSelector: "metadata.name=web-1" }))).toEqual([
      "default/web-1",
    ]);
    expect(names(h.api.list("Pod", { fieldSelector: "metadata.namespace=a-b" }))).toEqual([
      "a-b/web-3",
    ]);
    expect(names(h.api.list("Pod", { fieldSelector: "spec.nodeName=node-1" }))).toEqual([
      "default/web-1",
    ]);
    expect(names(h.api.list("Pod", { fieldSelector: "spec.nodeName=" })).length).toBe(3);
    expect(
      names(
        h.api.list("Pod", { fieldSelector: "status.phase=Pending,metadata.namespace!=default" }),
      ),
    ).toEqual(["a-b/web-3"]);
  });

  it("bad selectors are 400 naming the problem and change nothing", () => {
    const h = harness();
    seed(h);
    const before = snapshot(h);
    expect(caught(() => h.api.list("Pod", { labelSelector: "app in (a" })).httpCode).toBe(400);
    expect(caught(() => h.api.list("Pod", { fieldSelector: "spec.foo=bar" })).message).toBe(
      "field label not supported: spec.foo",
    );
    expect(
      caught(() => h.api.list("Deployment", { fieldSelector: "spec.replicas=1" })).message,
    ).toBe(
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(snapshot(h)).toEqual(before);
  });

  it("limit/continue pages through everything once, with remainingItemCount when unfiltered", () => {
    const h = harness();
    for (let i = 0; i < 7; i++) h.api.create("ConfigMap", configMap(`c${i}`));
    const p1 = h.api.list("ConfigMap", { limit: 3 });
    expect(names(p1)).toEqual(["default/c0", "default/c1", "default/c2"]);
    expect(p1.metadata.remainingItemCount).toBe(4);
    const p2 = h.api.list("ConfigMap", { limit: 3, continue: p1.metadata.continue! });
    expect(names(p2)).toEqual(["default/c3", "default/c4", "default/c5"]);
    const p3 = h.api.list("ConfigMap", { limit: 3, continue: p2.metadata.continue! });
    expect(names(p3)).toEqual(["default/c6"]);
    expect(p3.metadata.continue).toBeUndefined();
    expect(p3.metadata.remainingItemCount).toBeUndefined();
    expect(
      h.api.list("ConfigMap", { limit: 3, labelSelector: "x!=y" }).metadata.remainingItemCount,
    ).toBeUndefined();
  });

  it("the continue token has upstream's shape: base64url JSON {v, rv, start}", () => {
    const h = harness();
    for (let i = 0; i < 3; i++) h.api.create("ConfigMap", configMap(`c${i}`));
    const token = h.api.list("ConfigMap", { namespace: "default", limit: 1 }).metadata.continue!;
    expect(JSON.parse(Buffer.from(token, "base64url").toString())).toEqual({
      v: "meta.k8s.io/v1",
      rv: Number(h.api.resourceVersion),
      start: "c0\u0000",
    });
  });

  it("every page shows the snapshot of the first page's revision", () => {
    const h = harness();
    for (let i = 0; i < 4; i++) h.api.create("ConfigMap", configMap(`c${i}`, { v: "old" }));
    const p1 = h.api.list("ConfigMap", { limit: 2 });
    h.api.delete("ConfigMap", "default", "c3");
    h.api.create("ConfigMap", configMap("c25"));
    h.api.update("ConfigMap", configMap("c2", { v: "new" }));
    const p2 = h.api.list("ConfigMap", { limit: 2, continue: p1.metadata.continue! });
    expect(names(p2)).toEqual(["default/c2", "default/c3"]);
    expect(p2.items[0]!.data).toEqual({ v: "old" });
    expect(p2.metadata.resourceVersion).toBe(p1.metadata.resourceVersion);
  });

  it("a continue token older than the event window is 410 Expired", () => {
    const h = harness({ watchWindow: 3 });
    for (let i = 0; i < 4; i++) h.api.create("ConfigMap", configMap(`c${i}`));
    const p1 = h.api.list("ConfigMap", { limit: 2 });
    for (let i = 0; i < 4; i++) h.api.update("ConfigMap", configMap(`c${i}`, { v: "x" }));
    const err = caught(() =>
      h.api.list("ConfigMap", { limit: 2, continue: p1.metadata.continue! }),
    );
    expect(err.httpCode).toBe(410);
    expect(err.message).toMatch(
      /^The provided continue parameter is too old to display a consistent list result/,
    );
  });

  it("bad continue tokens are 400 'invalid continue token' and change nothing", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("c"));
    const before = snapshot(h);
    const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString("base64url");
    expect(caught(() => h.api.list("ConfigMap", { continue: "!!!" })).message).toMatch(
      /^invalid continue token: continue key is not valid/,
    );
    expect(
      caught(() => h.api.list("ConfigMap", { continue: enc({ v: "v2", rv: 1, start: "a" }) }))
        .message,
    ).toBe(
      "invalid continue token: continue key is not valid: server does not recognize this encoded version v2",
    );
    expect(
      caught(() =>
        h.api.list("ConfigMap", { continue: enc({ v: "meta.k8s.io/v1", rv: 0, start: "a" }) }),
      ).message,
    ).toBe(
      "invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
    );
    expect(
      caught(() =>
        h.api.list("ConfigMap", { continue: enc({ v: "meta.k8s.io/v1", rv: 1, start: "" }) }),
      ).message,
    ).toBe("invalid continue token: continue key is not valid: encoded start key empty");
    expect(
      caught(() =>
        h.api.list("ConfigMap", { continue: enc({ v: "meta.k8s.io/v1", rv: 1, start: "../x" }) }),
      ).httpCode,
    ).toBe(400);
    expect(
      caught(() =>
        h.api.list("ConfigMap", {
          continue: enc({ v: "meta.k8s.io/v1", rv: 1, start: "a" }),
          resourceVersion: "5",
        }),
      ).message,
    ).toBe("specifying resource version is not allowed when using continue");
    expect(snapshot(h)).toEqual(before);
  });

  it("resourceVersion semantics: Exact reads the past, a future revision is 504, bad values 400/422", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("c", { v: "1" }));
    const rv = h.api.resourceVersion;
    h.api.update("ConfigMap", configMap("c", { v: "2" }));
    expect(
      h.api.list("ConfigMap", { resourceVersion: rv, resourceVersionMatch: "Exact" }).items[0]!
        .data,
    ).toEqual({ v: "1" });
    expect(h.api.list("ConfigMap", { resourceVersion: rv }).items[0]!.data).toEqual({ v: "2" });
    expect(caught(() => h.api.list("ConfigMap", { resourceVersion: "999" })).message).toBe(
      `Too large resource version: 999, current: ${h.api.resourceVersion}`,
    );
    expect(caught(() => h.api.list("ConfigMap", { resourceVersion: "abc" })).httpCode).toBe(400);
    expect(caught(() => h.api.list("ConfigMap", { resourceVersionMatch: "Exact" })).message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
  });

  it("cluster-scoped kinds ignore the namespace option", () => {
    const h = harness();
    expect(h.api.list("Namespace", { namespace: "default" }).items.length).toBe(4);
  });
});
