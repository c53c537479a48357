/**
 * The mutate group of kubectl commands.
 */
import type { KubectlCommand } from "../../cli/command.js";

export const mutateCommands: readonly KubectlCommand[] = [];
