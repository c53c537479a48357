/**
 * host-local IPAM, as the CNI plugin does it for one node: addresses come from
 * the node's podCIDR, starting after the gateway (.1), handed out round-robin
 * from the last one reserved. So a recreated pod gets a new IP rather than the
 * one its predecessor just released.
 */

export class IpamError extends Error {}

function parseIPv4(s: string): number {
  const parts = s.split(".");
  if (parts.length !== 4) throw new IpamError(`invalid IPv4 address ${JSON.stringify(s)}`);
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255)
      throw new IpamError(`invalid IPv4 address ${JSON.stringify(s)}`);
    n = n * 256 + v;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

export function parseCidr(cidr: string): Cidr {
  const slash = cidr.indexOf("/");
  if (slash < 0) throw new IpamError(`invalid CIDR address: ${cidr}`);
  const prefix = Number(cidr.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 30)
    throw new IpamError(`invalid CIDR address: ${cidr}`);
  const size = 2 ** (32 - prefix);
  const base = parseIPv4(cidr.slice(0, slash));
  return { base: base - (base % size), prefix };
}

export class HostLocalIpam {
  private readonly first: number;
  private readonly last: number;
  private readonly inUse = new Set<number>();
  private lastReserved: number;

  constructor(readonly cidr: string) {
    const { base, prefix } = parseCidr(cidr);
    const size = 2 ** (32 - prefix);
    this.first = base + 2; // .0 is the network, .1 the bridge gateway
    this.last = base + size - 2; // the top address is broadcast
    this.lastReserved = this.first - 1;
  }

  /** The next free address after the last one reserved; throws when the range is full. */
  allocate(): string {
    const count = this.last - this.first + 1;
    for (let i = 1; i <= count; i++) {
      const candidate = this.first + ((this.lastReserved - this.first + i) % count);
      if (!this.inUse.has(candidate)) {
        this.inUse.add(candidate);
        this.lastReserved = candidate;
        return formatIPv4(candidate);
      }
    }
    throw new IpamError(`no IP addresses available in range set: ${this.cidr}`);
  }

  release(ip: string): void {
    this.inUse.delete(parseIPv4(ip));
  }

  get allocated(): number {
    return this.inUse.size;
  }
}
