/**
 * Pod and pod template defaults. Mirrors kubernetes/pkg/apis/core/v1/defaults.go
 * (SetDefaults_PodSpec, SetDefaults_Pod) as zz_generated.defaults.go wires them:
 * every PodSpec (a Pod's, or a template inside a Deployment or ReplicaSet) gets
 * SetDefaults_PodSpec plus the volume and container defaults; only a Pod gets
 * SetDefaults_Pod on top.
 *
 * PodSpec guarantees: dnsPolicy "ClusterFirst", restartPolicy "Always",
 * securityContext {}, terminationGracePeriodSeconds 30, schedulerName
 * "default-scheduler".
 *
 * Pod-only guarantees (SetDefaults_Pod, deliberately not applied to templates,
 * which is why a Deployment's template never shows `enableServiceLinks`):
 * - each container's (and init container's) resources.requests gains every
 *   resource that has a limit but no request, copied from the limit. Example:
 *   limits {cpu: "500m", memory: "128Mi"}, requests {cpu: "100m"} →
 *   requests {cpu: "100m", memory: "128Mi"};
 * - enableServiceLinks true;
 * - with hostNetwork, every container port without a hostPort gets hostPort = containerPort.
 *
 * Not reproduced: the PodLevelResources feature's pod-level request/limit defaults.
 */
import { setDefaultsContainer } from "./container.js";
import type { Obj } from "./draft.js";
import { isObj, objAt, objectsAt, setIfAbsent, setIfEmpty } from "./draft.js";
import { canonicalizeResourceList } from "./resources.js";
import { setDefaultsVolume } from "./volume.js";

const containerLists = ["initContainers", "containers", "ephemeralContainers"] as const;

export function setDefaultsPodSpec(spec: Obj): void {
  setIfEmpty(spec, "dnsPolicy", "ClusterFirst");
  setIfEmpty(spec, "restartPolicy", "Always");
  setIfAbsent(spec, "securityContext", {});
  setIfAbsent(spec, "terminationGracePeriodSeconds", 30);
  setIfEmpty(spec, "schedulerName", "default-scheduler");
  for (const v of objectsAt(spec, "volumes")) setDefaultsVolume(v);
  canonicalizeResourceList(spec, "overhead");
  for (const list of containerLists) {
    for (const c of objectsAt(spec, list)) setDefaultsContainer(c);
  }
}

/** Copies limits into requests where a request is missing (SetDefaults_Pod). */
function defaultRequestsFromLimits(c: Obj): void {
  const resources = objAt(c, "resources");
  if (resources === undefined) return;
  const limits = objAt(resources, "limits");
  if (limits === undefined) return;
  if (resources["requests"] === undefined || resources["requests"] === null) {
    resources["requests"] = {};
  }
  const requests = resources["requests"];
  if (!isObj(requests)) return;
  for (const [name, value] of Object.entries(limits)) {
    if (!(name in requests)) requests[name] = value;
  }
}

function defaultHostNetworkPorts(spec: Obj): void {
  for (const list of ["containers", "initContainers"] as const) {
    for (const c of objectsAt(spec, list)) {
      for (const port of objectsAt(c, "ports")) {
        if (port["hostPort"] === undefined || port["hostPort"] === 0) {
          port["hostPort"] = port["containerPort"];
        }
      }
    }
  }
}

/** SetObjectDefaults_Pod: SetDefaults_Pod, then the PodSpec defaults. */
export function setDefaultsPod(pod: Obj): void {
  const spec = objAt(pod, "spec");
  if (spec === undefined) return;
  for (const list of ["containers", "initContainers"] as const) {
    for (const c of objectsAt(spec, list)) defaultRequestsFromLimits(c);
  }
  setIfAbsent(spec, "enableServiceLinks", true);
  if (spec["hostNetwork"] === true) defaultHostNetworkPorts(spec);
  setDefaultsPodSpec(spec);
}

/** Defaults a PodTemplateSpec (`{metadata, spec}`) found inside a workload. */
export function setDefaultsPodTemplate(template: Obj | undefined): void {
  if (template === undefined) return;
  const spec = objAt(template, "spec");
  if (spec !== undefined) setDefaultsPodSpec(spec);
}
