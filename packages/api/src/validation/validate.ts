/**
 * validateCreate / validateUpdate: each kind's registry strategy Validate and
 * ValidateUpdate (pkg/registry/<group>/<kind>/strategy.go), dispatched on
 * apiVersion and kind for the kinds kubesim serves.
 *
 * Contract with the apiserver (the order kube-apiserver follows):
 *   decode (decodeError → 400) → applyDefaults → registry PrepareFor* (name
 *   generation, normalizeServiceClusterIPs, prepareNamespaceForCreate, copying
 *   status/spec from the old object) → validateCreate/validateUpdate → 422
 *   `invalid(kind, name, errs)` when the list is not empty.
 * Expected input is a defaulted object: validation reports what defaulting
 * would have filled as missing (e.g. `spec.template.spec.restartPolicy: Required value`).
 * An update must carry metadata.resourceVersion (`must be specified for an
 * update`): for unconditional updates the apiserver copies it from the stored
 * object first, as kube-apiserver does.
 *
 * Kinds not listed return no errors.
 */
import type { FieldError } from "../errors.js";
import {
  validateDeploymentCreate,
  validateDeploymentUpdate,
  validateReplicaSetCreate,
  validateReplicaSetUpdate,
} from "./apps.js";
import { validateConfigMapCreate, validateConfigMapUpdate } from "./configmap.js";
import { validateEndpointsCreate, validateEndpointsUpdate } from "./endpoints.js";
import { validateEndpointSliceCreate, validateEndpointSliceUpdate } from "./endpointslice.js";
import { validateEventCreate, validateEventUpdate } from "./event.js";
import { validateIngressCreate, validateIngressUpdate } from "./ingress.js";
import { validateIngressClassCreate, validateIngressClassUpdate } from "./ingressclass.js";
import type { Obj } from "./json.js";
import { isObj, str } from "./json.js";
import { validateLeaseCreate, validateLeaseUpdate } from "./lease.js";
import { validateNamespaceCreate, validateNamespaceUpdate } from "./namespace.js";
import { validateNodeCreate, validateNodeUpdate } from "./node.js";
import { validatePodCreate, validatePodUpdate } from "./pod.js";
import { validateSecretCreate, validateSecretUpdate } from "./secret.js";
import { validateServiceCreate, validateServiceUpdate } from "./service.js";

interface KindValidation {
  readonly create: (o: Obj) => FieldError[];
  readonly update: (o: Obj, old: Obj) => FieldError[];
}

const byKind: ReadonlyMap<string, KindValidation> = new Map<string, KindValidation>([
  ["v1/Pod", { create: validatePodCreate, update: validatePodUpdate }],
  ["v1/Service", { create: validateServiceCreate, update: validateServiceUpdate }],
  ["v1/Secret", { create: validateSecretCreate, update: validateSecretUpdate }],
  ["v1/ConfigMap", { create: validateConfigMapCreate, update: validateConfigMapUpdate }],
  ["v1/Namespace", { create: validateNamespaceCreate, update: validateNamespaceUpdate }],
  ["v1/Node", { create: validateNodeCreate, update: validateNodeUpdate }],
  ["v1/Endpoints", { create: validateEndpointsCreate, update: validateEndpointsUpdate }],
  ["v1/Event", { create: validateEventCreate, update: validateEventUpdate }],
  ["apps/v1/Deployment", { create: validateDeploymentCreate, update: validateDeploymentUpdate }],
  ["apps/v1/ReplicaSet", { create: validateReplicaSetCreate, update: validateReplicaSetUpdate }],
  [
    "discovery.k8s.io/v1/EndpointSlice",
    { create: validateEndpointSliceCreate, update: validateEndpointSliceUpdate },
  ],
  ["coordination.k8s.io/v1/Lease", { create: validateLeaseCreate, update: validateLeaseUpdate }],
  [
    "networking.k8s.io/v1/Ingress",
    { create: validateIngressCreate, update: validateIngressUpdate },
  ],
  [
    "networking.k8s.io/v1/IngressClass",
    { create: validateIngressClassCreate, update: validateIngressClassUpdate },
  ],
]);

/**
 * byKind as apiVersion -> kind -> validation, so that a lookup uses the
 * object's own apiVersion and kind strings (whose hashes V8 keeps) instead of
 * a new concatenated key on every request.
 */
const byApiVersion: ReadonlyMap<string, ReadonlyMap<string, KindValidation>> = (() => {
  const out = new Map<string, Map<string, KindValidation>>();
  for (const [key, v] of byKind) {
    const slash = key.lastIndexOf("/");
    const apiVersion = key.slice(0, slash);
    let kinds = out.get(apiVersion);
    if (kinds === undefined) out.set(apiVersion, (kinds = new Map()));
    kinds.set(key.slice(slash + 1), v);
  }
  return out;
})();

function validationFor(o: Obj): KindValidation | undefined {
  return byApiVersion.get(str(o, "apiVersion"))?.get(str(o, "kind"));
}

/** The field errors of creating `obj` (after defaulting), in upstream's order. */
export function validateCreate(obj: object): FieldError[] {
  if (!isObj(obj)) return [];
  return validationFor(obj)?.create(obj) ?? [];
}

/** The field errors of replacing `old` with `obj` (both defaulted), in upstream's order. */
export function validateUpdate(obj: object, old: object): FieldError[] {
  if (!isObj(obj) || !isObj(old)) return [];
  return validationFor(obj)?.update(obj, old) ?? [];
}
