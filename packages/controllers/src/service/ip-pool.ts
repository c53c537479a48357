/**
 * The simulated cloud's pool of external IPv4 addresses, in the spirit of a
 * MetalLB IPAddressPool (kubesim's own; Kubernetes leaves this to the cloud).
 * A pool is one or more ranges, each `first-last`
 * ("172.18.255.200-172.18.255.250") or a CIDR ("172.18.255.0/28", every
 * address of it). Addresses are handed out lowest first, so the first
 * LoadBalancer of a fresh cluster gets 172.18.255.200, as MetalLB gives it.
 *
 *   const pool = new IPPool("172.18.255.200-172.18.255.250");
 *   pool.allocate("a1b2")                   // "172.18.255.200"
 *   pool.allocate("c3d4", "172.18.255.210") // the requested one, when free
 *   pool.release("a1b2")
 */

/** One range of the pool, as 32-bit numbers, both ends included. */
interface Range {
  readonly first: number;
  readonly last: number;
}

/** The default pool: the top of kind's docker network, where MetalLB guides put it. */
export const DefaultLoadBalancerIPPool = "172.18.255.200-172.18.255.250";

/** A failed allocation; the message becomes part of the SyncLoadBalancerFailed event. */
export class IPPoolError extends Error {
  readonly code = "IPPoolError" as const;
  constructor(message: string) {
    super(message);
    this.name = "IPPoolError";
  }
}

/** "a.b.c.d" as a number, or undefined when it is not a dotted-quad IPv4 address. */
export function parseIPv4(s: string): number | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function parseRange(spec: string): Range {
  const bad = (why: string): never => {
    throw new Error(`invalid load balancer IP pool range ${JSON.stringify(spec)}: ${why}`);
  };
  const s = spec.trim();
  const slash = s.indexOf("/");
  if (slash >= 0) {
    const base = parseIPv4(s.slice(0, slash));
    const bitsText = s.slice(slash + 1);
    const bits = /^[0-9]{1,2}$/.test(bitsText) ? Number(bitsText) : -1;
    if (base === undefined) return bad("not an IPv4 address");
    if (bits < 0 || bits > 32) return bad("the prefix length must be 0-32");
    const size = 2 ** (32 - bits);
    const first = base - (base % size);
    return { first, last: first + size - 1 };
  }
  const dash = s.indexOf("-");
  if (dash < 0) {
    const ip = parseIPv4(s);
    if (ip === undefined) return bad('expected "first-last" or a CIDR');
    return { first: ip, last: ip };
  }
  const first = parseIPv4(s.slice(0, dash).trim());
  const last = parseIPv4(s.slice(dash + 1).trim());
  if (first === undefined || last === undefined) return bad("not an IPv4 address");
  if (last < first) return bad("the last address is before the first");
  return { first, last };
}

export class IPPool {
  /** The pool as it was given, for messages: "172.18.255.200-172.18.255.250". */
  readonly description: string;
  private readonly ranges: readonly Range[];
  /** IP (as a number) -> owner. */
  private readonly byIP = new Map<number, string>();
  /** owner -> IP. */
  private readonly byOwner = new Map<string, number>();

  constructor(spec: string | readonly string[] = DefaultLoadBalancerIPPool) {
    const specs = typeof spec === "string" ? spec.split(",") : [...spec];
    const ranges = specs.filter((s) => s.trim() !== "").map(parseRange);
    if (ranges.length === 0) throw new Error("invalid load balancer IP pool: no range given");
    this.ranges = [...ranges].sort((a, b) => a.first - b.first);
    this.description = specs.map((s) => s.trim()).join(",");
  }

  /** How many addresses the pool has. */
  get size(): number {
    return this.ranges.reduce((n, r) => n + (r.last - r.first + 1), 0);
  }

  /** How many are handed out. */
  get allocated(): number {
    return this.byIP.size;
  }

  contains(ip: number): boolean {
    return this.ranges.some((r) => ip >= r.first && ip <= r.last);
  }

  /** The IP `owner` holds, if any. */
  ipOf(owner: string): string | undefined {
    const n = this.byOwner.get(owner);
    return n === undefined ? undefined : formatIPv4(n);
  }

  /** Who holds `ip`, if anyone. */
  ownerOf(ip: string): string | undefined {
    const n = parseIPv4(ip);
    return n === undefined ? undefined : this.byIP.get(n);
  }

  /** Every allocation, IP order. */
  allocations(): { ip: string; owner: string }[] {
    return [...this.byIP.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([n, owner]) => ({ ip: formatIPv4(n), owner }));
  }

  /**
   * Gives `owner` an IP: the requested one (which must be in the pool and
   * free, or already its own), else the one it holds, else the lowest free.
   * A requested IP replaces the one held. Throws IPPoolError.
   */
  allocate(owner: string, requested = ""): string {
    const held = this.byOwner.get(owner);
    if (requested !== "") {
      const want = parseIPv4(requested);
      if (want === undefined || !this.contains(want))
        throw new IPPoolError(
          `requested IP ${requested} is not in the load balancer IP pool ${this.description}`,
        );
      const holder = this.byIP.get(want);
      if (holder !== undefined && holder !== owner)
        throw new IPPoolError(`requested IP ${requested} is already allocated`);
      if (held !== undefined && held !== want) this.byIP.delete(held);
      this.take(owner, want);
      return requested;
    }
    if (held !== undefined) return formatIPv4(held);
    for (const r of this.ranges) {
      for (let n = r.first; n <= r.last; n++) {
        if (!this.byIP.has(n)) {
          this.take(owner, n);
          return formatIPv4(n);
        }
      }
    }
    throw new IPPoolError(`no available IPs in the load balancer IP pool ${this.description}`);
  }

  /** Frees what `owner` holds (nothing when it holds nothing). */
  release(owner: string): void {
    const n = this.byOwner.get(owner);
    if (n === undefined) return;
    this.byOwner.delete(owner);
    this.byIP.delete(n);
  }

  private take(owner: string, n: number): void {
    this.byIP.set(n, owner);
    this.byOwner.set(owner, n);
  }
}
