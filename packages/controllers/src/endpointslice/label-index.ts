/**
 * Informer indices for the Endpoints and EndpointSlice controllers, so that a
 * pod event or a service sync costs what it concerns, not the whole
 * namespace. kubesim's addition: upstream (staging/src/k8s.io/endpointslice/
 * util/controller_utils.go `GetPodServiceMemberships`, and the controllers'
 * `podLister.Pods(ns).List(selector)`) scans every service or pod of the
 * namespace; these indices return the same objects, in the same (key) order.
 *
 * - The pod label index (`PodLabelIndex`): one value per label,
 *   "namespace/key=value". The pods a map selector matches are in every
 *   bucket of its pairs, so the smallest bucket, filtered by the whole
 *   selector, is the answer (`listByLabelSet`).
 * - The service selector index (`ServiceSelectorIndex`): one value per
 *   service with a non-nil selector: the pair of its first key
 *   ("namespace/key=value"), or "namespace/" for an empty selector (which
 *   selects every pod). A service that selects a pod has its first pair among
 *   the pod's labels, so the buckets of the pod's pairs and "namespace/",
 *   filtered by each selector, are the answer (`servicesSelectingLabels`).
 *
 * Both filters recheck the namespace and the whole selector, so a value that
 * two different pairs happen to spell alike only widens a bucket. Both
 * controllers register the same functions on the shared informers
 * (`labelIndexers`, `serviceSelectorIndexers`), so one index serves both.
 */
import type { Pod, Service } from "kubernetes-types/core/v1";
import { metaNamespaceKey, type Indexers, type Lister, type MetaObject } from "@kubesim/runtime";

/** Index name of `labelIndexFunc` on the Pod informer. */
export const PodLabelIndex = "podLabel";
/** Index name of `serviceSelectorIndexFunc` on the Service informer. */
export const ServiceSelectorIndex = "serviceSelector";

/** The index value of one label (or selector pair) in a namespace: "default/app=web". */
export function labelIndexValue(namespace: string, key: string, value: string): string {
  return `${namespace}/${key}=${value}`;
}

/** The index value of an empty selector in a namespace: "default/". */
const everythingValue = (namespace: string): string => `${namespace}/`;

const NO_VALUES: readonly string[] = Object.freeze([]);

/** labelIndexFunc's answer per frozen labels map (shared by the versions of an object). */
const labelValues = new WeakMap<
  object,
  { readonly ns: string; readonly values: readonly string[] }
>();

/** One value per label of the object: "namespace/key=value". */
export function labelIndexFunc(obj: MetaObject): readonly string[] {
  const labels = obj.metadata?.labels;
  if (labels === undefined) return NO_VALUES;
  const ns = obj.metadata?.namespace ?? "";
  const frozen = Object.isFrozen(labels);
  if (frozen) {
    const known = labelValues.get(labels);
    if (known !== undefined && known.ns === ns) return known.values;
  }
  const values = Object.freeze(Object.entries(labels).map(([k, v]) => labelIndexValue(ns, k, v)));
  if (frozen) labelValues.set(labels, { ns, values });
  return values;
}

/** The service's bucket: none for a nil selector, "namespace/" for {}, else its first pair. */
export function serviceSelectorIndexFunc(svc: Service): readonly string[] {
  const selector = svc.spec?.selector;
  if (selector == null) return NO_VALUES; // nil selects nothing
  const ns = svc.metadata?.namespace ?? "";
  let first: string | undefined;
  for (const k of Object.keys(selector)) if (first === undefined || k < first) first = k;
  return [first === undefined ? everythingValue(ns) : labelIndexValue(ns, first, selector[first]!)];
}

/** The Pod informer's indexers these controllers need. */
export const labelIndexers: Indexers<Pod> = Object.freeze({ [PodLabelIndex]: labelIndexFunc });
/** The Service informer's indexers these controllers need. */
export const serviceSelectorIndexers: Indexers<Service> = Object.freeze({
  [ServiceSelectorIndex]: serviceSelectorIndexFunc,
});

/**
 * labels.Set(selector).AsSelectorPreValidated().Matches(labels): every
 * key/value of the map selector is among the labels (an empty map matches
 * everything).
 */
export function selectorMatches(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  for (const [k, v] of Object.entries(selector)) {
    if (labels?.[k] !== v) return false;
  }
  return true;
}

/**
 * The objects of `namespace` whose labels hold every pair of `set`, in key
 * order, from a lister that carries `PodLabelIndex` (lister.List of
 * labels.Set(set).AsSelector() in a namespace). An empty set matches every
 * object of the namespace; namespace "" means every namespace (no index).
 */
export function listByLabelSet<T extends MetaObject>(
  lister: Lister<T>,
  namespace: string,
  set: Readonly<Record<string, string>>,
): T[] {
  const matches = (obj: T) => selectorMatches(set, obj.metadata?.labels);
  if (namespace === "") return [...lister.list({ namespace, filter: matches })];
  let smallest: readonly string[] | undefined;
  for (const [k, v] of Object.entries(set)) {
    const keys = lister.indexKeys(PodLabelIndex, labelIndexValue(namespace, k, v));
    if (smallest === undefined || keys.length < smallest.length) smallest = keys;
  }
  if (smallest === undefined) return [...lister.list({ namespace, filter: matches })];
  const out: T[] = [];
  for (const key of smallest) {
    const obj = lister.get(key);
    if (obj !== undefined && (obj.metadata?.namespace ?? "") === namespace && matches(obj))
      out.push(obj);
  }
  return out;
}

/**
 * Keys of the services of `namespace` whose non-nil selector the labels
 * satisfy, in key order, from a lister that carries `ServiceSelectorIndex`
 * (getServicesForPod). Namespace "" means every namespace (no index).
 */
export function servicesSelectingLabels(
  serviceLister: Lister<Service>,
  namespace: string,
  labels: Readonly<Record<string, string>> | undefined,
): string[] {
  const out: string[] = [];
  const consider = (svc: Service) => {
    const selector = svc.spec?.selector;
    if (selector == null) return; // nil selects nothing, not everything
    if (selectorMatches(selector, labels)) out.push(metaNamespaceKey(svc));
  };
  if (namespace === "") {
    for (const svc of serviceLister.list({ namespace })) consider(svc);
    return out;
  }
  let buckets = 0;
  const visited = new Set<string>();
  const visit = (value: string) => {
    if (visited.has(value)) return; // two pairs that spell alike ("a=b"="c", "a"="b=c")
    visited.add(value);
    const keys = serviceLister.indexKeys(ServiceSelectorIndex, value);
    if (keys.length === 0) return;
    buckets++;
    for (const key of keys) {
      const svc = serviceLister.get(key);
      if (svc !== undefined && (svc.metadata?.namespace ?? "") === namespace) consider(svc);
    }
  };
  visit(everythingValue(namespace));
  for (const [k, v] of Object.entries(labels ?? {})) visit(labelIndexValue(namespace, k, v));
  // Each service is in one bucket; several buckets are merged back into key order.
  return buckets > 1 ? out.sort() : out;
}
