/**
 * The objects a rollout command acts on, as kubectl's resource builder finds
 * them for `ResourceTypeOrNameArgs(true, args...)` with a label selector:
 * `deployment my-api`, `deployment/my-api`, `deploy a b`, or `deployment`
 * with or without `-l` (every match in the namespace, in name order).
 * Mirrors cli-runtime pkg/resource/builder.go for the forms kubesim serves.
 */
import type { KindInfo, KindName, KubeObject } from "@kubesim/api";
import type { CommandContext } from "../../../cli/command.js";
import { resourceRequests } from "../../../cli/resources.js";

export interface Target {
  readonly info: KindInfo;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly object: KubeObject;
}

/** Reads the named objects (ApiError NotFound propagates) or lists the selected ones. */
export function resolveTargets(
  ctx: CommandContext,
  args: readonly string[],
  selector: string,
): Target[] {
  const { requests } = resourceRequests(args, { selector, allowEmptySelector: true });
  const out: Target[] = [];
  for (const r of requests) {
    const kind = r.info.kind as KindName;
    const namespace = r.info.namespaced ? ctx.namespace : undefined;
    if (r.name !== undefined) {
      const object = ctx.cluster.apiserver.get(kind, namespace, r.name);
      out.push({ info: r.info, name: r.name, namespace, object });
      continue;
    }
    const items = ctx.cluster.apiserver.list(kind, {
      ...(namespace === undefined ? {} : { namespace }),
      ...(selector === "" ? {} : { labelSelector: selector }),
    }).items;
    for (const object of items)
      out.push({ info: r.info, name: object.metadata?.name ?? "", namespace, object });
  }
  return out;
}
