import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "@kubesim/sim";
import {
  ClientIPAffinity,
  pickIptables,
  usableEndpoints,
  type ProxyEndpoint,
} from "./endpoint-selection.js";

const ep = (ip: string, extra: Partial<ProxyEndpoint> = {}): ProxyEndpoint => ({
  ip,
  port: 8080,
  ready: true,
  serving: true,
  terminating: false,
  nodeName: "node-1",
  ...extra,
});

describe("kube-proxy endpoint selection", () => {
  it("uses ready endpoints, ordered by ip:port; falls back to serving terminating ones", () => {
    const eps = [
      ep("10.244.1.9"),
      ep("10.244.0.7"),
      ep("10.244.2.3", { ready: false, serving: false }),
    ];
    expect(usableEndpoints(eps).map((e) => e.ip)).toEqual(["10.244.0.7", "10.244.1.9"]);
    const draining = [
      ep("10.244.0.7", { ready: false, serving: true, terminating: true }),
      ep("10.244.0.8", { ready: false, serving: false }),
    ];
    expect(usableEndpoints(draining).map((e) => e.ip)).toEqual(["10.244.0.7"]);
    expect(
      usableEndpoints([ep("10.244.0.9", { nodeName: "node-2" })], {
        localOnly: true,
        node: "node-1",
      }),
    ).toEqual([]);
  });

  it("no endpoint: nothing to connect to (the client sees connection refused)", () => {
    expect(pickIptables([], new Rng(1))).toBeUndefined();
  });

  it("the 1/(n-i) chain picks uniformly", () => {
    const eps = usableEndpoints([ep("10.0.0.1"), ep("10.0.0.2"), ep("10.0.0.3"), ep("10.0.0.4")]);
    const rng = new Rng(7);
    const counts = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const e = pickIptables(eps, rng)!;
      counts.set(e.ip, (counts.get(e.ip) ?? 0) + 1);
    }
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it("ClientIP affinity keeps a client on one endpoint until the timeout passes unused", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 30 }),
        (seed, gaps) => {
          const eps = usableEndpoints([ep("10.0.0.1"), ep("10.0.0.2"), ep("10.0.0.3")]);
          const aff = new ClientIPAffinity(10);
          const rng = new Rng(seed);
          let t = 0;
          let last = aff.pick("1.2.3.4", eps, t, rng)!;
          for (const g of gaps) {
            t += g;
            const e = aff.pick("1.2.3.4", eps, t, rng)!;
            if (g <= 10_000) expect(e).toBe(last);
            last = e;
          }
        },
      ),
    );
  });
});
