/**
 * The DefaultTolerationSeconds admission plugin (on by default). Mirrors
 * kubernetes/kubernetes plugin/pkg/admission/defaulttolerationseconds/admission.go.
 *
 * On create and update of a pod (the main resource, never a subresource) it
 * appends, after the pod's own tolerations,
 *
 *   { key: node.kubernetes.io/not-ready,   operator: Exists, effect: NoExecute, tolerationSeconds: 300 }
 *   { key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300 }
 *
 * each unless a toleration already covers it: one whose key is that taint's
 * or empty, and whose effect is NoExecute or empty (operator and value are
 * not looked at, as upstream). So a pod that tolerates everything
 * (`{operator: Exists}`) gets neither. kube-apiserver's flags
 * `--default-not-ready-toleration-seconds` and
 * `--default-unreachable-toleration-seconds` (both 300) are the options here.
 *
 * Upstream runs mutating admission after decoding and defaulting and after
 * NamespaceLifecycle, before the registry's validation, which is where
 * create.ts and update.ts call it. The result is frozen and shares everything
 * but the tolerations; a pod that needs nothing is returned as is.
 */
import type { KubeObject } from "@kubesim/api";
import type { Toleration } from "kubernetes-types/core/v1";

type Obj = Record<string, unknown>;

export const TaintNodeNotReady = "node.kubernetes.io/not-ready";
export const TaintNodeUnreachable = "node.kubernetes.io/unreachable";

/** The plugin's flag defaults. */
export const DefaultNotReadyTolerationSeconds = 300;
export const DefaultUnreachableTolerationSeconds = 300;

export interface DefaultTolerationSecondsOptions {
  readonly notReadyTolerationSeconds?: number;
  readonly unreachableTolerationSeconds?: number;
}

/** Does this toleration count as tolerating `key`:NoExecute for the plugin? */
function covers(t: Obj, key: string): boolean {
  const k = t["key"];
  const effect = t["effect"];
  return (
    (k === key || k === undefined || k === "") &&
    (effect === "NoExecute" || effect === undefined || effect === "")
  );
}

/** The tolerations the plugin would add to a pod with these tolerations (none, one or both). */
export function defaultTolerations(
  tolerations: readonly Toleration[] | undefined,
  options: DefaultTolerationSecondsOptions = {},
): Toleration[] {
  const list = (tolerations ?? []) as unknown as readonly Obj[];
  const valid = list.filter((t) => typeof t === "object" && t !== null);
  const out: Toleration[] = [];
  if (!valid.some((t) => covers(t, TaintNodeNotReady))) {
    out.push({
      key: TaintNodeNotReady,
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds: options.notReadyTolerationSeconds ?? DefaultNotReadyTolerationSeconds,
    });
  }
  if (!valid.some((t) => covers(t, TaintNodeUnreachable))) {
    out.push({
      key: TaintNodeUnreachable,
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds:
        options.unreachableTolerationSeconds ?? DefaultUnreachableTolerationSeconds,
    });
  }
  return out;
}

/**
 * Admit: the pod with the default tolerations appended, or `obj` itself when
 * it needs none (or is not a pod, or has a spec that is not an object, which
 * validation then reports).
 */
export function admitDefaultTolerationSeconds(
  obj: KubeObject,
  options: DefaultTolerationSecondsOptions = {},
): KubeObject {
  if (obj.kind !== "Pod") return obj;
  const o = obj as unknown as Obj;
  const spec = o["spec"];
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) return obj;
  const s = spec as Obj;
  const current = s["tolerations"];
  if (current !== undefined && current !== null && !Array.isArray(current)) return obj;
  const add = defaultTolerations(current as Toleration[] | undefined, options);
  if (add.length === 0) return obj;
  const tolerations = Object.freeze([
    ...((current as readonly unknown[] | null | undefined) ?? []),
    ...add.map((t) => Object.freeze(t)),
  ]);
  return Object.freeze({
    ...o,
    spec: Object.freeze({ ...s, tolerations }),
  }) as unknown as KubeObject;
}
