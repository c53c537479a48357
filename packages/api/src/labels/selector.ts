/**
 * Label selectors: requirements, matching and the canonical string. Mirrors
 * k8s.io/apimachinery/pkg/labels/selector.go (Requirement, NewRequirement,
 * internalSelector, Everything, Nothing, SelectorFromSet, RequiresExactMatch)
 * and pkg/selection/operator.go.
 *
 * Guarantees:
 * - A selector is an AND of requirements kept sorted by key (stably, so two
 *   requirements on one key keep their order), exactly as `Selector.Add` and
 *   the parser sort them. `toString()` is then the string kubectl and
 *   kube-apiserver print: `app=web,env in (a,b),!legacy,tier!=db`.
 * - `everything()` matches every label set and is empty; `nothing()` matches
 *   none, is not empty and prints as "" (the selector of a nil LabelSelector).
 * - Requirements built through `newRequirement` are validated with upstream's
 *   messages; an invalid one is a 400 BadRequest.
 */
import { badRequest, fieldError, fieldErrorString } from "../errors.js";
import type { FieldError } from "../errors.js";
import { isQualifiedName, isValidLabelValue } from "../names.js";
import { compareBytewise } from "./gostring.js";

/**
 * selection.Operator. `exists` and `!` (DoesNotExist) take no values; `in` and
 * `notin` take one or more; `=`, `==`, `!=`, `gt` and `lt` exactly one
 * (`gt`/`lt` an integer, written `x>1` and `x<5`).
 */
export type Operator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

/** Every operator a requirement may carry, in upstream's order (binary, then unary). */
export const validRequirementOperators: readonly Operator[] = [
  "in",
  "notin",
  "=",
  "==",
  "!=",
  "gt",
  "lt",
  "exists",
  "!",
];

/** One term of a selector: a key, an operator and its values. */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** A label selector: the AND of its requirements. */
export interface Selector {
  readonly requirements: readonly Requirement[];
  /** Does the label set satisfy every requirement? A missing label set is an empty one. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** True when the selector does not restrict anything (`everything()`, `""`). */
  isEmpty(): boolean;
  /** The canonical string form: requirements in key order, set values sorted. */
  toString(): string;
}

// ---- requirements ----

const has = (labels: Readonly<Record<string, string>>, key: string): boolean =>
  Object.hasOwn(labels, key);

/**
 * Go's strconv.ParseInt(s, 10, 64): an optional sign and decimal digits within
 * int64. BigInt keeps the comparison exact beyond 2^53.
 */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < -(2n ** 63n) || v >= 2n ** 63n ? undefined : v;
}

/** Requirement.Matches. */
export function requirementMatches(
  r: Requirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has(labels, r.key) && r.values.includes(labels[r.key]!);
    case "notin":
    case "!=":
      // A missing key satisfies "notin" and "!=": `env!=prod` selects unlabelled objects too.
      return !has(labels, r.key) || !r.values.includes(labels[r.key]!);
    case "exists":
      return has(labels, r.key);
    case "!":
      return !has(labels, r.key);
    case "gt":
    case "lt": {
      if (!has(labels, r.key) || r.values.length !== 1) return false;
      const actual = parseInt64(labels[r.key]!);
      const bound = parseInt64(r.values[0]!);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === "gt" ? actual > bound : actual < bound;
    }
  }
}

const operatorText: Readonly<Record<Operator, string>> = {
  "=": "=",
  "==": "==",
  "!=": "!=",
  in: " in ",
  notin: " notin ",
  gt: ">",
  lt: "<",
  exists: "",
  "!": "",
};

/**
 * Requirement.String: `x=a`, `x==a`, `x!=a`, `x in (a,b)`, `x notin (c)`,
 * `x`, `!x`, `x>1`, `x<5`. Set values print sorted (a sorted copy: the
 * requirement keeps its values as given).
 */
export function requirementString(r: Requirement): string {
  const head = r.operator === "!" ? `!${r.key}` : r.key;
  if (r.operator === "exists" || r.operator === "!") return head;
  const values =
    r.values.length === 1 ? r.values[0]! : [...r.values].sort(compareBytewise).join(",");
  const set = r.operator === "in" || r.operator === "notin";
  return `${head}${operatorText[r.operator]}${set ? `(${values})` : values}`;
}

/** Joins field paths as field.Path does: a root-less child is just its name. */
export function childPath(path: string, name: string): string {
  return path === "" ? name : `${path}.${name}`;
}

/**
 * NewRequirement's checks, as a list of field errors relative to `path` (""
 * when the requirement stands alone, as in the parser). The order is
 * upstream's: key, then the operator's value count, then each value.
 *
 * `valuesForError` is what the values print as when their count is wrong:
 * upstream prints a nil slice as `null` and an empty one as `[]`.
 */
export function requirementErrors(
  key: string,
  operator: string,
  values: readonly string[],
  path = "",
  valuesForError: unknown = values,
): FieldError[] {
  const errs: FieldError[] = [];
  const keyErr = labelKeyError(key, childPath(path, "key"));
  if (keyErr !== undefined) errs.push(keyErr);
  const valuesPath = childPath(path, "values");
  switch (operator) {
    case "in":
    case "notin":
      if (values.length === 0) {
        errs.push(
          fieldError.invalid(
            valuesPath,
            valuesForError,
            "for 'in', 'notin' operators, values set can't be empty",
          ),
        );
      }
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1) {
        errs.push(
          fieldError.invalid(
            valuesPath,
            valuesForError,
            "exact-match compatibility requires one single value",
          ),
        );
      }
      break;
    case "exists":
    case "!":
      if (values.length !== 0) {
        errs.push(
          fieldError.invalid(
            valuesPath,
            valuesForError,
            "values set must be empty for exists and does not exist",
          ),
        );
      }
      break;
    case "gt":
    case "lt":
      if (values.length !== 1) {
        errs.push(
          fieldError.invalid(
            valuesPath,
            valuesForError,
            "for 'Gt', 'Lt' operators, exactly one value is required",
          ),
        );
      }
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(
            fieldError.invalid(
              `${valuesPath}[${i}]`,
              v,
              "for 'Gt', 'Lt' operators, the value must be an integer",
            ),
          );
        }
      });
      break;
    default:
      errs.push(
        fieldError.notSupported(childPath(path, "operator"), operator, validRequirementOperators),
      );
  }
  values.forEach((v, i) => {
    const e = labelValueError(key, v, `${valuesPath}[${i}]`);
    if (e !== undefined) errs.push(e);
  });
  return errs;
}

/** validateLabelKey: one error whose detail joins every message with "; ". */
export function labelKeyError(key: string, path: string): FieldError | undefined {
  const msgs = isQualifiedName(key);
  return msgs.length === 0 ? undefined : fieldError.invalid(path, key, msgs.join("; "));
}

/** validateLabelValue: the path gains the key as a subscript, `values[0][app]`. */
function labelValueError(key: string, value: string, path: string): FieldError | undefined {
  const msgs = isValidLabelValue(value);
  return msgs.length === 0
    ? undefined
    : fieldError.invalid(`${path}[${key}]`, value, msgs.join("; "));
}

/**
 * utilerrors.NewAggregate(...).Error(): one error prints alone; several print
 * in brackets, joined by ", ", each distinct message once.
 */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const msgs = [...new Set(errs.map(fieldErrorString))];
  return msgs.length === 1 ? msgs[0]! : `[${msgs.join(", ")}]`;
}

/**
 * labels.NewRequirement: a validated requirement, or a 400 BadRequest whose
 * message is upstream's aggregate:
 *
 *   newRequirement("x", "in", [])
 *   // throws: values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty
 */
export function newRequirement(
  key: string,
  operator: Operator,
  values: readonly string[],
): Requirement {
  const errs = requirementErrors(key, operator, values);
  if (errs.length > 0) throw badRequest(aggregateMessage(errs));
  return Object.freeze({ key, operator, values: Object.freeze([...values]) });
}

// ---- selectors ----

class InternalSelector implements Selector {
  readonly requirements: readonly Requirement[];

  constructor(requirements: readonly Requirement[]) {
    this.requirements = Object.freeze(requirements);
    Object.freeze(this);
  }

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    const set = labels ?? {};
    return this.requirements.every((r) => requirementMatches(r, set));
  }

  isEmpty(): boolean {
    return this.requirements.length === 0;
  }

  toString(): string {
    return this.requirements.map(requirementString).join(",");
  }
}

class NothingSelector implements Selector {
  readonly requirements: readonly Requirement[] = Object.freeze([]);

  constructor() {
    Object.freeze(this);
  }

  matches(): boolean {
    return false;
  }

  isEmpty(): boolean {
    return false;
  }

  toString(): string {
    return "";
  }
}

const sharedEverything: Selector = new InternalSelector([]);
const sharedNothing: Selector = new NothingSelector();

/** The selector that matches every label set (a nil selector in Go, `""` on the wire). */
export function everything(): Selector {
  return sharedEverything;
}

/** The selector that matches nothing: what a nil `LabelSelector` converts to. */
export function nothing(): Selector {
  return sharedNothing;
}

/** labels.MatchesNothing: true only for `nothing()`. */
export function matchesNothing(sel: Selector): boolean {
  return sel === sharedNothing;
}

/**
 * A selector of the given requirements, sorted by key as `Selector.Add` sorts
 * them (stable: requirements on one key keep their relative order).
 */
export function selectorOf(requirements: readonly Requirement[]): Selector {
  if (requirements.length === 0) return sharedEverything;
  const sorted = [...requirements].sort((a, b) => compareBytewise(a.key, b.key));
  return new InternalSelector(sorted);
}

/**
 * labels.SelectorFromSet: `key=value` for every entry, sorted by key. An empty
 * set selects everything. Like upstream it does not validate: the API server
 * rejects a bad set when it parses the printed selector.
 *
 *   selectorFromSet({ tier: "db", app: "web" }).toString()  // "app=web,tier=db"
 */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined): Selector {
  if (set === undefined) return sharedEverything;
  const requirements = Object.keys(set).map((key): Requirement =>
    Object.freeze({ key, operator: "=", values: Object.freeze([set[key]!]) }),
  );
  return selectorOf(requirements);
}

/**
 * The `key=value` pairs every matching label set must contain: the terms a
 * store's label index can answer (RequiresExactMatch for each key): `=`, `==`
 * and a one-value `in`. Everything else must be checked with `matches`.
 *
 *   equalityRequirements(parseSelector("app=web,env in (a),tier!=db"))
 *   // [["app", "web"], ["env", "a"]]
 */
export function equalityRequirements(sel: Selector): ReadonlyArray<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const r of sel.requirements) {
    if (
      (r.operator === "=" || r.operator === "==" || r.operator === "in") &&
      r.values.length === 1
    ) {
      out.push([r.key, r.values[0]!]);
    }
  }
  return out;
}
