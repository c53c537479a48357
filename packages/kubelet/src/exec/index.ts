/**
 * `kubectl exec` into a fake container: a few programs, a small shell and interactive sessions.
 * Pure and deterministic; no clock, no I/O.
 */
export type { ContainerEnvironmentOptions } from "./container-env.js";
export { DEFAULT_PATH, containerEnvironment } from "./container-env.js";
export { runCommand } from "./run.js";
export type { SessionOutput } from "./session.js";
export { ShellSession } from "./session.js";
export type { ExecContext, ExecEnvVar, ExecResult, ShellName, Userland } from "./types.js";
