/**
 * The allocator vectors of shared/spec/runtime-vectors.json
 * (ipallocator/bitmap_test.go and portallocator/allocator_test.go
 * Test_calculateRangeOffset), and the allocators' guarantees.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "@kubesim/sim";
import { ipRangeOffset, portRangeOffset } from "./bitmap.js";
import { ClusterIPAllocator, NodePortAllocator, parsePortRange } from "./allocators.js";

interface Vector {
  source: string;
  name: string;
  input: { cidr?: string; rangeSize?: number };
  expected: { offset: number };
}
const vectors = JSON.parse(
  readFileSync(new URL("./testdata/allocator-vectors.json", import.meta.url), "utf8"),
) as Vector[];

/** The number of addresses in a CIDR (IPv4 or IPv6), as the Go test computes size. */
function cidrSize(cidr: string): number {
  const bits = Number(cidr.split("/")[1]);
  const total = cidr.includes(":") ? 128 : 32;
  return 2 ** Math.min(total - bits, 52);
}

describe("allocator range offsets (upstream vectors)", () => {
  it("has all 18", () => expect(vectors).toHaveLength(18));
  for (const v of vectors) {
    it(`${v.source.split("/").slice(-2).join("/")}: ${v.name} -> ${v.expected.offset}`, () => {
      const got =
        v.input.cidr !== undefined
          ? ipRangeOffset(cidrSize(v.input.cidr))
          : portRangeOffset(v.input.rangeSize!);
      expect(got).toBe(v.expected.offset);
    });
  }
});

describe("ClusterIP allocator", () => {
  it("offset 0 is 10.96.0.1 and offset 9 is 10.96.0.10; dynamic IPs come from the upper band", () => {
    const a = new ClusterIPAllocator("10.96.0.0/12", new Rng(1));
    expect(a.addressAt(0)).toBe("10.96.0.1");
    expect(a.addressAt(9)).toBe("10.96.0.10");
    expect(a.allocate("10.96.0.1")).toBe("10.96.0.1");
    expect(a.allocate("10.96.0.1")).toEqual({ error: "provided IP is already allocated" });
    expect(a.allocate("10.97.0.0")).toBe("10.97.0.0");
    // Outside every service CIDR: the meta allocator's ErrMismatchedNetwork.
    expect(a.allocate("10.112.0.1")).toEqual({
      error: "the provided network does not match the current range",
    });
    // Inside the CIDR but not usable: the CIDR allocator's ErrNotInRange.
    expect(a.allocate("10.96.0.0")).toEqual({
      error:
        "the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
    });
    expect(a.allocate("10.111.255.255")).toEqual({
      error:
        "the provided IP (10.111.255.255) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
    });
    expect(a.allocate("10.111.255.254")).toBe("10.111.255.254");
    const ip = a.allocateNext() as string;
    const n = ip.split(".").reduce((acc, p) => acc * 256 + Number(p), 0);
    const first = 10 * 2 ** 24 + 96 * 2 ** 16 + 1;
    expect(n - first).toBeGreaterThanOrEqual(256); // past the static band 10.96.0.1-10.96.1.0
  });

  it("a small range fills up and then says so", () => {
    const a = new ClusterIPAllocator("10.0.0.0/29", new Rng(2)); // 6 usable
    const got = new Set(Array.from({ length: 6 }, () => a.allocateNext()));
    expect(got.size).toBe(6);
    expect(a.allocateNext()).toEqual({ error: "range is full" });
  });

  it("never hands out a taken address; releases make it free again", () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.boolean(), { maxLength: 200 }), (seed, ops) => {
        const a = new ClusterIPAllocator("10.0.0.0/24", new Rng(seed));
        const held: string[] = [];
        for (const take of ops) {
          if (take || held.length === 0) {
            const ip = a.allocateNext();
            if (typeof ip !== "string") continue;
            expect(held).not.toContain(ip);
            held.push(ip);
          } else a.release(held.pop()!);
        }
      }),
    );
  });
});

describe("ClusterIP allocator dry run and bookkeeping", () => {
  it("a dry run checks only the range and hands out the network address", () => {
    const a = new ClusterIPAllocator("10.96.0.0/12", new Rng(1));
    a.allocate("10.96.0.5");
    expect(a.dryRunAllocate("10.96.0.5")).toBe("10.96.0.5"); // taken, but a dry run does not look
    expect(a.dryRunAllocate("10.112.0.1")).toEqual({
      error:
        "the provided IP (10.112.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
    });
    expect(a.dryRunNext()).toBe("10.96.0.0");
    expect(a.allocated()).toEqual(["10.96.0.5"]);
  });

  it("the CIDR is read as its masked prefix; a bad one is refused", () => {
    expect(new ClusterIPAllocator("10.96.7.1/12", new Rng(1)).cidr).toBe("10.96.0.0/12");
    expect(() => new ClusterIPAllocator("fd00::/108", new Rng(1))).toThrow(/IPv4 CIDR/);
  });

  it("lists allocations in address order and forgets released ones", () => {
    const a = new ClusterIPAllocator("10.0.0.0/24", new Rng(4));
    a.allocate("10.0.0.9");
    a.allocate("10.0.0.10");
    a.allocate("10.0.0.2");
    expect(a.allocated()).toEqual(["10.0.0.2", "10.0.0.9", "10.0.0.10"]);
    a.release("10.0.0.9");
    expect(a.isAllocated("10.0.0.9")).toBe(false);
    expect(a.allocated()).toEqual(["10.0.0.2", "10.0.0.10"]);
  });
});

describe("parsePortRange", () => {
  it("reads net.PortRange's forms and refuses others", () => {
    expect(parsePortRange("30000-32767")).toEqual({ base: 30000, size: 2768 });
    expect(parsePortRange("8080")).toEqual({ base: 8080, size: 1 });
    expect(() => parsePortRange("32767-30000")).toThrow(/invalid node port range/);
  });
});

describe("NodePort allocator", () => {
  it("30000-32767: taken, out of range, and dynamic ports above the static band", () => {
    const p = new NodePortAllocator(30000, 2768, new Rng(3));
    expect(p.allocate(30080)).toBe(30080);
    expect(p.allocate(30080)).toEqual({ error: "provided port is already allocated" });
    expect(p.allocate(29999)).toEqual({
      error: "provided port is not in the valid range. The range of valid ports is 30000-32767",
    });
    for (let i = 0; i < 50; i++) expect(p.allocateNext() as number).toBeGreaterThanOrEqual(30086);
    expect(p.has(30080)).toBe(true);
    expect(p.has(29999)).toBe(false);
    expect(p.allocated()).toHaveLength(51);
    p.release(30080);
    expect(p.has(30080)).toBe(false);
  });
});
