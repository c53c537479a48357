/**
 * `kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1
 * ...`: staging/src/k8s.io/kubectl/pkg/cmd/set/set_image.go. `*=IMAGE` sets
 * every container. Prints `deployment.apps/my-api image updated`; nothing
 * when the images were already those.
 */
import type { KubectlCommand } from "../../cli/command.js";
import { aggregate, Aggregate, KubectlError, runChecked } from "../../cli/errors.js";
import { filenameFlags, filenamesOf, readFilenames } from "./filenames.js";
import { calculatePatches, sendPodTemplatePatches, type Container } from "./pod-spec.js";
import { dryRunFlag, dryRunOf, outputFlag, outputOf } from "./printing.js";
import { selectTargets } from "./resources.js";

/** cmdutil.GetResourcesAndPairs: resources first, then `a=b` / `a-` pairs. */
export function resourcesAndPairs(args: readonly string[], pairType: string): [string[], string[]] {
  const resources: string[] = [];
  const pairs: string[] = [];
  let found = false;
  for (const s of args) {
    const nonResource = (s.includes("=") && !s.startsWith("=")) || (s.endsWith("-") && s !== "-");
    if (nonResource) {
      found = true;
      pairs.push(s);
    } else if (!found) resources.push(s);
    else throw new KubectlError(`all resources must be specified before ${pairType} changes: ${s}`);
  }
  return [resources, pairs];
}

/** cmdutil.ParsePairs. */
export function parsePairs(
  pairs: readonly string[],
  pairType: string,
  supportRemove: boolean,
): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const p of pairs) {
    if (p.includes("=") && !p.startsWith("=")) {
      const eq = p.indexOf("=");
      set.set(p.slice(0, eq), p.slice(eq + 1));
    } else if (supportRemove && p.endsWith("-") && p !== "-") remove.push(p.slice(0, -1));
    else invalid.push(p);
  }
  if (invalid.length > 0)
    throw new KubectlError(`invalid ${pairType} format: ${invalid.join(", ")}`);
  return { set, remove };
}

function setImage(containers: Container[] | undefined, name: string, image: string): boolean {
  let found = false;
  for (const c of containers ?? []) {
    if (c.name === name || name === "*") {
      found = true;
      c.image = image;
    }
  }
  return found;
}

export const setImageCommand: KubectlCommand = {
  path: ["set", "image"],
  short: "Update the image of a pod template",
  usage:
    "Usage:\n  kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
  flags: [
    ...filenameFlags("identifying the resource to get from a server."),
    dryRunFlag,
    outputFlag,
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "all", type: "bool", default: false },
    { name: "local", type: "bool", default: false },
    { name: "field-manager", type: "string", default: "kubectl-set" },
  ],
  run(ctx) {
    return runChecked(ctx, () => {
      const dryRun = dryRunOf(ctx);
      const output = outputOf(ctx);
      const [resources, imageArgs] = resourcesAndPairs(ctx.args, "image");
      const { set: images } = parsePairs(imageArgs, "image", false);
      const filenames = filenamesOf(ctx);
      const problems: KubectlError[] = [];
      if (ctx.flags.bool("all") && ctx.flags.string("selector") !== "")
        problems.push(new KubectlError("cannot set --all and --selector at the same time"));
      if (resources.length < 1 && filenames.length === 0)
        problems.push(
          new KubectlError(
            "one or more resources must be specified as <resource> <name> or <resource>/<name>",
          ),
        );
      if (images.size < 1) problems.push(new KubectlError("at least one image update is required"));
      else if (images.size > 1 && images.has("*"))
        problems.push(
          new KubectlError(
            "all containers are already specified by *, but saw more than one container_name=container_image pairs",
          ),
        );
      const bad = aggregate(problems);
      if (bad !== undefined) throw bad;
      const files =
        filenames.length === 0
          ? undefined
          : readFilenames(ctx.host, filenames, ctx.flags.bool("recursive"));
      const { targets, errors } = selectTargets(ctx, {
        args: resources,
        selector: ctx.flags.string("selector"),
        all: ctx.flags.bool("all"),
        retrieve: true,
        ...(files === undefined ? {} : { files }),
      });
      if (errors.length > 0) throw errors.length === 1 ? errors[0] : new Aggregate(errors);
      const allErrs: unknown[] = [];
      const patches = calculatePatches(targets, (spec) => {
        for (const [name, image] of images) {
          const init = setImage(spec.initContainers, name, image);
          const main = setImage(spec.containers, name, image);
          if (!init && !main)
            allErrs.push(
              new KubectlError(`error: unable to find container named ${JSON.stringify(name)}`),
            );
        }
      });
      allErrs.push(...sendPodTemplatePatches(ctx, patches, { update: "image", dryRun, output }));
      const agg = aggregate(allErrs);
      if (agg !== undefined) throw agg;
      return 0;
    });
  },
};
