/**
 * Mirrors kubernetes/kubernetes staging/src/k8s.io/kube-scheduler/framework
 * (`Status`, `Code`): what a plugin says about one node.
 *
 * - Unschedulable: the node does not fit now, but preemption or a change of
 *   the node's pods might make it fit ("Insufficient cpu").
 * - UnschedulableAndUnresolvable: preemption cannot help ("node(s) didn't
 *   match Pod's node affinity/selector").
 * A status carries one or more reasons; the FitError message counts each.
 */

export type Code = "Unschedulable" | "UnschedulableAndUnresolvable";

/** A rejection by one plugin (success is `undefined`). */
export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** The plugin that rejected ("NodeResourcesFit"). */
  readonly plugin: string;
}

export function unschedulable(plugin: string, ...reasons: string[]): Status {
  return { code: "Unschedulable", reasons, plugin };
}

export function unresolvable(plugin: string, ...reasons: string[]): Status {
  return { code: "UnschedulableAndUnresolvable", reasons, plugin };
}

/** framework.MaxNodeScore. */
export const MaxNodeScore = 100;
