/**
 * The upstreams of Ingress backends: naming, Service port resolution and the
 * endpoints taken from EndpointSlices (endpointslices.go).
 */
import type { Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { describe, expect, it } from "vitest";
import { backendPortString, buildUpstream, upstreamName } from "./backends.js";

const service = (
  ports: NonNullable<NonNullable<Service["spec"]>["ports"]>,
  type?: string,
): Service => ({
  metadata: { name: "web", namespace: "default" },
  spec: { ports, ...(type === undefined ? {} : { type }) },
});

const slice = (
  ports: EndpointSlice["ports"],
  endpoints: { ip: string; ready?: boolean }[],
): EndpointSlice => ({
  addressType: "IPv4",
  metadata: {
    name: "web-x",
    namespace: "default",
    labels: { "kubernetes.io/service-name": "web" },
  },
  ...(ports === undefined ? {} : { ports }),
  endpoints: endpoints.map((e) => ({
    addresses: [e.ip],
    ...(e.ready === undefined ? {} : { conditions: { ready: e.ready } }),
    targetRef: { kind: "Pod", namespace: "default", name: `pod-${e.ip}` },
  })),
});

const ref = (port: { number?: number; name?: string }) => ({
  namespace: "default",
  name: "web",
  port,
});

describe("upstream names", () => {
  it("are <namespace>-<service>-<port>", () => {
    expect(upstreamName(ref({ number: 80 }))).toBe("default-web-80");
    expect(upstreamName(ref({ name: "http" }))).toBe("default-web-http");
    expect(upstreamName(ref({}))).toBe("default-INVALID");
    expect(backendPortString({ number: 8080 })).toBe("8080");
    expect(backendPortString({ name: "http" })).toBe("http");
  });
});

describe("buildUpstream", () => {
  const ports = [{ name: "http", port: 80, targetPort: "web" as const, protocol: "TCP" as const }];
  const slices = [
    slice(
      [{ name: "http", port: 8000, protocol: "TCP" }],
      [{ ip: "10.0.0.1" }, { ip: "10.0.0.2", ready: false }, { ip: "10.0.0.3" }],
    ),
  ];

  it("matches the Service port by number, name or targetPort, and the slice port by name", () => {
    for (const port of [{ number: 80 }, { name: "http" }, { name: "web" }]) {
      const u = buildUpstream(ref(port), service(ports), slices);
      expect(u.servicePort?.port).toBe(80);
      expect(u.endpoints.map((e) => `${e.address}:${e.port}`)).toEqual([
        "10.0.0.1:8000",
        "10.0.0.3:8000",
      ]);
    }
  });

  it("leaves out endpoints whose ready condition is false (unset counts as ready)", () => {
    const u = buildUpstream(ref({ number: 80 }), service(ports), [
      slice([{ name: "http", port: 8000 }], [{ ip: "10.0.0.1" }, { ip: "10.0.0.2", ready: false }]),
    ]);
    expect(u.endpoints.map((e) => e.address)).toEqual(["10.0.0.1"]);
    expect(u.endpoints[0]?.targetRef?.name).toBe("pod-10.0.0.1");
  });

  it("an unnamed Service port takes the slice's port; a numeric targetPort stands in for an unmatched name", () => {
    const unnamed = service([{ port: 80, targetPort: 9000, protocol: "TCP" }]);
    const s = [slice([{ port: 8000, protocol: "TCP" }], [{ ip: "10.0.0.1" }])];
    expect(buildUpstream(ref({ number: 80 }), unnamed, s).endpoints[0]?.port).toBe(8000);
    const named = service([{ name: "a", port: 80, targetPort: 9000, protocol: "TCP" }]);
    const other = [slice([{ name: "b", port: 8000, protocol: "TCP" }], [{ ip: "10.0.0.1" }])];
    expect(buildUpstream(ref({ number: 80 }), named, other).endpoints[0]?.port).toBe(9000);
  });

  it("a slice without ports uses a numeric targetPort", () => {
    const s = service([{ port: 80, targetPort: 9000, protocol: "TCP" }]);
    expect(
      buildUpstream(ref({ number: 80 }), s, [slice([], [{ ip: "10.0.0.1" }])]).endpoints,
    ).toEqual([expect.objectContaining({ address: "10.0.0.1", port: 9000 })]);
  });

  it("drops UDP slice ports and duplicate ip:port pairs across slices", () => {
    const s = service([{ port: 80, targetPort: 8000, protocol: "TCP" }]);
    const a = slice([{ port: 8000, protocol: "UDP" }], [{ ip: "10.0.0.1" }]);
    const b = slice([{ port: 8000, protocol: "TCP" }], [{ ip: "10.0.0.2" }]);
    const c = slice([{ port: 8000, protocol: "TCP" }], [{ ip: "10.0.0.2" }]);
    // a has only a UDP port, so none of its endpoints; c repeats b's 10.0.0.2:8000
    expect(
      buildUpstream(ref({ number: 80 }), s, [a, b, c]).endpoints.map(
        (e) => `${e.address}:${e.port}`,
      ),
    ).toEqual(["10.0.0.2:8000"]);
  });

  it("no Service, no matching port, or an ExternalName Service: no endpoints, with the reason", () => {
    expect(buildUpstream(ref({ number: 80 }), undefined, []).warning).toBe(
      'Error obtaining Endpoints for Service "default/web": no object matching key "default/web" in local store',
    );
    const u = buildUpstream(ref({ number: 81 }), service(ports), slices);
    expect(u.endpoints).toEqual([]);
    expect(u.warning).toBe('Service "default/web" does not have any active Endpoint.');
    expect(
      buildUpstream(ref({ number: 80 }), service(ports, "ExternalName"), slices).endpoints,
    ).toEqual([]);
  });
});
