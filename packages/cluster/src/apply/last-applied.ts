/**
 * The `kubectl.kubernetes.io/last-applied-configuration` annotation:
 * GetModifiedConfiguration, GetOriginalConfiguration and
 * CreateApplyAnnotation from staging/src/k8s.io/kubectl/pkg/util/apply.go.
 * The annotation holds the configuration as compact JSON with sorted keys and
 * a trailing newline, with `metadata.annotations` present (and empty when the
 * user wrote none) but without itself.
 */
import { goJson } from "./go-json.js";

export const LAST_APPLIED_CONFIG_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

type Json = Record<string, unknown>;

const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The object with its annotations replaced (a new object; the input is not touched). */
function withAnnotations(obj: Json, annotations: Record<string, unknown>): Json {
  const meta = isMap(obj["metadata"]) ? obj["metadata"] : {};
  return { ...obj, metadata: { ...meta, annotations } };
}

function annotationsOf(obj: Json): Record<string, unknown> {
  const meta = obj["metadata"];
  if (!isMap(meta)) return {};
  const a = meta["annotations"];
  return isMap(a) ? a : {};
}

/**
 * GetModifiedConfiguration: the configuration serialised without the
 * annotation; with `annotate`, that serialisation is set as the annotation
 * and the object serialised again. Returns the JSON text and the object it
 * encodes.
 */
export function modifiedConfiguration(
  obj: Json,
  annotate: boolean,
): { json: string; object: Json } {
  const rest = { ...annotationsOf(obj) };
  delete rest[LAST_APPLIED_CONFIG_ANNOTATION];
  const bare = withAnnotations(obj, rest);
  const bareJson = `${goJson(bare)}\n`;
  if (!annotate) return { json: bareJson, object: bare };
  const annotated = withAnnotations(obj, { ...rest, [LAST_APPLIED_CONFIG_ANNOTATION]: bareJson });
  return { json: `${goJson(annotated)}\n`, object: annotated };
}

/** CreateApplyAnnotation: the object with the annotation set to its own configuration. */
export function withApplyAnnotation(obj: Json): Json {
  const { json } = modifiedConfiguration(obj, false);
  const rest = { ...annotationsOf(obj) };
  return withAnnotations(obj, { ...rest, [LAST_APPLIED_CONFIG_ANNOTATION]: json });
}

/** GetOriginalConfiguration: the live object's annotation, parsed (undefined when absent or empty). */
export function originalConfiguration(live: object): Json | undefined {
  const text = annotationsOf(live as Json)[LAST_APPLIED_CONFIG_ANNOTATION];
  if (typeof text !== "string" || text === "") return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return isMap(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the live object carries the annotation. */
export function hasLastApplied(live: object): boolean {
  return LAST_APPLIED_CONFIG_ANNOTATION in annotationsOf(live as Json);
}
