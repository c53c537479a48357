/**
 * Go's encoding/base64 StdEncoding.Decode, as the JSON decoder applies it to
 * `[]byte` fields (Secret.data, ConfigMap.binaryData). Mirrors
 * src/encoding/base64/base64.go (decodeQuantum), so a bad value fails at the
 * same byte offset Go reports: `illegal base64 data at input byte 4`.
 *
 * Rules reproduced: padding is required; "\r" and "\n" are skipped anywhere;
 * anything after the padding (other than newlines) is an error at its offset.
 * Examples: "YWJj" → "abc"; "YWI=" → "ab"; "YWI" → error at 0 (an unpadded
 * final quantum is reported at its first byte); "YWJj$" → error at 4.
 */

const decodeMap: ReadonlyMap<string, number> = new Map(
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((c, i) => [c, i]),
);

export type Base64Result =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly offset: number };

/** Decodes standard padded base64 over the bytes of `s` (treated as Latin-1 / ASCII). */
export function decodeBase64(s: string): Base64Result {
  // Go works on bytes; a non-ASCII character is several UTF-8 bytes, so offsets use UTF-8.
  const src = new TextEncoder().encode(s);
  const out: number[] = [];
  let si = 0;
  while (si < src.length) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailingError: number | undefined;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { ok: true, bytes: Uint8Array.from(out) };
        return { ok: false, offset: si - j };
      }
      const inByte = src[si]!;
      si++;
      const v = decodeMap.get(String.fromCharCode(inByte));
      if (v !== undefined && inByte < 0x80) {
        dbuf[j] = v;
        continue;
      }
      if (inByte === 0x0a || inByte === 0x0d) {
        j--;
        continue;
      }
      if (inByte !== 0x3d /* '=' */) return { ok: false, offset: si - 1 };
      // Padding: valid only as the 3rd or 4th character of a quantum.
      if (j === 0 || j === 1) return { ok: false, offset: si - 1 };
      if (j === 2) {
        while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
        if (si === src.length) return { ok: false, offset: src.length };
        if (src[si] !== 0x3d) return { ok: false, offset: si - 1 };
        si++;
      }
      while (si < src.length && (src[si] === 0x0a || src[si] === 0x0d)) si++;
      if (si < src.length) trailingError = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailingError !== undefined) return { ok: false, offset: trailingError };
    if (dlen < 4) break;
  }
  return { ok: true, bytes: Uint8Array.from(out) };
}

/** The message Go's base64.CorruptInputError prints. */
export function base64ErrorMessage(offset: number): string {
  return `illegal base64 data at input byte ${offset}`;
}
