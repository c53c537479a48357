/**
 * apps/v1 defaults. Mirrors kubernetes/pkg/apis/apps/v1/defaults.go
 * (SetDefaults_Deployment, SetDefaults_ReplicaSet) plus the pod template
 * defaults that zz_generated.defaults.go applies to `spec.template.spec`.
 *
 * Deployment guarantees:
 * - spec.replicas 1;
 * - spec.strategy.type "RollingUpdate" when empty; when the type is
 *   RollingUpdate, rollingUpdate.maxUnavailable "25%" and maxSurge "25%"
 *   (strings, as intstr.FromString). A Recreate strategy gets no rollingUpdate
 *   (validation then forbids one the user wrote);
 * - spec.revisionHistoryLimit 10, spec.progressDeadlineSeconds 600;
 * - the template's PodSpec defaults (see pod.ts).
 * ReplicaSet guarantees: spec.replicas 1 and the template's PodSpec defaults.
 */
import type { Obj } from "./draft.js";
import { ensureObj, objAt, setIfAbsent, setIfEmpty } from "./draft.js";
import { setDefaultsPodTemplate } from "./pod.js";

export function setDefaultsDeployment(d: Obj): void {
  const spec = ensureObj(d, "spec");
  if (spec === undefined) return;
  setIfAbsent(spec, "replicas", 1);
  const strategy = ensureObj(spec, "strategy");
  if (strategy !== undefined) {
    setIfEmpty(strategy, "type", "RollingUpdate");
    if (strategy["type"] === "RollingUpdate") {
      const rollingUpdate = ensureObj(strategy, "rollingUpdate");
      if (rollingUpdate !== undefined) {
        setIfAbsent(rollingUpdate, "maxUnavailable", "25%");
        setIfAbsent(rollingUpdate, "maxSurge", "25%");
      }
    }
  }
  setIfAbsent(spec, "revisionHistoryLimit", 10);
  setIfAbsent(spec, "progressDeadlineSeconds", 600);
  setDefaultsPodTemplate(objAt(spec, "template"));
}

export function setDefaultsReplicaSet(rs: Obj): void {
  const spec = ensureObj(rs, "spec");
  if (spec === undefined) return;
  setIfAbsent(spec, "replicas", 1);
  setDefaultsPodTemplate(objAt(spec, "template"));
}
