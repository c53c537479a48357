/**
 * The `set` commands' shared machinery: polymorphichelpers.
 * UpdatePodSpecForObject (the pod spec of a Pod, or the template of a
 * Deployment or ReplicaSet) and set.CalculatePatches (a two-way strategic
 * merge patch from the object before and after the change; an empty patch
 * sends nothing), then the patch with its kubectl wording.
 */
import { type KindName } from "@kubesim/api";
import { createTwoWayMergePatch } from "kubesim";
import type { CommandContext } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import type { DryRunStrategy } from "./printing.js";
import type { Target } from "./resources.js";

export type Json = Record<string, unknown>;
export interface Container {
  name: string;
  image?: string;
  env?: EnvVar[];
  [k: string]: unknown;
}
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name?: string; key: string };
    secretKeyRef?: { name?: string; key: string };
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { containerName?: string; resource: string };
  };
}
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  [k: string]: unknown;
}

/** A deep copy that may be changed (objects from the API are frozen). */
export function thaw<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** The pod spec inside an object (a copy), or kubectl's error for kinds without one. */
export function podSpecOf(t: Target, obj: Json): PodSpec {
  if (t.info.kind === "Pod") return obj["spec"] as PodSpec;
  if (t.info.kind === "Deployment" || t.info.kind === "ReplicaSet") {
    const template = (obj["spec"] as Json)["template"] as Json;
    return template["spec"] as PodSpec;
  }
  throw new KubectlError(
    `the object is not a pod or does not have a pod template: *v1.${t.info.kind}`,
  );
}

/** CalculatePatches' result for one object. */
export interface Patched {
  readonly target: Target;
  readonly patch?: Json;
  readonly object?: Json;
  readonly error?: unknown;
}

/** Applies `change` to a copy of each object and computes the patch. */
export function calculatePatches(
  targets: readonly Target[],
  change: (spec: PodSpec, obj: Json, t: Target) => void,
): Patched[] {
  return targets.map((t) => {
    const before = t.object ?? {};
    const after = thaw(before);
    try {
      change(podSpecOf(t, after), after, t);
    } catch (e) {
      return { target: t, error: e };
    }
    return { target: t, patch: createTwoWayMergePatch(before, after, t.info), object: after };
  });
}

/** Sends a strategic merge patch (fieldManager kubectl-set), honouring --dry-run=server. */
export function sendPatch(
  ctx: CommandContext,
  t: Target,
  patch: Json,
  dryRun: DryRunStrategy,
): Json {
  return ctx.cluster.apiserver.patch(
    t.info.kind as KindName,
    t.namespace || undefined,
    t.name,
    "strategic",
    patch,
    dryRun === "server" ? { dryRun: true } : {},
  ) as unknown as Json;
}

/** info.ObjectName(): `deployments/my-api`. */
export function objectName(t: Target): string {
  return `${t.info.plural}/${t.name}`;
}
