/**
 * The get group of kubectl commands: `kubectl get`.
 */
import type { KubectlCommand } from "../../cli/command.js";
import { getCommand } from "./get.js";

export const getCommands: readonly KubectlCommand[] = [getCommand];
