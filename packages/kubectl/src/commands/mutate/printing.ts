/**
 * kubectl's result printers for mutating commands: the name printer
 * (cli-runtime/pkg/printers/name.go: `deployment.apps/web created`, or
 * `deployment.apps/web` with `-o name`) with the dry-run suffix of
 * cmdutil.PrintFlagsWithDryRunStrategy, and `-o yaml` / `-o json`.
 */
import { goJsonIndent } from "kubesim";
import { kindString } from "../../printers/name.js";
import { omitManagedFields } from "../../printers/managed-fields.js";
import { goYAML } from "../../printers/yaml.js";
import { kindFor, type KindInfo } from "@kubesim/api";
import { KubectlError } from "../../cli/errors.js";
import type { CommandContext } from "../../cli/command.js";
import type { FlagSpec } from "../../cli/flags.js";

export type DryRunStrategy = "none" | "client" | "server";

export const dryRunFlag: FlagSpec = {
  name: "dry-run",
  type: "string",
  default: "none",
  noOptDefault: "unchanged",
  usage: 'Must be "none", "server", or "client".',
};

export const outputFlag: FlagSpec = {
  name: "output",
  short: "o",
  type: "string",
  default: "",
  usage: "Output format. One of: (json, yaml, name).",
};

/** cmdutil.GetDryRunStrategy. */
export function dryRunOf(ctx: CommandContext): DryRunStrategy {
  const v = ctx.flags.string("dry-run");
  if (["true", "1", "t", "T", "TRUE", "True"].includes(v)) return "client";
  if (["false", "0", "f", "F", "FALSE", "False"].includes(v)) return "none";
  switch (v) {
    case "unchanged":
    case "client":
      return "client";
    case "server":
      return "server";
    case "none":
      return "none";
    default:
      throw new KubectlError(
        `Invalid dry-run value (${v}). Must be "none", "server", or "client".`,
      );
  }
}

export function dryRunSuffix(d: DryRunStrategy): string {
  return d === "client" ? " (dry run)" : d === "server" ? " (server dry run)" : "";
}

const ALLOWED =
  "json,yaml,name,go-template,go-template-file,template,templatefile,jsonpath,jsonpath-as-json,jsonpath-file";

/** The -o value, checked: "" (the operation line), "name", "yaml" or "json". */
export function outputOf(ctx: CommandContext): "" | "name" | "yaml" | "json" {
  const o = ctx.flags.string("output");
  if (o === "" || o === "name" || o === "yaml" || o === "json") return o;
  const base = o.split("=")[0]!;
  if (ALLOWED.split(",").includes(base))
    throw new KubectlError(`--output=${base} is not supported by this kubesim command`);
  throw new KubectlError(
    `unable to match a printer suitable for the output format ${JSON.stringify(o)}, allowed formats are: ${ALLOWED}`,
  );
}

/**
 * The name printer's operation under PrintFlagsWithDryRunStrategy:
 * `created (dry run)`, `created (server dry run)`.
 */
export function dryRunOperation(operation: string, dryRun: DryRunStrategy): string {
  return operation === "" ? "" : `${operation}${dryRunSuffix(dryRun)}`;
}

/** kubectl's name for an object's kind, from its apiVersion and kind. */
export function resourceOf(obj: { apiVersion?: string; kind?: string }): string {
  const info: KindInfo | undefined = kindFor(obj.apiVersion ?? "", obj.kind ?? "");
  return kindString(info ?? { group: "", kind: obj.kind ?? "" });
}

/** One object printed as the YAML or JSON printer prints it (keys sorted unless `typed`). */
export function printObject(obj: unknown, format: "yaml" | "json", typed = false): string {
  const shown = omitManagedFields(obj);
  return format === "yaml" ? goYAML(shown) : `${goJsonIndent(shown, !typed)}\n`;
}

/**
 * Prints objects one after another as the YAML printer does (a `---` line
 * before each object after the first) or the JSON printer (concatenated).
 */
export class ObjectPrinter {
  private count = 0;
  constructor(
    private readonly ctx: CommandContext,
    private readonly format: "yaml" | "json",
  ) {}

  print(obj: unknown, typed = false): void {
    this.count++;
    if (this.format === "yaml" && this.count > 1) this.ctx.out.write("---\n");
    this.ctx.out.write(printObject(obj, this.format, typed));
  }
}

/** cmdutil.GetValidationDirective: --validate as the server's fieldValidation. */
export function validationOf(ctx: CommandContext): "Strict" | "Warn" | "Ignore" {
  const v = ctx.flags.string("validate");
  if (["true", "1", "t", "T", "TRUE", "True", "strict"].includes(v)) return "Strict";
  if (["false", "0", "f", "F", "FALSE", "False", "ignore"].includes(v)) return "Ignore";
  if (v === "warn") return "Warn";
  throw new KubectlError(
    `invalid - validate option ${JSON.stringify(v)}; must be one of: strict (or true), warn, ignore (or false)`,
  );
}
