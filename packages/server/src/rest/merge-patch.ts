/**
 * RFC 7386 JSON merge patch, for the scale subresource: kube-apiserver
 * patches a Scale as plain JSON (handlers/patch.go, with the Scale having
 * no lists, a strategic merge patch merges as a JSON merge patch does).
 * Writes only own keys into fresh objects, so no key can reach a prototype.
 */

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: Record<string, Json> = {};
  if (isObject(target)) {
    for (const k of Object.keys(target)) {
      if (k === "__proto__") continue;
      Object.defineProperty(out, k, {
        value: target[k],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  for (const k of Object.keys(patch)) {
    if (k === "__proto__") continue;
    const v = patch[k];
    if (v === null) delete out[k];
    else
      Object.defineProperty(out, k, {
        value: mergePatch(Object.hasOwn(out, k) ? out[k] : undefined, v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

/** Strategic-merge directives ($patch, $retainKeys, $setElementOrder/…) are dropped for a Scale. */
export function dropDirectives(patch: Json): Json {
  if (Array.isArray(patch)) return patch.map(dropDirectives);
  if (!isObject(patch)) return patch;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(patch)) {
    if (k.startsWith("$")) continue;
    Object.defineProperty(out, k, {
      value: dropDirectives(patch[k]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
