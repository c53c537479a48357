/**
 * kubesim's short `kubectl explain`: GROUP/KIND/VERSION, then for the kind
 * or a field path (`deployment.spec.strategy`) its FIELD line, DESCRIPTION
 * and FIELDS, laid out as kubectl's explain template prints them. It knows
 * the kinds kubesim serves and the types in explain-schema.ts; deeper paths
 * get a clear error instead of the full OpenAPI document.
 * Mirrors staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl
 * (the "output", "fieldList", "fieldDetail", "description" and "typeGuess"
 * templates; `wrap` and `indent` from pkg/explain/v2/funcs.go).
 */
import { apiVersionOf, type KindInfo } from "@kubesim/api";
import { compareStrings } from "./format.js";
import { wrapString } from "./wordwrap.js";

export interface ExplainField {
  /** The type as kubectl's template guesses it: `string`, `[]Container`, `map[string]Quantity`. */
  readonly type: string;
  readonly description: string;
  readonly required?: boolean;
  /** The object type a path can descend into (the element type of a list or map). */
  readonly ref?: string;
}

export interface ExplainType {
  readonly description: string;
  readonly fields: Readonly<Record<string, ExplainField>>;
}

export interface ExplainSchema {
  /** Types whose fields are known, by name. */
  readonly types: Readonly<Record<string, ExplainType>>;
  /** Descriptions of the other referenced types (their fields are not included). */
  readonly descriptions: Readonly<Record<string, string>>;
}

/** The template's `indent`: pad the first line and every line after a newline. */
function indent(amount: number, s: string): string {
  const pad = " ".repeat(amount);
  return pad + s.replaceAll("\n", `\n${pad}`);
}

/** "fieldDetail": `  name\t<type> -required-` and the wrapped description. */
function fieldDetail(name: string, f: ExplainField, level: number, recursive: boolean): string {
  const amount = level * 2;
  let s = `${indent(amount, name)}\t<${f.type}>${f.required === true ? " -required-" : ""}\n`;
  if (!recursive) {
    const text = f.description === "" ? "<no description>" : f.description;
    s += `${indent(amount + 2, wrapString(text, 78 - amount))}\n\n`;
  }
  return s;
}

function fieldList(
  schema: ExplainSchema,
  type: ExplainType,
  level: number,
  recursive: boolean,
  history: ReadonlySet<string>,
): string {
  let s = "";
  for (const name of Object.keys(type.fields).sort(compareStrings)) {
    const f = type.fields[name]!;
    s += fieldDetail(name, f, level, recursive);
    if (recursive && f.ref !== undefined && !history.has(f.ref)) {
      const sub = schema.types[f.ref];
      if (sub !== undefined)
        s += fieldList(schema, sub, level + 1, recursive, new Set([...history, f.ref]));
    }
  }
  return s;
}

function describeBlock(text: string): string {
  return `DESCRIPTION:\n${indent(4, wrapString(text === "" ? "<empty>" : text, 76))}\n`;
}

export class ExplainError extends Error {}

/**
 * The explain text of `info` at `path` (field names after the resource).
 * Throws ExplainError for a field that does not exist or that kubesim's
 * short schema does not cover.
 */
export function explain(
  schema: ExplainSchema,
  info: KindInfo,
  path: readonly string[],
  recursive = false,
): string {
  let out = info.group === "" ? "" : `GROUP:      ${info.group}\n`;
  out += `KIND:       ${info.kind}\nVERSION:    ${info.version}\n\n`;
  const root = schema.types[info.kind];
  if (root === undefined)
    throw new ExplainError(
      `GVK ${apiVersionOf(info)}, Kind=${info.kind} not found in OpenAPI schema`,
    );
  let type: ExplainType = root;
  if (path.length === 0) {
    out += describeBlock(`${type.description}\n`);
    const fields = fieldList(schema, type, 1, recursive, new Set([info.kind]));
    if (fields !== "") out += `FIELDS:\n${fields}`;
    return `${out}\n`;
  }
  const walked: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const name = path[i]!;
    const field: ExplainField | undefined = type.fields[name];
    if (field === undefined)
      throw new ExplainError(`field "${path[path.length - 1]}" does not exist`);
    walked.push(name);
    const last = i === path.length - 1;
    const sub: ExplainType | undefined =
      field.ref === undefined ? undefined : schema.types[field.ref];
    if (last) {
      out += `FIELD: ${name} <${field.type}>\n\n\n`;
      let text = field.description === "" ? "" : `${field.description}\n`;
      if (field.ref !== undefined) {
        const refText = sub?.description ?? schema.descriptions[field.ref] ?? "";
        if (refText !== "") text += `${refText}\n`;
      }
      out += describeBlock(text);
      if (sub !== undefined) {
        const fields = fieldList(schema, sub, 1, recursive, new Set([field.ref!]));
        if (fields !== "") out += `FIELDS:\n${fields}`;
      } else if (field.ref !== undefined) {
        out += `FIELDS:\n  (kubesim's short explain does not list the fields of ${field.ref})\n\n`;
      }
      return `${out}\n`;
    }
    if (sub === undefined) {
      if (field.ref === undefined)
        throw new ExplainError(`field "${path[path.length - 1]}" does not exist`);
      throw new ExplainError(
        `kubesim's short explain does not cover fields under ${info.plural}.${walked.join(".")} (${field.ref})`,
      );
    }
    type = sub;
  }
  return out;
}
