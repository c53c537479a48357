/**
 * Conversions between the API's LabelSelector and selectors. Mirrors
 * k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector,
 * ParseToLabelSelector, FormatLabelSelector).
 *
 * Guarantees:
 * - `labelSelectorAsSelector(null | undefined)` selects nothing; an empty
 *   LabelSelector (`{}`) selects everything. This is the rule that makes a
 *   Deployment with `selector: {}` match every pod, and a missing one none.
 * - Converting a LabelSelector to a selector and back, or a selector of
 *   `=`, `in`, `notin`, `exists`, `!` requirements to a LabelSelector and back,
 *   selects exactly the same label sets.
 */
import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1";
import { InvariantError, badRequest, isApiError } from "../errors.js";
import type { Operator, Requirement, Selector } from "./selector.js";
import {
  aggregateMessage,
  everything,
  matchesNothing,
  nothing,
  requirementErrors,
  selectorOf,
} from "./selector.js";
import { compareBytewise } from "./gostring.js";

const fromLabelSelectorOperator: Readonly<Record<string, Operator>> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/** Go's %q for an ASCII string: a double-quoted, escaped literal. */
const quote = (s: string): string => JSON.stringify(s);

/**
 * metav1.LabelSelectorAsSelector. Invalid selectors are 400 BadRequest with
 * upstream's messages:
 *
 *   { matchExpressions: [{ key: "a", operator: "Foo" }] }
 *     -> "Foo" is not a valid label selector operator
 *   { matchExpressions: [{ key: "a", operator: "In" }] }
 *     -> values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty
 *   { matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }
 *     -> values: Invalid value: ["x"]: values set must be empty for exists and does not exist
 */
export function labelSelectorAsSelector(ls: LabelSelector | undefined | null): Selector {
  if (ls === undefined || ls === null) return nothing();
  const matchLabels = ls.matchLabels ?? {};
  const matchExpressions = ls.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels).sort(compareBytewise);
  if (labelKeys.length + matchExpressions.length === 0) return everything();

  const requirements: Requirement[] = [];
  const add = (key: string, operator: Operator, values: readonly string[]): void => {
    // Upstream copies the values with append([]string(nil), ...), so an empty
    // list is nil and prints as `null` in the error.
    const errs = requirementErrors(key, operator, values, "", values.length === 0 ? null : values);
    if (errs.length > 0) throw badRequest(aggregateMessage(errs));
    requirements.push(Object.freeze({ key, operator, values: Object.freeze([...values]) }));
  };
  for (const key of labelKeys) add(key, "=", [matchLabels[key]!]);
  for (const expr of matchExpressions) {
    const op = Object.hasOwn(fromLabelSelectorOperator, expr.operator)
      ? fromLabelSelectorOperator[expr.operator]!
      : undefined;
    if (op === undefined)
      throw badRequest(`${quote(expr.operator)} is not a valid label selector operator`);
    add(expr.key, op, expr.values ?? []);
  }
  return selectorOf(requirements);
}

const toLabelSelectorOperator: Partial<Record<Operator, string>> = {
  in: "In",
  notin: "NotIn",
  exists: "Exists",
  "!": "DoesNotExist",
};

/**
 * The LabelSelector for a selector, as metav1.ParseToLabelSelector builds it:
 * `=` and `==` become matchLabels, `in`, `notin`, `exists` and `!` become
 * matchExpressions (values sorted and de-duplicated). Empty fields are left
 * out, as Go's `omitempty` leaves them out of the JSON.
 *
 *   selectorAsLabelSelector(parseSelector("app=web,env in (b,a),!legacy"))
 *   // { matchLabels: { app: "web" },
 *   //   matchExpressions: [{ key: "env", operator: "In", values: ["a", "b"] },
 *   //                      { key: "legacy", operator: "DoesNotExist" }] }
 *
 * Like upstream it refuses what a LabelSelector cannot say, as 400 BadRequest:
 * `!=` (`"!=" is not a valid label selector operator`) and `>`/`<`
 * (`"gt" isn't supported in label selectors`). Two `=` terms on one key keep the
 * last value, as upstream's map assignment does. `nothing()` has no
 * LabelSelector form (only a missing selector means nothing): asking for one is
 * a bug, an InvariantError.
 */
export function selectorAsLabelSelector(sel: Selector): LabelSelector {
  if (matchesNothing(sel)) {
    throw new InvariantError(
      "selectorAsLabelSelector: nothing() has no LabelSelector form; use null",
    );
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const r of sel.requirements) {
    if (r.operator === "=" || r.operator === "==") {
      if (r.values.length !== 1) throw badRequest("equals operator must have exactly one value");
      matchLabels[r.key] = r.values[0]!;
      continue;
    }
    if (r.operator === "gt" || r.operator === "lt") {
      throw badRequest(`${quote(r.operator)} isn't supported in label selectors`);
    }
    const operator = toLabelSelectorOperator[r.operator];
    if (operator === undefined) {
      throw badRequest(`${quote(r.operator)} is not a valid label selector operator`);
    }
    const values = [...new Set(r.values)].sort(compareBytewise);
    matchExpressions.push(
      values.length === 0 ? { key: r.key, operator } : { key: r.key, operator, values },
    );
  }
  return {
    ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
    ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
  };
}

/**
 * metav1.FormatLabelSelector, used by kubectl's printers: the selector string,
 * `<none>` when empty, `<error>` when invalid.
 *
 *   formatLabelSelector({ matchLabels: { app: "web" } })  // "app=web"
 *   formatLabelSelector({})                                // "<none>"
 */
export function formatLabelSelector(ls: LabelSelector | undefined | null): string {
  let s: string;
  try {
    s = labelSelectorAsSelector(ls).toString();
  } catch (e) {
    if (isApiError(e)) return "<error>";
    throw e;
  }
  return s.length === 0 ? "<none>" : s;
}
