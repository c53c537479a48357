/**
 * The eviction subresource, POST pods/{name}/eviction. Mirrors
 * kubernetes/kubernetes pkg/registry/core/pod/storage/eviction.go
 * (`EvictionREST.Create`, `propagateDryRun`, `canIgnorePDB`,
 * `shouldEnforceResourceVersion`, `addConditionAndDeletePod`).
 *
 * kubesim serves no PodDisruptionBudget kind, so no budget ever blocks an
 * eviction: every pod that exists is evicted. What remains of upstream's path:
 *
 *   pod = GET (404 `pods "x" not found`)
 *   options = eviction.deleteOptions (+ the request's dryRun)
 *   pod Pending, Succeeded, Failed or already terminating (canIgnorePDB) and
 *     not terminal nor terminating (shouldEnforceResourceVersion) and no
 *     resourceVersion precondition given -> precondition = pod's resourceVersion
 *   unless dryRun:
 *     preconditions checked against the stored pod (409 on "Pod", worded as
 *     BeforeDelete words them)
 *     status update: condition DisruptionTarget=True, reason
 *     EvictionByEvictionAPI, message "Eviction API: evicting"
 *     (UpdatePodCondition: no write when the condition is already so)
 *     a resourceVersion precondition follows the pod to its new version
 *   DELETE with the options (the pod's grace period unless they give one;
 *   terminal and never-scheduled pods go at once; a terminating pod's grace
 *   may only shorten)
 *
 * A refused request changes nothing, except that a delete refused after the
 * condition was written leaves the condition (upstream's two writes likewise).
 */
import {
  badRequest,
  conflict,
  fieldError,
  groupResource,
  invalid,
  kindInfo,
  notFound,
  type DeleteOptions,
  type FieldError,
  type KubeObject,
  type PropagationPolicy,
  type WriteOptions,
} from "@kubesim/api";
import { rfc3339 } from "@kubesim/sim";
import type { DeleteOptions as MetaDeleteOptions } from "kubernetes-types/meta/v1";
import type { Eviction } from "kubernetes-types/policy/v1";
import type { ServerContext } from "./context.js";
import { deleteObject } from "./delete.js";
import { requestNamespace } from "./keys.js";
import { admitNamespaceLifecycle } from "./namespaces.js";
import { updateObject } from "./update.js";

type Obj = Record<string, unknown>;

const POD = kindInfo("Pod")!;

/** The condition the eviction API adds before deleting (api.DisruptionTarget). */
export const DisruptionTarget = "DisruptionTarget";
export const EvictionByEvictionAPI = "EvictionByEvictionAPI";
export const EvictionByEvictionAPIMessage = "Eviction API: evicting";

/** Eviction accepts both policy/v1 and policy/v1beta1 bodies (AcceptsGroupVersion). */
const ACCEPTED_VERSIONS: ReadonlySet<string> = new Set(["policy/v1", "policy/v1beta1"]);

/**
 * apipod.UpdatePodCondition: sets `condition` (with lastTransitionTime now,
 * kept when the status does not change). Returns the new list, or undefined
 * when nothing changed.
 */
export function updatePodCondition(
  conditions: readonly Obj[],
  condition: Obj,
  now: string,
): Obj[] | undefined {
  const i = conditions.findIndex((c) => c["type"] === condition["type"]);
  const next: Obj = { lastProbeTime: null, lastTransitionTime: now, ...condition };
  if (i < 0) return [...conditions, next];
  const old = conditions[i]!;
  if (old["status"] === next["status"]) next["lastTransitionTime"] = old["lastTransitionTime"];
  const same =
    old["status"] === next["status"] &&
    (old["reason"] ?? "") === (next["reason"] ?? "") &&
    (old["message"] ?? "") === (next["message"] ?? "") &&
    (old["lastProbeTime"] ?? null) === (next["lastProbeTime"] ?? null) &&
    (old["lastTransitionTime"] ?? null) === (next["lastTransitionTime"] ?? null);
  if (same) return undefined;
  return conditions.map((c, j) => (j === i ? next : c));
}

/** The eviction's metav1.DeleteOptions as the store's DeleteOptions, dryRun merged (propagateDryRun). */
function deleteOptionsOf(
  given: MetaDeleteOptions | undefined,
  requestDryRun: boolean,
): DeleteOptions {
  const o = (given ?? {}) as MetaDeleteOptions & { dryRun?: unknown };
  const errs: FieldError[] = [];
  const dryRunValues = Array.isArray(o.dryRun) ? (o.dryRun as unknown[]) : [];
  if (o.dryRun !== undefined && !Array.isArray(o.dryRun)) {
    throw badRequest("deleteOptions.dryRun: must be a list of strings");
  }
  for (const v of dryRunValues) {
    if (v !== "All") errs.push(fieldError.notSupported("dryRun", v, ["All"]));
  }
  if (o.orphanDependents !== undefined && o.propagationPolicy !== undefined) {
    errs.push(
      fieldError.invalid(
        "propagationPolicy",
        o.propagationPolicy,
        "orphanDependents and deletionPropagation cannot be both set",
      ),
    );
  }
  if (errs.length > 0) throw invalid({ group: "meta.k8s.io", kind: "DeleteOptions" }, "", errs);
  let policy = o.propagationPolicy as PropagationPolicy | undefined;
  if (policy === undefined && o.orphanDependents !== undefined)
    policy = o.orphanDependents ? "Orphan" : "Background";
  const pre = o.preconditions;
  const preconditions =
    pre === undefined
      ? undefined
      : {
          ...(pre.uid === undefined ? {} : { uid: pre.uid }),
          ...(pre.resourceVersion === undefined ? {} : { resourceVersion: pre.resourceVersion }),
        };
  const dryRun = dryRunValues.length > 0 || requestDryRun;
  return {
    ...(o.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: o.gracePeriodSeconds }),
    ...(preconditions === undefined ? {} : { preconditions }),
    ...(policy === undefined ? {} : { propagationPolicy: policy }),
    ...(dryRun ? { dryRun: true } : {}),
  };
}

const phaseOf = (pod: KubeObject): string =>
  String(((pod as unknown as Obj)["status"] as Obj | undefined)?.["phase"] ?? "");
const terminating = (pod: KubeObject): boolean => pod.metadata?.deletionTimestamp != null;

/** canIgnorePDB: a pod whose eviction cannot cause a disruption a budget would guard. */
export function canIgnorePDB(pod: KubeObject): boolean {
  const phase = phaseOf(pod);
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || terminating(pod);
}

/** shouldEnforceResourceVersion: all but terminal and terminating pods. */
export function shouldEnforceResourceVersion(pod: KubeObject): boolean {
  const phase = phaseOf(pod);
  return !(phase === "Succeeded" || phase === "Failed" || terminating(pod));
}

/** POST pods/{name}/eviction. */
export function evictPod(
  ctx: ServerContext,
  namespace: string,
  eviction: Eviction,
  options: WriteOptions = {},
): void {
  if (typeof eviction !== "object" || eviction === null || Array.isArray(eviction))
    throw badRequest("the body of the request was not an Eviction");
  const apiVersion = eviction.apiVersion as string | undefined;
  if (apiVersion !== undefined && apiVersion !== "" && !ACCEPTED_VERSIONS.has(apiVersion)) {
    throw badRequest(
      `the API version in the data (${apiVersion}) does not match the expected API version (policy/v1)`,
    );
  }
  const kind = eviction.kind as string | undefined;
  if (kind !== undefined && kind !== "" && kind !== "Eviction") {
    throw badRequest(`${kind} in version "v1" cannot be handled as a Eviction: kind mismatch`);
  }
  const ns = requestNamespace(POD, namespace);
  const name = eviction.metadata?.name ?? "";
  if (typeof name !== "string" || name === "") throw badRequest("resource name may not be empty");
  const given = eviction.metadata?.namespace;
  if (given !== undefined && given !== "" && given !== ns) {
    throw badRequest(
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  }
  const original = deleteOptionsOf(eviction.deleteOptions, options.dryRun === true);
  // The create handler's admission: an eviction is a create on pods/eviction.
  admitNamespaceLifecycle(ctx.storage, POD, "create", ns, name);

  const store = ctx.storage.store(POD);
  const pod = store.lookup(ns, name);
  if (pod === undefined) throw notFound(groupResource(POD), name);

  let deleteOptions = original;
  if (
    canIgnorePDB(pod) &&
    shouldEnforceResourceVersion(pod) &&
    original.preconditions?.resourceVersion === undefined
  ) {
    deleteOptions = {
      ...original,
      preconditions: {
        ...original.preconditions,
        resourceVersion: pod.metadata?.resourceVersion ?? "",
      },
    };
  }
  addConditionAndDeletePod(ctx, ns, name, deleteOptions);
}

/** addConditionAndDeletePod: the DisruptionTarget condition, then the delete. */
function addConditionAndDeletePod(
  ctx: ServerContext,
  namespace: string,
  name: string,
  options: DeleteOptions,
): void {
  let opts = options;
  if (opts.dryRun !== true) {
    const latest = ctx.storage.store(POD).lookup(namespace, name);
    if (latest === undefined) throw notFound(groupResource(POD), name);
    const meta = latest.metadata ?? {};
    const gr = { group: "", resource: "Pod" };
    const uid = opts.preconditions?.uid;
    if (uid !== undefined && uid !== "" && uid !== meta.uid) {
      throw conflict(
        gr,
        name,
        `the UID in the precondition (${uid}) does not match the UID in record (${meta.uid ?? ""}). The object might have been deleted and then recreated`,
      );
    }
    const rv = opts.preconditions?.resourceVersion;
    if (rv !== undefined && rv !== "" && rv !== meta.resourceVersion) {
      throw conflict(
        gr,
        name,
        `the ResourceVersion in the precondition (${rv}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ""}). The object might have been modified`,
      );
    }
    const status = ((latest as unknown as Obj)["status"] ?? {}) as Obj;
    const conditions = Array.isArray(status["conditions"]) ? (status["conditions"] as Obj[]) : [];
    const next = updatePodCondition(
      conditions,
      {
        type: DisruptionTarget,
        status: "True",
        reason: EvictionByEvictionAPI,
        message: EvictionByEvictionAPIMessage,
      },
      rfc3339(ctx.loop.now()),
    );
    if (next !== undefined) {
      const updated = updateObject(
        ctx,
        POD,
        { ...latest, status: { ...status, conditions: next } },
        { subresource: "status" },
      );
      if (opts.preconditions?.resourceVersion !== undefined) {
        // Bump the precondition: this update is ours.
        opts = {
          ...opts,
          preconditions: {
            ...opts.preconditions,
            resourceVersion: updated.metadata?.resourceVersion ?? "",
          },
        };
      }
    }
  }
  deleteObject(ctx, POD, namespace, name, opts);
}
