/**
 * nginx's $request_id (ngx_http_variables.c: 16 random bytes as 32 hex
 * digits), which ingress-nginx sends upstream as X-Request-ID unless the
 * client sent one. kubesim derives it from a counter and a seed instead of
 * random bytes, so runs repeat.
 */

/** murmur3's 32-bit finaliser: a fixed, well-mixed permutation of 32-bit values. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class RequestIds {
  private count = 0;
  private readonly seed: number;

  constructor(seed = "ingress-nginx") {
    this.seed = hashString(seed);
  }

  /** The next id: 32 lowercase hex digits. */
  next(): string {
    const n = ++this.count;
    let out = "";
    for (let i = 0; i < 4; i++) {
      const word = fmix32((this.seed ^ fmix32(n + Math.imul(i, 0x9e3779b9))) >>> 0);
      out += word.toString(16).padStart(8, "0");
    }
    return out;
  }
}
