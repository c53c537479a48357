/**
 * `kubectl apply -f`: staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go.
 * Client-side apply by default; `--server-side` sends each object as an
 * apply patch (kubesim's serverSideApplyManifests) and prints
 * `deployment.apps/my-api serverside-applied`. Reads every file first (a missing one stops everything),
 * applies each object with kubesim's applyManifests, prints
 * `deployment.apps/my-api created|configured|unchanged` as each is done, and
 * ends with the errors of the documents that were refused, in kubectl's
 * order and wording. With `-o yaml|json` the applied objects are printed at
 * the end (as a List when there are several), and only if all went well.
 */
import { nameLine } from "../../printers/name.js";
import {
  applyManifests,
  readManifests,
  serverSideApplyManifests,
  type ApplyFailure,
  type ApplyOptions,
  type ApplyOutcome,
  FIELD_MANAGER_SERVER_SIDE_APPLY,
} from "kubesim";
import { parseSelector } from "@kubesim/api";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { Aggregate, KubectlError, runChecked, usageErrorf } from "../../cli/errors.js";
import { filenameFlags, filenamesOf, readFilenames } from "./filenames.js";
import {
  dryRunFlag,
  dryRunOf,
  dryRunOperation,
  outputFlag,
  outputOf,
  printObject,
  validationOf,
  type DryRunStrategy,
} from "./printing.js";

export const applyCommand: KubectlCommand = {
  path: ["apply"],
  short: "Apply a configuration to a resource by file name or stdin",
  usage: "Usage:\n  kubectl apply (-f FILENAME | -k DIRECTORY) [options]",
  flags: [
    ...filenameFlags("that contains the configuration to apply"),
    dryRunFlag,
    outputFlag,
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "validate", type: "string", default: "strict", noOptDefault: "strict" },
    { name: "overwrite", type: "bool", default: true },
    { name: "field-manager", type: "string", default: "kubectl-client-side-apply" },
    { name: "server-side", type: "bool", default: false },
    { name: "force-conflicts", type: "bool", default: false },
    { name: "prune", type: "bool", default: false },
    { name: "all", type: "bool", default: false },
    { name: "force", type: "bool", default: false },
    { name: "wait", type: "bool", default: false },
    { name: "kustomize", short: "k", type: "string", default: "" },
  ],
  run(ctx) {
    return runChecked(ctx, () => {
      const dryRun = dryRunOf(ctx);
      const fieldValidation = validationOf(ctx);
      const filenames = filenamesOf(ctx);
      if (ctx.flags.string("kustomize") !== "")
        throw new KubectlError("kustomize directories (-k) are not supported by kubesim");
      if (filenames.length === 0) throw new KubectlError("must specify one of -f and -k");
      const serverSide = ctx.flags.bool("server-side");
      validate(ctx, serverSide, dryRun);
      if (ctx.flags.bool("prune")) throw new KubectlError("--prune is not supported by kubesim");
      if (ctx.args.length > 0)
        throw usageErrorf("apply", `Unexpected args: [${ctx.args.join(" ")}]`);
      const output = outputOf(ctx);
      const selectorText = ctx.flags.string("selector").trim();
      const selector = selectorText === "" ? undefined : parseSelector(selectorText);
      const sources = readFilenames(ctx.host, filenames, ctx.flags.bool("recursive"));

      const decodeErrors: unknown[] = [];
      const namespaceErrors: unknown[] = [];
      const applyErrors: unknown[] = [];
      const printed: object[] = [];
      let found = 0;
      const sort = (f: ApplyFailure) => {
        if (f.stage === "namespace") namespaceErrors.push(f.error);
        else if (f.stage === "apply") applyErrors.push(f.error);
        else decodeErrors.push(f.error);
      };
      for (const s of sources) {
        const options: ApplyOptions = {
          namespace: ctx.namespace,
          enforceNamespace: ctx.namespaceExplicit,
          dryRun,
          fieldValidation,
          source: s.source,
          fieldManager: fieldManagerOf(ctx, serverSide),
        };
        let input: string | object[] = s.text;
        if (selector !== undefined) {
          // FilteredVisitor: decode everything, apply only the objects the selector matches.
          const read = readManifests(s.text, options);
          read.problems.forEach((p) =>
            sort({ document: p.document, error: p.error, stage: p.stage }),
          );
          input = read.objects
            .filter((o) => selector.matches(labelsOf(o.object)))
            .map((o) => o.object);
        }
        const outcome: ApplyOutcome = serverSide
          ? serverSideApplyManifests(ctx.cluster.apiserver, input, {
              ...options,
              force: ctx.flags.bool("force-conflicts"),
            })
          : applyManifests(ctx.cluster.apiserver, input, options);
        for (const w of outcome.warnings ?? []) ctx.out.error(`${w}\n`);
        for (const r of outcome.applied) {
          found++;
          if (output === "" || output === "name")
            ctx.out.write(
              nameLine(r.resource, r.name, dryRunOperation(r.action, dryRun), output === "name"),
            );
          if (r.object !== undefined) printed.push(r.object);
        }
        outcome.failed.forEach(sort);
      }
      // GetObjects' error (ContinueOnErrorVisitor over the builder), then each object's.
      const readErrs: unknown[] = [...namespaceErrors];
      if (decodeErrors.length > 0) readErrs.push(new Aggregate(decodeErrors));
      const errs: unknown[] = [];
      if (readErrs.length === 1) errs.push(readErrs[0]);
      else if (readErrs.length > 1) errs.push(new Aggregate(readErrs));
      errs.push(...applyErrors);
      if (found === 0 && errs.length === 0) throw new KubectlError("no objects passed to apply");
      if (errs.length === 1) throw errs[0];
      if (errs.length > 1) throw new Aggregate(errs);
      if (output === "yaml" || output === "json") {
        const obj =
          printed.length === 1
            ? printed[0]
            : { apiVersion: "v1", items: printed, kind: "List", metadata: {} };
        ctx.out.write(printObject(obj, output));
      }
      return 0;
    });
  },
};

/** GetApplyFieldManagerFlag: --field-manager when given, else kubectl's default for the kind of apply. */
function fieldManagerOf(ctx: CommandContext, serverSide: boolean): string {
  if (ctx.flags.changed("field-manager")) return ctx.flags.string("field-manager");
  return serverSide ? FIELD_MANAGER_SERVER_SIDE_APPLY : "kubectl-client-side-apply";
}

/** ApplyOptions.Validate: the flag combinations kubectl refuses, in its order. */
function validate(ctx: CommandContext, serverSide: boolean, dryRun: DryRunStrategy): void {
  const force = ctx.flags.bool("force");
  if (ctx.flags.bool("force-conflicts") && !serverSide)
    throw new KubectlError("--force-conflicts only works with --server-side");
  if (dryRun === "client" && serverSide)
    throw new KubectlError(
      "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)",
    );
  if (serverSide && force) throw new KubectlError("--force cannot be used with --server-side");
  if (dryRun === "server" && force)
    throw new KubectlError("--dry-run=server cannot be used with --force");
  const selector = ctx.flags.string("selector");
  if (ctx.flags.bool("all") && selector !== "")
    throw new KubectlError("cannot set --all and --selector at the same time");
  if (ctx.flags.bool("prune")) {
    if (force) throw new KubectlError("--force cannot be used with --prune");
    if (!ctx.flags.bool("all") && selector === "")
      throw new KubectlError(
        "all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector",
      );
    if (serverSide)
      throw new KubectlError(
        "--prune is in alpha and doesn't currently work on objects created by server-side apply",
      );
  }
}

function labelsOf(obj: Record<string, unknown>): Record<string, string> {
  const meta = obj["metadata"] as { labels?: Record<string, string> } | undefined;
  return meta?.labels ?? {};
}
