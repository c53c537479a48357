/**
 * A Deployment's rollout history, from the revisions of the ReplicaSets it
 * controls. Mirrors kubectl pkg/polymorphichelpers/history.go
 * (DeploymentHistoryViewer.ViewHistory, printTemplate, tabbedString) and
 * historyviewer.go (HistoryViewerFor).
 */
import type { KindInfo } from "@kubesim/api";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { CHANGE_CAUSE_ANNOTATION, getAllReplicaSets, revision, type Cluster } from "kubesim";
import { describePodTemplate } from "../../../describe/pod-template.js";
import { plainString } from "../../../describe/prefix-writer.js";
import { goQuote } from "../../../printers/go-format.js";
import { groupKindString } from "../../../printers/name.js";
import { TabWriter } from "../../../printers/tabwriter.js";

/** Revision → the ReplicaSet's template, with its change-cause as a template annotation. */
export function deploymentHistory(cluster: Cluster, d: Deployment): Map<number, PodTemplateSpec> {
  const { allOld, newRS } = getAllReplicaSets(cluster.apiserver, d);
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
    // printTemplate: DescribePodTemplate through a prefix writer on a plain buffer
    return plainString((w) => describePodTemplate(template, w));
  }
  const revisions = [...history.keys()].sort((a, b) => a - b);
  // history.go tabbedString: text/tabwriter (0, 8, 2, ' ', 0)
  const w = TabWriter.forDescribe();
  w.write("REVISION\tCHANGE-CAUSE\n");
  for (const r of revisions) {
    const cause = history.get(r)?.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? "";
    w.write(`${r}\t${cause === "" ? "<none>" : cause}\n`);
  }
  return w.take();
}

/** HistoryViewerFor: Deployments only in kubesim. */
export function historyViewerFor(info: KindInfo): Error | undefined {
  if (info.kind === "Deployment" && info.group === "apps") return undefined;
  return new Error(`no history viewer has been implemented for ${goQuote(groupKindString(info))}`);
}
