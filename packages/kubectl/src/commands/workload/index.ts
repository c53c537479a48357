/**
 * The workload group of kubectl commands: `rollout status|history|undo|pause|
 * resume|restart` (and bare `rollout`), `logs` and `exec`.
 */
import type { KubectlCommand } from "../../cli/command.js";
import { execCommand } from "./exec/exec.js";
import { logsCommand } from "./logs/logs.js";
import { rolloutHistoryCommand } from "./rollout/history.js";
import { rolloutPauseCommand, rolloutResumeCommand } from "./rollout/pause.js";
import { rolloutRestartCommand } from "./rollout/restart.js";
import { rolloutCommand } from "./rollout/rollout.js";
import { rolloutStatusCommand } from "./rollout/status.js";
import { rolloutUndoCommand } from "./rollout/undo.js";

export const workloadCommands: readonly KubectlCommand[] = [
  rolloutCommand,
  rolloutStatusCommand,
  rolloutHistoryCommand,
  rolloutUndoCommand,
  rolloutPauseCommand,
  rolloutResumeCommand,
  rolloutRestartCommand,
  logsCommand,
  execCommand,
];
