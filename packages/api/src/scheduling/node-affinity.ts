/**
 * Mirrors kubernetes/kubernetes staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity
 * (`GetRequiredNodeAffinity`, `RequiredNodeAffinity.Match`,
 * `LazyErrorNodeSelector`, `PreferredSchedulingTerms.Score`) and the
 * PreFilter of pkg/scheduler/framework/plugins/nodeaffinity (node names from
 * `matchFields` metadata.name In).
 *
 * Guarantees:
 * - Required affinity = the pod's nodeSelector (every key equal) AND at least
 *   one of the required nodeSelectorTerms. A term ANDs its matchExpressions
 *   (In, NotIn, Exists, DoesNotExist, Gt, Lt over node labels, as label
 *   selectors: NotIn and DoesNotExist accept a missing label; Gt/Lt compare
 *   int64s) and its matchFields (metadata.name In/NotIn one value). An empty
 *   term matches nothing; an invalid one is skipped.
 * - Preferred affinity scores a node with the sum of the weights of the
 *   matching terms (terms of weight 0 or with no requirements are ignored).
 * - Parsing happens once per pod (`requiredNodeAffinity(pod)`), matching once
 *   per node.
 */
import type {
  Node,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
} from "kubernetes-types/core/v1";
import { newRequirement, requirementMatches } from "../labels/index.js";
import type { Operator, Requirement } from "../labels/index.js";

/** metav1.ObjectNameField: the only field node selectors may use. */
export const ObjectNameField = "metadata.name";

interface FieldRequirement {
  readonly key: string;
  readonly equal: boolean;
  readonly value: string;
}

/** A parsed nodeSelectorTerm. */
interface ParsedTerm {
  readonly empty: boolean;
  readonly invalid: boolean;
  readonly labels: readonly Requirement[] | undefined;
  readonly fields: readonly FieldRequirement[] | undefined;
}

const operators: Readonly<Record<string, Operator>> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
  Gt: "gt",
  Lt: "lt",
};

function parseLabelRequirements(
  exprs: readonly NodeSelectorRequirement[],
): Requirement[] | undefined {
  const out: Requirement[] = [];
  for (const e of exprs) {
    const op = operators[e.operator];
    if (op === undefined) return undefined;
    try {
      out.push(newRequirement(e.key, op, e.values ?? []));
    } catch {
      return undefined; // an invalid requirement invalidates the term
    }
  }
  return out;
}

function parseFieldRequirements(
  exprs: readonly NodeSelectorRequirement[],
): FieldRequirement[] | undefined {
  const out: FieldRequirement[] = [];
  for (const e of exprs) {
    const values = e.values ?? [];
    if ((e.operator !== "In" && e.operator !== "NotIn") || values.length !== 1) return undefined;
    out.push({ key: e.key, equal: e.operator === "In", value: values[0]! });
  }
  return out;
}

function parseTerm(term: NodeSelectorTerm): ParsedTerm {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  const labels = exprs.length > 0 ? parseLabelRequirements(exprs) : undefined;
  const parsedFields = fields.length > 0 ? parseFieldRequirements(fields) : undefined;
  return {
    empty: exprs.length === 0 && fields.length === 0,
    invalid:
      (exprs.length > 0 && labels === undefined) ||
      (fields.length > 0 && parsedFields === undefined),
    labels,
    fields: parsedFields,
  };
}

function termMatches(t: ParsedTerm, node: Node): boolean {
  if (t.empty || t.invalid) return false;
  const labels = node.metadata?.labels ?? {};
  if (t.labels !== undefined && !t.labels.every((r) => requirementMatches(r, labels))) return false;
  const name = node.metadata?.name ?? "";
  if (t.fields !== undefined && name !== "") {
    for (const f of t.fields) {
      const actual = f.key === ObjectNameField ? name : "";
      if ((actual === f.value) !== f.equal) return false;
    }
  }
  return true;
}

/** nodeaffinity.RequiredNodeAffinity: the pod's nodeSelector and required terms, parsed. */
export interface RequiredNodeAffinity {
  readonly nodeSelector: ReadonlyArray<readonly [string, string]> | undefined;
  readonly terms: readonly ParsedTerm[] | undefined;
}

/** GetRequiredNodeAffinity(pod). */
export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const sel = pod.spec?.nodeSelector;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return {
    nodeSelector:
      sel !== undefined && Object.keys(sel).length > 0 ? Object.entries(sel) : undefined,
    terms: required !== undefined ? required.nodeSelectorTerms.map(parseTerm) : undefined,
  };
}

/** RequiredNodeAffinity.Match(node). */
export function matchesRequiredNodeAffinity(a: RequiredNodeAffinity, node: Node): boolean {
  if (a.nodeSelector !== undefined) {
    const labels = node.metadata?.labels ?? {};
    for (const [k, v] of a.nodeSelector)
      if (!Object.hasOwn(labels, k) || labels[k] !== v) return false;
  }
  if (a.terms !== undefined) return a.terms.some((t) => termMatches(t, node));
  return true;
}

/** The parsed preferred terms of a pod (weight > 0, non-empty preference). */
export interface PreferredNodeAffinity {
  readonly terms: ReadonlyArray<{ readonly weight: number; readonly term: ParsedTerm }>;
}

/** getPodPreferredNodeAffinity; undefined when the pod has no preferred terms (Skip). */
export function preferredNodeAffinity(pod: Pod): PreferredNodeAffinity | undefined {
  const prefs =
    pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  if (prefs.length === 0) return undefined;
  const terms = prefs
    .filter((p) => p.weight !== 0)
    .map((p) => ({ weight: p.weight, term: parseTerm(p.preference) }))
    .filter((t) => !t.term.empty);
  return { terms };
}

/** PreferredSchedulingTerms.Score(node): the sum of the matching terms' weights. */
export function preferredNodeAffinityScore(p: PreferredNodeAffinity, node: Node): number {
  let score = 0;
  for (const t of p.terms) if (termMatches(t.term, node)) score += t.weight;
  return score;
}

/**
 * NodeAffinity.PreFilter's node names: when every required term names nodes
 * with `matchFields: metadata.name In`, the union over terms of the
 * intersection within each term. undefined = all nodes; an empty set = the
 * terms conflict ("pod affinity terms conflict").
 */
export function preFilterNodeNames(pod: Pod): ReadonlySet<string> | undefined {
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms;
  if (terms === undefined || terms.length === 0) return undefined;
  let union: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== ObjectNameField || r.operator !== "In") continue;
      const s = new Set(r.values ?? []);
      termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
    }
    if (termNames === undefined) return undefined; // this term allows every node
    union = new Set([...(union ?? []), ...termNames]);
  }
  return union;
}
