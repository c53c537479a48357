/**
 * The mutate group of kubectl commands: apply, create (-f, deployment,
 * configmap, secret generic, namespace), delete, scale, set image, set env,
 * label, annotate, expose, cordon, uncordon, drain.
 */
import type { KubectlCommand } from "../../cli/command.js";
import { applyCommand } from "./apply.js";
import { cordonCommand, uncordonCommand } from "./cordon.js";
import { createCommand } from "./create.js";
import { createConfigMapCommand } from "./create-configmap.js";
import { createDeploymentCommand } from "./create-deployment.js";
import { createNamespaceCommand } from "./create-namespace.js";
import { createSecretGenericCommand } from "./create-secret.js";
import { deleteCommand } from "./delete.js";
import { drainCommand } from "./drain.js";
import { exposeCommand } from "./expose.js";
import { annotateCommand, labelCommand } from "./label.js";
import { scaleCommand } from "./scale.js";
import { setEnvCommand } from "./set-env.js";
import { setImageCommand } from "./set-image.js";

export const mutateCommands: readonly KubectlCommand[] = [
  applyCommand,
  createCommand,
  createDeploymentCommand,
  createConfigMapCommand,
  createSecretGenericCommand,
  createNamespaceCommand,
  deleteCommand,
  scaleCommand,
  setImageCommand,
  setEnvCommand,
  labelCommand,
  annotateCommand,
  exposeCommand,
  cordonCommand,
  uncordonCommand,
  drainCommand,
];
