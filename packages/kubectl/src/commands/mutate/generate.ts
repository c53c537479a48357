/**
 * What the `create <kind> NAME` generators share: the NAME argument
 * (NameFromCommandArgs), the namespace (only written into the object when
 * `-n` was given), --save-config, --dry-run, and the create call with its
 * error wording (`failed to create configmap: ...`), then the printer
 * (`configmap/app-config created`, or the typed object with -o yaml|json).
 */
import { nameLine } from "../../printers/name.js";
import { isApiError, type KindName } from "@kubesim/api";
import { goJson, LAST_APPLIED_CONFIG_ANNOTATION } from "kubesim";
import type { CommandContext } from "../../cli/command.js";
import { managedWrite } from "../../cli/write-options.js";
import { KubectlError, usageErrorf } from "../../cli/errors.js";
import type { FlagSpec } from "../../cli/flags.js";
import {
  dryRunFlag,
  dryRunOf,
  dryRunOperation,
  outputFlag,
  outputOf,
  printObject,
  resourceOf,
  validationOf,
} from "./printing.js";

export const generatorFlags: readonly FlagSpec[] = [
  dryRunFlag,
  outputFlag,
  { name: "save-config", type: "bool", default: false },
  { name: "validate", type: "string", default: "strict", noOptDefault: "strict" },
  { name: "field-manager", type: "string", default: "kubectl-create" },
];

/** NameFromCommandArgs: exactly one NAME (before any `--`). */
export function nameFromArgs(ctx: CommandContext, commandPath: string): string {
  const dash = ctx.flags.parsed.dashArgs;
  const args = dash === undefined ? ctx.args : ctx.args.slice(0, ctx.args.length - dash.length);
  if (args.length !== 1)
    throw usageErrorf(commandPath, `exactly one NAME is required, got ${args.length}`);
  return args[0]!;
}

/** metadata for a generated object: name, the namespace only with -n, creationTimestamp null (Go's zero time). */
export function generatedMeta(ctx: CommandContext, name: string, labels?: Record<string, string>) {
  return {
    name,
    ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
    creationTimestamp: null,
    ...(labels === undefined ? {} : { labels }),
  };
}

/**
 * CreateOrUpdateAnnotation for a typed object (--save-config): the
 * annotation is the object's JSON in struct order, without annotations
 * (Go drops the empty map), and a trailing newline.
 */
function withApplyAnnotationOf(obj: Record<string, unknown>): Record<string, unknown> {
  const meta = { ...(obj["metadata"] as Record<string, unknown>) };
  const own = { ...((meta["annotations"] as Record<string, string> | undefined) ?? {}) };
  delete own[LAST_APPLIED_CONFIG_ANNOTATION];
  const bare = { ...meta };
  if (Object.keys(own).length === 0) delete bare["annotations"];
  else bare["annotations"] = own;
  const json = `${goJson({ ...obj, metadata: bare }, false)}\n`;
  return {
    ...obj,
    metadata: { ...meta, annotations: { ...own, [LAST_APPLIED_CONFIG_ANNOTATION]: json } },
  };
}

/** `required flag(s) "image" not set` (cobra's MarkFlagRequired). */
export function requireFlag(ctx: CommandContext, name: string): void {
  if (!ctx.flags.changed(name))
    throw new KubectlError(`required flag(s) ${JSON.stringify(name)} not set`);
}

/**
 * Creates a generated object (unless --dry-run=client) and prints it.
 * `failedWord` names the kind in `failed to create <word>: ...`; without it
 * the API error is reported as is (create namespace).
 */
export function createGenerated(
  ctx: CommandContext,
  kind: KindName,
  object: Record<string, unknown>,
  failedWord: string | undefined,
): number {
  const dryRun = dryRunOf(ctx);
  const fieldValidation = validationOf(ctx);
  const output = outputOf(ctx);
  let obj = ctx.flags.bool("save-config") ? withApplyAnnotationOf(object) : object;
  let typed = true;
  if (dryRun !== "client") {
    try {
      // The request goes to the context's namespace (the object names it only with -n).
      const namespaced = kind !== "Namespace";
      const meta = obj["metadata"] as Record<string, unknown>;
      const toSend = namespaced ? { ...obj, metadata: { ...meta, namespace: ctx.namespace } } : obj;
      obj = ctx.cluster.apiserver.create(kind, toSend as never, {
        ...managedWrite(ctx, dryRun),
        fieldValidation,
      }) as unknown as Record<string, unknown>;
      typed = false;
    } catch (e) {
      if (failedWord === undefined || !isApiError(e)) throw e;
      throw new KubectlError(`failed to create ${failedWord}: ${e.message}`);
    }
  }
  if (output === "yaml" || output === "json") ctx.out.write(printObject(obj, output, typed));
  else {
    const meta = obj["metadata"] as { name?: string };
    ctx.out.write(
      nameLine(
        resourceOf(obj),
        meta.name ?? "",
        dryRunOperation("created", dryRun),
        output === "name",
      ),
    );
  }
  return 0;
}
