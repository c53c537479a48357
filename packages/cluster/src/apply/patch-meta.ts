/**
 * The strategic-merge metadata kubectl looks up when it computes an apply
 * patch: which lists merge and by which key, and which fields carry
 * `retainKeys` (strategicpatch.LookupPatchMeta as the client sees it,
 * k8s.io/apimachinery/pkg/util/strategicpatch/meta.go). kubectl reads them
 * from the OpenAPI document, which carries the same values as the Go
 * structs' tags; the API server's patch tables hold those tags, so the
 * client side reads the very same tables.
 */
import {
  pathTableSchema,
  patchSchemaForKind,
  type PatchMeta,
  type PatchSchema as TableSchema,
} from "@kubesim/apiserver";

export type { PatchMeta };

/** A kind without a table: every list is replaced whole and every map merged. */
const noStrategies: TableSchema = pathTableSchema(new Map());

/** A lookup positioned at a field path ("" is the object's root). */
export class PatchSchema {
  private constructor(private readonly schema: TableSchema) {}

  static forKind(kind: { readonly group: string; readonly kind: string }): PatchSchema {
    return new PatchSchema(patchSchemaForKind(kind) ?? noStrategies);
  }

  /** The metadata of a child field and the schema below it (list elements add no segment). */
  lookup(key: string): { schema: PatchSchema; meta: PatchMeta } {
    const found = this.schema.lookupStruct(key);
    return { schema: new PatchSchema(found.schema), meta: found.meta };
  }
}

/** extractRetainKeysPatchStrategy: whether retainKeys is set, and the other strategy ("" if none). */
export function splitStrategies(meta: PatchMeta): { retainKeys: boolean; strategy: string } {
  const s = meta.strategies;
  if (s.length === 0) return { retainKeys: false, strategy: "" };
  if (s.length === 1)
    return s[0] === "retainKeys"
      ? { retainKeys: true, strategy: "" }
      : { retainKeys: false, strategy: s[0]! };
  return {
    retainKeys: s.includes("retainKeys"),
    strategy: s.find((x) => x !== "retainKeys") ?? "",
  };
}
