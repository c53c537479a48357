/**
 * The workload group of kubectl commands.
 */
import type { KubectlCommand } from "../../cli/command.js";

export const workloadCommands: readonly KubectlCommand[] = [];
