/**
 * Field selectors: parsing, printing and matching. Mirrors
 * k8s.io/apimachinery/pkg/fields (selector.go: ParseSelector, splitTerms,
 * splitTerm, EscapeValue, UnescapeValue, hasTerm, notHasTerm, andTerm,
 * SelectorFromSet, OneTermEqualSelector, RequiresExactMatch, Transform;
 * requirements.go).
 *
 * A field selector is a comma-separated AND of `field=value`, `field==value`
 * (the same as `=`) and `field!=value` terms; no sets, no "exists". A value
 * may hold `,`, `=` and `\` only escaped with a backslash: `a=x\,y` means
 * field a equals "x,y". The field name is everything before the first
 * operator and is never unescaped.
 *
 * Guarantees:
 * - Terms are sorted (as strings, before parsing) so the printed form is
 *   canonical: parseFieldSelector("x=a,a=x").toString() === "a=x,x=a".
 * - A field missing from the object's field set reads as "": `spec.nodeName=`
 *   selects unscheduled pods, and `spec.nodeName!=` scheduled ones.
 * - Errors are 400 BadRequest with upstream's messages:
 *     "x"      -> invalid selector: 'x'; can't understand 'x'
 *     "x=a=b"  -> invalid field selector: unescaped character in value: 61
 *     "x=a\b"  -> invalid field selector: invalid escape sequence: \b
 */
import { badRequest } from "./errors.js";
import { compareBytewise } from "./labels/gostring.js";

/** fields.Requirement: `==` is read as `=`, as upstream's hasTerm reports selection.Equals. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: "=" | "!=";
  readonly value: string;
}

/** A field selector: the AND of its requirements. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  /** Does the object's field set (see `fieldsOf`) satisfy every requirement? */
  matches(fields: Readonly<Record<string, string>>): boolean;
  /** The canonical string: terms as parsed (sorted), values escaped. */
  toString(): string;
  /** True when the selector restricts nothing. */
  isEmpty(): boolean;
}

const get = (fields: Readonly<Record<string, string>>, field: string): string =>
  Object.hasOwn(fields, field) ? fields[field]! : "";

class AndSelector implements FieldSelector {
  readonly requirements: readonly FieldRequirement[];

  constructor(requirements: readonly FieldRequirement[]) {
    this.requirements = Object.freeze(requirements.map((r) => Object.freeze({ ...r })));
    Object.freeze(this);
  }

  matches(fields: Readonly<Record<string, string>>): boolean {
    return this.requirements.every((r) =>
      r.operator === "=" ? get(fields, r.field) === r.value : get(fields, r.field) !== r.value,
    );
  }

  toString(): string {
    return this.requirements
      .map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`)
      .join(",");
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }
}

const sharedEverything: FieldSelector = new AndSelector([]);

/** fields.Everything(): matches every object. */
export function everythingFieldSelector(): FieldSelector {
  return sharedEverything;
}

/** A selector of exactly these requirements, in this order. */
export function fieldSelectorOf(requirements: readonly FieldRequirement[]): FieldSelector {
  return requirements.length === 0 ? sharedEverything : new AndSelector(requirements);
}

/** fields.OneTermEqualSelector: what kubectl sends to watch one object (`metadata.name=web`). */
export function oneTermEqualSelector(field: string, value: string): FieldSelector {
  return new AndSelector([{ field, operator: "=", value }]);
}

/** fields.SelectorFromSet: `field=value` for each entry (sorted by field, for a stable string). */
export function fieldSelectorFromSet(set: Readonly<Record<string, string>>): FieldSelector {
  return fieldSelectorOf(
    Object.keys(set)
      .sort(compareBytewise)
      .map((field) => ({ field, operator: "=" as const, value: set[field]! })),
  );
}

/**
 * RequiresExactMatch: the value the first `=` term on `field` demands, or
 * undefined. A store answers `spec.nodeName=node-1` from its node index with it.
 */
export function fieldRequiresExactMatch(sel: FieldSelector, field: string): string | undefined {
  return sel.requirements.find((r) => r.field === field && r.operator === "=")?.value;
}

// ---- escaping ----

/** EscapeValue: `\` to `\\`, then `,` to `\,` and `=` to `\=`. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * UnescapeValue: the literal value of an escaped one. Only `\\`, `\,` and `\=`
 * are escapes; any other backslash pair, a trailing backslash, or a bare `,` or
 * `=` is a 400 BadRequest. Upstream prints the bare character as its code
 * point (Go's %v of a rune): `=` is 61, `,` is 44.
 */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== "\\" && c !== "," && c !== "=") {
        throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      }
      out += c;
      inSlash = false;
    } else if (c === "\\") {
      inSlash = true;
    } else if (c === "," || c === "=") {
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw badRequest("invalid field selector: invalid escape sequence: \\");
  return out;
}

// ---- parsing ----

/**
 * splitTerms: the comma-separated terms, where `\,` is data, not a separator
 * (the backslash is kept for UnescapeValue). "" has no terms; "a=a," has two.
 */
export function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** The operators, longest first, so that `==` does not leave "=" at the front of the value. */
const termOperators = ["!=", "==", "="] as const;

/**
 * splitTerm: field, operator and raw value, split at the first operator. The
 * field is not unescaped, so the first `=` or `!=` anywhere ends it.
 */
export function splitTerm(
  term: string,
): { field: string; operator: "!=" | "==" | "="; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) {
        return { field: term.slice(0, i), operator: op, value: term.slice(i + op.length) };
      }
    }
  }
  return undefined;
}

/**
 * fields.ParseSelector: the `--field-selector` / `?fieldSelector=` form,
 * e.g. `status.phase=Running,spec.nodeName!=`. Empty terms are skipped.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort(compareBytewise);
  const requirements: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const term = splitTerm(part);
    if (term === undefined) {
      throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    }
    const value = unescapeFieldValue(term.value);
    requirements.push({ field: term.field, operator: term.operator === "!=" ? "!=" : "=", value });
  }
  return fieldSelectorOf(requirements);
}

/**
 * Selector.Transform: rewrites each term's field and value with `fn` (which may
 * throw to refuse a term). A term whose field and value both become "" is
 * dropped. kube-apiserver runs its field-label conversions this way.
 */
export function transformFieldSelector(
  sel: FieldSelector,
  fn: (field: string, value: string) => readonly [string, string],
): FieldSelector {
  const out: FieldRequirement[] = [];
  for (const r of sel.requirements) {
    const [field, value] = fn(r.field, r.value);
    if (field === "" && value === "") continue;
    out.push({ field, operator: r.operator, value });
  }
  return fieldSelectorOf(out);
}
