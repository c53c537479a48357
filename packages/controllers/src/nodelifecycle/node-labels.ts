/**
 * Node label reconciliation, decided: `reconcileNodeLabels` and
 * `labelReconcileInfo` of kubernetes/kubernetes
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go.
 *
 * The stable OS and arch labels are the truth; the deprecated beta ones are
 * made to agree, and added when missing:
 *
 *   kubernetes.io/os   -> beta.kubernetes.io/os
 *   kubernetes.io/arch -> beta.kubernetes.io/arch
 *
 * A node without the stable label is left alone.
 */
import type { Node } from "kubernetes-types/core/v1";

export const LabelOSStable = "kubernetes.io/os";
export const LabelArchStable = "kubernetes.io/arch";
export const LabelOSBeta = "beta.kubernetes.io/os";
export const LabelArchBeta = "beta.kubernetes.io/arch";

const labelReconcileInfo = [
  { primaryKey: LabelOSStable, secondaryKey: LabelOSBeta, ensureSecondaryExists: true },
  { primaryKey: LabelArchStable, secondaryKey: LabelArchBeta, ensureSecondaryExists: true },
] as const;

/** The labels to set (empty: nothing to do). */
export function nodeLabelsToUpdate(node: Node): Record<string, string> {
  const labels = node.metadata?.labels;
  const out: Record<string, string> = {};
  if (labels === undefined) return out;
  for (const r of labelReconcileInfo) {
    const primary = labels[r.primaryKey];
    if (primary === undefined) continue;
    const secondary = labels[r.secondaryKey];
    if (secondary !== undefined && secondary !== primary) out[r.secondaryKey] = primary;
    else if (secondary === undefined && r.ensureSecondaryExists) out[r.secondaryKey] = primary;
  }
  return out;
}
