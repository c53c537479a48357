/**
 * The `set` commands' shared machinery: polymorphichelpers.
 * UpdatePodSpecForObject (the pod spec of a Pod, or the template of a
 * Deployment or ReplicaSet) and set.CalculatePatches (a two-way strategic
 * merge patch from the object before and after the change; an empty patch
 * sends nothing), then the patch with its kubectl wording (the loop
 * set_image.go and set_env.go share).
 */
import { isApiError, type KindName } from "@kubesim/api";
import { createTwoWayMergePatch } from "kubesim";
import type { CommandContext } from "../../cli/command.js";
import { managedWrite } from "../../cli/write-options.js";
import { KubectlError } from "../../cli/errors.js";
import { kindString, nameLine } from "../../printers/name.js";
import { dryRunOperation, printObject, type DryRunStrategy } from "./printing.js";
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

/** Sends a strategic merge patch as --field-manager (kubectl-set), honouring --dry-run=server. */
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
    managedWrite(ctx, dryRun),
  ) as unknown as Json;
}

/** info.ObjectName(): `deployments/my-api`. */
export function objectName(t: Target): string {
  return `${t.info.plural}/${t.name}`;
}

/**
 * Sends each computed patch and prints the object (`deployment.apps/web
 * image updated`, or -o yaml|json); the errors are returned for CheckErr:
 * `error: deployments/web <why>` for an object that could not be changed,
 * `failed to patch <update> update to pod template: ...` for a refused patch.
 * `afterPatch` runs after each patch is sent (set env's late check).
 */
export function sendPodTemplatePatches(
  ctx: CommandContext,
  patches: readonly Patched[],
  options: {
    readonly update: "image" | "env";
    readonly dryRun: DryRunStrategy;
    readonly output: "" | "name" | "yaml" | "json";
    readonly afterPatch?: () => void;
  },
): unknown[] {
  const { update, dryRun, output } = options;
  const errors: unknown[] = [];
  for (const p of patches) {
    if (p.error !== undefined) {
      errors.push(
        new KubectlError(`error: ${objectName(p.target)} ${(p.error as Error).message}\n`),
      );
      continue;
    }
    if (p.patch === undefined || Object.keys(p.patch).length === 0) continue;
    let shown = p.object!;
    if (dryRun !== "client") {
      try {
        shown = sendPatch(ctx, p.target, p.patch, dryRun);
      } catch (e) {
        if (!isApiError(e)) throw e;
        errors.push(
          new KubectlError(`failed to patch ${update} update to pod template: ${e.message}`),
        );
        continue;
      }
      options.afterPatch?.();
    }
    if (output === "yaml" || output === "json") ctx.out.write(printObject(shown, output));
    else
      ctx.out.write(
        nameLine(
          kindString(p.target.info),
          p.target.name,
          dryRunOperation(`${update} updated`, dryRun),
          output === "name",
        ),
      );
  }
  return errors;
}
