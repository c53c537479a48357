/**
 * Secret defaults. Mirrors kubernetes/pkg/apis/core/v1/defaults.go
 * (SetDefaults_Secret) and the v1→internal conversion
 * (pkg/apis/core/v1/conversion.go, Convert_v1_Secret_To_core_Secret), which
 * folds the write-only `stringData` into `data`.
 *
 * Guarantees: type "Opaque" when empty; every stringData entry is written into
 * data as the base64 of its UTF-8 bytes, replacing a data entry of the same key
 * (stringData wins); stringData is removed. Example: data {a: "eA=="},
 * stringData {a: "b", c: "✓"} → data {a: "Yg==", c: "4pyT"}.
 */
import type { Obj } from "./draft.js";
import { isObj, setIfEmpty } from "./draft.js";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard, padded base64 of the UTF-8 bytes of `s` (Go's base64.StdEncoding). */
export function encodeBase64(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? alphabet[n & 63]! : "=";
  }
  return out;
}

export function setDefaultsSecret(secret: Obj): void {
  const stringData = secret["stringData"];
  if (isObj(stringData)) {
    const entries = Object.entries(stringData).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    );
    if (entries.length > 0) {
      if (!isObj(secret["data"])) secret["data"] = {};
      const data = secret["data"] as Obj;
      for (const [k, v] of entries) data[k] = encodeBase64(v);
    }
  }
  delete secret["stringData"];
  setIfEmpty(secret, "type", "Opaque");
}
