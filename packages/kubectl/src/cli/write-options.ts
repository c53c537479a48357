/**
 * The options kubectl's writes carry. Every request has kubectl's User-Agent
 * (`kubectl/v1.31.0 (linux/amd64) kubernetes/...`), whose first token the API
 * server takes as the field manager of a write that names none (scale,
 * cordon, rollout undo); a command with `--field-manager` sends it
 * (resource.Helper.WithFieldManager), its default naming the command
 * (`kubectl-create`, `kubectl-label`, `kubectl-set`, ...).
 */
import type { WriteOptions } from "@kubesim/api";
import type { CommandContext } from "./command.js";

/** The start of kubectl's User-Agent: the manager of its writes that name no fieldManager. */
export const KUBECTL_USER_AGENT = "kubectl";

/** A write that names no field manager, with --dry-run=server when asked. */
export function kubectlWrite(dryRun: "none" | "client" | "server" = "none"): WriteOptions {
  return { userAgent: KUBECTL_USER_AGENT, ...(dryRun === "server" ? { dryRun: true } : {}) };
}

/** A write by a command with --field-manager: the manager it names, with --dry-run=server when asked. */
export function managedWrite(
  ctx: CommandContext,
  dryRun: "none" | "client" | "server" = "none",
): WriteOptions {
  return { ...kubectlWrite(dryRun), fieldManager: ctx.flags.string("field-manager") };
}
