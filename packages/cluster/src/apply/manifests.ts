/**
 * From documents to objects the API serves: decoding as
 * unstructured.UnstructuredJSONScheme with cli-runtime's
 * metadataValidatingDecoder (kind present, metadata fields of the right
 * type), the RESTMapper lookup of apiVersion/kind (mapper.go infoForData),
 * flattening of `kind: List` (FlattenListVisitor), and the namespace helpers
 * the builder runs on each object (SetNamespace, RequireNamespace,
 * FilterNamespace in cli-runtime/pkg/resource/visitor.go).
 */
import { kinds, kindFor, parseApiVersion, type KindInfo } from "@kubesim/api";
import { readDocuments } from "./documents.js";
import { ManifestError } from "./errors.js";
import { goJson } from "./go-json.js";

/** One object of a manifest stream, ready to send. */
export interface ManifestObject {
  /** Index of its document in the stream (0-based). */
  readonly document: number;
  readonly info: KindInfo;
  /** `deployment.apps`, `configmap`: kubectl's name for the kind in `deployment.apps/web created`. */
  readonly resource: string;
  readonly name: string;
  /** The namespace it goes to ("" for cluster-scoped kinds). */
  readonly namespace: string;
  /** The object as read, with metadata.namespace filled in (or removed for cluster-scoped kinds). */
  readonly object: Record<string, unknown>;
  /** Where it came from, for messages ("deploy.yaml", "STDIN"). */
  readonly source: string;
}

/** Why one document of a stream was refused before anything was sent. */
export interface ManifestProblem {
  readonly document: number;
  /**
   * `decode`: kubectl's resource builder refused it (syntax, kind, mapping);
   * `namespace`: its namespace contradicts an explicit `-n`.
   */
  readonly stage: "decode" | "namespace";
  readonly error: ManifestError;
}

export interface ReadOptions {
  /** Namespace for namespaced objects that name none (default "default"). */
  readonly namespace?: string;
  /** `-n` was given: an object naming another namespace is refused (kubectl's enforceNamespace). */
  readonly enforceNamespace?: boolean;
  /** Where the text came from, for messages (default ""). */
  readonly source?: string;
}

export interface ReadResult {
  readonly objects: readonly ManifestObject[];
  readonly problems: readonly ManifestProblem[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** encoding/json's name for a JSON value's type in "cannot unmarshal X into ...". */
function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

/** kubectl's name for a kind: `deployment.apps`, `configmap`. */
export function resourceName(info: Pick<KindInfo, "group" | "kind">): string {
  const k = info.kind.toLowerCase();
  return info.group === "" ? k : `${k}.${info.group}`;
}

/** metav1.ObjectMeta's typed fields that the metadata-validating decoder checks. */
const stringFields = ["name", "namespace", "generateName", "resourceVersion", "uid"] as const;
const mapFields = ["labels", "annotations"] as const;

function checkMetadata(obj: Json): string | undefined {
  const meta = obj["metadata"];
  if (meta === undefined || meta === null) return undefined;
  const into = (field: string, type: string, v: unknown) =>
    `json: cannot unmarshal ${jsonTypeName(v)} into Go struct field ObjectMeta.metadata${field} of type ${type}`;
  if (!isObject(meta)) return into("", "v1.ObjectMeta", meta).replace(".metadata of", " of");
  for (const f of stringFields) {
    const v = meta[f];
    if (v !== undefined && v !== null && typeof v !== "string") return into(`.${f}`, "string", v);
  }
  for (const f of mapFields) {
    const v = meta[f];
    if (v === undefined || v === null) continue;
    if (!isObject(v)) return into(`.${f}`, "map[string]string", v);
    for (const x of Object.values(v))
      if (x !== null && typeof x !== "string") return into(`.${f}`, "string", x);
  }
  return undefined;
}

/** RESTMapping for apiVersion/kind: the kind, or meta.NoKindMatchError's text. */
function mappingFor(apiVersion: string, kind: string): KindInfo | string {
  const found = kindFor(apiVersion, kind);
  if (found !== undefined) return found;
  const { group, version } = parseApiVersion(apiVersion);
  if (version === "") {
    // No version: the mapper tries the group's preferred versions.
    const any = kinds.find((k) => k.group === group && k.kind === kind);
    if (any !== undefined) return any;
    return `no matches for kind ${JSON.stringify(kind)} in group ${JSON.stringify(group)}`;
  }
  return `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(apiVersion)}`;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** infoForData: decode one document and find its kind; a ManifestError when kubectl would refuse it. */
export function decodeObject(
  value: unknown,
  source: string,
): ManifestError | { info: KindInfo; object: Json } {
  const quoted = JSON.stringify(source);
  if (!isObject(value)) {
    return new ManifestError(
      `unable to decode ${quoted}: json: cannot unmarshal ${jsonTypeName(value)} into Go value of type unstructured.detector`,
    );
  }
  const kind = value["kind"];
  if (typeof kind !== "string" || kind === "")
    return new ManifestError(
      `unable to decode ${quoted}: Object 'Kind' is missing in '${goJson(value)}'`,
    );
  const bad = checkMetadata(value);
  if (bad !== undefined) return new ManifestError(`unable to decode ${quoted}: ${bad}`);
  const apiVersion = str(value["apiVersion"]);
  const mapping = mappingFor(apiVersion, kind);
  if (typeof mapping === "string") {
    const meta = isObject(value["metadata"]) ? value["metadata"] : {};
    return new ManifestError(
      `resource mapping not found for name: ${JSON.stringify(str(meta["name"]))} namespace: ${JSON.stringify(str(meta["namespace"]))} from ${quoted}: ${mapping}\nensure CRDs are installed first`,
    );
  }
  return { info: mapping, object: value };
}

/** The items of a `kind: List` (any apiVersion's List), flattened recursively. */
function flatten(obj: Json): Json[] | undefined {
  if (obj["kind"] !== "List" || !Array.isArray(obj["items"])) return undefined;
  const out: Json[] = [];
  for (const item of obj["items"] as unknown[]) {
    if (!isObject(item)) continue;
    out.push(...(flatten(item) ?? [item]));
  }
  return out;
}

function withNamespace(obj: Json, namespace: string | undefined): Json {
  const meta = isObject(obj["metadata"]) ? { ...obj["metadata"] } : {};
  if (namespace === undefined) delete meta["namespace"];
  else meta["namespace"] = namespace;
  return { ...obj, metadata: meta };
}

/** The builder's namespace helpers on one decoded object. */
function place(
  info: KindInfo,
  obj: Json,
  options: ReadOptions,
): { object: Json; namespace: string } | ManifestError {
  const meta = isObject(obj["metadata"]) ? obj["metadata"] : {};
  const own = str(meta["namespace"]);
  const ns = options.namespace ?? "default";
  if (!info.namespaced)
    return {
      object: own === "" && !("namespace" in meta) ? obj : withNamespace(obj, undefined),
      namespace: "",
    };
  if (own === "") return { object: withNamespace(obj, ns), namespace: ns };
  if (options.enforceNamespace === true && own !== ns)
    return new ManifestError(
      `the namespace from the provided object ${JSON.stringify(own)} does not match the namespace ${JSON.stringify(ns)}. You must pass '--namespace=${own}' to perform this operation.`,
    );
  return { object: obj, namespace: own };
}

/**
 * Reads a manifest stream (YAML or JSON, several documents) or a list of
 * objects into the objects to send and the documents refused. As with
 * kubectl, a document that is not YAML ends the stream; the others are
 * reported one by one and the rest still read.
 */
export function readManifests(
  input: string | readonly object[],
  options: ReadOptions = {},
): ReadResult {
  const source = options.source ?? "";
  const objects: ManifestObject[] = [];
  const problems: ManifestProblem[] = [];
  const docs =
    typeof input === "string"
      ? readDocuments(input)
      : input.map((value, index) => ({ index, value: value as unknown }));
  for (const doc of docs) {
    if ("error" in doc) {
      const e = doc.error;
      problems.push({
        document: doc.index,
        stage: "decode",
        error: new ManifestError(`error parsing ${source}: ${e.message}`, {
          line: e.line,
          column: e.column,
        }),
      });
      continue;
    }
    const items = isObject(doc.value) ? (flatten(doc.value) ?? [doc.value]) : [doc.value];
    for (const item of items) {
      const decoded = decodeObject(item, source);
      if (decoded instanceof ManifestError) {
        problems.push({ document: doc.index, stage: "decode", error: decoded });
        continue;
      }
      const placed = place(decoded.info, decoded.object, options);
      if (placed instanceof ManifestError) {
        problems.push({ document: doc.index, stage: "namespace", error: placed });
        continue;
      }
      const meta = isObject(placed.object["metadata"]) ? placed.object["metadata"] : {};
      objects.push({
        document: doc.index,
        info: decoded.info,
        resource: resourceName(decoded.info),
        name: str(meta["name"]),
        namespace: placed.namespace,
        object: placed.object,
        source,
      });
    }
  }
  return { objects, problems };
}
