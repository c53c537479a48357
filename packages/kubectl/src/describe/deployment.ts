/**
 * `kubectl describe deployment`: replicas, strategy, pod template,
 * conditions, OldReplicaSets / NewReplicaSet and events.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (describeDeployment, printReplicaSetsByLabels) and
 * pkg/util/deployment/deployment.go (GetAllReplicaSetsInChunks,
 * listReplicaSets, findNewReplicaSet, findOldReplicaSets, equalIgnoreHash,
 * replicaSetsByCreationTimestamp).
 */
import { labelSelectorAsSelector, semanticEqual } from "@kubesim/api";
import type { Millis } from "kubesim";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Event, PodTemplateSpec } from "kubernetes-types/core/v1";
import { describeEvents } from "./events.js";
import {
  compareStrings,
  printAnnotationsMultiline,
  printLabelsMultiline,
  rfc1123z,
} from "./format.js";
import { describePodTemplate } from "./pod-template.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./prefix-writer.js";

const HASH_LABEL = "pod-template-hash";

function withoutHash(t: PodTemplateSpec | undefined): unknown {
  const labels = { ...(t?.metadata?.labels ?? {}) };
  delete labels[HASH_LABEL];
  return { ...t, metadata: { ...t?.metadata, labels } };
}

export interface DeploymentReplicaSets {
  /** Every old ReplicaSet (scaled down ones included), oldest first. */
  readonly old: readonly ReplicaSet[];
  readonly new: ReplicaSet | undefined;
}

/**
 * The deployment's ReplicaSets among `replicaSets` (those its selector
 * lists): the ones it controls, sorted by creation time then name; the
 * oldest whose template equals the deployment's (ignoring the hash label)
 * is the new one.
 */
export function deploymentReplicaSets(
  d: Deployment,
  replicaSets: readonly ReplicaSet[],
): DeploymentReplicaSets {
  const uid = d.metadata?.uid;
  const owned = replicaSets
    .filter((rs) =>
      rs.metadata?.ownerReferences?.some((o) => o.controller === true && o.uid === uid),
    )
    .sort((a, b) => {
      const ta = Date.parse(a.metadata?.creationTimestamp ?? "") || 0;
      const tb = Date.parse(b.metadata?.creationTimestamp ?? "") || 0;
      return ta !== tb ? ta - tb : compareStrings(a.metadata?.name ?? "", b.metadata?.name ?? "");
    });
  const template = withoutHash(d.spec?.template);
  const newRS = owned.find((rs) => semanticEqual(withoutHash(rs.spec?.template), template));
  return { old: owned.filter((rs) => rs !== newRS), new: newRS };
}

/** printReplicaSetsByLabels: `name (3/3 replicas created), ...` or `<none>`. */
function printReplicaSets(list: readonly ReplicaSet[]): string {
  const s = list
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ""} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(", ");
  return s === "" ? "<none>" : s;
}

const intOrString = (v: number | string | undefined): string =>
  v === undefined ? "<nil>" : String(v);

export function describeDeployment(
  d: Deployment,
  replicaSets: DeploymentReplicaSets,
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  const selector = labelSelectorAsSelector(d.spec?.selector).toString();
  return tabbedString((w) => {
    const spec = d.spec;
    const status = d.status;
    w.write(LEVEL_0, `Name:\t${d.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata?.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata?.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", d.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", d.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec?.replicas ?? 0} desired | ${status?.updatedReplicas ?? 0} updated | ` +
        `${status?.replicas ?? 0} total | ${status?.availableReplicas ?? 0} available | ` +
        `${status?.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec?.strategy?.type ?? ""}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec?.minReadySeconds ?? 0}\n`);
    const ru = spec?.strategy?.rollingUpdate;
    if (ru !== undefined)
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
      );
    describePodTemplate(spec?.template, w);
    const conditions = status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
      w.write(LEVEL_1, "----\t------\t------\n");
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
    }
    const newRSs = replicaSets.new === undefined ? [] : [replicaSets.new];
    if (replicaSets.old.length > 0 || newRSs.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${printReplicaSets(replicaSets.old)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${printReplicaSets(newRSs)}\n`);
    }
    if (events !== undefined) describeEvents(events, w, now);
  });
}
