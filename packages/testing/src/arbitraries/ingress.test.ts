import fc from "fast-check";
import type { Ingress } from "kubernetes-types/networking/v1";
import { Cluster } from "kubesim";
import { describe, expect, it } from "vitest";
import { webDeployment, webImages } from "../testdata/web.js";
import { PATH_TYPES, ingressArb } from "./ingress.js";
import { serviceArb } from "./objects.js";

describe("ingressArb", () => {
  it("generates Ingresses the API server accepts: 300 of them, every path type, class way and TLS", () => {
    const c = Cluster.create({ nodes: 0, dns: false, controllers: false });
    const seen = new Set<string>();
    let n = 0;
    fc.assert(
      fc.property(ingressArb(), (ing) => {
        n++;
        const out = c.apply([{ ...ing, metadata: { ...ing.metadata, name: `ing-${n}` } }]);
        expect(out.failed).toEqual([]);
        for (const r of ing.spec?.rules ?? [])
          for (const p of r.http?.paths ?? []) seen.add(p.pathType);
        if (ing.spec?.tls !== undefined) seen.add("tls");
        if (ing.spec?.ingressClassName !== undefined) seen.add("field");
        if (ing.metadata?.annotations !== undefined) seen.add("annotation");
        if (ing.spec?.rules?.some((r) => r.host?.startsWith("*.") === true)) seen.add("wildcard");
        if (ing.spec?.rules?.some((r) => r.host === undefined)) seen.add("no host");
      }),
      { numRuns: 300, seed: 8 },
    );
    expect([...seen].sort()).toEqual(
      [...PATH_TYPES, "annotation", "field", "no host", "tls", "wildcard"].sort(),
    );
    // Those without a class got the default one by admission.
    const classes = new Set(c.list("Ingress").map((i) => i.spec?.ingressClassName ?? "(none)"));
    expect(classes).toContain("nginx");
  });

  it("routes every rule's path of 25 Ingresses through ingress-nginx to the Service's pods", () => {
    const c = Cluster.create({ seed: 4, images: webImages });
    const [svc] = fc.sample(serviceArb(), { numRuns: 1, seed: 5 });
    if (svc === undefined) throw new Error("no service");
    const ings: Ingress[] = fc
      .sample(ingressArb({ service: svc }), { numRuns: 25, seed: 6 })
      .map((ing, i) => ({ ...ing, metadata: { ...ing.metadata, name: `ing-${i}` } }));
    expect(c.apply([webDeployment("app:v1", 2), svc, ...ings]).failed).toEqual([]);
    c.advance("2m");
    const address = c.get("Ingress", "ing-0").status?.loadBalancer?.ingress?.[0]?.ip;
    expect(address).toBeDefined();
    const pods = new Set(
      c
        .list("Pod")
        .flatMap((p) => (p.metadata?.labels?.["app"] === "web" ? [p.metadata.name] : [])),
    );
    // ingress-nginx gives every rule host of an Ingress with a TLS section a certificate
    // (the default fake one when the secret is missing), and redirects those hosts to https.
    const tlsHosts = new Set(
      ings
        .filter((i) => i.spec?.tls !== undefined)
        .flatMap((i) =>
          (i.spec?.rules ?? []).flatMap((r) => (r.host === undefined ? [] : [r.host])),
        ),
    );
    let requests = 0;
    let secure = 0;
    for (const ing of ings)
      for (const rule of ing.spec?.rules ?? []) {
        // A host no Ingress names reaches the rules without a host (nginx's default server).
        const host =
          rule.host === undefined ? "unnamed.test" : rule.host.replace(/^\*\./, "wildcardprobe.");
        // A host with a certificate (its own, or its wildcard's) redirects plain HTTP: ask https.
        const tls =
          rule.host !== undefined &&
          (tlsHosts.has(host) || tlsHosts.has(`*.${host.split(".").slice(1).join(".")}`));
        const scheme = tls ? "https" : "http";
        for (const p of rule.http?.paths ?? []) {
          // ingress-nginx adds a second "location /" for an ImplementationSpecific "/", which
          // nginx refuses (network/src/ingress/route.property.test.ts); kubesim answers from
          // the host's default location. Valid for the API server, not routable.
          if (p.path === "/" && p.pathType === "ImplementationSpecific") continue;
          const r = c.http(`${scheme}://${address}${p.path}`, { headers: { Host: host } });
          requests++;
          if (tls) secure++;
          const what = `${ing.metadata?.name} ${scheme}://${host}${p.path} (${p.pathType})`;
          expect(r.kind === "response" ? `${what} ${r.status}` : `${what} ${r.error}`).toBe(
            `${what} 200`,
          );
          if (r.kind === "response") expect(pods).toContain(r.servedBy?.pod);
        }
      }
    expect(requests).toBeGreaterThan(50);
    expect(secure).toBeGreaterThan(5);
  });
});
