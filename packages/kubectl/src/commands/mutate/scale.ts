/**
 * `kubectl scale [--current-replicas=N] --replicas=COUNT (-f FILENAME | TYPE
 * NAME)`: staging/src/k8s.io/kubectl/pkg/cmd/scale/scale.go with the scale
 * subresource client (kubectl/pkg/scale: ScaleSimple and its precondition).
 * Prints `deployment.apps/my-api scaled`.
 */
import { kindString, nameLine } from "../../printers/name.js";
import { ApiError, type KindName } from "@kubesim/api";
import type { KubectlCommand } from "../../cli/command.js";
import { Aggregate, KubectlError, runChecked } from "../../cli/errors.js";
import { kubectlWrite } from "../../cli/write-options.js";
import { filenameFlags, filenamesOf, readFilenames } from "./filenames.js";
import {
  dryRunFlag,
  dryRunOf,
  dryRunOperation,
  outputFlag,
  outputOf,
  printObject,
} from "./printing.js";
import { selectTargets } from "./resources.js";

const SCALABLE = new Set(["Deployment", "ReplicaSet"]);

export const scaleCommand: KubectlCommand = {
  path: ["scale"],
  short: "Set a new size for a deployment, replica set, or replication controller",
  usage:
    "Usage:\n  kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]",
  flags: [
    ...filenameFlags("identifying the resource to set a new size"),
    dryRunFlag,
    outputFlag,
    { name: "replicas", type: "int", default: 0 },
    { name: "current-replicas", type: "int", default: -1 },
    { name: "resource-version", type: "string", default: "" },
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "all", type: "bool", default: false },
    { name: "timeout", type: "duration", default: "0s" },
  ],
  run(ctx) {
    return runChecked(ctx, () => {
      if (!ctx.flags.changed("replicas"))
        throw new KubectlError('required flag(s) "replicas" not set');
      const replicas = ctx.flags.int("replicas");
      const current = ctx.flags.int("current-replicas");
      const resourceVersion = ctx.flags.string("resource-version");
      if (replicas < 0)
        throw new KubectlError(
          "The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
      if (current < -1)
        throw new KubectlError("The --current-replicas must specify an integer of -1 or greater");
      const dryRun = dryRunOf(ctx);
      const output = outputOf(ctx);
      const filenames = filenamesOf(ctx);
      const files =
        filenames.length === 0
          ? undefined
          : readFilenames(ctx.host, filenames, ctx.flags.bool("recursive"));
      const { targets, errors } = selectTargets(ctx, {
        args: ctx.args,
        selector: ctx.flags.string("selector"),
        all: ctx.flags.bool("all"),
        retrieve: true,
        ...(files === undefined ? {} : { files }),
      });
      const infoErr =
        errors.length === 0 ? undefined : errors.length === 1 ? errors[0] : new Aggregate(errors);
      if (resourceVersion !== "" && targets.length > 1)
        throw new KubectlError("cannot use --resource-version with multiple resources");
      if (targets.length === 0) {
        if (infoErr !== undefined) throw infoErr;
        throw new KubectlError("no objects passed to scale");
      }
      const client = ctx.cluster.apiserver;
      for (const t of targets) {
        if (!SCALABLE.has(t.info.kind))
          // The scale client's GET of <resource>/scale answers 404 for kinds without it.
          throw new ApiError("NotFound", "the server could not find the requested resource");
        let obj = t.object;
        if (dryRun !== "client") {
          const kind = t.info.kind as "Deployment" | "ReplicaSet";
          const scale = client.getScale(kind, t.namespace, t.name);
          if (current !== -1 && scale.spec?.replicas !== current)
            throw new KubectlError(
              `Expected replicas to be ${current}, was ${scale.spec?.replicas ?? 0}`,
            );
          if (resourceVersion !== "" && scale.metadata?.resourceVersion !== resourceVersion)
            throw new KubectlError(
              `Expected resource version to be ${resourceVersion}, was ${scale.metadata?.resourceVersion ?? ""}`,
            );
          client.updateScale(
            kind,
            t.namespace,
            t.name,
            { ...scale, spec: { ...scale.spec, replicas } },
            // kubectl scale names no field manager: kube-apiserver takes the User-Agent's
            // first token, `kubectl` (`kubectl/v1.31.0 (linux/amd64) kubernetes/...`).
            kubectlWrite(dryRun),
          );
          if (dryRun === "none")
            obj = client.get(t.info.kind as KindName, t.namespace, t.name) as unknown as Record<
              string,
              unknown
            >;
        }
        if (obj !== undefined && (output === "yaml" || output === "json")) {
          const spec = { ...(obj["spec"] as object), replicas };
          ctx.out.write(printObject({ ...obj, spec }, output));
        } else
          ctx.out.write(
            nameLine(
              kindString(t.info),
              t.name,
              dryRunOperation("scaled", dryRun),
              output === "name",
            ),
          );
      }
      if (infoErr !== undefined) throw infoErr;
      return 0;
    });
  },
};
