/**
 * status.go's address logic: runningAddresses from --publish-status-address
 * or the --publish-service Service by type, sorting and the change check.
 */
import type { Service } from "kubernetes-types/core/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addressIPs,
  addressesFromFlag,
  loadBalancerIngressesEqual,
  sortLoadBalancerIngresses,
  statusAddressFromService,
  statusIsCurrent,
} from "./status.js";

const svc = (spec: NonNullable<Service["spec"]>, status?: Service["status"]): Service => ({
  metadata: { name: "ingress-nginx-controller", namespace: "ingress-nginx" },
  spec,
  ...(status === undefined ? {} : { status }),
});
const key = "ingress-nginx/ingress-nginx-controller";

describe("statusAddressFromService", () => {
  it("LoadBalancer: the status ingress IPs and hostnames (ipMode dropped), then extra externalIPs", () => {
    const s = svc(
      { type: "LoadBalancer", externalIPs: ["203.0.113.1", "172.18.255.200"] },
      {
        loadBalancer: {
          ingress: [{ ip: "172.18.255.200", ipMode: "VIP" }, { hostname: "lb.example.com" }],
        },
      },
    );
    expect(statusAddressFromService(key, s)).toEqual({
      ok: true,
      addresses: [{ ip: "172.18.255.200" }, { hostname: "lb.example.com" }, { ip: "203.0.113.1" }],
    });
  });

  it("LoadBalancer still pending: no addresses", () => {
    expect(statusAddressFromService(key, svc({ type: "LoadBalancer" }))).toEqual({
      ok: true,
      addresses: [],
    });
  });

  it("ClusterIP and NodePort: the ClusterIP; NodePort with externalIPs: those", () => {
    expect(
      statusAddressFromService(key, svc({ type: "ClusterIP", clusterIP: "10.96.0.50" })),
    ).toEqual({
      ok: true,
      addresses: [{ ip: "10.96.0.50" }],
    });
    expect(
      statusAddressFromService(key, svc({ type: "NodePort", clusterIP: "10.96.0.50" })),
    ).toEqual({
      ok: true,
      addresses: [{ ip: "10.96.0.50" }],
    });
    expect(
      statusAddressFromService(
        key,
        svc({ type: "NodePort", clusterIP: "10.96.0.50", externalIPs: ["1.2.3.4"] }),
      ),
    ).toEqual({ ok: true, addresses: [{ ip: "1.2.3.4" }] });
  });

  it("ExternalName: the name as hostname", () => {
    expect(
      statusAddressFromService(key, svc({ type: "ExternalName", externalName: "lb.example.com" })),
    ).toEqual({ ok: true, addresses: [{ hostname: "lb.example.com" }] });
  });

  it("a missing Service or a bad key is an error, in client-go's words", () => {
    expect(statusAddressFromService(key, undefined)).toEqual({
      ok: false,
      error: 'services "ingress-nginx-controller" not found',
    });
    expect(statusAddressFromService("nonamespace", undefined)).toEqual({
      ok: false,
      error: "invalid format (namespace/name) found in 'nonamespace'",
    });
  });
});

describe("addresses", () => {
  it("--publish-status-address splits on commas, IPs as ip, names as hostname", () => {
    expect(addressesFromFlag("localhost,10.0.0.5, 2001:db8::1")).toEqual([
      { hostname: "localhost" },
      { ip: "10.0.0.5" },
      { ip: "2001:db8::1" },
    ]);
  });

  it("sorts by hostname, then IP, as Go compares strings", () => {
    expect(
      sortLoadBalancerIngresses([
        { ip: "10.0.0.9" },
        { hostname: "b.example.com" },
        { ip: "10.0.0.10" },
        { hostname: "a.example.com" },
      ]),
    ).toEqual([
      { ip: "10.0.0.10" },
      { ip: "10.0.0.9" },
      { hostname: "a.example.com" },
      { hostname: "b.example.com" },
    ]);
  });

  it("a status is current when it holds the same entries in any order", () => {
    const addrs = sortLoadBalancerIngresses([{ ip: "1.1.1.1" }, { ip: "2.2.2.2" }]);
    expect(
      statusIsCurrent(
        { status: { loadBalancer: { ingress: [{ ip: "2.2.2.2" }, { ip: "1.1.1.1" }] } } },
        addrs,
      ),
    ).toBe(true);
    expect(
      statusIsCurrent({ status: { loadBalancer: { ingress: [{ ip: "2.2.2.2" }] } } }, addrs),
    ).toBe(false);
    expect(statusIsCurrent({}, [])).toBe(true);
  });

  it("the Frontend's IPs: ip entries only, without duplicates", () => {
    expect(
      addressIPs([{ ip: "1.1.1.1" }, { hostname: "x" }, { ip: "1.1.1.1" }, { ip: "2.2.2.2" }]),
    ).toEqual(["1.1.1.1", "2.2.2.2"]);
  });

  it("property: sorting is idempotent and order-insensitive, so equal sets compare equal", () => {
    const entry = fc.oneof(
      fc.ipV4().map((ip) => ({ ip })),
      fc.domain().map((hostname) => ({ hostname })),
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.nat(), (entries, seed) => {
        const shuffled = [...entries].reverse();
        const rotated = shuffled.map((_, i) => shuffled[(i + seed) % shuffled.length]!);
        const a = sortLoadBalancerIngresses(entries);
        expect(sortLoadBalancerIngresses(a)).toEqual(a);
        expect(loadBalancerIngressesEqual(a, sortLoadBalancerIngresses(rotated))).toBe(true);
      }),
    );
  });
});
