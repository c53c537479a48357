/**
 * Server-side Tables: the answer to `Accept: application/json;as=Table;
 * v=v1;g=meta.k8s.io` that `kubectl get` prints. Mirrors
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go
 * (asTable, `includeObject` None|Metadata|Object) with the row printers of
 * @kubesim/kubectl (pkg/printers/internalversion's), which format every
 * cell on the server, ages from virtual time included. events.k8s.io/v1
 * Events are printed through their core/v1 form, as upstream prints the
 * internal Event for both groups.
 */
import { badRequest, type KindName, type KubeObject } from "@kubesim/api";
import { generateTable } from "@kubesim/kubectl";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { EVENTS_V1_API_VERSION, toCoreEvent } from "./rest/events-v1-conversion.js";

function isEventsV1Event(o: KubeObject): boolean {
  return (o as { apiVersion?: string }).apiVersion === EVENTS_V1_API_VERSION;
}

export type IncludeObject = "None" | "Metadata" | "Object";

/** The includeObject query parameter (default Metadata). */
export function includeObjectOf(value: string | null): IncludeObject {
  if (value === null || value === "" || value === "Metadata") return "Metadata";
  if (value === "None" || value === "Object") return value;
  throw badRequest(
    `includeObject: Unsupported value: ${JSON.stringify(value)}: supported values: "Metadata", "None", "Object"`,
  );
}

/** meta.k8s.io PartialObjectMetadata of an object. */
export function partialObjectMetadata(obj: KubeObject, version: "v1" | "v1beta1" = "v1"): object {
  return {
    kind: "PartialObjectMetadata",
    apiVersion: `meta.k8s.io/${version}`,
    metadata: obj.metadata ?? {},
  };
}

export interface TableOptions {
  readonly version: "v1" | "v1beta1";
  readonly includeObject: IncludeObject;
  /** False in a watch's later events: Kubernetes sends the columns once. */
  readonly withColumns?: boolean;
  /** The list's or the object's metadata (resourceVersion, continue, remainingItemCount). */
  readonly listMeta?: Record<string, unknown>;
}

/** A Table of `objects` of `kind` at virtual time `now`. */
export function toTable(
  kind: KindName,
  objects: readonly KubeObject[],
  now: number,
  options: TableOptions,
): object {
  // events.k8s.io/v1 Events print as core ones: upstream's printer sees the internal Event.
  const printed = objects.map((o) => (isEventsV1Event(o) ? toCoreEvent(o as never) : o));
  const served = new Map(printed.map((p, i) => [p, objects[i]!]));
  const t = generateTable(kind, printed as never[], now);
  return {
    kind: "Table",
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.listMeta ?? {},
    columnDefinitions: options.withColumns === false ? null : t.columnDefinitions,
    rows: t.rows.map((r) => ({
      cells: r.cells,
      ...(r.conditions === undefined ? {} : { conditions: r.conditions }),
      object: rowObject(served.get(r.object as KubeObject) ?? (r.object as KubeObject), options),
    })),
  };
}

function rowObject(obj: KubeObject, options: TableOptions): object | null {
  switch (options.includeObject) {
    case "None":
      return null;
    case "Object":
      return obj;
    default:
      return partialObjectMetadata(obj, options.version);
  }
}

/** The metadata a single object's Table carries (its resourceVersion). */
export function objectTableMeta(obj: KubeObject): Record<string, unknown> {
  const m: ObjectMeta = obj.metadata ?? {};
  return m.resourceVersion === undefined ? {} : { resourceVersion: m.resourceVersion };
}
