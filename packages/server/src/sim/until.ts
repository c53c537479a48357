/**
 * An `until` target in the scenario file's shape (`{ rollout: my-api }`)
 * as the library's wait target, and the line that says it came true
 * (`deployment "my-api" successfully rolled out`, kubectl rollout
 * status's words). Shared by /sim/v1/until and by `kubesim shell` and
 * `kubesim run`. `until rollout` waits as `kubectl rollout status` does;
 * the others as `kubectl wait --for=condition=...` (kubectl pkg/cmd/wait).
 */
import { resolveResource } from "@kubesim/api";
import type { KindName, WaitTarget } from "kubesim";
import type { SimUntil } from "./shapes.js";

/** A `deleted: TYPE/NAME` whose TYPE names no resource (kubectl's words). */
export class UnknownResourceTypeError extends Error {
  readonly code = "UnknownResourceType" as const;
  constructor(readonly type: string) {
    super(`the server doesn't have a resource type ${JSON.stringify(type)}`);
    this.name = "UnknownResourceTypeError";
  }
}

export function isUnknownResourceTypeError(e: unknown): e is UnknownResourceTypeError {
  return e instanceof UnknownResourceTypeError;
}

/** The library's wait target for an `until`. */
export function waitTarget(u: SimUntil): WaitTarget {
  const ns = "namespace" in u && u.namespace !== undefined ? { namespace: u.namespace } : {};
  if ("rollout" in u) return { rollout: u.rollout, ...ns };
  if ("deployment" in u)
    return {
      deployment: u.deployment,
      condition: u.condition,
      ...(u.status === undefined ? {} : { status: u.status }),
      ...ns,
    };
  if ("pod" in u) {
    if (u.phase !== undefined) return { pod: u.pod, phase: u.phase, ...ns };
    return { pod: u.pod, ready: u.status !== "False", ...ns };
  }
  if ("node" in u)
    return {
      node: u.node,
      ...(u.condition === undefined ? {} : { condition: u.condition }),
      status: u.status ?? "True",
    };
  const slash = u.deleted.indexOf("/");
  const type = u.deleted.slice(0, slash);
  const info = resolveResource(type);
  if (info === undefined) throw new UnknownResourceTypeError(type);
  return { deleted: info.kind as KindName, name: u.deleted.slice(slash + 1), ...ns };
}

/** What holds once an `until` is done, as one line. */
export function untilDone(u: SimUntil): string {
  if ("rollout" in u) return `deployment "${u.rollout}" successfully rolled out`;
  if ("deployment" in u)
    return `deployment "${u.deployment}" condition ${u.condition}=${u.status ?? "True"}`;
  if ("pod" in u)
    return u.phase !== undefined
      ? `pod "${u.pod}" phase ${u.phase}`
      : `pod "${u.pod}" condition Ready=${u.status ?? "True"}`;
  if ("node" in u)
    return `node "${u.node}" condition ${u.condition ?? "Ready"}=${u.status ?? "True"}`;
  return `${u.deleted} deleted`;
}

/** The virtual time an `until` may take (default 10m, as `kubesim shell`'s). */
export const DEFAULT_UNTIL_TIMEOUT = "10m";
