/**
 * Container defaults. Mirrors kubernetes/pkg/apis/core/v1/defaults.go
 * (SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction,
 * SetDefaults_ObjectFieldSelector) and the declarative `+default="TCP"` on
 * ContainerPort.protocol, in the order zz_generated.defaults.go applies them.
 *
 * Guarantees, for every container, init container and ephemeral container:
 * - imagePullPolicy: Always for `:latest` or untagged images, IfNotPresent otherwise;
 * - terminationMessagePath "/dev/termination-log", terminationMessagePolicy "File";
 * - ports[].protocol "TCP";
 * - env[].valueFrom.fieldRef.apiVersion "v1";
 * - liveness/readiness/startup probes: timeoutSeconds 1, periodSeconds 10,
 *   successThreshold 1, failureThreshold 3 (each only when 0 or absent);
 * - httpGet handlers (probes and lifecycle hooks): path "/", scheme "HTTP";
 * - resources.limits and resources.requests in canonical form (resources.ts).
 */
import { defaultPullPolicy } from "./image.js";
import { canonicalizeResourceList } from "./resources.js";
import type { Obj } from "./draft.js";
import { objAt, objectsAt, setIfEmpty, setIfZero } from "./draft.js";

export function setDefaultsHTTPGet(h: Obj | undefined): void {
  if (h === undefined) return;
  const http = objAt(h, "httpGet");
  if (http === undefined) return;
  setIfEmpty(http, "path", "/");
  setIfEmpty(http, "scheme", "HTTP");
}

export function setDefaultsProbe(probe: Obj | undefined): void {
  if (probe === undefined) return;
  setIfZero(probe, "timeoutSeconds", 1);
  setIfZero(probe, "periodSeconds", 10);
  setIfZero(probe, "successThreshold", 1);
  setIfZero(probe, "failureThreshold", 3);
  setDefaultsHTTPGet(probe);
}

export function setDefaultsFieldRef(fieldRef: Obj | undefined): void {
  if (fieldRef !== undefined) setIfEmpty(fieldRef, "apiVersion", "v1");
}

export function setDefaultsContainer(c: Obj): void {
  if (c["imagePullPolicy"] === undefined || c["imagePullPolicy"] === "") {
    c["imagePullPolicy"] = defaultPullPolicy(typeof c["image"] === "string" ? c["image"] : "");
  }
  setIfEmpty(c, "terminationMessagePath", "/dev/termination-log");
  setIfEmpty(c, "terminationMessagePolicy", "File");
  for (const port of objectsAt(c, "ports")) setIfEmpty(port, "protocol", "TCP");
  for (const env of objectsAt(c, "env")) {
    const valueFrom = objAt(env, "valueFrom");
    if (valueFrom !== undefined) setDefaultsFieldRef(objAt(valueFrom, "fieldRef"));
  }
  const resources = objAt(c, "resources");
  canonicalizeResourceList(resources, "limits");
  canonicalizeResourceList(resources, "requests");
  setDefaultsProbe(objAt(c, "livenessProbe"));
  setDefaultsProbe(objAt(c, "readinessProbe"));
  setDefaultsProbe(objAt(c, "startupProbe"));
  const lifecycle = objAt(c, "lifecycle");
  if (lifecycle !== undefined) {
    setDefaultsHTTPGet(objAt(lifecycle, "postStart"));
    setDefaultsHTTPGet(objAt(lifecycle, "preStop"));
  }
}
