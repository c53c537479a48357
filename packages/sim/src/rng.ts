/**
 * Seeded randomness with named, independent child streams (built on pure-rand's
 * xoroshiro128+). A child's seed is derived from its parent's seed and its name
 * only, never from how many numbers the parent has drawn, so adding a node or a
 * component does not change any other stream's draws.
 *
 *   const root = new Rng(42);
 *   const sched = root.stream("scheduler");   // same draws for seed 42, always
 *   sched.int(3);                              // 0, 1 or 2
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

type Generator = ReturnType<typeof xoroshiro128plus>;

/** FNV-1a over the UTF-16 units of `s`, mixed with `seed`: a stable 32-bit hash. */
function hash32(seed: number, s: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche (murmur3 fmix32) so that near names give unrelated seeds
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h | 0;
}

export class Rng {
  /** The 32-bit seed this stream started from. */
  readonly seed: number;
  /** "root/scheduler/node-1": the path of stream names, for traces and errors. */
  readonly path: string;
  private readonly gen: Generator;

  constructor(seed: number | string, path = "root") {
    this.seed = typeof seed === "number" ? seed | 0 : hash32(0, seed);
    this.path = path;
    this.gen = xoroshiro128plus(this.seed);
  }

  /** An independent child stream, determined by this stream's seed and `name` alone. */
  stream(name: string): Rng {
    return new Rng(hash32(this.seed, name), `${this.path}/${name}`);
  }

  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
      throw new RangeError(`Rng.int: maxExclusive must be a positive integer, got ${maxExclusive}`);
    }
    return uniformInt(this.gen, 0, maxExclusive - 1);
  }

  /** A uniform integer in [min, max]. */
  intBetween(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** A uniform float in [0, 1), with 53 random bits. */
  float(): number {
    const hi = uniformInt(this.gen, 0, (1 << 26) - 1);
    const lo = uniformInt(this.gen, 0, (1 << 27) - 1);
    return (hi * 2 ** 27 + lo) / 2 ** 53;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("Rng.pick: empty list");
    return items[this.int(items.length)]!;
  }

  /** A new array with the items in a uniformly random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  /** Hex digits, for ids such as UIDs. */
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[this.int(16)];
    return s;
  }

  /** An RFC 4122 version-4 shaped UUID drawn from this stream. */
  uuid(): string {
    const variant = "89ab"[this.int(4)]!;
    // The same draws, in the same order, as the template literal
    // `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`; join()
    // makes one flat string, where the template would leave a tree of ten
    // pieces that every lookup and comparison of the UID has to walk.
    return [
      this.hex(8),
      "-",
      this.hex(4),
      "-4",
      this.hex(3),
      "-",
      variant,
      this.hex(3),
      "-",
      this.hex(12),
    ].join("");
  }
}
