/**
 * Resource quantities as kube-apiserver stores them. Mirrors
 * kubernetes/pkg/apis/core/v1/defaults.go (SetDefaults_ResourceList: every
 * quantity of a ResourceList is rounded up to milli precision) together with
 * the quantity's JSON round trip (resource.Quantity's UnmarshalJSON and
 * MarshalJSON), which writes back Kubernetes' canonical string.
 *
 * Guarantees, for container limits/requests, pod overhead and node
 * capacity/allocatable: "0.5" → "500m", "1000m" → "1", "1024Mi" → "1Gi",
 * "0.1m" → "1m" (rounded up), a JSON number 2 → "2"; values Kubernetes keeps
 * verbatim ("100m", "1.5Gi" is "1536Mi") follow quantity.ts. A value that does
 * not parse is left as is for decodeError / validation to report.
 */
import { Quantity, tryParseQuantity } from "../quantity.js";
import type { Obj } from "./draft.js";
import { objAt } from "./draft.js";

/** The canonical text of a quantity after RoundUp(milli), or undefined when it does not parse. */
export function canonicalQuantity(v: unknown, roundToMilli = true): string | undefined {
  const text =
    typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined;
  if (text === undefined) return undefined;
  const q = tryParseQuantity(text);
  if (q === undefined) return undefined;
  if (!roundToMilli) return q.toString();
  const rounded = Quantity.fromScaled(q.milliValue(), -3, q.format);
  return rounded.cmp(q) === 0 ? q.toString() : rounded.toString();
}

/** Canonicalizes every quantity of the ResourceList at `o[key]` in place. */
export function canonicalizeResourceList(o: Obj | undefined, key: string): void {
  const list = o === undefined ? undefined : objAt(o, key);
  if (list === undefined) return;
  for (const [name, value] of Object.entries(list)) {
    const c = canonicalQuantity(value);
    if (c !== undefined && c !== value) list[name] = c;
  }
}
