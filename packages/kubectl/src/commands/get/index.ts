/**
 * The get group of kubectl commands.
 */
import type { KubectlCommand } from "../../cli/command.js";

export const getCommands: readonly KubectlCommand[] = [];
