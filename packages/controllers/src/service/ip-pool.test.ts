/** The simulated cloud's address pool. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IPPool, IPPoolError, formatIPv4, parseIPv4 } from "./ip-pool.js";

describe("IPPool", () => {
  it("the default pool is 172.18.255.200-172.18.255.250 (51 addresses), lowest first", () => {
    const p = new IPPool();
    expect(p.size).toBe(51);
    expect(p.allocate("a")).toBe("172.18.255.200");
    expect(p.allocate("b")).toBe("172.18.255.201");
    // an owner keeps what it has
    expect(p.allocate("a")).toBe("172.18.255.200");
    p.release("a");
    expect(p.allocate("c")).toBe("172.18.255.200");
    expect(p.allocations()).toEqual([
      { ip: "172.18.255.200", owner: "c" },
      { ip: "172.18.255.201", owner: "b" },
    ]);
  });

  it("ranges, single addresses and CIDRs, comma-separated or as a list", () => {
    expect(new IPPool("10.0.0.0/30").size).toBe(4);
    expect(new IPPool("10.0.0.5/30").allocate("x")).toBe("10.0.0.4");
    expect(new IPPool(["10.0.0.9", "10.0.0.1-10.0.0.2"]).allocate("x")).toBe("10.0.0.1");
    expect(new IPPool("10.0.0.1 - 10.0.0.3, 10.0.1.0/31").size).toBe(5);
  });

  it("refuses bad pools clearly", () => {
    expect(() => new IPPool("")).toThrow("invalid load balancer IP pool: no range given");
    expect(() => new IPPool("10.0.0.9-10.0.0.1")).toThrow(
      'invalid load balancer IP pool range "10.0.0.9-10.0.0.1": the last address is before the first',
    );
    expect(() => new IPPool("10.0.0.0/33")).toThrow("the prefix length must be 0-32");
    expect(() => new IPPool("x.y")).toThrow('expected "first-last" or a CIDR');
    expect(() => new IPPool("10.0.0.256-10.0.1.1")).toThrow("not an IPv4 address");
  });

  it("a requested address: in the pool and free, or the owner's own; it replaces the one held", () => {
    const p = new IPPool("10.0.0.1-10.0.0.3");
    expect(p.allocate("a", "10.0.0.3")).toBe("10.0.0.3");
    expect(p.allocate("a", "10.0.0.3")).toBe("10.0.0.3");
    expect(() => p.allocate("b", "10.0.0.3")).toThrow(
      new IPPoolError("requested IP 10.0.0.3 is already allocated"),
    );
    expect(() => p.allocate("b", "10.0.0.9")).toThrow(
      "requested IP 10.0.0.9 is not in the load balancer IP pool 10.0.0.1-10.0.0.3",
    );
    expect(() => p.allocate("b", "bogus")).toThrow("is not in the load balancer IP pool");
    expect(p.allocate("a", "10.0.0.2")).toBe("10.0.0.2");
    expect(p.ownerOf("10.0.0.3")).toBeUndefined();
    expect(p.ipOf("a")).toBe("10.0.0.2");
  });

  it("exhausted: IPPoolError", () => {
    const p = new IPPool("10.0.0.1-10.0.0.2");
    p.allocate("a");
    p.allocate("b");
    expect(() => p.allocate("c")).toThrow(
      "no available IPs in the load balancer IP pool 10.0.0.1-10.0.0.2",
    );
    expect(p.allocated).toBe(2);
  });

  it("parseIPv4 / formatIPv4", () => {
    expect(parseIPv4("172.18.255.200")).toBe(((172 * 256 + 18) * 256 + 255) * 256 + 200);
    expect(formatIPv4(parseIPv4("255.255.255.255")!)).toBe("255.255.255.255");
    expect(parseIPv4("01.2.3.4")).toBeUndefined();
    expect(parseIPv4("1.2.3")).toBeUndefined();
  });

  it("property: no address is held twice; every owner holds at most one; released ones are free", () => {
    const op = fc.oneof(
      fc.record({
        t: fc.constant("alloc" as const),
        owner: fc.integer({ min: 0, max: 7 }),
        req: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      }),
      fc.record({ t: fc.constant("release" as const), owner: fc.integer({ min: 0, max: 7 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const p = new IPPool("10.0.0.1-10.0.0.5");
        for (const o of ops) {
          const owner = `o${o.owner}`;
          if (o.t === "release") {
            p.release(owner);
            expect(p.ipOf(owner)).toBeUndefined();
            continue;
          }
          try {
            const ip = p.allocate(owner, o.req === undefined ? "" : `10.0.0.${o.req}`);
            expect(p.ownerOf(ip)).toBe(owner);
          } catch (e) {
            expect(e).toBeInstanceOf(IPPoolError);
          }
          const all = p.allocations();
          expect(new Set(all.map((a) => a.ip)).size).toBe(all.length);
          expect(new Set(all.map((a) => a.owner)).size).toBe(all.length);
          expect(all.length).toBeLessThanOrEqual(5);
        }
      }),
    );
  });
});
