/**
 * `kubectl rollout undo` decided on the client, as kubectl 1.31 does it (apps/v1
 * has no rollback API). Mirrors kubectl pkg/polymorphichelpers/rollback.go
 * (DeploymentRollbacker.Rollback, deploymentRevision, getDeploymentPatch) and
 * rollbacker.go (RollbackerFor): pick the ReplicaSet of the wanted revision (the
 * one before the newest for a plain undo), refuse a paused Deployment, skip
 * when the template already matches, else JSON-patch the Deployment's
 * template (without pod-template-hash) and annotations, the ReplicaSet's
 * annotations replacing the Deployment's but for ANNOTATIONS_TO_SKIP.
 *
 * `kubectl rollout undo` prints its answers; the testing package's `undo`
 * action calls it too, so both roll back the same way.
 */
import { goQuote, type ApiClient, type PatchOptions } from "@kubesim/api";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import {
  DEPRECATED_ROLLBACK_TO,
  DESIRED_REPLICAS_ANNOTATION,
  LAST_APPLIED_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  equalIgnoreHash,
  getAllReplicaSets,
  revision,
  withoutHashLabel,
} from "./deployment-util.js";

/** Annotations the Deployment keeps and the ReplicaSet's copies never overwrite. */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO,
]);

export const ROLLBACK_SUCCESS = "rolled back";
export const ROLLBACK_SKIPPED = "skipped rollback";

function revisionNotFound(toRevision: number): Error {
  return new Error(`unable to find specified revision ${toRevision} in history`);
}

/** deploymentRevision: the ReplicaSet to go back to. */
export function deploymentRevision(
  client: ApiClient,
  d: Deployment,
  toRevision: number,
): ReplicaSet | Error {
  const { allOld, newRS } = getAllReplicaSets(client, d);
  const all = newRS === undefined ? allOld : [...allOld, newRS];
  let latest: ReplicaSet | undefined;
  let latestRevision = -1;
  let previous: ReplicaSet | undefined;
  let previousRevision = -1;
  for (const rs of all) {
    const v = revision(rs);
    if (v instanceof Error) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) {
      return rs;
    }
  }
  if (toRevision > 0) return revisionNotFound(toRevision);
  if (previous === undefined)
    return new Error(`no rollout history found for deployment ${goQuote(d.metadata?.name ?? "")}`);
  return previous;
}

/**
 * Rollback: patches the Deployment (unless skipped) through `client` and
 * returns kubectl's operation ("rolled back", "skipped rollback (...)"), or
 * the error kubectl prints (no such revision, no history, paused, or the
 * patch refused). `toRevision` 0 is the revision before the newest.
 * `options` go with the patch (kubectl sends no fieldManager, only its User-Agent).
 */
export function rollbackDeployment(
  client: ApiClient,
  namespace: string,
  name: string,
  toRevision: number,
  options: PatchOptions = {},
): string | Error {
  if (toRevision < 0) return revisionNotFound(toRevision);
  const d = client.get("Deployment", namespace, name);
  const rs = deploymentRevision(client, d, toRevision);
  if (rs instanceof Error) return rs;
  if (d.spec?.paused === true)
    return new Error(
      "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template))
    return `${ROLLBACK_SKIPPED} (current template already matches revision ${toRevision})`;

  const annotations: Record<string, string> = {};
  const current = d.metadata?.annotations ?? {};
  for (const k of ANNOTATIONS_TO_SKIP) if (k in current) annotations[k] = current[k]!;
  const fromRS = rs.metadata?.annotations ?? {};
  for (const k of Object.keys(fromRS)) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = fromRS[k]!;
  try {
    client.patch(
      "Deployment",
      namespace,
      name,
      "json",
      [
        { op: "replace", path: "/spec/template", value: withoutHashLabel(rs.spec?.template) },
        { op: "replace", path: "/metadata/annotations", value: annotations },
      ],
      options,
    );
  } catch (e) {
    return new Error(`failed restoring revision ${toRevision}: ${(e as Error).message}`);
  }
  return ROLLBACK_SUCCESS;
}
