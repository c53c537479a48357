/**
 * The tutorial's ingress.yaml as written (docs/tutorial/manifests/ingress.yaml):
 * api.example.com/api goes to my-api, and rewrite-target "/" makes the pod see "/".
 */
import type { Ingress } from "kubernetes-types/networking/v1";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ingressClassFor } from "./ingress-class.js";
import { route } from "./route.js";
import { buildRouteTable } from "./route-table.js";
import { ingressClass } from "./testdata/fixtures.js";

const manifest = parse(
  readFileSync(
    new URL("../../../../docs/tutorial/manifests/ingress.yaml", import.meta.url),
    "utf8",
  ),
) as Ingress;
const tutorial: Ingress = {
  ...manifest,
  metadata: { ...manifest.metadata, namespace: "default" },
};
const table = buildRouteTable([tutorial]);

describe("the tutorial's ingress", () => {
  it("is handled by ingress-nginx once admission gives it the default class (as minikube's addon marks it)", () => {
    const nginx = ingressClass("nginx", "k8s.io/ingress-nginx", { isDefault: true });
    // As written it names no class; the DefaultIngressClass admission plugin fills it in on create.
    expect(ingressClassFor(tutorial, [nginx]).handled).toBe(false);
    const admitted: Ingress = {
      ...tutorial,
      spec: { ...tutorial.spec, ingressClassName: "nginx" },
    };
    const r = ingressClassFor(admitted, [nginx]);
    expect(r).toMatchObject({ className: "nginx", source: "ingressClassName", handled: true });
  });

  it("routes api.example.com/api to my-api:80 and the pod sees /", () => {
    const r = route(table, "api.example.com", "/api");
    expect(r.kind).toBe("backend");
    if (r.kind !== "backend") return;
    expect(r.backend).toEqual({ namespace: "default", name: "my-api", port: { number: 80 } });
    expect(r.path).toBe("/api");
    expect(r.pathType).toBe("Prefix");
    expect(r.upstreamPath).toBe("/");
  });

  it("rewrites every path under /api to exactly / (no capture groups), keeping the query", () => {
    for (const p of ["/api/", "/api/users", "/api/users/42"]) {
      const r = route(table, "api.example.com", p);
      expect(r.kind === "backend" && r.backend.name).toBe("my-api");
      expect(r.kind === "backend" && r.upstreamPath).toBe("/");
    }
    const q = route(table, "api.example.com", "/api/users?page=2");
    expect(q.kind === "backend" && q.upstreamPath).toBe("/?page=2");
  });

  it("routes /docs to docs-service, also rewritten to /", () => {
    const r = route(table, "api.example.com", "/docs/intro");
    expect(r.kind === "backend" && r.backend.name).toBe("docs-service");
    expect(r.kind === "backend" && r.upstreamPath).toBe("/");
  });

  it("renders the host in regex mode: the rewrite makes every location ~*, case-insensitive and anchored at the start only", () => {
    const server = table.servers.find((s) => s.hostname === "api.example.com");
    expect(server?.enforceRegex).toBe(true);
    expect(server?.locations.map((l) => l.nginx)).toEqual(['~* "^/docs"', '~* "^/api"', '~* "^/"']);
    const upper = route(table, "API.example.com:8080", "/API/x");
    expect(upper.kind === "backend" && upper.backend.name).toBe("my-api");
    const stringPrefix = route(table, "api.example.com", "/apix");
    expect(stringPrefix.kind === "backend" && stringPrefix.backend.name).toBe("my-api");
  });

  it("answers 404 from the default backend for other paths and other hosts", () => {
    expect(route(table, "api.example.com", "/other")).toMatchObject({
      kind: "defaultBackend",
      status: 404,
    });
    expect(route(table, "example.com", "/api")).toMatchObject({
      kind: "defaultBackend",
      status: 404,
      server: "_",
    });
  });
});
