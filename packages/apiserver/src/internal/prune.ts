/**
 * Dropping unknown fields, as kube-apiserver's non-strict decoder does under
 * fieldValidation=Warn or Ignore: the JSON is decoded into the Go type, so a
 * field the type does not declare is simply not kept. (Strict refuses the
 * request instead; see admission.ts.)
 *
 *   pruneUnknownFields({ apiVersion: "v1", kind: "ConfigMap", metadata: {...}, dataa: {} })
 *   // the same object without `dataa`
 *
 * Uses the same field schema as `unknownFields` (schema/), so exactly the
 * fields it reports are removed. Subtrees without unknown fields are returned
 * as they are (same reference).
 */
import type { FieldType, SchemaRegistry } from "./schema/index.js";
import { k8sSchema } from "./schema/index.js";

type Obj = Record<string, unknown>;

const isRecord = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function prune(registry: SchemaRegistry, type: FieldType, value: unknown): unknown {
  if (type === "s" || type === "*") return value;
  if (type.startsWith("[]")) {
    if (!Array.isArray(value)) return value;
    const item = type.slice(2);
    let changed = false;
    const out = value.map((v) => {
      const p = prune(registry, item, v);
      if (p !== v) changed = true;
      return p;
    });
    return changed ? out : value;
  }
  if (type.startsWith("{}")) {
    if (!isRecord(value)) return value;
    const item = type.slice(2);
    let out: Obj | undefined;
    for (const k of Object.keys(value)) {
      const p = prune(registry, item, value[k]);
      if (p !== value[k]) (out ??= { ...value })[k] = p;
    }
    return out ?? value;
  }
  const schema = registry.types[type];
  if (schema === undefined || !isRecord(value)) return value;
  let out: Obj | undefined;
  for (const k of Object.keys(value)) {
    const fieldType = Object.hasOwn(schema.fields, k) ? schema.fields[k] : undefined;
    if (fieldType === undefined) {
      out ??= { ...value };
      delete out[k];
      continue;
    }
    const p = prune(registry, fieldType, value[k]);
    if (p !== value[k]) (out ??= { ...value })[k] = p;
  }
  return out ?? value;
}

/** `obj` without the fields its Kubernetes type does not declare. */
export function pruneUnknownFields<T extends object>(
  obj: T,
  registry: SchemaRegistry = k8sSchema,
): T {
  const o = obj as unknown as Obj;
  const root = registry.roots[`${String(o["apiVersion"])}/${String(o["kind"])}`];
  return root === undefined ? obj : (prune(registry, root, obj) as T);
}
