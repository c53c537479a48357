/**
 * Every kubectl command kubesim has, by group (each group a folder).
 */
import type { KubectlCommand } from "../cli/command.js";
import { describeCommands } from "./describe/index.js";
import { getCommands } from "./get/index.js";
import { mutateCommands } from "./mutate/index.js";
import { workloadCommands } from "./workload/index.js";

export const allCommands: readonly KubectlCommand[] = [
  ...getCommands,
  ...describeCommands,
  ...mutateCommands,
  ...workloadCommands,
];
