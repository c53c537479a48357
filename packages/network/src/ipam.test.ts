import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HostLocalIpam, IpamError, parseCidr } from "./ipam.js";
import { PodNetwork } from "./pod-network.js";

describe("host-local IPAM", () => {
  it("hands out addresses after the gateway, round-robin from the last one reserved", () => {
    const ipam = new HostLocalIpam("10.244.1.0/24");
    expect(ipam.allocate()).toBe("10.244.1.2");
    expect(ipam.allocate()).toBe("10.244.1.3");
    ipam.release("10.244.1.2");
    // a released address is not handed out again while later ones are free
    expect(ipam.allocate()).toBe("10.244.1.4");
  });

  it("wraps around and refuses when the range is full", () => {
    const ipam = new HostLocalIpam("10.0.0.0/29"); // .2 to .6
    const got = [1, 2, 3, 4, 5].map(() => ipam.allocate());
    expect(got).toEqual(["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]);
    expect(() => ipam.allocate()).toThrow(
      new IpamError("no IP addresses available in range set: 10.0.0.0/29"),
    );
    ipam.release("10.0.0.3");
    expect(ipam.allocate()).toBe("10.0.0.3");
  });

  it("rejects malformed CIDRs", () => {
    expect(() => parseCidr("10.0.0.0")).toThrow(IpamError);
    expect(() => parseCidr("10.0.0.300/24")).toThrow(IpamError);
  });

  it("never hands out an address twice while it is in use", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 300 }), (ops) => {
        const ipam = new HostLocalIpam("10.1.0.0/24");
        const inUse: string[] = [];
        for (const allocate of ops) {
          if (allocate || inUse.length === 0) {
            if (inUse.length === 253) continue;
            const ip = ipam.allocate();
            expect(inUse).not.toContain(ip);
            inUse.push(ip);
          } else ipam.release(inUse.shift()!);
        }
      }),
    );
  });
});

describe("PodNetwork", () => {
  it("routes an IP to the endpoint attached there until it is detached", () => {
    const net = new PodNetwork();
    const endpoint = {
      connect: () => ({ kind: "open" as const, latency: 0 }),
      http: () => ({
        kind: "answered" as const,
        latency: 5,
        response: { status: 200, headers: {}, body: "ok" },
      }),
    };
    const ip = net.attach("node-1", "10.244.0.0/24", endpoint);
    expect(ip).toBe("10.244.0.2");
    expect(net.routes(ip, endpoint)).toBe(true);
    expect(net.http(ip, 80, { method: "GET", path: "/", headers: {}, source: "x" })).toMatchObject({
      kind: "answered",
    });
    const v = net.version;
    net.detach("node-1", ip);
    expect(net.version).toBeGreaterThan(v);
    expect(net.connect(ip, 80)).toEqual({ kind: "unreachable" });
  });
});
