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
