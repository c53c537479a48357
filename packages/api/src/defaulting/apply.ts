/**
 * applyDefaults: the defaulting step of kube-apiserver's decode
 * (runtime.Scheme.Default, wired by each group's zz_generated.defaults.go),
 * dispatched on apiVersion and kind.
 *
 * Guarantees:
 * - pure: returns a new object (via immer, with structural sharing) and never
 *   mutates its input, which may be deeply frozen; the same reference comes
 *   back when nothing needed a default (and for kinds that have no defaults);
 * - idempotent: applyDefaults(applyDefaults(x)) deep-equals applyDefaults(x);
 * - tolerant: a field of the wrong shape is left for validation to report.
 */
import { produce } from "immer";
import { setDefaultsDeployment, setDefaultsReplicaSet } from "./apps.js";
import {
  setDefaultsEndpoints,
  setDefaultsNamespace,
  setDefaultsNode,
  setNamespaceCreateFields,
} from "./core.js";
import type { Obj } from "./draft.js";
import { isObj } from "./draft.js";
import { setDefaultsEndpointSlice, setDefaultsIngressClass } from "./networking.js";
import { setDefaultsPod } from "./pod.js";
import { setDefaultsSecret } from "./secret.js";
import { normalizeClusterIPs, setDefaultsService } from "./service.js";

type Defaulter = (draft: Obj) => void;

/** Keyed by `${apiVersion}/${kind}`. Kinds without defaults (ConfigMap, Event, Lease, Ingress) are absent. */
const defaulters: ReadonlyMap<string, Defaulter> = new Map<string, Defaulter>([
  ["v1/Pod", setDefaultsPod],
  ["v1/Service", setDefaultsService],
  ["v1/Secret", setDefaultsSecret],
  ["v1/Namespace", setDefaultsNamespace],
  ["v1/Node", setDefaultsNode],
  ["v1/Endpoints", setDefaultsEndpoints],
  ["apps/v1/Deployment", setDefaultsDeployment],
  ["apps/v1/ReplicaSet", setDefaultsReplicaSet],
  ["discovery.k8s.io/v1/EndpointSlice", setDefaultsEndpointSlice],
  ["networking.k8s.io/v1/IngressClass", setDefaultsIngressClass],
]);

function defaulterFor(obj: object): Defaulter | undefined {
  const o = obj as Obj;
  const apiVersion = o["apiVersion"];
  const kind = o["kind"];
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  return defaulters.get(`${apiVersion}/${kind}`);
}

/** Returns `obj` with Kubernetes' defaults applied for its apiVersion and kind. */
export function applyDefaults<T extends object>(obj: T): T {
  const defaulter = defaulterFor(obj);
  if (defaulter === undefined || !isObj(obj)) return obj;
  return produce(obj, (draft) => {
    defaulter(draft as Obj);
  });
}

/**
 * The namespace registry's PrepareForCreate: status.phase "Active" and the
 * `kubernetes` finalizer in spec.finalizers. Call on create only (after applyDefaults).
 */
export function prepareNamespaceForCreate<T extends object>(ns: T): T {
  if (!isObj(ns)) return ns;
  return produce(ns, (draft) => {
    setNamespaceCreateFields(draft as Obj);
  });
}

/**
 * The service registry's clusterIP/clusterIPs normalization (PrepareForCreate
 * with `old` undefined, PrepareForUpdate with the stored object). Run it before
 * validateCreate/validateUpdate.
 */
export function normalizeServiceClusterIPs<T extends object>(svc: T, old?: object): T {
  if (!isObj(svc)) return svc;
  const oldObj = old !== undefined && isObj(old) ? old : undefined;
  return produce(svc, (draft) => {
    normalizeClusterIPs(draft as Obj, oldObj);
  });
}
