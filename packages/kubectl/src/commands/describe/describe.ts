/**
 * `kubectl describe (TYPE [NAME_PREFIX | -l label] | TYPE/NAME)`: every
 * object asked for, separated by two blank lines; a `TYPE NAME` that is not
 * found is tried as a name prefix; errors are collected and printed after.
 * Mirrors staging/src/k8s.io/kubectl/pkg/cmd/describe/describe.go
 * (DescribeOptions.Run, DescribeMatchingResources) as of kubectl 1.33, where
 * events are shown for every object unless --show-events=false.
 */
import { isApiError, isNotFound, type KindInfo, type KindName } from "@kubesim/api";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { Aggregate, checkErr, KubectlError } from "../../cli/errors.js";
import { noResourcesFound } from "../../cli/output.js";
import { resolveKind, resourceRequests } from "../../cli/resources.js";
import { describeObject, type DescriberSettings } from "./gather.js";

interface Target {
  readonly info: KindInfo;
  readonly namespace: string | undefined;
  readonly name: string;
}

function list(
  ctx: CommandContext,
  info: KindInfo,
  namespace: string | undefined,
  selector: string,
): Target[] {
  const items = ctx.cluster.apiserver.list(info.kind as KindName, {
    ...(info.namespaced && namespace !== undefined ? { namespace } : {}),
    ...(selector === "" ? {} : { labelSelector: selector }),
  }).items as readonly { metadata?: ObjectMeta }[];
  return items.map((o) => ({
    info,
    namespace: o.metadata?.namespace,
    name: o.metadata?.name ?? "",
  }));
}

function run(ctx: CommandContext): number {
  const args = ctx.args;
  if (args.length === 0)
    throw new KubectlError(
      `You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.`,
    );
  const selector = ctx.flags.string("selector");
  const allNamespaces = ctx.flags.bool("all-namespaces");
  const namespace = ctx.namespace;
  const listNamespace = allNamespaces ? undefined : namespace;
  const settings: DescriberSettings = { showEvents: ctx.flags.bool("show-events") };
  const { requests } = resourceRequests(args, {
    selector,
    allowEmptySelector: true,
    allNamespaces,
  });

  const errors: unknown[] = [];
  const targets: Target[] = [];
  for (const r of requests) {
    if (r.name === undefined) {
      targets.push(...list(ctx, r.info, listNamespace, selector));
      continue;
    }
    try {
      ctx.cluster.apiserver.get(
        r.info.kind as KindName,
        r.info.namespaced ? namespace : undefined,
        r.name,
      );
      targets.push({ info: r.info, namespace, name: r.name });
    } catch (e) {
      if (!isApiError(e)) throw e;
      errors.push(e);
    }
  }

  // `describe TYPE NAME_PREFIX`: describe every object whose name starts with it.
  if (
    errors.length > 0 &&
    args.length === 2 &&
    !args[0]!.includes("/") &&
    errors.every(isNotFound)
  ) {
    const info = resolveKind(args[0]!);
    const matches = list(ctx, info, namespace, "").filter((t) => t.name.startsWith(args[1]!));
    if (matches.length === 0) throw errors[0];
    for (const t of matches)
      ctx.out.write(`${describeObject(ctx.cluster, t.info, t.namespace, t.name, settings)}\n`);
    return 0;
  }

  const seen = new Set<string>();
  let first = true;
  for (const t of targets) {
    let text: string;
    try {
      text = describeObject(ctx.cluster, t.info, t.namespace, t.name, settings);
    } catch (e) {
      if (!isApiError(e)) throw e;
      if (!seen.has(e.message)) errors.push(e);
      seen.add(e.message);
      continue;
    }
    ctx.out.write(first ? text : `\n\n${text}`);
    first = false;
  }
  if (targets.length === 0 && errors.length === 0)
    ctx.out.error(noResourcesFound(allNamespaces ? undefined : namespace));
  if (errors.length > 0) {
    ctx.out.error(checkErr(new Aggregate(errors)));
    return 1;
  }
  return 0;
}

export const describeCommand: KubectlCommand = {
  path: ["describe"],
  short: "Show details of a specific resource or group of resources",
  usage: [
    "Print a detailed description of the selected resources, including related resources such as events or controllers.",
    "",
    "Usage:",
    "  kubectl describe (TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
    "",
    "Examples:",
    "  kubectl describe pods",
    "  kubectl describe pod my-api-7d4b9c-x2x5q",
    "  kubectl describe deploy/my-api",
    "  kubectl describe pods -l app=my-api",
    "  kubectl describe pods my-api        # every pod whose name starts with my-api",
    "",
    "Options:",
    "  -A, --all-namespaces  List the requested objects across all namespaces.",
    "  -l, --selector=''     Selector (label query) to filter on.",
    "  --show-events=true    Display events related to the described object.",
  ].join("\n"),
  flags: [
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "all-namespaces", short: "A", type: "bool", default: false },
    { name: "show-events", type: "bool", default: true },
    { name: "chunk-size", type: "int", default: 500 },
  ],
  run,
};
