/**
 * Service ClusterIP and NodePort allocation (pkg/registry/core/service/
 * ipallocator and portallocator): the service CIDR's usable addresses
 * (without the network and broadcast addresses, so offset 0 is 10.96.0.1 in
 * 10.96.0.0/12) and the NodePort range 30000-32767, with Kubernetes' error
 * texts. Errors are the allocators' own (`provided IP is already allocated`);
 * storage/alloc.go (alloc.ts) words the Status around them.
 *
 * ClusterIPs follow the allocator kube-apiserver uses by default since 1.33
 * (MultiCIDRServiceAllocator, ipallocator/cidrallocator.go + ipallocator.go):
 * an address outside every service CIDR is refused by the meta allocator with
 * ErrMismatchedNetwork (`the provided network does not match the current
 * range`); the network or broadcast address of the CIDR by the CIDR's own
 * allocator with ErrNotInRange (`the provided IP (10.96.0.0) is not in the
 * valid range. The range of valid IPs is 10.96.0.0/12`).
 *
 * Dry runs change nothing: a requested IP is only checked against the range
 * (never for being taken), a dynamic one is the CIDR's network address
 * (ipallocator.go dryRunAllocator); ports are handled by PortAllocationOperation.
 */
import type { Rng } from "@kubesim/sim";
import { AllocationBitmap, ipRangeOffset, portRangeOffset } from "./bitmap.js";

export const DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
export const DEFAULT_NODE_PORT_RANGE = { base: 30000, size: 2768 } as const;

/** ipallocator.ErrAllocated / portallocator.ErrAllocated. */
export const ERR_IP_ALLOCATED = "provided IP is already allocated";
export const ERR_PORT_ALLOCATED = "provided port is already allocated";
/** ipallocator.ErrMismatchedNetwork (the meta allocator finds no CIDR holding the IP). */
export const ERR_MISMATCHED_NETWORK = "the provided network does not match the current range";
/** ErrFull of both allocators. */
export const ERR_FULL = "range is full";

/** The IPv4 address as a number, or undefined when `s` is not dotted-quad IPv4. */
export function parseIPv4(s: string): number | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

export const formatIPv4 = (n: number): string =>
  [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** A failed allocation, with the allocator's message. */
export type AllocError = { readonly error: string };

export const isAllocError = (v: unknown): v is AllocError =>
  typeof v === "object" && v !== null && "error" in v;

export class ClusterIPAllocator {
  /** The CIDR as its masked prefix prints (`10.96.0.0/12`). */
  readonly cidr: string;
  /** The network address (`10.96.0.0`), what a dry run hands out. */
  readonly network: string;
  private readonly networkNum: number;
  private readonly total: number;
  private readonly base: number;
  private readonly bitmap: AllocationBitmap;

  constructor(cidr: string, rng: Rng) {
    const [ip, bits] = cidr.split("/");
    const prefix = Number(bits);
    const n = ip === undefined ? undefined : parseIPv4(ip);
    if (n === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
      throw new Error(`invalid service CIDR ${JSON.stringify(cidr)}: want an IPv4 CIDR`);
    }
    this.total = 2 ** (32 - prefix);
    this.networkNum = n - (n % this.total);
    this.network = formatIPv4(this.networkNum);
    this.cidr = `${this.network}/${prefix}`;
    this.base = this.networkNum + 1;
    const size = Math.max(0, this.total - 2);
    this.bitmap = new AllocationBitmap(size, ipRangeOffset(size), rng);
  }

  /** The bitmap index of `ip`, or undefined when it is not a usable address of the range. */
  private index(ip: string): number | undefined {
    const n = parseIPv4(ip);
    if (n === undefined) return undefined;
    const i = n - this.base;
    return i >= 0 && i < this.bitmap.size ? i : undefined;
  }

  private inCIDR(ip: string): boolean {
    const n = parseIPv4(ip);
    return n !== undefined && n >= this.networkNum && n < this.networkNum + this.total;
  }

  private notInRange(ip: string): AllocError {
    return {
      error: `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`,
    };
  }

  /** Allocate(ip): the address, or why not (mismatched network, not in range, taken). */
  allocate(ip: string): AllocError | string {
    if (!this.inCIDR(ip)) return { error: ERR_MISMATCHED_NETWORK };
    const i = this.index(ip);
    if (i === undefined) return this.notInRange(ip);
    if (!this.bitmap.allocate(i)) return { error: ERR_IP_ALLOCATED };
    return ip;
  }

  /** The dry-run Allocate: only the range is checked. */
  dryRunAllocate(ip: string): AllocError | string {
    return this.index(ip) === undefined ? this.notInRange(ip) : ip;
  }

  allocateNext(): AllocError | string {
    const i = this.bitmap.allocateNext();
    return i === undefined ? { error: ERR_FULL } : formatIPv4(this.base + i);
  }

  /** The dry-run AllocateNext: "Don't bother finding a free value" - the network address. */
  dryRunNext(): string {
    return this.network;
  }

  release(ip: string): void {
    const i = this.index(ip);
    if (i !== undefined) this.bitmap.release(i);
  }

  isAllocated(ip: string): boolean {
    const i = this.index(ip);
    return i !== undefined && this.bitmap.has(i);
  }

  /** Every allocated address, in address order. */
  allocated(): string[] {
    return this.bitmap.items().map((i) => formatIPv4(this.base + i));
  }

  /** The address at `offset` (0 = the first usable: 10.96.0.1; 9 = 10.96.0.10, kube-dns). */
  addressAt(offset: number): string {
    return formatIPv4(this.base + offset);
  }
}

/** `30000-32767` as net.ParsePortRange reads it: base and size. */
export function parsePortRange(s: string): { base: number; size: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim());
  const low = m === null ? NaN : Number(m[1]);
  const high = m === null ? NaN : m[2] === undefined ? low : Number(m[2]);
  if (!(low >= 0 && high >= low && high <= 65535)) {
    throw new Error(`invalid node port range ${JSON.stringify(s)}: want "30000-32767"`);
  }
  return { base: low, size: high - low + 1 };
}

export class NodePortAllocator {
  private readonly bitmap: AllocationBitmap;

  constructor(
    readonly base: number,
    readonly size: number,
    rng: Rng,
  ) {
    this.bitmap = new AllocationBitmap(size, portRangeOffset(size), rng);
  }

  /** net.PortRange.String(): `30000-32767`. */
  get range(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }

  allocate(port: number): AllocError | number {
    const i = port - this.base;
    if (!Number.isInteger(i) || i < 0 || i >= this.size)
      return {
        error: `provided port is not in the valid range. The range of valid ports is ${this.range}`,
      };
    if (!this.bitmap.allocate(i)) return { error: ERR_PORT_ALLOCATED };
    return port;
  }

  allocateNext(): AllocError | number {
    const i = this.bitmap.allocateNext();
    return i === undefined ? { error: ERR_FULL } : this.base + i;
  }

  release(port: number): void {
    const i = port - this.base;
    if (i >= 0 && i < this.size) this.bitmap.release(i);
  }

  /** Has(port): allocated (false for a port out of the range). */
  has(port: number): boolean {
    const i = port - this.base;
    return i >= 0 && i < this.size && this.bitmap.has(i);
  }

  /** Every allocated port, ascending. */
  allocated(): number[] {
    return this.bitmap.items().map((i) => this.base + i);
  }
}
