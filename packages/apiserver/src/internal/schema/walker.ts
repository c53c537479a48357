/**
 * Unknown-field detection, as kube-apiserver's strict decoding reports it
 * (fieldValidation=Strict, kubectl's default since 1.27). Mirrors what
 * sigs.k8s.io/json's strict mode records while decoding into the Go types:
 * one `unknown field "<path>"` per JSON key that the target struct does not
 * declare, with the path written as apimachinery does, e.g.
 * `spec.template.spec.containers[0].restartPolicy` or `spec.replica`.
 *
 * Guarantees:
 * - every key of every object reached through known fields is checked, in
 *   document order (parents before children; list items in order);
 * - nothing below an unknown field, a scalar, or a `"*"` (preserved) field is checked;
 * - a JSON value of the wrong type (a string where an object belongs) is not
 *   an unknown field: it is a type error, reported by the decoder separately,
 *   so the walker just does not descend into it;
 * - a kind without a root in the registry yields no unknown fields.
 *
 * Not detectable here: duplicate keys (`duplicate field "..."`), which
 * JSON.parse has already merged before the walker sees the object.
 */
import type { FieldType, SchemaRegistry } from "./types.js";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function walk(
  registry: SchemaRegistry,
  type: FieldType,
  value: unknown,
  path: string,
  out: string[],
): void {
  if (type === "s" || type === "*") return;
  if (type.startsWith("[]")) {
    if (!Array.isArray(value)) return;
    const item = type.slice(2);
    value.forEach((v, i) => walk(registry, item, v, `${path}[${i}]`, out));
    return;
  }
  if (type.startsWith("{}")) {
    if (!isRecord(value)) return;
    const item = type.slice(2);
    for (const [k, v] of Object.entries(value)) walk(registry, item, v, `${path}[${k}]`, out);
    return;
  }
  const schema = registry.types[type];
  if (schema === undefined || !isRecord(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const p = path === "" ? k : `${path}.${k}`;
    const fieldType = Object.hasOwn(schema.fields, k) ? schema.fields[k] : undefined;
    if (fieldType === undefined) out.push(p);
    else walk(registry, fieldType, v, p, out);
  }
}

/** The unknown field paths of `obj` under `registry`, in document order. */
export function unknownFieldsIn(registry: SchemaRegistry, obj: object): string[] {
  if (!isRecord(obj)) return [];
  const apiVersion = obj["apiVersion"];
  const kind = obj["kind"];
  if (typeof apiVersion !== "string" || typeof kind !== "string") return [];
  const root = registry.roots[`${apiVersion}/${kind}`];
  if (root === undefined) return [];
  const out: string[] = [];
  walk(registry, root, obj, "", out);
  return out;
}

/**
 * The strict decoding error text for a list of unknown fields
 * (runtime.strictDecodingError): `strict decoding error: unknown field "spec.replica", unknown field "spec.x"`.
 */
export function strictDecodingMessage(paths: readonly string[]): string {
  return `strict decoding error: ${paths.map((p) => `unknown field ${JSON.stringify(p)}`).join(", ")}`;
}
