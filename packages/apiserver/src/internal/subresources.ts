/**
 * The scale and binding subresources (the status subresource is update.ts's
 * `subresource: "status"`).
 *
 * scale (pkg/registry/apps/deployment/storage/storage.go ScaleREST,
 * replicaset likewise): an autoscaling/v1 Scale
 *
 *   { apiVersion: "autoscaling/v1", kind: "Scale",
 *     metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
 *     spec: { replicas }, status: { replicas, selector: "app=web" } }
 *
 * Writing it validates the Scale (`Scale.autoscaling "web" is invalid:
 * spec.replicas: Invalid value: -1: must be greater than or equal to 0`),
 * checks a uid precondition, then updates the owner's spec.replicas through
 * the ordinary update path with the Scale's resourceVersion as precondition
 * (empty: unconditional), so a stale Scale is 409 on `deployments.apps`.
 *
 * binding (pkg/registry/core/pod/storage/storage.go BindingREST): sets
 * spec.nodeName once, merges the Binding's annotations and sets the
 * PodScheduled condition True, in one write. A pod already bound is 409
 * `Operation cannot be fulfilled on pods/binding "x": pod x is already assigned to node "node-1"`;
 * a pod being deleted likewise refuses.
 */
import {
  ApiError,
  badRequest,
  conflict,
  fieldError,
  groupResource,
  invalid,
  kindInfo,
  labelSelectorAsSelector,
  notFound,
  type FieldError,
  type KindInfo,
  type KubeObject,
  type WriteOptions,
} from "@kubesim/api";
import { rfc3339 } from "@kubesim/sim";
import type { Binding } from "kubernetes-types/core/v1";
import type { Scale } from "kubernetes-types/autoscaling/v1";
import type { LabelSelector } from "kubernetes-types/meta/v1";
import type { ServerContext } from "./context.js";
import { etcdKey, requestNamespace, storeKey } from "./keys.js";
import { withFields } from "./freeze.js";
import { orderedMeta } from "./metadata.js";
import { admitNamespaceLifecycle } from "./namespaces.js";
import { updateObject } from "./update.js";

type Obj = Record<string, unknown>;

export function scaleKind(kind: string): KindInfo {
  const info = kindInfo(kind);
  if (info === undefined || !info.subresources.includes("scale")) {
    throw new ApiError("NotFound", "the server could not find the requested resource", {
      kind,
      causes: [
        {
          reason: "FieldValueNotFound",
          field: "kind",
          message: `${kind} has no scale subresource`,
        },
      ],
    });
  }
  return info;
}

/** The selector string of a LabelSelector, as LabelSelectorAsSelector(...).String() prints it. */
function selectorString(sel: LabelSelector | undefined): string {
  try {
    return labelSelectorAsSelector(sel).toString();
  } catch {
    return "";
  }
}

/** scaleFromDeployment / scaleFromReplicaSet. */
export function scaleOf(obj: KubeObject): Scale {
  const o = obj as unknown as {
    spec?: { replicas?: number; selector?: LabelSelector };
    status?: { replicas?: number };
  };
  const m = obj.metadata ?? {};
  return Object.freeze({
    apiVersion: "autoscaling/v1",
    kind: "Scale",
    metadata: Object.freeze({
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    }),
    spec: Object.freeze({ replicas: o.spec?.replicas ?? 0 }),
    status: Object.freeze({
      replicas: o.status?.replicas ?? 0,
      selector: selectorString(o.spec?.selector),
    }),
  }) as Scale;
}

export function getOwner(
  ctx: ServerContext,
  info: KindInfo,
  namespace: string,
  name: string,
): KubeObject {
  const obj = ctx.storage.store(info).lookup(requestNamespace(info, namespace), name);
  if (obj === undefined) throw notFound(groupResource(info), name);
  return obj;
}

/** PUT .../{name}/scale. */
export function updateScale(
  ctx: ServerContext,
  info: KindInfo,
  namespace: string,
  name: string,
  scale: Scale,
  options: WriteOptions = {},
): Scale {
  if (typeof scale !== "object" || scale === null)
    throw badRequest("the body of the request was not a Scale");
  const errs: FieldError[] = [];
  const replicas = scale.spec?.replicas;
  if (replicas !== undefined && (typeof replicas !== "number" || !Number.isInteger(replicas))) {
    errs.push(fieldError.invalid("spec.replicas", replicas, "must be an integer"));
  } else if (replicas !== undefined && replicas < 0) {
    errs.push(fieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0"));
  }
  if (errs.length > 0)
    throw invalid({ group: "autoscaling", kind: "Scale" }, scale.metadata?.name ?? name, errs);
  const owner = getOwner(ctx, info, namespace, name);
  const uid = scale.metadata?.uid;
  if (uid !== undefined && uid !== "" && uid !== owner.metadata?.uid) {
    throw conflict(
      { group: info.group, resource: `${info.plural}/scale` },
      name,
      `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${owner.metadata?.uid ?? ""}`,
    );
  }
  const o = owner as unknown as Obj;
  const body = {
    ...o,
    metadata: { ...owner.metadata, resourceVersion: scale.metadata?.resourceVersion ?? "" },
    spec: { ...((o["spec"] as Obj | undefined) ?? {}), replicas: replicas ?? 0 },
  };
  const updated = updateObject(ctx, info, body, { ...options, fieldValidation: "Ignore" }, true, {
    subresource: "scale",
  });
  return scaleOf(updated);
}

/** POST pods/{name}/binding. */
export function bindPod(
  ctx: ServerContext,
  namespace: string,
  binding: Binding,
  options: WriteOptions = {},
): void {
  const info = kindInfo("Pod")!;
  const ns = requestNamespace(info, namespace);
  if (typeof binding !== "object" || binding === null)
    throw badRequest("the body of the request was not a Binding");
  const name = binding.metadata?.name ?? "";
  const errs: FieldError[] = [];
  if (name === "")
    errs.push(fieldError.required("metadata.name", "name or generateName is required"));
  const targetKind = binding.target?.kind ?? "";
  if (targetKind !== "" && targetKind !== "Node") {
    errs.push(fieldError.notSupported("target.kind", targetKind, ["Node", "<empty>"]));
  }
  if ((binding.target?.name ?? "") === "") errs.push(fieldError.required("target.name", ""));
  if (errs.length > 0) throw invalid({ group: "", kind: "Binding" }, name, errs);
  const node = binding.target.name!;
  admitNamespaceLifecycle(ctx.storage, info, "create", ns, name);
  const store = ctx.storage.store(info);
  const pod = store.lookup(ns, name);
  if (pod === undefined) throw notFound(groupResource(info), name);
  const meta = pod.metadata ?? {};
  const gr = { group: "", resource: "pods/binding" };
  const pre = binding.metadata;
  if (pre?.uid !== undefined && pre.uid !== "" && pre.uid !== meta.uid) {
    throw conflict(
      { group: "", resource: "pods" },
      name,
      `StorageError: invalid object, Code: 4, Key: ${etcdKey(info, ns, name)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid ?? ""}`,
    );
  }
  if (
    pre?.resourceVersion !== undefined &&
    pre.resourceVersion !== "" &&
    pre.resourceVersion !== meta.resourceVersion
  ) {
    throw conflict(
      { group: "", resource: "pods" },
      name,
      `StorageError: invalid object, Code: 4, Key: ${etcdKey(info, ns, name)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ""}`,
    );
  }
  const spec = ((pod as unknown as Obj)["spec"] ?? {}) as Obj;
  if (meta.deletionTimestamp !== undefined) {
    throw conflict(gr, name, `pod ${name} is being deleted, cannot be assigned to a host`);
  }
  if (typeof spec["nodeName"] === "string" && spec["nodeName"] !== "") {
    throw conflict(
      gr,
      name,
      `pod ${name} is already assigned to node ${JSON.stringify(spec["nodeName"])}`,
    );
  }
  if (Array.isArray(spec["schedulingGates"]) && spec["schedulingGates"].length > 0) {
    throw conflict(gr, name, `pod ${name} has non-empty .spec.schedulingGates`);
  }
  const status = ((pod as unknown as Obj)["status"] ?? {}) as Obj;
  const conditions = Array.isArray(status["conditions"]) ? (status["conditions"] as Obj[]) : [];
  const now = rfc3339(ctx.loop.now());
  const i = conditions.findIndex((c) => c["type"] === "PodScheduled");
  const prev = i >= 0 ? conditions[i]! : undefined;
  const scheduled: Obj = {
    type: "PodScheduled",
    status: "True",
    lastProbeTime: null,
    lastTransitionTime:
      prev !== undefined && prev["status"] === "True" ? prev["lastTransitionTime"] : now,
  };
  const nextConditions =
    i >= 0 ? conditions.map((c, j) => (j === i ? scheduled : c)) : [...conditions, scheduled];
  const annotations = { ...(meta.annotations ?? {}), ...(binding.metadata?.annotations ?? {}) };
  if (options.dryRun === true) return;
  // One write, as BindingREST's GuaranteedUpdate: spec.nodeName, annotations and the condition together.
  // It bypasses pod update validation (spec is otherwise immutable) exactly as upstream does.
  const next = withFields<KubeObject>(pod, {
    metadata: orderedMeta({
      ...meta,
      resourceVersion: String(ctx.storage.nextResourceVersion),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    }),
    // Object.assign rather than a spread that adds a key: V8 gives each object
    // built that way a hidden class of its own (see selection.ts).
    spec: Object.assign({}, spec, { nodeName: node }),
    status: Object.assign({}, status, { conditions: nextConditions }),
  });
  ctx.storage.commit(store, storeKey(info, ns, name), pod, next);
}
