/**
 * @kubesim/kubectl: kubectl-style printers (and, later, commands). The row
 * printers are pure functions of one object and the sim's `now`; the server's
 * Table answers and the CLI's tables share them.
 */
export type { TableColumnDefinition, TableRow, TableRowCondition } from "./printers/table.js";
export { podColumnDefinitions, printPodRow } from "./printers/pod.js";
export { findNodeRoles, nodeColumnDefinitions, printNodeRow } from "./printers/node.js";
export { parseTimestamp, translateTimestampSince } from "./printers/timestamp.js";
export { shortHumanDuration } from "./printers/duration.js";

// kubectl-style commands
export type { CommandResult, FileAccess, KubectlHost } from "./cli/types.js";
export type { KubectlCommand } from "./cli/command.js";
export { CommandContext } from "./cli/command.js";
export type { FlagSpec, FlagType, ParsedFlags } from "./cli/flags.js";
export { Flags, globalFlags, parseFlags, parseGoDuration } from "./cli/flags.js";
export { KubectlError, formatError, isKubectlError } from "./cli/errors.js";
export { Output } from "./cli/output.js";
export { parseResourceArgs, resolveKind } from "./cli/resources.js";
export type { ResourceRef } from "./cli/resources.js";
export { Kubectl } from "./cli/kubectl.js";
export { allCommands } from "./commands/index.js";
export { kubectl, splitCommandLine } from "./run.js";
