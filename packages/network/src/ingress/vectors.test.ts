/**
 * The spec's ingress vectors (kubernetes docs path table and host wildcards,
 * ingress-nginx rewrite and regex-priority docs), run through buildRouteTable
 * and route.
 */
import { describe, expect, it } from "vitest";
import { hostMatchesRule } from "./host.js";
import { route } from "./route.js";
import { buildRouteTable } from "./route-table.js";
import { ingressOf, loadVectors } from "./testdata/fixtures.js";

const vectors = loadVectors();

/**
 * Vectors where ingress-nginx answers differently from the API table: nginx
 * turns a path ending in "/" into a location named "/foo/", and a proxy_pass
 * location so named answers "/foo" with a 301 to "/foo/" (auto_redirect) instead
 * of serving it. Following the redirect reaches the expected path.
 */
const trailingSlashRedirects = new Set([
  "Prefix /foo/ vs /foo",
  "Prefix /aaa/bbb/ vs /aaa/bbb (trailing slash ignored)",
  "Exact /foo/ vs /foo",
]);

describe("ingressPathMatching vectors (kubernetes docs)", () => {
  for (const v of vectors.ingressPathMatching) {
    it(v.name, () => {
      if (v.input.ruleHost !== undefined) {
        expect(hostMatchesRule(v.input.ruleHost, v.input.requestHost)).toBe(v.expected.matches);
        // and through the route table: a server for the rule host, the catch-all otherwise
        const table = buildRouteTable([
          ingressOf("ing", v.input.ruleHost, [{ path: "/", pathType: "Prefix", backend: "web" }]),
        ]);
        const r = route(table, v.input.requestHost, "/");
        expect(r.kind === "backend" && r.backend.name === "web").toBe(v.expected.matches);
        return;
      }
      const paths = (v.input.paths as { path: string; pathType: string }[]).map((p, i) => ({
        ...p,
        backend: `svc-${i}`,
      }));
      const table = buildRouteTable([ingressOf("ing", "foo.bar.com", paths)]);
      const r = route(table, "foo.bar.com", v.input.requestPath);
      if (trailingSlashRedirects.has(v.name)) {
        expect(r.kind).toBe("redirect");
        if (r.kind !== "redirect") return;
        expect(r.status).toBe(301);
        expect(r.redirectTo).toBe(`${v.input.requestPath}/`);
        const followed = route(table, "foo.bar.com", r.redirectTo);
        expect(followed.kind).toBe("backend");
        if (followed.kind === "backend") expect(followed.path).toBe(v.input.paths[0].path);
        return;
      }
      if (!v.expected.matches) {
        expect(r.kind).toBe("defaultBackend");
        expect(r.status).toBe(404);
        return;
      }
      expect(r.kind).toBe("backend");
      if (r.kind !== "backend") return;
      expect(r.path).toBe(v.expected.matchedPath);
      if (v.expected.matchedPathType !== undefined)
        expect(r.pathType).toBe(v.expected.matchedPathType);
      expect(r.upstreamPath).toBe(v.input.requestPath);
    });
  }
});

describe("ingressNginx vectors (ingress-nginx docs)", () => {
  for (const v of vectors.ingressNginx) {
    it(v.name, () => {
      if (v.input.path !== undefined) {
        const table = buildRouteTable([
          ingressOf(
            "rewrite",
            "rewrite.bar.com",
            [{ path: v.input.path, pathType: v.input.pathType, backend: "http-svc" }],
            {
              annotations: v.input.annotations,
            },
          ),
        ]);
        const r = route(table, "rewrite.bar.com", v.input.requestPath);
        expect(r.kind).toBe("backend");
        if (r.kind === "backend") expect(r.upstreamPath).toBe(v.expected.upstreamPath);
        return;
      }
      const paths = (v.input.paths as { path: string; pathType?: string; backend: string }[]).map(
        (p) => ({
          path: p.path,
          pathType: p.pathType ?? "Prefix",
          backend: p.backend,
        }),
      );
      const table = buildRouteTable([
        ingressOf("test-ingress", "test.com", paths, {
          annotations: { "nginx.ingress.kubernetes.io/use-regex": String(v.input.useRegex) },
        }),
      ]);
      const server = table.servers.find((s) => s.hostname === "test.com");
      expect(server?.enforceRegex).toBe(true);
      if (v.input.generatedLocationsInOrder !== undefined) {
        const generated = (server?.locations ?? [])
          .filter((l) => !l.isDefBackend)
          .map((l) => l.nginx.replaceAll('"', ""));
        expect(generated).toEqual(v.input.generatedLocationsInOrder);
      }
      const r = route(table, "test.com", v.input.requestPath);
      expect(r.kind).toBe("backend");
      if (r.kind === "backend") expect(r.backend.name).toBe(v.expected.backend);
    });
  }
});
