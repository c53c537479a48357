/**
 * Which containers' logs `kubectl logs` reads for what it was given. Mirrors
 * kubectl pkg/polymorphichelpers/logsforobject.go (logsForObjectWithClient):
 * a pod's named, annotated-default or first container (with `Defaulted
 * container "api" out of: api, sidecar` on stderr), every container with
 * --all-containers (init, regular, ephemeral), each pod of a list, and for a
 * controller or Service the first of its pods by ByLogging order (`Found 3
 * pods, using pod/…`), or all of them with --all-pods.
 */
import type { KubeObject } from "@kubesim/api";
import type { Pod } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import type { CommandContext } from "../../../cli/command.js";
import { KubectlError } from "../../../cli/errors.js";
import { getPodList, selectorsForObject } from "../shared/pod-for-object.js";
import {
  DEFAULT_CONTAINER_ANNOTATION,
  allContainerNames,
  findContainerByName,
  hasSeveralContainers,
} from "../shared/podcmd.js";
import { byLogging } from "../shared/podutils.js";
import type { LogSource } from "./log-source.js";

export type LogTarget =
  | { readonly kind: "Pod"; readonly pod: Pod }
  | { readonly kind: "PodList"; readonly pods: readonly Pod[] }
  | { readonly kind: string; readonly object: KubeObject };

export interface LogsForObjectOptions {
  readonly container: string;
  readonly allContainers: boolean;
  readonly allPods: boolean;
  readonly timeout: Millis;
}

export function logsForObject(
  ctx: CommandContext,
  target: LogTarget,
  options: LogsForObjectOptions,
): LogSource[] {
  if ("pods" in target) return target.pods.flatMap((pod) => logsForPod(ctx, pod, options));
  if ("pod" in target) return logsForPod(ctx, target.pod, options);
  let selection: { namespace: string; selector: string };
  try {
    selection = selectorsForObject(target.kind, target.object);
  } catch (e) {
    const t = `*v1.${target.kind}`;
    throw new KubectlError(`cannot get the logs from ${t}: ${(e as Error).message}`);
  }
  const pods = getPodList(ctx, selection.namespace, selection.selector, options.timeout, byLogging);
  const first = pods[0]!;
  if (pods.length > 1) {
    if (options.allPods) return pods.flatMap((pod) => logsForPod(ctx, pod, options));
    ctx.out.error(`Found ${pods.length} pods, using pod/${first.metadata?.name ?? ""}\n`);
  }
  return logsForPod(ctx, first, options);
}

function logsForPod(ctx: CommandContext, pod: Pod, options: LogsForObjectOptions): LogSource[] {
  if (options.allContainers) {
    const spec = pod.spec;
    return [
      ...(spec?.initContainers ?? []),
      ...(spec?.containers ?? []),
      ...(spec?.ephemeralContainers ?? []),
    ].map((c) => logsForPod(ctx, pod, { ...options, allContainers: false, container: c.name })[0]!);
  }
  const podName = pod.metadata?.name ?? "";
  let container = options.container;
  if (container === "") {
    const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION] ?? "";
    if (annotated !== "") {
      if (findContainerByName(pod, annotated) === undefined)
        ctx.out.error(`Default container name "${annotated}" not found in pod ${podName}\n`);
      else container = annotated;
    }
  }
  if (container === "") {
    container = pod.spec?.containers[0]?.name ?? "";
    if (hasSeveralContainers(pod) && !options.allPods)
      ctx.out.error(
        `Defaulted container ${JSON.stringify(container)} out of: ${allContainerNames(pod)}\n`,
      );
  }
  const found = findContainerByName(pod, container);
  if (found === undefined)
    throw new KubectlError(`container ${container} is not valid for pod ${podName}`);
  return [{ pod, container, fieldPath: found.fieldPath }];
}
