/**
 * Issue 5 done-means 3: for random Ingress rule sets and request paths, route
 * agrees with a reference matcher of the Ingress spec's path rules, written here:
 * Exact = equal strings; Prefix = element-wise prefix on "/"-split paths;
 * ImplementationSpecific = ingress-nginx's choice, a plain string prefix;
 * the longest matching rule path wins, ties Exact > Prefix > ImplementationSpecific;
 * the first Ingress (oldest) wins a duplicate path of the same type; a host's
 * rules serve only that host (nginx server_name), other hosts go to the
 * host-less rules; no match = the default backend.
 * Generated paths are in the form the rules call canonical: no trailing "/"
 * (ingress-nginx answers "/foo" with a 301 when a path ends in "/", see
 * vectors.test.ts) and no rewrite or regex annotations (they switch nginx to
 * regex locations, which the API rules do not describe).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { route } from "./route.js";
import { buildRouteTable } from "./route-table.js";
import { ingressOf } from "./testdata/fixtures.js";

type T = "Exact" | "Prefix" | "ImplementationSpecific";
interface Rule {
  readonly host: string;
  readonly path: string;
  readonly pathType: T;
  readonly backend: string;
}

const segment = fc.constantFrom("a", "aa", "ab", "b", "api", "apis");
const path = fc.array(segment, { minLength: 0, maxLength: 3 }).map((s) => "/" + s.join("/"));
const host = fc.constantFrom("", "foo.com", "bar.foo.com");
const pathType = fc.constantFrom<T>("Exact", "Prefix", "ImplementationSpecific");
const rule = fc
  .record({ host, path, pathType })
  // ingress-nginx adds a second "location /" for an ImplementationSpecific "/", which nginx refuses
  .filter((r) => !(r.path === "/" && r.pathType === "ImplementationSpecific"));
const ingresses = fc.array(fc.array(rule, { minLength: 1, maxLength: 5 }), {
  minLength: 1,
  maxLength: 3,
});

function elements(p: string): string[] {
  return p.split("/").filter((e) => e !== "");
}

function matches(r: Rule, req: string): boolean {
  if (r.pathType === "Exact") return r.path === req;
  if (r.pathType === "ImplementationSpecific") return req.startsWith(r.path);
  const re = elements(r.path);
  const q = elements(req);
  return re.length <= q.length && re.every((e, i) => q[i] === e);
}

const rank: Record<T, number> = { Exact: 0, Prefix: 1, ImplementationSpecific: 2 };

/** The reference: the backend name, or undefined for the default backend. */
function reference(rules: readonly Rule[], reqHost: string, req: string): string | undefined {
  const hosts = new Set(rules.map((r) => r.host));
  const server = hosts.has(reqHost) ? reqHost : "";
  const seen = new Set<string>();
  let best: Rule | undefined;
  for (const r of rules) {
    if (r.host !== server) continue;
    const key = `${r.pathType} ${r.path}`;
    if (seen.has(key)) continue; // the first Ingress keeps a duplicate path
    seen.add(key);
    if (!matches(r, req)) continue;
    if (
      best === undefined ||
      r.path.length > best.path.length ||
      (r.path.length === best.path.length && rank[r.pathType] < rank[best.pathType])
    )
      best = r;
  }
  return best?.backend;
}

describe("route agrees with the Ingress path rules", () => {
  it("for random rule sets, hosts and request paths", () => {
    fc.assert(
      fc.property(
        ingresses,
        fc.constantFrom("foo.com", "bar.foo.com", "other.com"),
        path,
        fc.boolean(),
        (sets, reqHost, req, slash) => {
          const request = slash && req !== "/" ? `${req}/` : req;
          const rules: Rule[] = [];
          const objs = sets.map((set, i) => {
            const ing = ingressOf(`ing-${i}`, "", [], {
              creationTimestamp: `2024-01-01T00:00:0${i}Z`,
            });
            const byHost = new Map<string, { path: string; pathType: T; backend: string }[]>();
            set.forEach((r, j) => {
              const backend = `svc-${i}-${j}`;
              rules.push({ ...r, backend });
              byHost.set(r.host, [
                ...(byHost.get(r.host) ?? []),
                { path: r.path, pathType: r.pathType, backend },
              ]);
            });
            return {
              ...ing,
              spec: {
                rules: [...byHost].map(([h, ps]) => ({
                  ...(h !== "" ? { host: h } : {}),
                  http: {
                    paths: ps.map((p) => ({
                      path: p.path,
                      pathType: p.pathType,
                      backend: { service: { name: p.backend, port: { number: 80 } } },
                    })),
                  },
                })),
              },
            };
          });
          const r = route(buildRouteTable(objs), reqHost, request);
          const expected = reference(rules, reqHost, request);
          if (expected === undefined) expect(r.kind).toBe("defaultBackend");
          else {
            expect(r.kind).toBe("backend");
            if (r.kind === "backend") {
              expect(r.backend.name).toBe(expected);
              expect(r.upstreamPath).toBe(request);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
