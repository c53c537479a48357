/**
 * What a pod worker needs from its kubelet: the node's shared parts (clock,
 * random stream, events, network, images, back-off, prober) and the lookups
 * that need the API (environment) or configuration (image behavior).
 */
import type { PodNetwork } from "@kubesim/network";
import type { EventRecorder } from "@kubesim/runtime";
import type { Loop, Rng } from "@kubesim/sim";
import type { Container, Pod, PodStatus } from "kubernetes-types/core/v1";
import type { ImageBehavior } from "../images/behavior.js";
import type { Backoff } from "../kuberuntime/backoff.js";
import type { ImagePuller } from "../kuberuntime/image-puller.js";
import type { ProbeManager } from "../prober/manager.js";

export type EnvResult =
  | {
      readonly env: readonly { readonly name: string; readonly value: string }[];
      readonly warnings: readonly { readonly reason: string; readonly message: string }[];
    }
  | { readonly error: string };

export interface PodWorkerHost {
  readonly loop: Loop;
  readonly rng: Rng;
  readonly recorder: EventRecorder;
  readonly network: PodNetwork;
  readonly nodeName: string;
  readonly podCIDR: string;
  readonly hostIP: string;
  readonly images: ImagePuller;
  readonly crashBackoff: Backoff;
  readonly prober: ProbeManager;
  /** The catalogue's behavior for a container, with the pod's annotations applied. */
  behavior(pod: Pod, container: Container): ImageBehavior | { readonly error: string };
  /** makeEnvironmentVariables for a container about to start. */
  environment(pod: Pod, container: Container, podIP: string): EnvResult;
  /** Hand a generated status to the status manager. */
  setStatus(pod: Pod, status: PodStatus): void;
  /** The pod is terminated on this node: the status manager may delete it. */
  terminated(pod: Pod): void;
}
