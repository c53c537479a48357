/**
 * The OpenAPI schema object as kube-apiserver publishes it for built-in
 * types (k8s.io/kube-openapi/pkg/validation/spec Schema, the subset its
 * generated definitions use), plus the Kubernetes vendor extensions.
 * References are written the OpenAPI v3 way (`#/components/schemas/<name>`);
 * the v2 document rewrites them to `#/definitions/<name>`.
 */

export interface GroupVersionKind {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
}

export interface SchemaObject {
  readonly $ref?: string;
  readonly allOf?: readonly SchemaObject[];
  readonly oneOf?: readonly SchemaObject[];
  readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  readonly format?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly items?: SchemaObject;
  readonly additionalProperties?: SchemaObject;
  readonly "x-kubernetes-int-or-string"?: true;
  readonly "x-kubernetes-group-version-kind"?: readonly GroupVersionKind[];
  readonly "x-kubernetes-patch-strategy"?: string;
  readonly "x-kubernetes-patch-merge-key"?: string;
}

export const SCHEMA_REF_PREFIX = "#/components/schemas/";

/** The component name a `$ref` points at. */
export function refName(ref: string): string {
  return ref.startsWith(SCHEMA_REF_PREFIX) ? ref.slice(SCHEMA_REF_PREFIX.length) : ref;
}

/** Every component name a schema refers to, directly or in its children. */
export function refsOf(s: SchemaObject, out: Set<string> = new Set()): Set<string> {
  if (s.$ref !== undefined) out.add(refName(s.$ref));
  for (const x of s.allOf ?? []) refsOf(x, out);
  for (const x of s.oneOf ?? []) refsOf(x, out);
  for (const x of Object.values(s.properties ?? {})) refsOf(x, out);
  if (s.items !== undefined) refsOf(s.items, out);
  if (s.additionalProperties !== undefined) refsOf(s.additionalProperties, out);
  return out;
}
