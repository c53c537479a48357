/**
 * The selectable fields of each kind, and which field labels kube-apiserver
 * accepts in a field selector. Mirrors the registry strategies of
 * kubernetes/kubernetes (pkg/registry/core/pod/strategy.go ToSelectableFields,
 * core/event, core/node, core/namespace, core/secret, core/service,
 * apps/replicaset; k8s.io/apiserver generic.ObjectMetaFieldsSet) and the
 * field-label conversions (pkg/apis/core/v1/conversion.go,
 * k8s.io/apimachinery/pkg/runtime DefaultMetaV1FieldSelectorConversion), as of
 * v1.31.
 *
 * Two separate tables, as upstream has them:
 * - `fieldsOf` is what an object offers to be matched (GetAttrs). Every kind
 *   offers metadata.name, and namespaced kinds metadata.namespace.
 * - `convertFieldLabel` is what a request may name. Kinds with a conversion
 *   function answer an unknown label with `field label not supported: <label>`;
 *   the others (Deployment, ConfigMap, ReplicaSet, ...) accept only
 *   metadata.name and metadata.namespace and answer
 *   `"<label>" is not a known field selector: only "metadata.name", "metadata.namespace"`.
 *
 * The tables do not always agree, and kubesim keeps the disagreements:
 * ReplicaSet offers status.replicas but apps/v1 registers no conversion, so
 * `kubectl get rs --field-selector status.replicas=0` is refused (kubernetes
 * issue #135136); Pod accepts status.podIPs but offers no such field, so it
 * reads as ""; Node refuses metadata.namespace; Namespace offers a legacy
 * `name` field that no request can name.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Event, Namespace, Node, Pod, Secret, Service } from "kubernetes-types/core/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { badRequest, isApiError } from "./errors.js";
import type { ApiError } from "./errors.js";
import type { FieldSelector } from "./fields.js";
import { transformFieldSelector } from "./fields.js";
import { kinds } from "./kinds.js";

const namespacedByKind = new Map(kinds.map((k) => [k.kind, k.namespaced]));

/** generic.ObjectMetaFieldsSet: metadata.name, and metadata.namespace for namespaced kinds. */
function objectMetaFields(
  meta: ObjectMeta | undefined,
  namespaced: boolean,
): Record<string, string> {
  const fields: Record<string, string> = { "metadata.name": meta?.name ?? "" };
  if (namespaced) fields["metadata.namespace"] = meta?.namespace ?? "";
  return fields;
}

/** Go's fmt.Sprint / strconv.FormatBool of a bool that defaults to false. */
const bool = (b: boolean | undefined): string => (b === true ? "true" : "false");

/** The fields each kind adds to its metadata fields (the registry's ToSelectableFields). */
const specificFields: Readonly<Record<string, (obj: object) => Record<string, string>>> = {
  Pod: (obj) => {
    const { spec, status } = obj as Pod;
    return {
      "spec.nodeName": spec?.nodeName ?? "",
      "spec.restartPolicy": spec?.restartPolicy ?? "",
      "spec.schedulerName": spec?.schedulerName ?? "",
      // v1's deprecated serviceAccount stands in when serviceAccountName is empty
      // (Convert_v1_PodSpec_To_core_PodSpec).
      "spec.serviceAccountName": spec?.serviceAccountName || spec?.serviceAccount || "",
      "spec.hostNetwork": bool(spec?.hostNetwork),
      "status.phase": status?.phase ?? "",
      // The internal pod keeps only podIPs; v1's podIP wins when set (the v1 to
      // internal conversion), else the first of podIPs.
      "status.podIP": status?.podIP || status?.podIPs?.[0]?.ip || "",
      "status.nominatedNodeName": status?.nominatedNodeName ?? "",
    };
  },
  Event: (obj) => {
    const ev = obj as Event;
    const io = ev.involvedObject;
    return {
      "involvedObject.kind": io?.kind ?? "",
      "involvedObject.namespace": io?.namespace ?? "",
      "involvedObject.name": io?.name ?? "",
      "involvedObject.uid": io?.uid ?? "",
      "involvedObject.apiVersion": io?.apiVersion ?? "",
      "involvedObject.resourceVersion": io?.resourceVersion ?? "",
      "involvedObject.fieldPath": io?.fieldPath ?? "",
      reason: ev.reason ?? "",
      reportingComponent: ev.reportingComponent ?? "",
      // Events from the events.k8s.io API have no source; their reporting controller stands in.
      source: ev.source?.component || ev.reportingComponent || "",
      type: ev.type ?? "",
    };
  },
  Node: (obj) => ({ "spec.unschedulable": bool((obj as Node).spec?.unschedulable) }),
  Namespace: (obj) => {
    const ns = obj as Namespace;
    // "name" is upstream's: "This is a bug, but we need to support it for backward compatibility."
    return { "status.phase": ns.status?.phase ?? "", name: ns.metadata?.name ?? "" };
  },
  Secret: (obj) => ({ type: (obj as Secret).type ?? "" }),
  Service: (obj) => {
    const { spec } = obj as Service;
    return { "spec.clusterIP": spec?.clusterIP ?? "", "spec.type": spec?.type ?? "" };
  },
  ReplicaSet: (obj) => ({ "status.replicas": String((obj as ReplicaSet).status?.replicas ?? 0) }),
};

/**
 * The selectable fields of an object of `kind`, as kube-apiserver computes them
 * for field-selector matching:
 *
 *   fieldsOf("Pod", pod)
 *   // { "metadata.name": "web-1", "metadata.namespace": "default",
 *   //   "spec.nodeName": "node-1", "status.phase": "Running", "spec.hostNetwork": "false", ... }
 *
 * Kinds kubesim does not serve are treated as namespaced with metadata fields only.
 */
export function fieldsOf(kind: string, obj: object): Record<string, string> {
  const meta = (obj as { metadata?: ObjectMeta }).metadata;
  const fields = objectMetaFields(meta, namespacedByKind.get(kind) ?? true);
  const specific = Object.hasOwn(specificFields, kind) ? specificFields[kind] : undefined;
  return specific === undefined ? fields : { ...specific(obj), ...fields };
}

/** The labels each kind's conversion function accepts (absent: the default conversion). */
const acceptedLabels: Readonly<Record<string, ReadonlySet<string>>> = {
  Pod: new Set([
    "metadata.name",
    "metadata.namespace",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "spec.hostNetwork",
    "status.phase",
    "status.podIP",
    "status.podIPs",
    "status.nominatedNodeName",
  ]),
  Node: new Set(["metadata.name", "spec.unschedulable"]),
  Event: new Set([
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
    "metadata.namespace",
    "metadata.name",
  ]),
  Namespace: new Set(["status.phase", "metadata.name"]),
  Secret: new Set(["type", "metadata.namespace", "metadata.name"]),
  Service: new Set(["metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type"]),
};

/**
 * Scheme.ConvertFieldLabel for `kind`: the label and value to match with, or a
 * 400 BadRequest. Pod's `spec.host` (from pre-1.0 clients) becomes spec.nodeName.
 */
export function convertFieldLabel(kind: string, label: string, value: string): [string, string] {
  const accepted = Object.hasOwn(acceptedLabels, kind) ? acceptedLabels[kind] : undefined;
  if (accepted === undefined) {
    if (label === "metadata.name" || label === "metadata.namespace") return [label, value];
    // Go's %q quotes the label.
    throw badRequest(
      `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
    );
  }
  if (kind === "Pod" && label === "spec.host") return ["spec.nodeName", value];
  if (accepted.has(label)) return [label, value];
  throw badRequest(`field label not supported: ${label}`);
}

/**
 * The field selector a list or watch of `kind` runs with: each term passed
 * through the kind's field-label conversion (ListResource's
 * `opts.FieldSelector.Transform`). Throws the first refusal as 400 BadRequest.
 */
export function convertFieldSelector(kind: string, sel: FieldSelector): FieldSelector {
  return transformFieldSelector(sel, (label, value) => convertFieldLabel(kind, label, value));
}

/**
 * kube-apiserver's answer to a field selector that names a field `kind` does
 * not support, or undefined when every term is supported. Terms are checked in
 * the selector's (sorted) order, so the first unsupported one is reported:
 *
 *   validateFieldSelector("Pod", parseFieldSelector("spec.foo=bar"))?.message
 *   // "field label not supported: spec.foo"
 *   validateFieldSelector("Deployment", parseFieldSelector("spec.replicas=1"))?.message
 *   // "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
 */
export function validateFieldSelector(kind: string, sel: FieldSelector): ApiError | undefined {
  try {
    convertFieldSelector(kind, sel);
    return undefined;
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
}
