/**
 * OmitManagedFieldsPrinter (staging/src/k8s.io/cli-runtime/pkg/printers/
 * managedfields.go): the JSON and YAML printers leave metadata.managedFields
 * out, of an object and of each item of a list, unless --show-managed-fields.
 */

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function omitOne(o: unknown): unknown {
  if (!isObj(o) || !isObj(o["metadata"]) || !("managedFields" in o["metadata"])) return o;
  const { managedFields: _m, ...meta } = o["metadata"];
  return { ...o, metadata: meta };
}

/** `obj` (an object or a list of them) without managedFields; the same value when it has none. */
export function omitManagedFields(obj: unknown): unknown {
  if (isObj(obj) && Array.isArray(obj["items"])) {
    const items = obj["items"] as unknown[];
    const out = items.map(omitOne);
    return out.every((v, i) => v === items[i])
      ? omitOne(obj)
      : { ...(omitOne(obj) as Obj), items: out };
  }
  return omitOne(obj);
}
