/**
 * The objects a rollout command acts on, as kubectl's resource builder finds
 * them for `ResourceTypeOrNameArgs(true, args...)` with a label selector:
 * `deployment my-api`, `deployment/my-api`, `deploy a b`, or `deployment`
 * with or without `-l` (every match in the namespace, in name order).
 * Mirrors cli-runtime pkg/resource/builder.go for the forms kubesim serves.
 */
import type { KindInfo, KindName, KubeObject } from "@kubesim/api";
import type { CommandContext } from "../../../cli/command.js";
import { KubectlError } from "../../../cli/errors.js";
import { parseResourceArgs } from "../../../cli/resources.js";

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
  const refs = parseResourceArgs(args);
  const out: Target[] = [];
  for (const ref of refs) {
    const kind = ref.info.kind as KindName;
    const namespace = ref.info.namespaced ? ctx.namespace : undefined;
    if (ref.names.length > 0) {
      if (selector !== "")
        throw new KubectlError("name cannot be provided when a selector is specified");
      for (const name of ref.names) {
        const object = ctx.cluster.apiserver.get(kind, namespace, name);
        out.push({ info: ref.info, name, namespace, object });
      }
      continue;
    }
    const items = ctx.cluster.apiserver.list(kind, {
      ...(namespace === undefined ? {} : { namespace }),
      ...(selector === "" ? {} : { labelSelector: selector }),
    }).items;
    for (const object of items) {
      out.push({ info: ref.info, name: object.metadata?.name ?? "", namespace, object });
    }
  }
  return out;
}

/** kubectl's stderr line when a selection matched nothing. */
export function noResourcesFound(ctx: CommandContext): string {
  return `No resources found in ${ctx.namespace} namespace.\n`;
}
