/**
 * The flags of `kubectl get` and their checks: NewCmdGet, Complete and
 * Validate of staging/src/k8s.io/kubectl/pkg/cmd/get/get.go, with the print
 * flags of get_flags.go and humanreadable_flags.go.
 */
import type { CommandContext } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import type { FlagSpec } from "../../cli/flags.js";

export const getFlags: readonly FlagSpec[] = [
  { name: "output", short: "o", type: "string", default: "", usage: "Output format." },
  { name: "no-headers", type: "bool", default: false },
  { name: "show-labels", type: "bool", default: false },
  { name: "show-kind", type: "bool", default: false },
  { name: "show-managed-fields", type: "bool", default: false },
  { name: "sort-by", type: "string", default: "" },
  { name: "label-columns", short: "L", type: "stringArray" },
  { name: "template", type: "string", default: "" },
  { name: "allow-missing-template-keys", type: "bool", default: true },
  { name: "watch", short: "w", type: "bool", default: false },
  { name: "watch-only", type: "bool", default: false },
  { name: "output-watch-events", type: "bool", default: false },
  { name: "ignore-not-found", type: "bool", default: false },
  { name: "field-selector", type: "string", default: "" },
  { name: "selector", short: "l", type: "string", default: "" },
  { name: "all-namespaces", short: "A", type: "bool", default: false },
  { name: "server-print", type: "bool", default: true },
  { name: "chunk-size", type: "int", default: 500 },
];

export interface GetOptions {
  readonly namespace: string;
  readonly allNamespaces: boolean;
  readonly labelSelector: string;
  readonly fieldSelector: string;
  readonly output: string;
  readonly template: string;
  readonly allowMissingTemplateKeys: boolean;
  readonly noHeaders: boolean;
  readonly showLabels: boolean;
  readonly showKind: boolean;
  /** --show-managed-fields: keep metadata.managedFields in -o json|yaml. */
  readonly showManagedFields: boolean;
  readonly sortBy: string;
  readonly columnLabels: readonly string[];
  readonly watch: boolean;
  readonly watchOnly: boolean;
  readonly outputWatchEvents: boolean;
  readonly ignoreNotFound: boolean;
  /** False for yaml, json, jsonpath and custom-columns (the server is asked for objects, not a Table). */
  readonly serverPrint: boolean;
  /** The table printer (no output format, or wide). */
  readonly humanReadable: boolean;
}

export const suggestAPIResources =
  'Use "kubectl api-resources" for a complete list of supported resources.';

/** Complete + Validate. Writes Complete's warnings to stderr; throws for bad usage. */
export function completeGetOptions(ctx: CommandContext): GetOptions {
  const f = ctx.flags;
  const output = f.string("output");
  const template = f.string("template");
  const sortBy = f.string("sort-by");
  const watch = f.bool("watch");
  const watchOnly = f.bool("watch-only");
  const columnLabels = f
    .strings("label-columns")
    .flatMap((v) => v.split(","))
    .filter((v) => v !== "");

  let serverPrint = f.bool("server-print");
  if (output.includes("custom-columns") || output === "yaml" || output.includes("json"))
    serverPrint = false;

  if (watch) {
    if (sortBy !== "")
      ctx.out.error(
        "warning: --watch requested, --sort-by will be ignored for watch events received\n",
      );
  } else if (watchOnly) {
    if (sortBy !== "")
      ctx.out.error("warning: --watch-only requested, --sort-by will be ignored\n");
  } else if (ctx.args.length === 0) {
    ctx.out.error(`You must specify the type of resource to get. ${suggestAPIResources}\n\n`);
    throw new KubectlError(
      "Required resource not specified.\n" +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples",
    );
  }

  const options: GetOptions = {
    namespace: ctx.namespace,
    allNamespaces: f.bool("all-namespaces"),
    labelSelector: f.string("selector").trim(),
    fieldSelector: f.string("field-selector").trim(),
    output,
    template,
    allowMissingTemplateKeys: f.bool("allow-missing-template-keys"),
    noHeaders: f.bool("no-headers"),
    showLabels: f.bool("show-labels"),
    showKind: f.bool("show-kind"),
    showManagedFields: f.bool("show-managed-fields"),
    sortBy,
    columnLabels,
    watch,
    watchOnly,
    outputWatchEvents: f.bool("output-watch-events"),
    ignoreNotFound: f.bool("ignore-not-found"),
    serverPrint,
    humanReadable: (output === "" && template === "") || output === "wide",
  };

  // Validate
  if (options.showLabels && output !== "" && output !== "wide")
    throw new KubectlError(`--show-labels option cannot be used with ${output} printer`);
  if (columnLabels.length > 0 && output.startsWith("custom-columns"))
    throw new KubectlError(`--label-columns option cannot be used with ${output} printer`);
  if (options.outputWatchEvents && !(watch || watchOnly))
    throw new KubectlError(
      "--output-watch-events option can only be used with --watch or --watch-only",
    );
  return options;
}
