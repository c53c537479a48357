/**
 * The pod-template-hash. Mirrors pkg/controller/controller_utils.go ComputeHash, with
 * pkg/util/hash DeepHashObject and k8s.io/apimachinery/pkg/util/rand SafeEncodeString.
 *
 * Kubernetes: FNV-1a 32 over the go-spew dump of the PodTemplateSpec Go struct, then, if
 * collisionCount is set, 8 more bytes (uint32 little-endian collisionCount, then 4 zero bytes);
 * the sum is printed in decimal and each digit is mapped through the 27-letter alphabet
 * "bcdfghjklmnpqrstvwxz2456789" (by its character code mod 27).
 *
 * What is reproduced exactly (workloads.md §3.2): FNV-1a 32, the collisionCount bytes, the decimal
 * + SafeEncodeString step, hence the shape of every hash (1–10 characters, only 4 5 6 7 8 9 b c d f:
 * '0'→'4' … '5'→'9', '6'→'b', '7'→'c', '8'→'d', '9'→'f'), the `<deployment>-<hash>` names and the
 * collision protocol.
 *
 * What is not: the bytes fed to FNV. go-spew prints every field of one Kubernetes release's Go
 * structs, zero values and Go type names included; that text cannot be rebuilt from JSON. kubesim
 * feeds a canonical JSON of the template instead (keys sorted; undefined, null, empty objects and
 * empty arrays dropped, so that semantically equal templates hash alike). Hashes are therefore
 * deterministic and realistic, but not equal to a real cluster's. Nothing relies on the value
 * beyond naming and uniqueness; the controller finds its new ReplicaSet with EqualIgnoreHash.
 */
import type { PodTemplateSpec } from "kubernetes-types/core/v1";

/** FNV-1a 32-bit offset basis and prime. */
export const FNV32_OFFSET_BASIS = 2_166_136_261;
export const FNV32_PRIME = 16_777_619;

/** apimachinery rand's alphabet: digits and consonants, no vowels (no accidental words). */
export const SAFE_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

/** FNV-1a 32 of `bytes`, continuing from `h` (hash.Hash32 Write semantics). */
export function fnv1a32(bytes: Uint8Array, h: number = FNV32_OFFSET_BASIS): number {
  let x = h >>> 0;
  for (const b of bytes) {
    x ^= b;
    x = Math.imul(x, FNV32_PRIME) >>> 0;
  }
  return x;
}

/** rand.SafeEncodeString: each character → ALPHANUMS[code % 27]. "3965274026" → "7fb96c846b". */
export function safeEncodeString(s: string): string {
  let out = "";
  for (const ch of s) {
    out += SAFE_ALPHANUMS[(ch.codePointAt(0) ?? 0) % SAFE_ALPHANUMS.length];
  }
  return out;
}

/**
 * The text kubesim hashes in place of go-spew's dump: JSON with sorted keys, without undefined,
 * null, {} and [] (recursively, so {metadata: {labels: {}}} drops to {}).
 */
export function canonicalTemplateText(template: PodTemplateSpec): string {
  return JSON.stringify(prune(template)) ?? "{}";
}

function prune(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    // Array positions matter; an element that prunes away is kept as null.
    return v.map((x) => prune(x) ?? null);
  }
  if (typeof v === "object") {
    const obj = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj).sort()) {
      const p = prune(obj[k]);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

/** The 8 bytes ComputeHash appends for a collisionCount: uint32 little-endian, then 4 zeros. */
export function collisionCountBytes(collisionCount: number): Uint8Array {
  const buf = new Uint8Array(8);
  const u = collisionCount >>> 0;
  buf[0] = u & 0xff;
  buf[1] = (u >>> 8) & 0xff;
  buf[2] = (u >>> 16) & 0xff;
  buf[3] = (u >>> 24) & 0xff;
  return buf;
}

/**
 * ComputeHash(template, collisionCount): the pod-template-hash label value and the suffix of the
 * new ReplicaSet's name. Deterministic; a different collisionCount gives a different hash.
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv1a32(new TextEncoder().encode(canonicalTemplateText(template)));
  if (collisionCount !== undefined) h = fnv1a32(collisionCountBytes(collisionCount), h);
  return safeEncodeString(String(h >>> 0));
}
