/**
 * The ingress-nginx controller on the real in-memory apiserver and a sim
 * loop: the store and its events, status, syncs, and serving.
 */
import type { Ingress } from "kubernetes-types/networking/v1";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ApiServer } from "@kubesim/apiserver";
import { errorPage } from "./error-pages.js";
import { FakePod, simpleIngress, worldFactory, type World } from "./testdata/world.js";

const world = worldFactory((o) => new ApiServer(o));

const tutorial = parse(
  readFileSync(
    new URL("../../../../docs/tutorial/manifests/ingress.yaml", import.meta.url),
    "utf8",
  ),
) as Ingress;

const NOT_FOUND =
  "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/** A started controller with its load balancer at 172.18.255.200 and the tutorial's backends. */
function tutorialWorld(): World & {
  api1: ReturnType<World["addBackend"]>;
  docs: ReturnType<World["addBackend"]>;
} {
  const w = world();
  w.setLoadBalancer(["172.18.255.200"]);
  const api1 = w.addBackend("my-api", { pods: 2 });
  const docs = w.addBackend("docs-service");
  w.createIngress(tutorial);
  w.start();
  return Object.assign(w, { api1, docs });
}

function answer(a: ReturnType<World["request"]>) {
  if (a.kind !== "answered") throw new Error(`refused`);
  return a;
}

describe("ingress-nginx: serving the tutorial's ingress.yaml", () => {
  it("routes api.example.com/api to my-api, and with rewrite-target / the pod sees /", () => {
    const w = tutorialWorld();
    const a = answer(w.request("api.example.com", "/api/users"));
    expect(a.status).toBe(200);
    expect(a.body).toBe("my-api-0 saw / on 8000\n");
    expect(a.servedBy?.pod).toBe("my-api-0");
    expect(a.hops.map((h) => [h.kind, h.name, h.address])).toEqual([
      ["ingress", "default/my-ingress", "172.18.255.200:80"],
      ["service", "default/my-api", expect.any(String)],
      ["pod", "default/my-api-0", `${w.api1.pods[0]!.ip}:8000`],
    ]);
    expect(a.hops[0]!.detail).toBe("rule api.example.com/api (Prefix)");
    const docs = answer(w.request("api.example.com", "/docs/intro"));
    expect(docs.body).toBe("docs-service-0 saw / on 8000\n");
  });

  it("sends ingress-nginx's proxy headers upstream", () => {
    const w = tutorialWorld();
    w.request("api.example.com", "/api", { clientIP: "203.0.113.9" });
    const seen = w.api1.pods[0]!.requests[0]!;
    expect(seen.method).toBe("GET");
    expect(seen.path).toBe("/");
    expect(seen.headers).toMatchObject({
      Host: "api.example.com",
      "X-Real-IP": "203.0.113.9",
      "X-Forwarded-For": "203.0.113.9",
      "X-Forwarded-Host": "api.example.com",
      "X-Forwarded-Port": "80",
      "X-Forwarded-Proto": "http",
      "X-Forwarded-Scheme": "http",
      "X-Scheme": "http",
      "User-Agent": "curl/8.5.0",
    });
    expect(seen.headers["X-Request-ID"]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("answers 404 with nginx's page when no rule matches", () => {
    const w = tutorialWorld();
    const a = answer(w.request("other.example.com", "/api"));
    expect(a.status).toBe(404);
    expect(a.body).toBe(NOT_FOUND);
    expect(errorPage(404)).toBe(NOT_FOUND);
    expect(a.headers["Content-Type"]).toBe("text/html");
    expect(a.hops).toEqual([
      {
        kind: "ingress",
        name: "ingress-nginx/ingress-nginx-controller",
        address: "172.18.255.200:80",
        detail: "no rule for host other.example.com: default backend",
      },
    ]);
    // the host's server, but a path outside its rules: its root location, the default backend
    const b = answer(w.request("api.example.com", "/nothing"));
    expect(b.status).toBe(404);
    expect(b.body).toBe(NOT_FOUND);
    expect(b.hops[0]).toMatchObject({
      name: "default/my-ingress",
      detail: "host api.example.com: no rule path matched, default backend",
    });
  });
});

describe("ingress-nginx: rules", () => {
  function rulesWorld() {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    for (const name of ["exact", "prefix", "longer", "wild", "fallback", "regex"])
      w.addBackend(name);
    const path = (p: string, pathType: string, service: string) => ({
      path: p,
      pathType,
      backend: { service: { name: service, port: { number: 80 } } },
    });
    w.createIngress({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "paths" },
      spec: {
        defaultBackend: { service: { name: "fallback", port: { number: 80 } } },
        rules: [
          {
            host: "shop.example.com",
            http: {
              paths: [
                path("/cart", "Exact", "exact"),
                path("/cart", "Prefix", "prefix"),
                path("/cart/items", "ImplementationSpecific", "longer"),
              ],
            },
          },
          { host: "*.apps.example.com", http: { paths: [path("/", "Prefix", "wild")] } },
        ],
      },
    });
    w.createIngress({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: {
        name: "captures",
        annotations: {
          "nginx.ingress.kubernetes.io/use-regex": "true",
          "nginx.ingress.kubernetes.io/rewrite-target": "/$2",
        },
      },
      spec: {
        rules: [
          {
            host: "rewrite.example.com",
            http: { paths: [path("/something(/|$)(.*)", "ImplementationSpecific", "regex")] },
          },
        ],
      },
    });
    w.start();
    return w;
  }
  const pod = (w: World, host: string, p: string) => {
    const a = answer(w.request(host, p));
    return `${a.status} ${a.body.trim()}`;
  };

  it("Exact beats Prefix, Prefix matches by path elements, the longest path wins", () => {
    const w = rulesWorld();
    expect(pod(w, "shop.example.com", "/cart")).toBe("200 exact-0 saw /cart on 8000");
    expect(pod(w, "shop.example.com", "/cart/")).toBe("200 prefix-0 saw /cart/ on 8000");
    expect(pod(w, "shop.example.com", "/cart/items/3")).toBe(
      "200 longer-0 saw /cart/items/3 on 8000",
    );
    expect(pod(w, "shop.example.com", "/cartoon")).toBe("200 fallback-0 saw /cartoon on 8000");
  });

  it("unmatched paths of the Ingress's hosts go to its spec.defaultBackend", () => {
    const w = rulesWorld();
    const a = answer(w.request("shop.example.com", "/elsewhere"));
    expect(a.servedBy?.pod).toBe("fallback-0");
    expect(a.hops[0]!.detail).toBe(
      "host shop.example.com: no rule path matched, spec.defaultBackend",
    );
  });

  it("a wildcard host matches exactly one label", () => {
    const w = rulesWorld();
    expect(pod(w, "Blog.Apps.example.com", "/")).toBe("200 wild-0 saw / on 8000");
    expect(pod(w, "a.b.apps.example.com", "/").startsWith("404")).toBe(true);
  });

  it("rewrite-target with use-regex substitutes capture groups, keeping the query", () => {
    const w = rulesWorld();
    expect(pod(w, "rewrite.example.com", "/something")).toBe("200 regex-0 saw / on 8000");
    expect(pod(w, "rewrite.example.com", "/something/new?q=1")).toBe(
      "200 regex-0 saw /new?q=1 on 8000",
    );
  });
});

describe("ingress-nginx: backends", () => {
  it("answers 503 when the backend has no ready endpoint, or no Service", () => {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    w.addBackend("my-api", { pods: 2, ready: [false, false] });
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.createIngress(simpleIngress("ghost", "ghost.example.com", "/", "no-such-service"));
    w.start();
    for (const host of ["web.example.com", "ghost.example.com"]) {
      const a = answer(w.request(host, "/"));
      expect(a.status).toBe(503);
      expect(a.body).toBe(
        "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
      );
      expect(a.hops.map((h) => h.kind)).toEqual(["ingress", "service"]);
      expect(a.hops[1]!.detail).toMatch(/no ready endpoints/);
    }
  });

  it("balances round robin over the ready endpoints, in the same order every run", () => {
    const run = () => {
      const w = world();
      w.setLoadBalancer(["172.18.255.200"]);
      w.addBackend("my-api", { pods: 4, ready: [true, false, true, true] });
      w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
      w.start();
      return Array.from(
        { length: 7 },
        () => answer(w.request("web.example.com", "/")).servedBy?.pod,
      );
    };
    const first = run();
    expect(first).toEqual([
      "my-api-0",
      "my-api-2",
      "my-api-3",
      "my-api-0",
      "my-api-2",
      "my-api-3",
      "my-api-0",
    ]);
    expect(run()).toEqual(first);
  });

  it("resolves the Service port to the slice's port by name", () => {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    w.addBackend("named", { portName: "web", targetPort: "http-alt", podPort: 9090 });
    w.createIngress({
      ...simpleIngress("named", "named.example.com", "/", "named"),
      spec: {
        rules: [
          {
            host: "named.example.com",
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "named", port: { name: "web" } } },
                },
              ],
            },
          },
        ],
      },
    });
    w.start();
    const a = answer(w.request("named.example.com", "/x"));
    expect(a.status).toBe(200);
    expect(a.body).toBe("named-0 saw /x on 9090\n");
  });

  it("answers 502 when every try is refused, and tries the next endpoint first", () => {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    const b = w.addBackend("my-api", { pods: 2, pod: { refuse: true } });
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.start();
    const a = answer(w.request("web.example.com", "/"));
    expect(a.status).toBe(502);
    expect(a.body).toContain("<title>502 Bad Gateway</title>");
    expect(a.hops.map((h) => `${h.kind} ${h.name} ${h.detail ?? ""}`)).toEqual([
      "ingress default/web rule web.example.com/ (Prefix)",
      expect.stringMatching(/^service default\/my-api upstream default-my-api-80/),
      "pod default/my-api-0 endpoint 1 of 2: connection refused",
      "pod default/my-api-1 endpoint 2 of 2: connection refused",
      "pod default/my-api-0 endpoint 1 of 2: connection refused",
    ]);
    // one pod comes back: the next request's retry reaches it
    b.pods[0]!.options = {};
    const c = answer(w.request("web.example.com", "/"));
    expect(c.status).toBe(200);
    expect(c.servedBy?.pod).toBe("my-api-0");
    expect(c.hops.filter((h) => h.kind === "pod")).toHaveLength(2);
  });

  it("answers 504 after three silent endpoints, each holding a try for the connect timeout", () => {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    w.addBackend("my-api", { pods: 1, pod: { silent: true } });
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.start();
    const a = answer(w.request("web.example.com", "/"));
    expect(a.status).toBe(504);
    expect(a.latency).toBe(15_000);
    expect(a.body).toContain("504 Gateway Time-out");
  });

  it("passes the pod's answer, latency (plus the 1 ms leg to the pod) and servedBy through", () => {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    w.addBackend("my-api", { pods: 1, pod: { status: 418, latency: 40 } });
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.start();
    const a = answer(w.request("web.example.com", "/tea?x=1"));
    expect(a.status).toBe(418);
    expect(a.latency).toBe(41);
    expect(a.headers).toEqual({ "content-type": "text/plain; charset=utf-8" });
    expect(a.body).toBe("my-api-0 saw /tea?x=1 on 8000\n");
    expect(a.servedBy).toMatchObject({
      namespace: "default",
      pod: "my-api-0",
      image: "my-api:1.0",
    });
  });
});

describe("ingress-nginx: TLS", () => {
  function tlsWorld(secret: boolean, annotations?: Record<string, string>) {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    const backend = w.addBackend("my-api");
    if (secret)
      w.api.create("Secret", {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "secure-tls", namespace: "default" },
        type: "kubernetes.io/tls",
        data: { "tls.crt": "Y2VydA==", "tls.key": "a2V5" },
      });
    w.createIngress(
      simpleIngress("secure", "secure.example.com", "/", "my-api", {
        tls: [{ hosts: ["secure.example.com"], secretName: "secure-tls" }],
        ...(annotations === undefined ? {} : { annotations }),
      }),
    );
    w.createIngress(simpleIngress("plain", "plain.example.com", "/", "my-api"));
    w.start();
    return Object.assign(w, { backend });
  }

  it("records the TLS hosts and redirects plain HTTP to https with 308", () => {
    const w = tlsWorld(true);
    expect(w.controller.runningConfiguration().table.tlsHosts).toEqual([
      {
        host: "secure.example.com",
        secretName: "secure-tls",
        ingress: { namespace: "default", name: "secure" },
      },
    ]);
    const a = answer(w.request("secure.example.com", "/account/?tab=1"));
    expect(a.status).toBe(308);
    expect(a.headers["Location"]).toBe("https://secure.example.com/account/?tab=1");
    expect(a.body).toBe(
      "<html>\r\n<head><title>308 Permanent Redirect</title></head>\r\n<body>\r\n<center><h1>308 Permanent Redirect</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    );
    // one trailing slash goes (preserve-trailing-slash is off)
    expect(answer(w.request("secure.example.com", "/")).headers["Location"]).toBe(
      "https://secure.example.com",
    );
    expect(answer(w.request("secure.example.com", "/docs/")).headers["Location"]).toBe(
      "https://secure.example.com/docs",
    );
    expect(w.informers.lister("Pod").size).toBe(0);
  });

  it("serves https for the TLS host with its certificate and HSTS", () => {
    const w = tlsWorld(true);
    const a = answer(w.request("secure.example.com", "/", { scheme: "https" }));
    expect(a.status).toBe(200);
    expect(a.headers["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(a.hops[0]!.detail).toBe(
      "rule secure.example.com/ (Prefix), https (certificate default/secure-tls)",
    );
    expect(a.hops[0]!.address).toBe("172.18.255.200:443");
    expect(a.servedBy?.pod).toBe("my-api-0");
  });

  it("tells the pod the request came in over https", () => {
    const w = tlsWorld(true);
    w.request("secure.example.com", "/", {
      scheme: "https",
      headers: { "X-Forwarded-For": "10.9.9.9", "X-Request-ID": "abc", "User-Agent": "curl/8.5.0" },
      clientIP: "192.168.49.1",
    });
    const seen = w.backend.pods[0]!.requests[0]!.headers;
    expect(seen).toMatchObject({
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Scheme": "https",
      "X-Scheme": "https",
      "X-Forwarded-Port": "443",
      "X-Forwarded-For": "192.168.49.1",
      "X-Original-Forwarded-For": "10.9.9.9",
      "X-Request-ID": "abc",
    });
  });

  it("uses the default fake certificate when the secret is missing, and still redirects", () => {
    const w = tlsWorld(false);
    expect(answer(w.request("secure.example.com", "/x")).status).toBe(308);
    const a = answer(w.request("secure.example.com", "/x", { scheme: "https" }));
    expect(a.status).toBe(200);
    expect(a.hops[0]!.detail).toMatch(/default fake certificate/);
  });

  it("serves https to a host without TLS (default fake certificate) and plain HTTP without redirect", () => {
    const w = tlsWorld(true);
    const a = answer(w.request("plain.example.com", "/", { scheme: "https" }));
    expect(a.status).toBe(200);
    expect(a.hops[0]!.detail).toBe(
      "rule plain.example.com/ (Prefix), https (default fake certificate)",
    );
    expect(a.headers["Strict-Transport-Security"]).toBeDefined();
    const b = answer(w.request("plain.example.com", "/"));
    expect(b.status).toBe(200);
    expect(b.headers["Strict-Transport-Security"]).toBeUndefined();
  });

  it("answers plain HTTP on port 443 with nginx's 400 page", () => {
    const w = tlsWorld(true);
    const a = answer(w.request("secure.example.com", "/", { scheme: "http", port: 443 }));
    expect(a.status).toBe(400);
    expect(a.body).toBe(
      "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    );
  });

  it("honours ssl-redirect: false and force-ssl-redirect", () => {
    const off = tlsWorld(true, { "nginx.ingress.kubernetes.io/ssl-redirect": "false" });
    expect(answer(off.request("secure.example.com", "/")).status).toBe(200);
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    w.addBackend("my-api");
    w.createIngress(
      simpleIngress("forced", "forced.example.com", "/", "my-api", {
        annotations: { "nginx.ingress.kubernetes.io/force-ssl-redirect": "true" },
      }),
    );
    w.start();
    expect(answer(w.request("forced.example.com", "/a")).headers["Location"]).toBe(
      "https://forced.example.com/a",
    );
  });

  it("does not redirect ACME challenges (no-tls-redirect-locations)", () => {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    w.addBackend("my-api");
    w.addBackend("solver");
    w.createIngress(
      simpleIngress("secure", "secure.example.com", "/", "my-api", {
        tls: [{ hosts: ["secure.example.com"] }],
      }),
    );
    w.createIngress(
      simpleIngress("acme", "secure.example.com", "/.well-known/acme-challenge/tok", "solver"),
    );
    w.start();
    const a = answer(w.request("secure.example.com", "/.well-known/acme-challenge/tok"));
    expect(a.status).toBe(200);
    expect(a.servedBy?.pod).toBe("solver-0");
  });
});

describe("ingress-nginx: status", () => {
  it("writes the published Service's load-balancer address to the Ingresses it serves", () => {
    const w = tutorialWorld();
    expect(w.ingress("my-ingress").status?.loadBalancer).toEqual({
      ingress: [{ ip: "172.18.255.200" }],
    });
    expect(w.controller.addresses()).toEqual(["172.18.255.200"]);
  });

  it("waits for the load balancer, and picks a change up at the next 60 s status sync", () => {
    const w = world();
    w.addBackend("my-api");
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.start();
    expect(w.controller.addresses()).toEqual([]);
    expect(w.ingress("web").status?.loadBalancer?.ingress).toBeUndefined();
    w.setLoadBalancer(["172.18.255.201", "172.18.255.200"]);
    w.loop.settle();
    // the Frontend answers there at once; the status waits for the periodic sync
    expect(w.controller.addresses()).toEqual(["172.18.255.201", "172.18.255.200"]);
    w.loop.advance("55s"); // t = 60 s
    expect(w.ingress("web").status?.loadBalancer?.ingress).toBeUndefined();
    w.loop.advance("1s"); // t = 61 s: the second status sync
    expect(w.ingress("web").status?.loadBalancer?.ingress).toEqual([
      { ip: "172.18.255.200" },
      { ip: "172.18.255.201" },
    ]);
  });

  it("writes only when the addresses change", () => {
    const w = tutorialWorld();
    const rv = w.ingress("my-ingress").metadata?.resourceVersion;
    w.loop.advance("2m");
    expect(w.controller.statusSyncCount).toBe(3);
    expect(w.ingress("my-ingress").metadata?.resourceVersion).toBe(rv);
  });

  it("leaves the status of an Ingress it stops serving, and clears the rest on shutdown", () => {
    const w = tutorialWorld();
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.loop.advance("60s");
    expect(w.ingress("web").status?.loadBalancer?.ingress).toEqual([{ ip: "172.18.255.200" }]);
    w.api.create("IngressClass", {
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      metadata: { name: "other" },
      spec: { controller: "example.com/other" },
    });
    const web = w.ingress("web");
    w.api.update("Ingress", { ...web, spec: { ...web.spec, ingressClassName: "other" } });
    w.loop.advance("5s");
    expect(answer(w.request("web.example.com", "/")).status).toBe(404);
    w.controller.stop();
    expect(w.ingress("my-ingress").status?.loadBalancer).toEqual({});
    expect(w.ingress("web").status?.loadBalancer?.ingress).toEqual([{ ip: "172.18.255.200" }]);
    expect(w.controller.addresses()).toEqual([]);
    expect(w.request("api.example.com", "/api")).toEqual({ kind: "refused" });
  });

  it("publishes --publish-status-address instead, IPs as ip and names as hostname", () => {
    const w = world({ controller: { publishStatusAddress: "localhost, 10.0.0.5" } });
    w.addBackend("my-api");
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.start();
    expect(w.ingress("web").status?.loadBalancer?.ingress).toEqual([
      { ip: "10.0.0.5" },
      { hostname: "localhost" },
    ]);
  });
});

describe("ingress-nginx: IngressClass and events", () => {
  function classWorld(o: Parameters<typeof world>[0] = {}) {
    const w = world(o);
    w.setLoadBalancer(["172.18.255.200"]);
    w.addBackend("my-api");
    w.api.create("IngressClass", {
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      metadata: { name: "other" },
      spec: { controller: "example.com/other" },
    });
    w.createIngress(
      simpleIngress("by-field", "field.example.com", "/", "my-api", { className: "nginx" }),
    );
    w.createIngress(
      simpleIngress("by-annotation", "annotation.example.com", "/", "my-api", {
        annotations: { "kubernetes.io/ingress.class": "nginx" },
      }),
    );
    w.createIngress(simpleIngress("classless", "classless.example.com", "/", "my-api"));
    w.createIngress(
      simpleIngress("other", "other.example.com", "/", "my-api", { className: "other" }),
    );
    w.createIngress(
      simpleIngress("missing", "missing.example.com", "/", "my-api", { className: "gone" }),
    );
    w.start();
    return w;
  }
  const served = (w: World) => w.controller.servedIngresses().map((i) => i.metadata?.name);

  it("serves its class by field or annotation, and class-less Ingresses when its class is the default", () => {
    const w = classWorld();
    expect(served(w)).toEqual(["by-annotation", "by-field", "classless"]);
    expect(answer(w.request("other.example.com", "/")).status).toBe(404);
    expect(answer(w.request("classless.example.com", "/")).status).toBe(200);
    expect(w.ingress("other").status?.loadBalancer?.ingress).toBeUndefined();
    expect(w.ingress("classless").status?.loadBalancer?.ingress).toEqual([
      { ip: "172.18.255.200" },
    ]);
  });

  it("ignores class-less Ingresses when its class is not the default, unless --watch-ingress-without-class", () => {
    expect(served(classWorld({ manifests: { defaultClass: false } }))).toEqual([
      "by-annotation",
      "by-field",
    ]);
    expect(
      served(
        classWorld({
          manifests: { defaultClass: false },
          controller: { watchIngressWithoutClass: true },
        }),
      ),
    ).toEqual(["by-annotation", "by-field", "classless"]);
  });

  it('records Sync "Scheduled for sync" on each served Ingress, again when its status is written', () => {
    const w = classWorld();
    const events = w.events().sort();
    expect(events).toEqual([
      "Normal Sync Ingress default/by-annotation Scheduled for sync [nginx-ingress-controller] x2",
      "Normal Sync Ingress default/by-field Scheduled for sync [nginx-ingress-controller] x2",
      "Normal Sync Ingress default/classless Scheduled for sync [nginx-ingress-controller] x2",
    ]);
  });

  it("does not look again at an Ingress whose class appears later, until the Ingress changes", () => {
    const w = world({ manifests: false });
    w.api.create("Namespace", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "ingress-nginx" },
    });
    w.addBackend("my-api");
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api", { className: "nginx" }));
    w.start();
    w.api.create("IngressClass", {
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      metadata: { name: "nginx" },
      spec: { controller: "k8s.io/ingress-nginx" },
    });
    w.loop.advance("10s");
    expect(served(w)).toEqual([]);
    const web = w.ingress("web");
    w.api.update("Ingress", { ...web, metadata: { ...web.metadata, labels: { touched: "yes" } } });
    w.loop.advance("10s");
    expect(served(w)).toEqual(["web"]);
    expect(answer(w.request("web.example.com", "/")).status).toBe(200);
  });

  it("records no events with --disable-sync-events", () => {
    const w = classWorld({ controller: { disableSyncEvents: true } });
    expect(w.events()).toEqual([]);
  });
});

describe("ingress-nginx: sync timing", () => {
  it("comes up one second after its caches sync, and Lua takes the first backends a second later", () => {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    w.addBackend("my-api");
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.controller.start();
    w.loop.settle();
    expect(w.controller.hasSynced()).toBe(false);
    expect(w.request("web.example.com", "/")).toEqual({ kind: "refused" });
    w.loop.advance(1000);
    expect(w.controller.hasSynced()).toBe(true);
    expect(w.controller.syncCount).toBe(1);
    expect(answer(w.request("web.example.com", "/")).status).toBe(503);
    w.loop.advance(1999); // posted at 2 s, picked up at Lua's tick at 3 s
    expect(answer(w.request("web.example.com", "/")).status).toBe(503);
    w.loop.advance(1);
    expect(answer(w.request("web.example.com", "/")).status).toBe(200);
  });

  it("rate-limits syncs to 0.3 per second; new endpoints wait for Lua's next tick", () => {
    const w = world();
    w.setLoadBalancer(["172.18.255.200"]);
    const b = w.addBackend("my-api", { pods: 1 });
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.start(); // t = 5 s
    // the first sync at 1 s; the status write's update event waited for a token: 1 s + 3334 ms
    expect(w.controller.syncCount).toBe(2);
    // a new Ingress at 5 s: the bucket refilled 0.2 token since 1 s, the rest takes 2667 ms
    w.createIngress(simpleIngress("two", "two.example.com", "/", "my-api"));
    w.loop.advance(2666);
    expect(w.controller.syncCount).toBe(2);
    expect(answer(w.request("two.example.com", "/")).status).toBe(404);
    w.loop.advance(1); // t = 7667
    expect(w.controller.syncCount).toBe(3);
    expect(answer(w.request("two.example.com", "/")).status).toBe(200); // same upstream, already balanced
    // a second pod at 8 s: the next token at 11 s, Lua takes the endpoints at its 12 s tick
    w.loop.advance(333);
    const extra = new FakePod("default", "my-api-extra");
    extra.ip = w.network.attach("node-1", "10.244.1.0/24", extra);
    w.setEndpoints("my-api", [...b.pods, extra]);
    w.loop.advance(2999);
    expect(w.controller.syncCount).toBe(3);
    w.loop.advance(1); // t = 11 s
    expect(w.controller.syncCount).toBe(4);
    expect(w.controller.activeBackend("default-my-api-80")?.endpoints).toHaveLength(1);
    w.loop.advance(999);
    expect(w.controller.activeBackend("default-my-api-80")?.endpoints).toHaveLength(1);
    w.loop.advance(1); // t = 12 s
    expect(w.controller.activeBackend("default-my-api-80")?.endpoints).toHaveLength(2);
    const pods = Array.from(
      { length: 2 },
      () => answer(w.request("web.example.com", "/")).servedBy?.pod,
    );
    expect(pods).toEqual(["my-api-0", "my-api-extra"]);
  });

  it("can be made immediate for tests that do not study timing", () => {
    const w = world({
      controller: {
        timing: {
          ingressInformerDelay: 0,
          syncRateLimit: 0,
          initialSyncDelay: 0,
          backendsSyncInterval: 0,
        },
      },
    });
    w.setLoadBalancer(["172.18.255.200"]);
    w.addBackend("my-api");
    w.createIngress(simpleIngress("web", "web.example.com", "/", "my-api"));
    w.controller.start();
    w.loop.settle();
    expect(answer(w.request("web.example.com", "/")).status).toBe(200);
    expect(w.ingress("web").status?.loadBalancer?.ingress).toEqual([{ ip: "172.18.255.200" }]);
  });
});
