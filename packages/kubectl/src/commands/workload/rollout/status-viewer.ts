/**
 * What `kubectl rollout status` says of a Deployment at one moment. Mirrors
 * kubectl pkg/polymorphichelpers/rollout_status.go (DeploymentStatusViewer.Status,
 * StatusViewerFor): a message ending in "\n", whether the rollout is done, or
 * an error (the progress deadline passed, or a pinned revision was rolled over).
 */
import type { KindInfo } from "@kubesim/api";
import type { Deployment } from "kubernetes-types/apps/v1";
import { goQuote } from "../../../printers/go-format.js";
import { groupKindString } from "../../../printers/name.js";
import { revision } from "kubesim";

export type RolloutStatus =
  | { readonly message: string; readonly done: boolean; readonly error?: undefined }
  | { readonly error: string };

/** TimedOutReason of the Progressing condition. */
export const TIMED_OUT_REASON = "ProgressDeadlineExceeded";

/** DeploymentStatusViewer.Status(obj, revision). */
export function deploymentStatus(d: Deployment, pinnedRevision = 0): RolloutStatus {
  const name = d.metadata?.name ?? "";
  if (pinnedRevision > 0) {
    const rev = revision(d);
    if (rev instanceof Error)
      return { error: `cannot get the revision of deployment ${goQuote(name)}: ${rev.message}` };
    if (rev !== pinnedRevision)
      return {
        error: `desired revision (${pinnedRevision}) is different from the running revision (${rev})`,
      };
  }
  const status = d.status ?? {};
  if ((d.metadata?.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const progressing = status.conditions?.find((c) => c.type === "Progressing");
    if (progressing?.reason === TIMED_OUT_REASON)
      return { error: `deployment ${goQuote(name)} exceeded its progress deadline` };
    const want = d.spec?.replicas;
    const updated = status.updatedReplicas ?? 0;
    const replicas = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const waiting = `Waiting for deployment ${goQuote(name)} rollout to finish: `;
    if (want !== undefined && updated < want)
      return {
        message: `${waiting}${updated} out of ${want} new replicas have been updated...\n`,
        done: false,
      };
    if (replicas > updated)
      return {
        message: `${waiting}${replicas - updated} old replicas are pending termination...\n`,
        done: false,
      };
    if (available < updated)
      return {
        message: `${waiting}${available} of ${updated} updated replicas are available...\n`,
        done: false,
      };
    return { message: `deployment ${goQuote(name)} successfully rolled out\n`, done: true };
  }
  return { message: "Waiting for deployment spec update to be observed...\n", done: false };
}

/** StatusViewerFor: only Deployments roll out in kubesim (no DaemonSets or StatefulSets). */
export function statusViewerFor(
  info: KindInfo,
): ((obj: Deployment, revision: number) => RolloutStatus) | Error {
  if (info.kind === "Deployment" && info.group === "apps") return deploymentStatus;
  return new Error(`no status viewer has been implemented for ${groupKindString(info)}`);
}
