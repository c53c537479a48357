/**
 * Whether a Deployment's rollout is done, decided from the object alone as
 * `kubectl rollout status` decides it: kubernetes/kubectl
 * pkg/polymorphichelpers/rollout_status.go (`DeploymentStatusViewer.Status`).
 * Each message ends in "\n", as kubectl prints it.
 */
import type { Deployment } from "kubernetes-types/apps/v1";

/** The revision annotation the Deployment controller keeps (deploymentutil.RevisionAnnotation). */
const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
/** deploymentutil.TimedOutReason. */
const TIMED_OUT_REASON = "ProgressDeadlineExceeded";

export type RolloutStatus =
  { readonly done: boolean; readonly message: string } | { readonly error: string };

/**
 * DeploymentStatusViewer.Status(obj, revision): the message kubectl prints
 * and whether the rollout is done, or the error it stops with.
 */
export function deploymentRolloutStatus(d: Deployment, revision = 0): RolloutStatus {
  const name = d.metadata?.name ?? "";
  if (revision > 0) {
    // deploymentutil.Revision: no annotation is revision 0; a bad one is strconv's error
    const current = d.metadata?.annotations?.[REVISION_ANNOTATION];
    const running = current === undefined ? 0 : /^[+-]?\d+$/.test(current) ? Number(current) : NaN;
    if (Number.isNaN(running))
      return {
        error: `cannot get the revision of deployment "${name}": strconv.ParseInt: parsing ${JSON.stringify(current)}: invalid syntax`,
      };
    if (running !== revision)
      return {
        error: `desired revision (${revision}) is different from the running revision (${running})`,
      };
  }
  const generation = d.metadata?.generation ?? 0;
  const status = d.status ?? {};
  if (generation <= (status.observedGeneration ?? 0)) {
    const progressing = status.conditions?.find((c) => c.type === "Progressing");
    if (progressing?.reason === TIMED_OUT_REASON)
      return { error: `deployment "${name}" exceeded its progress deadline` };
    const updated = status.updatedReplicas ?? 0;
    const replicas = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const wanted = d.spec?.replicas;
    const waiting = `Waiting for deployment "${name}" rollout to finish: `;
    if (wanted !== undefined && updated < wanted)
      return {
        done: false,
        message: `${waiting}${updated} out of ${wanted} new replicas have been updated...\n`,
      };
    if (replicas > updated)
      return {
        done: false,
        message: `${waiting}${replicas - updated} old replicas are pending termination...\n`,
      };
    if (available < updated)
      return {
        done: false,
        message: `${waiting}${available} of ${updated} updated replicas are available...\n`,
      };
    return { done: true, message: `deployment "${name}" successfully rolled out\n` };
  }
  return { done: false, message: "Waiting for deployment spec update to be observed...\n" };
}
