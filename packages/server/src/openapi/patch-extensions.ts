/**
 * Adds `x-kubernetes-patch-strategy` and `x-kubernetes-patch-merge-key` to
 * the component schemas, from the same strategic-merge tables the API
 * server patches with (kubesim's copy of the `patchStrategy`/`patchMergeKey`
 * struct tags of k8s.io/api; kube-openapi publishes those tags as these
 * extensions, k8s.io/kube-openapi/pkg/generators/openapi.go).
 *
 * kubernetes-types does not carry them, and kubectl needs them: when a
 * document declares strategic merge patch for a kind, `kubectl apply`
 * computes its patch from the document's schema (PatchMetaFromOpenAPIV3,
 * PatchMetaFromOpenAPI), and a list without a merge key is then replaced
 * whole. Publishing the server's own tables keeps kubectl's patches and the
 * server's merging in agreement.
 */
import type { KindInfo } from "@kubesim/api";
import { PatchSchema } from "kubesim";
import { refName, type SchemaObject } from "./schema-object.js";

/** The component a property's value (or its elements) refers to, if any. */
function targetOf(s: SchemaObject): string | undefined {
  const direct = s.$ref ?? s.allOf?.[0]?.$ref ?? s.items?.$ref ?? s.items?.allOf?.[0]?.$ref;
  return direct === undefined ? undefined : refName(direct);
}

export interface PatchOverlay {
  readonly schemas: Readonly<Record<string, SchemaObject>>;
  /** `Type.field` annotated differently from two kinds (none expected). */
  readonly conflicts: readonly string[];
}

/** The schemas with the patch extensions of every kind in `roots` (kind → its definition). */
export function withPatchExtensions(
  schemas: Readonly<Record<string, SchemaObject>>,
  roots: readonly (readonly [Pick<KindInfo, "group" | "kind">, string])[],
): PatchOverlay {
  /** `Type` → field → strategy and merge key. */
  const tags = new Map<string, Map<string, { strategy: string; mergeKey: string }>>();
  const conflicts: string[] = [];

  const walk = (type: string, schema: PatchSchema, stack: readonly string[]) => {
    const props = schemas[type]?.properties;
    if (props === undefined || stack.includes(type)) return;
    for (const [field, prop] of Object.entries(props)) {
      const found = schema.lookup(field);
      if (found.meta.strategies.length > 0) {
        const tag = { strategy: found.meta.strategies.join(","), mergeKey: found.meta.mergeKey };
        const byField = tags.get(type) ?? new Map<string, typeof tag>();
        tags.set(type, byField);
        const had = byField.get(field);
        if (had !== undefined && (had.strategy !== tag.strategy || had.mergeKey !== tag.mergeKey))
          conflicts.push(`${type}.${field}`);
        byField.set(field, tag);
      }
      const next = targetOf(prop);
      if (next !== undefined) walk(next, found.schema, [...stack, type]);
    }
  };
  for (const [kind, definition] of roots) walk(definition, PatchSchema.forKind(kind), []);

  const out: Record<string, SchemaObject> = { ...schemas };
  for (const [type, byField] of tags) {
    const s = schemas[type]!;
    const properties: Record<string, SchemaObject> = { ...s.properties };
    for (const [field, tag] of byField)
      properties[field] = {
        ...properties[field],
        ...(tag.mergeKey === "" ? {} : { "x-kubernetes-patch-merge-key": tag.mergeKey }),
        "x-kubernetes-patch-strategy": tag.strategy,
      };
    out[type] = { ...s, properties };
  }
  return { schemas: out, conflicts };
}
