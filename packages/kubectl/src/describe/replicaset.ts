/**
 * `kubectl describe replicaset`: selector, replicas, the phases of the pods
 * it controls, its pod template, conditions and events.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (describeReplicaSet, getPodStatusForController).
 */
import { formatLabelSelector } from "@kubesim/api";
import type { Millis } from "kubesim";
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { describeEvents } from "./events.js";
import { printAnnotationsMultiline, printController, printLabelsMultiline } from "./format.js";
import { describePodTemplate } from "./pod-template.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./prefix-writer.js";

export interface PodPhaseCounts {
  readonly running: number;
  readonly waiting: number;
  readonly succeeded: number;
  readonly failed: number;
}

/** getPodStatusForController: phases of the pods (listed by the selector) whose controller is `uid`. */
export function podStatusForController(
  pods: readonly Pod[],
  uid: string | undefined,
): PodPhaseCounts {
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  for (const p of pods) {
    const ref = p.metadata?.ownerReferences?.find((o) => o.controller === true);
    if (ref === undefined || ref.uid !== uid) continue;
    switch (p.status?.phase) {
      case "Running":
        running++;
        break;
      case "Pending":
        waiting++;
        break;
      case "Succeeded":
        succeeded++;
        break;
      case "Failed":
        failed++;
        break;
      default:
        break;
    }
  }
  return { running, waiting, succeeded, failed };
}

export function describeReplicaSet(
  rs: ReplicaSet,
  pods: PodPhaseCounts,
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata?.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, "Labels", rs.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", rs.metadata?.annotations);
    const controlledBy = printController(rs.metadata);
    if (controlledBy !== "") w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`,
    );
    w.write(LEVEL_0, "Pods Status:\t");
    w.write(
      LEVEL_0,
      `${pods.running} Running / ${pods.waiting} Waiting / ${pods.succeeded} Succeeded / ${pods.failed} Failed\n`,
    );
    describePodTemplate(rs.spec?.template, w);
    const conditions = rs.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
      w.write(LEVEL_1, "----\t------\t------\n");
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
    }
    if (events !== undefined) describeEvents(events, w, now);
  });
}
