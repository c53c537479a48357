/**
 * The allocation bitmap behind ClusterIPs and NodePorts
 * (pkg/registry/core/service/allocator/bitmap.go with
 * randomScanStrategyWithOffset): `size` items, of which the first `offset`
 * are a lower band that user-chosen values prefer. Dynamic allocation draws a
 * random start in the upper band and scans upward, wrapping inside the band,
 * for the first free item; only when the upper band is full does it scan the
 * lower band the same way. Randomness comes from the seeded stream given.
 */
import type { Rng } from "@kubesim/sim";

export class AllocationBitmap {
  private readonly used = new Set<number>();

  constructor(
    readonly size: number,
    readonly offset: number,
    private readonly rng: Rng,
  ) {}

  get free(): number {
    return this.size - this.used.size;
  }

  has(i: number): boolean {
    return this.used.has(i);
  }

  /** Allocate(i): false when taken. */
  allocate(i: number): boolean {
    if (i < 0 || i >= this.size || this.used.has(i)) return false;
    this.used.add(i);
    return true;
  }

  release(i: number): void {
    this.used.delete(i);
  }

  /** The allocated items, ascending. */
  items(): number[] {
    return [...this.used].sort((a, b) => a - b);
  }

  /** AllocateNext: an item, or undefined when every one is taken. */
  allocateNext(): number | undefined {
    if (this.used.size >= this.size) return undefined;
    const scan = (from: number, count: number): number | undefined => {
      if (count <= 0) return undefined;
      const start = this.rng.int(count);
      for (let k = 0; k < count; k++) {
        const i = from + ((start + k) % count);
        if (!this.used.has(i)) return i;
      }
      return undefined;
    };
    const i = scan(this.offset, this.size - this.offset) ?? scan(0, this.offset);
    if (i !== undefined) this.used.add(i);
    return i;
  }
}

/** ipallocator calculateRangeOffset: 0 for <= 16 addresses, else min(max(16, size/16), 256). */
export function ipRangeOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 16)), 256);
}

/** portallocator calculateRangeOffset: 0 for <= 16 ports, else min(max(16, size/32), 128). */
export function portRangeOffset(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}
