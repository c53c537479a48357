/**
 * `kubectl create deployment NAME --image=IMAGE [--replicas=N] [--port=P]
 * [-- COMMAND...]`: staging/src/k8s.io/kubectl/pkg/cmd/create/
 * create_deployment.go. Labels and selector `app: NAME`; one container per
 * image, named after the image (path and tag dropped; `_` and `.` become
 * `-` plus a random suffix, as sanitizeAndUniquify does).
 */
import { generateNameSuffix } from "@kubesim/api";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { KubectlError, runChecked } from "../../cli/errors.js";
import {
  createGenerated,
  generatedMeta,
  generatorFlags,
  nameFromArgs,
  requireFlag,
} from "./generate.js";

/** The container name kubectl derives from an image reference. */
export function containerNameFor(image: string, ctx: CommandContext): string {
  let name = image.split("/").at(-1)!;
  if (name.includes(":")) name = name.split(":")[0]!;
  if (name.includes("@")) name = name.split("@")[0]!;
  if (/[_.]/.test(name)) {
    name = name.replace(/_/g, "-").replace(/\./g, "-");
    name = `${name}-${generateNameSuffix(ctx.cluster.rng.stream(`kubectl/create-deployment/${image}`), 5)}`;
  }
  return name;
}

export const createDeploymentCommand: KubectlCommand = {
  path: ["create", "deployment"],
  aliases: ["deploy"],
  short: "Create a deployment with the specified name",
  usage: "Usage:\n  kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]",
  flags: [
    ...generatorFlags,
    { name: "image", type: "stringArray", usage: "Image names to run." },
    { name: "replicas", short: "r", type: "int", default: 1 },
    { name: "port", type: "int", default: -1 },
  ],
  run(ctx) {
    return runChecked(ctx, () => {
      requireFlag(ctx, "image");
      const name = nameFromArgs(ctx, "create deployment");
      const images = ctx.flags.strings("image").flatMap((i) => i.split(","));
      const command = ctx.flags.parsed.dashArgs ?? [];
      if (images.length > 1 && command.length > 0)
        throw new KubectlError("cannot specify multiple --image options and command");
      const labels = { app: name };
      const port = ctx.flags.int("port");
      const containers = images.map((image, i) => ({
        name: containerNameFor(image, ctx),
        image,
        ...(command.length > 0 ? { command: [...command] } : {}),
        ...(i === 0 && port >= 0 ? { ports: [{ containerPort: port }] } : {}),
        resources: {},
      }));
      const deployment = {
        kind: "Deployment",
        apiVersion: "apps/v1",
        metadata: generatedMeta(ctx, name, labels),
        spec: {
          replicas: ctx.flags.int("replicas"),
          selector: { matchLabels: { ...labels } },
          template: {
            metadata: { creationTimestamp: null, labels: { ...labels } },
            spec: { containers },
          },
          strategy: {},
        },
        status: {},
      };
      return createGenerated(ctx, "Deployment", deployment, "deployment");
    });
  },
};
