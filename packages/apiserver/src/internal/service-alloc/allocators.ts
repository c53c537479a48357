/**
 * Service ClusterIP and NodePort allocation (pkg/registry/core/service/
 * ipallocator and portallocator, storage/alloc.go): the service CIDR's
 * usable addresses (without the network and broadcast addresses, so offset 0
 * is 10.96.0.1 in 10.96.0.0/12) and the NodePort range 30000-32767, with
 * Kubernetes' error texts for a taken or out-of-range value.
 */
import type { Rng } from "@kubesim/sim";
import { AllocationBitmap, ipRangeOffset, portRangeOffset } from "./bitmap.js";

export const DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
export const DEFAULT_NODE_PORT_RANGE = { base: 30000, size: 2768 } as const;

function ipv4(s: string): number | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

const formatIPv4 = (n: number): string =>
  [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

export type AllocError = { readonly error: string };

export class ClusterIPAllocator {
  private readonly base: number;
  private readonly bitmap: AllocationBitmap;

  constructor(
    readonly cidr: string,
    rng: Rng,
  ) {
    const [ip, bits] = cidr.split("/");
    const prefix = Number(bits);
    const total = 2 ** (32 - prefix);
    const network = ipv4(ip ?? "")!;
    this.base = network - (network % total) + 1;
    const size = Math.max(0, total - 2);
    this.bitmap = new AllocationBitmap(size, ipRangeOffset(size), rng);
  }

  private index(ip: string): number | undefined {
    const n = ipv4(ip);
    if (n === undefined) return undefined;
    const i = n - this.base;
    return i >= 0 && i < this.bitmap.size ? i : undefined;
  }

  /** Allocate(ip): taken or out of range give the apiserver's reasons. */
  allocate(ip: string): AllocError | string {
    const i = this.index(ip);
    if (i === undefined)
      return {
        error: `failed to allocate IP ${ip}: provided IP is not in the valid range. The range of valid IPs is ${this.cidr}`,
      };
    if (!this.bitmap.allocate(i))
      return { error: `failed to allocate IP ${ip}: provided IP is already allocated` };
    return ip;
  }

  allocateNext(): AllocError | string {
    const i = this.bitmap.allocateNext();
    return i === undefined
      ? { error: "failed to allocate a serviceIP: range is full" }
      : formatIPv4(this.base + i);
  }

  release(ip: string): void {
    const i = this.index(ip);
    if (i !== undefined) this.bitmap.release(i);
  }

  isAllocated(ip: string): boolean {
    const i = this.index(ip);
    return i !== undefined && this.bitmap.has(i);
  }

  /** The address at `offset` (0 = the first usable: 10.96.0.1; 9 = 10.96.0.10, kube-dns). */
  addressAt(offset: number): string {
    return formatIPv4(this.base + offset);
  }
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

  get range(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }

  allocate(port: number): AllocError | number {
    const i = port - this.base;
    if (i < 0 || i >= this.size)
      return {
        error: `provided port is not in the valid range. The range of valid ports is ${this.range}`,
      };
    if (!this.bitmap.allocate(i)) return { error: "provided port is already allocated" };
    return port;
  }

  allocateNext(): AllocError | number {
    const i = this.bitmap.allocateNext();
    return i === undefined ? { error: "range is full" } : this.base + i;
  }

  release(port: number): void {
    const i = port - this.base;
    if (i >= 0 && i < this.size) this.bitmap.release(i);
  }
}
