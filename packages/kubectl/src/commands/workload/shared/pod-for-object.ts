/**
 * From an object to its pods, as `kubectl logs deploy/x` and
 * `kubectl exec deploy/x` find them. Mirrors kubectl
 * pkg/polymorphichelpers/helpers.go (SelectorsForObject, GetFirstPod,
 * GetPodList): list the pods by the object's selector, sorted; with none yet,
 * wait (on the virtual clock) for the first to appear, up to the
 * --pod-running-timeout, then `timed out waiting for the condition`.
 */
import { labelSelectorAsSelector, selectorFromSet } from "@kubesim/api";
import type { KubeObject } from "@kubesim/api";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod, Service } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import type { CommandContext } from "../../../cli/command.js";
import { KubectlError } from "../../../cli/errors.js";
import { sortPods } from "./podutils.js";

/** Go's %T of a typed object: `*v1.Deployment`. */
export function goType(object: KubeObject): string {
  return `*v1.${(object as { kind?: string }).kind ?? "Object"}`;
}

/** SelectorsForObject: the namespace and label selector (string form) of the object's pods. */
export function selectorsForObject(
  kind: string,
  object: KubeObject,
): { namespace: string; selector: string } {
  const namespace = object.metadata?.namespace ?? "";
  switch (kind) {
    case "Deployment":
    case "ReplicaSet": {
      const sel = (object as Deployment | ReplicaSet).spec?.selector;
      return { namespace, selector: labelSelectorAsSelector(sel).toString() };
    }
    case "Service": {
      const sel = (object as Service).spec?.selector;
      if (sel === undefined || Object.keys(sel).length === 0)
        throw new Error(
          `invalid service '${object.metadata?.name ?? ""}': Service is defined without a selector`,
        );
      return { namespace, selector: selectorFromSet(sel).toString() };
    }
    default:
      throw new Error(`selector for ${goType(object)} not implemented`);
  }
}

/**
 * GetPodList: the pods the selector matches, sorted by `less`; when there are
 * none, runs the clock until one appears (and answers with that one) or
 * `timeout` passes.
 */
export function getPodList(
  ctx: CommandContext,
  namespace: string,
  selector: string,
  timeout: Millis,
  less: (a: Pod, b: Pod) => boolean,
): Pod[] {
  const list = () =>
    ctx.cluster.apiserver.list("Pod", {
      namespace,
      ...(selector === "" ? {} : { labelSelector: selector }),
    }).items;
  const pods = list();
  if (pods.length > 0) return sortPods(pods, less);
  // Watch until a pod is observed: the answer is that one pod.
  let first: Pod | undefined;
  const seen = ctx.cluster.loop.runUntil(() => (first = list()[0]) !== undefined, { timeout });
  if (!seen || first === undefined) throw new KubectlError("timed out waiting for the condition");
  return [first];
}
