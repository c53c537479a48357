/**
 * `kubectl api-resources [-o wide|name] [--namespaced=BOOL] [--api-group=G]
 * [--verbs=V] [--categories=C] [--sort-by=name|kind] [--no-headers]`: the
 * resources kubesim serves (packages/api `kinds`, and `convertedKinds`:
 * events.k8s.io/v1 Event, which `kubesim serve` answers over the core storage).
 * Mirrors staging/src/k8s.io/kubectl/pkg/cmd/apiresources/apiresources.go
 * (APIResourceOptions: Complete, Validate, RunAPIResources).
 */
import { convertedKinds, kinds } from "@kubesim/api";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import { printApiResources } from "../../describe/api-resources.js";

const list = (ctx: CommandContext, name: string): string[] =>
  ctx.flags
    .strings(name)
    .flatMap((v) => v.split(","))
    .filter((v) => v !== "");

function run(ctx: CommandContext): number {
  if (ctx.args.length !== 0)
    throw new KubectlError(
      `unexpected arguments: [${ctx.args.join(" ")}]\nSee 'kubectl api-resources -h' for help and examples`,
    );
  const output = ctx.flags.string("output");
  if (output !== "" && output !== "wide" && output !== "name")
    throw new KubectlError(`--output ${output} is not available`);
  const sortBy = ctx.flags.string("sort-by");
  if (sortBy !== "" && sortBy !== "name" && sortBy !== "kind")
    throw new KubectlError("--sort-by accepts only name or kind");
  ctx.out.write(
    printApiResources([...kinds, ...convertedKinds], {
      output,
      noHeaders: ctx.flags.bool("no-headers"),
      ...(ctx.flags.changed("api-group") ? { apiGroup: ctx.flags.string("api-group") } : {}),
      ...(ctx.flags.changed("namespaced") ? { namespaced: ctx.flags.bool("namespaced") } : {}),
      verbs: list(ctx, "verbs"),
      categories: list(ctx, "categories"),
      sortBy,
    }),
  );
  return 0;
}

export const apiResourcesCommand: KubectlCommand = {
  path: ["api-resources"],
  short: "Print the supported API resources on the server",
  usage: [
    "Print the supported API resources on the server.",
    "",
    "Usage:",
    "  kubectl api-resources [flags] [options]",
    "",
    "Examples:",
    "  kubectl api-resources",
    "  kubectl api-resources -o wide",
    "  kubectl api-resources --sort-by=name",
    "  kubectl api-resources --namespaced=true",
    "  kubectl api-resources --namespaced=false",
    "  kubectl api-resources --api-group=apps",
  ].join("\n"),
  flags: [
    { name: "no-headers", type: "bool", default: false },
    { name: "output", short: "o", type: "string", default: "" },
    { name: "api-group", type: "string", default: "" },
    { name: "namespaced", type: "bool", default: true },
    { name: "verbs", type: "stringArray" },
    { name: "sort-by", type: "string", default: "" },
    { name: "cached", type: "bool", default: false },
    { name: "categories", type: "stringArray" },
  ],
  run,
};
