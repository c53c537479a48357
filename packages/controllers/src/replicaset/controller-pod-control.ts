/**
 * Mirrors kubernetes/kubernetes pkg/controller/controller_utils.go
 * (`RealPodControl`: `CreatePods`/`createPods`, `DeletePod`, `PatchPod`) as
 * the ReplicaSet controller uses it: every write to a pod, with the Events
 * upstream records on the ReplicaSet (events.ts has their wording).
 *
 * - create: a template without labels fails before any API call ("unable to
 *   create pods, no labels", no Event); a refused create records
 *   `Warning FailedCreate "Error creating: <err>"` unless the namespace is
 *   terminating; a created pod records `Normal SuccessfulCreate "Created pod:
 *   <generated name>"`.
 * - delete: default options (the pod's own grace period); NotFound is passed
 *   back silently; another failure records `Warning FailedDelete "Error
 *   deleting: <err>"` and becomes `unable to delete pods: <err>`; a success
 *   records `Normal SuccessfulDelete "Deleted pod: <name>"`.
 * - patch: a strategic merge patch, no Event.
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { isApiError, isNotFound, type ApiClient } from "@kubesim/api";
import type { EventRecorder } from "@kubesim/runtime";
import {
  deletePodError,
  failedCreateEvent,
  failedDeleteEvent,
  successfulCreateEvent,
  successfulDeleteEvent,
  type ReplicaSetEvent,
} from "./events.js";
import { getPodFromTemplate } from "./pod-template.js";

/** apierrors.HasStatusCause(err, v1.NamespaceTerminatingCause). */
export function isNamespaceTerminating(err: unknown): boolean {
  return (
    isApiError(err) &&
    (err.status.details?.causes ?? []).some((c) => c.reason === "NamespaceTerminating")
  );
}

/** The text Go's `%v` prints for an error. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** RealPodControl for one controller: writes pods and records Events on the ReplicaSet. */
export class PodControl {
  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
  ) {}

  private record(rs: ReplicaSet, e: ReplicaSetEvent | undefined): void {
    if (e !== undefined) this.recorder.event(rs, e.type, e.reason, e.message);
  }

  /**
   * CreatePods(namespace, template, rs, controllerRef): one pod from the
   * ReplicaSet's template. Returns the error, or undefined on success.
   */
  createPod(rs: ReplicaSet, template: Pod | string): Error | undefined {
    if (typeof template === "string") return new Error(template);
    let created: Pod;
    try {
      created = this.client.create("Pod", template);
    } catch (err) {
      this.record(rs, failedCreateEvent(errorText(err), isNamespaceTerminating(err)));
      return err instanceof Error ? err : new Error(String(err));
    }
    this.record(rs, successfulCreateEvent(created.metadata?.name ?? ""));
    return undefined;
  }

  /** The pod every CreatePods call of one sync sends, or the error that refuses it. */
  podTemplate(rs: ReplicaSet): Pod | string {
    const built = getPodFromTemplate(rs);
    return built.ok ? built.pod : built.error;
  }

  /**
   * DeletePod(namespace, name, rs). Returns undefined on success, the
   * NotFound error as it is, or `unable to delete pods: <err>`.
   */
  deletePod(rs: ReplicaSet, namespace: string, name: string): Error | undefined {
    try {
      this.client.delete("Pod", namespace, name);
    } catch (err) {
      if (isNotFound(err)) return err as Error;
      this.record(rs, failedDeleteEvent(errorText(err)));
      return new Error(deletePodError(errorText(err)));
    }
    this.record(rs, successfulDeleteEvent(name));
    return undefined;
  }

  /** PatchPod(namespace, name, strategic merge patch); throws the API error. */
  patchPod(namespace: string, name: string, patch: object): Pod {
    return this.client.patch("Pod", namespace, name, "strategic", patch);
  }
}
