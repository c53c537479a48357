/**
 * `kubectl create -f FILENAME`: staging/src/k8s.io/kubectl/pkg/cmd/create/
 * create.go (RunCreate). Every object in the files is created (AlreadyExists
 * when present, `--save-config` records the last-applied configuration);
 * `deployment.apps/web created` per object, errors at the end.
 */
import { nameLine } from "../../printers/name.js";
import { createManifests } from "kubesim";
import type { KubectlCommand } from "../../cli/command.js";
import { Aggregate, KubectlError, runChecked } from "../../cli/errors.js";
import { filenameFlags, filenamesOf, readFilenames } from "./filenames.js";
import {
  dryRunFlag,
  dryRunOf,
  dryRunOperation,
  ObjectPrinter,
  outputFlag,
  outputOf,
  validationOf,
} from "./printing.js";

export const createCommand: KubectlCommand = {
  path: ["create"],
  short: "Create a resource from a file or from stdin",
  usage:
    "Usage:\n  kubectl create -f FILENAME [options]\n\nAvailable Commands:\n  configmap     Create a config map from a local file, directory or literal value\n  deployment    Create a deployment with the specified name\n  namespace     Create a namespace with the specified name\n  secret        Create a secret using a specified subcommand",
  flags: [
    ...filenameFlags("to use to create the resource"),
    dryRunFlag,
    outputFlag,
    { name: "save-config", type: "bool", default: false },
    { name: "validate", type: "string", default: "strict", noOptDefault: "strict" },
    { name: "field-manager", type: "string", default: "kubectl-create" },
    { name: "edit", type: "bool", default: false },
    { name: "kustomize", short: "k", type: "string", default: "" },
  ],
  run(ctx) {
    const filenames = filenamesOf(ctx);
    if (filenames.length === 0 && ctx.flags.string("kustomize") === "") {
      ctx.out.error(
        `Error: must specify one of -f and -k\n\n${createCommand.short}\n\n${createCommand.usage}\n`,
      );
      return 1;
    }
    return runChecked(ctx, () => {
      const dryRun = dryRunOf(ctx);
      const fieldValidation = validationOf(ctx);
      const output = outputOf(ctx);
      if (ctx.flags.string("kustomize") !== "")
        throw new KubectlError("kustomize directories (-k) are not supported by kubesim");
      if (ctx.flags.bool("edit")) throw new KubectlError("--edit is not supported by kubesim");
      const sources = readFilenames(ctx.host, filenames, ctx.flags.bool("recursive"));
      const printer =
        output === "yaml" || output === "json" ? new ObjectPrinter(ctx, output) : undefined;
      const visitErrors: unknown[] = [];
      const decodeErrors: unknown[] = [];
      let count = 0;
      for (const s of sources) {
        const outcome = createManifests(ctx.cluster.apiserver, s.text, {
          namespace: ctx.namespace,
          enforceNamespace: ctx.namespaceExplicit,
          dryRun,
          fieldValidation,
          source: s.source,
          saveConfig: ctx.flags.bool("save-config"),
          fieldManager: ctx.flags.string("field-manager"),
        });
        for (const r of outcome.applied) {
          count++;
          if (printer !== undefined) printer.print(r.object);
          else
            ctx.out.write(
              nameLine(r.resource, r.name, dryRunOperation("created", dryRun), output === "name"),
            );
        }
        for (const f of outcome.failed)
          (f.stage === "decode" ? decodeErrors : visitErrors).push(f.error);
      }
      const errs = [...visitErrors];
      if (decodeErrors.length > 0) errs.push(new Aggregate(decodeErrors));
      if (errs.length === 1) throw errs[0];
      if (errs.length > 1) throw new Aggregate(errs);
      if (count === 0) throw new KubectlError("no objects passed to create");
      return 0;
    });
  },
};
