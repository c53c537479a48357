/**
 * The small pieces: nginx's own pages, X-Request-ID, certificates per host,
 * the round-robin balancer, and the manifests.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildRouteTable } from "../ingress/route-table.js";
import type { Upstream } from "./backends.js";
import { Balancers } from "./balancer.js";
import { certificateForHost, serverCertificates } from "./certificates.js";
import { errorPage, errorPageHeaders } from "./error-pages.js";
import { ingressNginxManifests } from "./manifests.js";
import { RequestIds } from "./request-id.js";
import { simpleIngress } from "./testdata/world.js";

describe("nginx's own pages", () => {
  it("are ngx_http_special_response.c's, with the version-less tail", () => {
    expect(errorPage(502)).toBe(
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    );
    expect(errorPage(504)).toContain("<title>504 Gateway Time-out</title>");
    expect(errorPage(400)).toContain("<title>400 Bad Request</title>");
  });

  it("carry text/html, their length and, for redirects, Location; no Server header", () => {
    expect(errorPageHeaders(404)).toEqual({
      "Content-Type": "text/html",
      "Content-Length": "146",
      Connection: "keep-alive",
    });
    expect(errorPageHeaders(308, "https://a.example.com")).toMatchObject({
      Location: "https://a.example.com",
    });
  });
});

describe("X-Request-ID", () => {
  it("is 32 hex digits, different per request, the same sequence for the same seed", () => {
    const a = new RequestIds("s");
    const ids = Array.from({ length: 50 }, () => a.next());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(50);
    const b = new RequestIds("s");
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(ids);
    expect(new RequestIds("t").next()).not.toBe(ids[0]);
  });
});

describe("certificates", () => {
  const table = buildRouteTable([
    {
      ...simpleIngress("a", "a.example.com", "/", "web", {
        tls: [{ hosts: ["a.example.com"], secretName: "a-tls" }],
      }),
      metadata: { name: "a", namespace: "default" },
    },
    {
      ...simpleIngress("w", "*.wild.example.com", "/", "web", {
        tls: [{ hosts: ["*.wild.example.com"] }],
      }),
      metadata: { name: "w", namespace: "default" },
    },
    {
      ...simpleIngress("p", "plain.example.com", "/", "web"),
      metadata: { name: "p", namespace: "default" },
    },
  ]);
  const secret = {
    metadata: { name: "a-tls", namespace: "default" },
    data: { "tls.crt": "Yw==", "tls.key": "aw==" },
  };

  it("each TLS server has its secret, or the default certificate", () => {
    const certs = serverCertificates(table, (k) => (k === "default/a-tls" ? secret : undefined));
    expect(certs.get("a.example.com")).toEqual({
      hostname: "a.example.com",
      secret: "default/a-tls",
    });
    expect(certs.get("*.wild.example.com")?.secret).toBeUndefined();
    expect(certs.has("plain.example.com")).toBe(false);
    const missing = serverCertificates(table, () => undefined);
    expect(missing.get("a.example.com")?.fallback).toBe(
      'Error getting SSL certificate "default/a-tls": local SSL certificate default/a-tls was not found. Using default certificate',
    );
  });

  it("a host finds its own certificate, else its wildcard's (get_pem_cert_uid)", () => {
    const certs = serverCertificates(table, () => secret);
    expect(certificateForHost(certs, "A.Example.com.")?.hostname).toBe("a.example.com");
    expect(certificateForHost(certs, "x.wild.example.com")?.hostname).toBe("*.wild.example.com");
    expect(certificateForHost(certs, "x.y.wild.example.com")).toBeUndefined();
    expect(certificateForHost(certs, "plain.example.com")).toBeUndefined();
  });
});

describe("round robin", () => {
  const upstream = (n: number): Upstream => ({
    name: "default-web-80",
    service: { namespace: "default", name: "web", port: { number: 80 } },
    servicePort: { port: 80 },
    endpoints: Array.from({ length: n }, (_, i) => ({ address: `10.0.0.${i + 1}`, port: 8000 })),
  });

  it("a backend without endpoints has no balancer (503)", () => {
    const b = new Balancers();
    b.sync(new Map([["default-web-80", upstream(0)]]));
    expect(b.has("default-web-80")).toBe(false);
    expect(b.backend("default-web-80")).toBeDefined();
    expect(b.balance("default-web-80")).toBeUndefined();
  });

  it("keeps its place while the endpoints stay, starts over when they change", () => {
    const b = new Balancers();
    b.sync(new Map([["default-web-80", upstream(3)]]));
    expect(b.balance("default-web-80")?.index).toBe(0);
    expect(b.balance("default-web-80")?.index).toBe(1);
    b.sync(new Map([["default-web-80", upstream(3)]]));
    expect(b.balance("default-web-80")?.index).toBe(2);
    b.sync(new Map([["default-web-80", upstream(4)]]));
    expect(b.balance("default-web-80")).toMatchObject({ index: 0, of: 4 });
  });

  it("property: k rounds over n endpoints serve each exactly k times", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 8 }), (n, k) => {
        const b = new Balancers();
        b.sync(new Map([["default-web-80", upstream(n)]]));
        const counts = new Map<string, number>();
        for (let i = 0; i < n * k; i++) {
          const p = b.balance("default-web-80")!;
          counts.set(p.endpoint.address, (counts.get(p.endpoint.address) ?? 0) + 1);
        }
        expect([...counts.values()]).toEqual(Array.from({ length: n }, () => k));
      }),
    );
  });
});

describe("ingressNginxManifests", () => {
  it("are the cloud deploy manifest's Namespace, Service and IngressClass", () => {
    const m = ingressNginxManifests();
    expect(
      m.objects.map((o) => `${o.kind} ${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`),
    ).toEqual([
      "Namespace /ingress-nginx",
      "Service ingress-nginx/ingress-nginx-controller",
      "IngressClass /nginx",
    ]);
    expect(m.service.spec).toEqual({
      externalTrafficPolicy: "Local",
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports: [
        { appProtocol: "http", name: "http", port: 80, protocol: "TCP", targetPort: "http" },
        { appProtocol: "https", name: "https", port: 443, protocol: "TCP", targetPort: "https" },
      ],
      selector: {
        "app.kubernetes.io/component": "controller",
        "app.kubernetes.io/instance": "ingress-nginx",
        "app.kubernetes.io/name": "ingress-nginx",
      },
      type: "LoadBalancer",
    });
    expect(m.service.metadata?.labels).toEqual({
      "app.kubernetes.io/component": "controller",
      "app.kubernetes.io/instance": "ingress-nginx",
      "app.kubernetes.io/name": "ingress-nginx",
      "app.kubernetes.io/part-of": "ingress-nginx",
      "app.kubernetes.io/version": "1.15.1",
    });
    expect(m.ingressClass.spec).toEqual({ controller: "k8s.io/ingress-nginx" });
    expect(m.ingressClass.metadata?.annotations).toEqual({
      "ingressclass.kubernetes.io/is-default-class": "true",
    });
  });

  it("take a class name, controller, namespace, Service type and default-ness", () => {
    const m = ingressNginxManifests({
      ingressClass: "public",
      controllerClass: "example.com/nginx",
      namespace: "edge",
      serviceType: "NodePort",
      defaultClass: false,
    });
    expect(m.ingressClass.metadata?.name).toBe("public");
    expect(m.ingressClass.metadata?.annotations).toBeUndefined();
    expect(m.ingressClass.spec?.controller).toBe("example.com/nginx");
    expect(m.service.metadata?.namespace).toBe("edge");
    expect(m.service.spec?.type).toBe("NodePort");
  });
});
