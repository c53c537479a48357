/**
 * route and buildRouteTable behaviours beyond the vectors: merging across
 * Ingresses, defaultBackend, TLS, wildcard servers, redirects, rewrites.
 */
import type { Ingress } from "kubernetes-types/networking/v1";
import { describe, expect, it } from "vitest";
import { applyRewrite } from "./rewrite.js";
import { route } from "./route.js";
import { buildRouteTable, sortIngresses } from "./route-table.js";
import { ingressOf } from "./testdata/fixtures.js";
import { parseRequestUri } from "./uri.js";

const backendName = (r: ReturnType<typeof route>): string | undefined =>
  r.kind === "backend" ? r.backend.name : undefined;

describe("merging Ingresses per host", () => {
  it("the oldest Ingress wins a path both define with the same type", () => {
    const older = ingressOf(
      "z-older",
      "a.com",
      [{ path: "/x", pathType: "Prefix", backend: "old" }],
      {
        creationTimestamp: "2024-01-01T00:00:00Z",
      },
    );
    const newer = ingressOf(
      "a-newer",
      "a.com",
      [{ path: "/x", pathType: "Prefix", backend: "new" }],
      {
        creationTimestamp: "2024-01-02T00:00:00Z",
      },
    );
    expect(backendName(route(buildRouteTable([newer, older]), "a.com", "/x/1"))).toBe("old");
  });

  it("equal creation times: ingress-nginx orders by namespace/name descending, so the later name wins", () => {
    const a = ingressOf("a", "a.com", [{ path: "/x", pathType: "Prefix", backend: "from-a" }]);
    const b = ingressOf("b", "a.com", [{ path: "/x", pathType: "Prefix", backend: "from-b" }]);
    expect(sortIngresses([a, b]).map((i) => i.metadata?.name)).toEqual(["b", "a"]);
    expect(backendName(route(buildRouteTable([a, b]), "a.com", "/x"))).toBe("from-b");
  });

  it("paths of different Ingresses for one host merge into one server", () => {
    const t = buildRouteTable([
      ingressOf("one", "a.com", [{ path: "/one", pathType: "Prefix", backend: "one" }]),
      ingressOf("two", "a.com", [{ path: "/two", pathType: "Exact", backend: "two" }]),
    ]);
    expect(backendName(route(t, "a.com", "/one/x"))).toBe("one");
    expect(backendName(route(t, "a.com", "/two"))).toBe("two");
    expect(t.servers.map((s) => s.hostname)).toEqual(["_", "a.com"]);
  });

  it("a Prefix path renders as `location /foo/` plus `location = /foo`", () => {
    const t = buildRouteTable([ingressOf("i", "a.com", [{ path: "/foo", pathType: "Prefix" }])]);
    expect(t.servers[1]?.locations.map((l) => l.nginx)).toEqual(['"/foo/"', '= "/foo"', '"/"']);
  });

  it("ImplementationSpecific is a plain nginx prefix: /foo matches /foobar", () => {
    const t = buildRouteTable([ingressOf("i", "a.com", [{ path: "/foo", backend: "impl" }])]);
    expect(backendName(route(t, "a.com", "/foobar"))).toBe("impl");
  });

  it("skips resource backends with a warning, as ingress-nginx does", () => {
    const ing: Ingress = {
      ...ingressOf("res", "a.com", []),
      spec: {
        rules: [
          {
            host: "a.com",
            http: {
              paths: [
                {
                  path: "/r",
                  pathType: "Prefix",
                  backend: {
                    resource: { apiGroup: "k8s.example.com", kind: "StorageBucket", name: "b" },
                  },
                },
              ],
            },
          },
        ],
      },
    };
    const t = buildRouteTable([ing]);
    expect(route(t, "a.com", "/r")).toMatchObject({ kind: "defaultBackend", status: 404 });
    expect(t.warnings[0]).toContain("resource backend");
  });
});

describe("default backends", () => {
  it("spec.defaultBackend serves the unmatched paths of the hosts its Ingress creates", () => {
    const ing = ingressOf("i", "a.com", [{ path: "/api", pathType: "Prefix", backend: "api" }]);
    const t = buildRouteTable([
      {
        ...ing,
        spec: {
          ...ing.spec,
          defaultBackend: { service: { name: "fallback", port: { name: "http" } } },
        },
      },
    ]);
    const r = route(t, "a.com", "/elsewhere");
    expect(r).toMatchObject({
      kind: "backend",
      viaDefaultBackend: true,
      backend: { name: "fallback", port: { name: "http" } },
    });
    expect(route(t, "b.com", "/")).toMatchObject({
      kind: "defaultBackend",
      status: 404,
      server: "_",
    });
  });

  it("an Ingress with only a defaultBackend takes over the catch-all server", () => {
    const only: Ingress = {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "catch-all", namespace: "shop" },
      spec: { defaultBackend: { service: { name: "web", port: { number: 8080 } } } },
    };
    const r = route(buildRouteTable([only]), "anything.io", "/x?y=1");
    expect(r).toMatchObject({
      kind: "backend",
      server: "_",
      backend: { namespace: "shop", name: "web" },
      upstreamPath: "/x?y=1",
    });
  });

  it("an empty table answers 404", () => {
    expect(route(buildRouteTable([]), "a.com", "/")).toMatchObject({
      kind: "defaultBackend",
      status: 404,
    });
  });
});

describe("hosts", () => {
  it("a wildcard server serves one label; exact names win; others go to the host-less rules", () => {
    const t = buildRouteTable([
      ingressOf("w", "*.foo.com", [{ path: "/", pathType: "Prefix", backend: "wild" }]),
      ingressOf("e", "bar.foo.com", [{ path: "/", pathType: "Prefix", backend: "exact" }]),
      ingressOf("n", "", [{ path: "/", pathType: "Prefix", backend: "any" }]),
    ]);
    expect(backendName(route(t, "x.foo.com", "/"))).toBe("wild");
    expect(backendName(route(t, "bar.foo.com:443", "/"))).toBe("exact");
    expect(backendName(route(t, "a.b.foo.com", "/"))).toBe("any");
    expect(backendName(route(t, "foo.com", "/"))).toBe("any");
  });

  it("records TLS hosts and the secret each server uses", () => {
    const ing = ingressOf("i", "a.com", [{ path: "/", pathType: "Prefix" }]);
    const t = buildRouteTable([
      { ...ing, spec: { ...ing.spec, tls: [{ hosts: ["a.com", "b.com"], secretName: "a-tls" }] } },
    ]);
    expect(t.tlsHosts.map((h) => h.host)).toEqual(["a.com", "b.com"]);
    expect(t.servers.find((s) => s.hostname === "a.com")?.tls).toEqual({
      secretName: "a-tls",
      ingress: { namespace: "default", name: "i" },
    });
  });
});

describe("rewrites and redirects", () => {
  const rw = (
    target: string,
    p: string,
    extra: Record<string, string> = {},
  ): ReturnType<typeof buildRouteTable> =>
    buildRouteTable([
      ingressOf("i", "a.com", [{ path: p, pathType: "ImplementationSpecific", backend: "svc" }], {
        annotations: { "nginx.ingress.kubernetes.io/rewrite-target": target, ...extra },
      }),
    ]);

  it("substitutes capture groups and keeps the query", () => {
    const t = rw("/$2", "/something(/|$)(.*)", { "nginx.ingress.kubernetes.io/use-regex": "true" });
    expect(route(t, "a.com", "/something/new?x=1")).toMatchObject({ upstreamPath: "/new?x=1" });
  });

  it("a target equal to the path is no rewrite for that location", () => {
    const t = rw("/same", "/same");
    expect(route(t, "a.com", "/same/x")).toMatchObject({ upstreamPath: "/same/x" });
    // the server's root default location carries the Ingress's annotations too,
    // and "/same" != "/" there, so the host still renders in regex mode
    expect(t.servers[1]?.enforceRegex).toBe(true);
  });

  it("an absolute target is a 302", () => {
    const t = rw("https://elsewhere.io/$1", "/go/(.*)");
    expect(route(t, "a.com", "/go/x")).toMatchObject({
      kind: "redirect",
      status: 302,
      redirectTo: "https://elsewhere.io/x",
    });
  });

  it("app-root sends / to the app with a 302", () => {
    const t = buildRouteTable([
      ingressOf("i", "a.com", [{ path: "/", pathType: "Prefix" }], {
        annotations: { "nginx.ingress.kubernetes.io/app-root": "/app1" },
      }),
    ]);
    expect(route(t, "a.com", "/")).toMatchObject({
      kind: "redirect",
      status: 302,
      redirectTo: "http://a.com/app1",
    });
    expect(route(t, "a.com", "/x").kind).toBe("backend");
  });

  it("x-forwarded-prefix adds the header", () => {
    const t = rw("/$1", "/p/(.*)", { "nginx.ingress.kubernetes.io/x-forwarded-prefix": "/p" });
    expect(route(t, "a.com", "/p/q")).toMatchObject({
      upstreamPath: "/q",
      headers: { "X-Forwarded-Prefix": "/p" },
    });
  });

  it("applyRewrite appends args with & when the target has its own, drops them for a trailing ?", () => {
    expect(applyRewrite("/a", "/b?k=v", "/a", "x=1")).toMatchObject({ target: "/b?k=v&x=1" });
    expect(applyRewrite("/a", "/b?", "/a", "x=1")).toMatchObject({ target: "/b" });
    expect(applyRewrite("/z", "/b", "/a", "")).toEqual({ kind: "noMatch" });
  });
});

describe("the request URI", () => {
  it("is normalised as nginx does before matching", () => {
    expect(parseRequestUri("/a//b/./c/../d?q=1")).toEqual({
      uri: "/a/b/d",
      args: "q=1",
      requestUri: "/a//b/./c/../d?q=1",
    });
    expect(parseRequestUri("/%61pi/")?.uri).toBe("/api/");
    expect(parseRequestUri("/../x")).toBeUndefined();
    expect(parseRequestUri("/%zz")).toBeUndefined();
    expect(parseRequestUri("x")).toBeUndefined();
  });

  it("a bad URI is 400, and matching uses the normalised form while the pod sees the original", () => {
    const t = buildRouteTable([
      ingressOf("i", "a.com", [{ path: "/api", pathType: "Prefix", backend: "api" }]),
    ]);
    expect(route(t, "a.com", "/../x")).toMatchObject({ kind: "badRequest", status: 400 });
    expect(route(t, "a.com", "//api//v1")).toMatchObject({
      kind: "backend",
      upstreamPath: "//api//v1",
    });
  });
});
