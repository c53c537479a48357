/**
 * The describe group of kubectl commands.
 */
import type { KubectlCommand } from "../../cli/command.js";

export const describeCommands: readonly KubectlCommand[] = [];
