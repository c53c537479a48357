/**
 * A rollout case: everything needed to run it again, as JSON (CASE.json).
 * The seed is the cluster's; the rest is what fast-check generated (and
 * shrank): the images, the Deployment, its Service and the steps.
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Service } from "kubernetes-types/core/v1";
import type { ImageSpec } from "./arbitraries/images.js";
import type { Step } from "./arbitraries/actions.js";

export interface RolloutCase {
  readonly kind: "kubesim.io/RolloutCase";
  /** The cluster's seed. */
  readonly seed: number;
  readonly nodes: number;
  readonly images: readonly ImageSpec[];
  readonly deployment: Deployment;
  readonly service: Service;
  readonly steps: readonly Step[];
  /** How long the cluster may take to converge once every fault is healed (ms). */
  readonly convergeTimeoutMs: number;
  /** fast-check's seed and path of the run that found it (`fc.assert(..., { seed, path })`). */
  readonly fastCheck?: { readonly seed: number; readonly path?: string };
  /** A name for the controller variant it ran against, when not the built-in one. */
  readonly controller?: string;
}

export const CASE_KIND = "kubesim.io/RolloutCase";

/** Reads a case back from JSON, with a message naming what is missing. */
export function parseCase(text: string): RolloutCase {
  const c = JSON.parse(text) as Partial<RolloutCase>;
  if (c.kind !== CASE_KIND)
    throw new Error(`not a rollout case: kind is ${JSON.stringify(c.kind)}, want "${CASE_KIND}"`);
  for (const f of ["seed", "nodes", "images", "deployment", "service", "steps"] as const)
    if (c[f] === undefined) throw new Error(`rollout case: missing field ${f}`);
  return { convergeTimeoutMs: 600_000, ...c } as RolloutCase;
}
