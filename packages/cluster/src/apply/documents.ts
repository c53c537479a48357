/**
 * Reading a manifest stream as kubectl reads it: k8s.io/apimachinery's
 * YAMLReader splits the text at lines starting with `---` (only a comment may
 * follow), and each document is converted to JSON by sigs.k8s.io/yaml, which
 * parses YAML 1.1 as go-yaml v2 does (`yes`/`no`/`on`/`off` are booleans,
 * timestamps stay strings, duplicate keys keep the last value). Empty and
 * `null` documents are skipped (cli-runtime's StreamVisitor). Line numbers in
 * errors count from the document's first line, as kubectl's do.
 *
 * Mirrors staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go
 * (YAMLReader, YAMLToJSONDecoder) and cli-runtime/pkg/resource/visitor.go
 * (StreamVisitor).
 */
import { parseDocument, type Tags } from "yaml";
import { looksLikeJsonStream, readJsonStream } from "./json-stream.js";
import { goYamlError, goYamlUnknownAnchor } from "./yaml-errors.js";

/** One document of a stream: its JSON value, or why it could not be read. */
export type RawDocument =
  | { readonly index: number; readonly value: unknown }
  | { readonly index: number; readonly error: YamlSyntaxError };

/** A document that is not valid YAML; kubectl stops reading the stream there. */
export class YamlSyntaxError extends Error {
  constructor(
    /** go-yaml's text: `yaml: line 3: mapping values are not allowed in this context`. */
    readonly yamlMessage: string,
    /** 1-based, within the document. */
    readonly line: number,
    readonly column: number,
    /** The whole message when it is not a conversion error (a bad `---` line). */
    message = `error converting YAML to JSON: ${yamlMessage}`,
  ) {
    super(message);
    this.name = "YamlSyntaxError";
  }
}

/** YAMLReader: the documents of a stream, without their separator lines. */
export function splitDocuments(text: string): { chunks: string[]; error?: string } {
  const chunks: string[] = [];
  let buffer = "";
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    const line = nl < 0 ? text.slice(start) : text.slice(start, nl + 1);
    start = nl < 0 ? text.length : nl + 1;
    if (line.startsWith("---")) {
      const rest = line.slice(3).trim();
      if (rest.length > 0 && !rest.startsWith("#"))
        return { chunks, error: `invalid Yaml document separator: ${rest}` };
      if (buffer.length > 0) chunks.push(buffer);
      buffer = "";
      continue;
    }
    buffer += line;
  }
  if (buffer.length > 0) chunks.push(buffer);
  return { chunks };
}

/** go-yaml v2 leaves timestamps as strings when decoding into interface{}. */
const withoutTimestamps = (tags: Tags): Tags =>
  tags.filter(
    (t) =>
      t !== "timestamp" &&
      !(typeof t === "object" && "tag" in t && t.tag === "tag:yaml.org,2002:timestamp"),
  );

/** One document's JSON value (null for an empty one), or its syntax error. */
export function parseYamlDocument(chunk: string): unknown {
  const doc = parseDocument(chunk, {
    version: "1.1",
    uniqueKeys: false,
    prettyErrors: false,
    customTags: withoutTimestamps,
  });
  const first = doc.errors[0];
  if (first !== undefined) {
    const e = goYamlError(chunk, first);
    throw new YamlSyntaxError(e.message, e.line, e.column);
  }
  try {
    return toJsonValue(doc.toJS({ maxAliasCount: -1 }));
  } catch (e) {
    const m = /Unresolved alias[^:]*: (.*)$/.exec((e as Error).message);
    if (m !== null) throw new YamlSyntaxError(goYamlUnknownAnchor(m[1]!.trim()), 1, 1);
    throw new YamlSyntaxError(`yaml: ${(e as Error).message}`, 1, 1);
  }
}

/** JSON's view of a YAML value: map keys become strings, Dates and other classes are not kept. */
function toJsonValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[String(k)] = toJsonValue(x);
    return out;
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJsonValue(x);
    return out;
  }
  return String(v);
}

/**
 * The documents of a stream, in order. Reading stops at the first document
 * that is not valid YAML (it is the last entry, with its error), as kubectl's
 * StreamVisitor stops; empty documents are left out but keep their index.
 */
export function readDocuments(text: string): RawDocument[] {
  const stream = text.replace(/^\uFEFF/, "");
  if (looksLikeJsonStream(stream)) return readJsonDocuments(stream);
  const { chunks, error } = splitDocuments(stream);
  const out: RawDocument[] = [];
  for (let i = 0; i < chunks.length; i++) {
    let value: unknown;
    try {
      value = parseYamlDocument(chunks[i]!);
    } catch (e) {
      if (e instanceof YamlSyntaxError) {
        out.push({ index: i, error: e });
        return out;
      }
      throw e;
    }
    if (value === null) continue;
    out.push({ index: i, value });
  }
  if (error !== undefined) {
    out.push({ index: chunks.length, error: new YamlSyntaxError(error, 1, 1, error) });
  }
  return out;
}

/** A JSON stream's values as documents; a syntax error ends it, with its own wording (no YAML prefix). */
function readJsonDocuments(text: string): RawDocument[] {
  const out: RawDocument[] = [];
  readJsonStream(text).forEach((item, index) => {
    if ("error" in item) {
      out.push({ index, error: new YamlSyntaxError(item.error, 1, 1, item.error) });
    } else if (item.value !== null) out.push({ index, value: item.value });
  });
  return out;
}
