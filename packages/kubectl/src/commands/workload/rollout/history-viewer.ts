/**
 * A Deployment's rollout history, from the revisions of the ReplicaSets it
 * controls. Mirrors kubectl pkg/polymorphichelpers/history.go
 * (DeploymentHistoryViewer.ViewHistory, printTemplate, tabbedString) and
 * historyviewer.go (HistoryViewerFor).
 */
import type { KindInfo } from "@kubesim/api";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import type { Cluster } from "kubesim";
import { goQuote, groupKindString } from "../shared/names.js";
import { CHANGE_CAUSE_ANNOTATION, getAllReplicaSets, revision } from "./deployment-util.js";
import { describePodTemplate } from "./pod-template.js";

/** The table kubectl's tabwriter (padding 2) makes of rows of cells. */
export function tabbed(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      if (i < row.length - 1) widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows
    .map(
      (row) =>
        row
          .map((cell, i) => (i < row.length - 1 ? cell.padEnd((widths[i] ?? 0) + 2) : cell))
          .join("") + "\n",
    )
    .join("");
}

/** Revision → the ReplicaSet's template, with its change-cause as a template annotation. */
export function deploymentHistory(cluster: Cluster, d: Deployment): Map<number, PodTemplateSpec> {
  const { allOld, newRS } = getAllReplicaSets(cluster, d);
  const history = new Map<number, PodTemplateSpec>();
  for (const rs of newRS === undefined ? allOld : [...allOld, newRS]) {
    const v = revision(rs);
    if (v instanceof Error) continue; // klog.Warningf in kubectl
    const template = rs.spec?.template ?? {};
    const cause = rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? "";
    history.set(v, {
      ...template,
      metadata: {
        ...template.metadata,
        annotations: {
          ...template.metadata?.annotations,
          ...(cause === "" ? {} : { [CHANGE_CAUSE_ANNOTATION]: cause }),
        },
      },
    });
  }
  return history;
}

/** ViewHistory: the REVISION/CHANGE-CAUSE table, or one revision's pod template. */
export function viewDeploymentHistory(
  cluster: Cluster,
  d: Deployment,
  rev: number,
): string | Error {
  const history = deploymentHistory(cluster, d);
  if (history.size === 0) return "No rollout history found.";
  if (rev > 0) {
    const template = history.get(rev);
    if (template === undefined) return new Error("unable to find the specified revision");
    return describePodTemplate(template);
  }
  const revisions = [...history.keys()].sort((a, b) => a - b);
  return tabbed([
    ["REVISION", "CHANGE-CAUSE"],
    ...revisions.map((r) => {
      const cause = history.get(r)?.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? "";
      return [String(r), cause === "" ? "<none>" : cause];
    }),
  ]);
}

/** HistoryViewerFor: Deployments only in kubesim. */
export function historyViewerFor(info: KindInfo): Error | undefined {
  if (info.kind === "Deployment" && info.group === "apps") return undefined;
  return new Error(`no history viewer has been implemented for ${goQuote(groupKindString(info))}`);
}
