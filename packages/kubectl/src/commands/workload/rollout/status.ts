/**
 * `kubectl rollout status (TYPE NAME | TYPE/NAME) [--watch=false]
 * [--revision=N] [--timeout=D] [-l SELECTOR]`. Mirrors kubectl
 * pkg/cmd/rollout/rollout_status.go: read the object, print its status, then
 * follow it through a watch (on the virtual clock) until the rollout is done,
 * fails, the object is deleted, or --timeout passes. Each message is printed
 * when it changes.
 */
import type { WatchHandle } from "@kubesim/api";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { CommandContext, KubectlCommand } from "../../../cli/command.js";
import { KubectlError } from "../../../cli/errors.js";
import { parseGoDuration } from "../../../cli/flags.js";
import { runStream, StreamPrinter } from "../../../cli/stream.js";
import { resolveTargets } from "../shared/targets.js";
import { statusViewerFor, type RolloutStatus } from "./status-viewer.js";

export const rolloutStatusCommand: KubectlCommand = {
  path: ["rollout", "status"],
  short: "Show the status of the rollout",
  usage: `Usage:
  kubectl rollout status (TYPE NAME | TYPE/NAME) [flags]

Examples:
  # Watch the rollout status of a deployment
  kubectl rollout status deployment/nginx`,
  flags: [
    {
      name: "watch",
      short: "w",
      type: "bool",
      default: true,
      usage: "Watch the status of the rollout until it's done.",
    },
    { name: "revision", type: "int", default: 0, usage: "Pin to a specific revision." },
    { name: "timeout", type: "duration", default: "0s", usage: "The length of time to wait." },
    { name: "selector", short: "l", type: "string", default: "", usage: "Selector (label query)." },
  ],
  run: runRolloutStatus,
};

function runRolloutStatus(ctx: CommandContext): number {
  if (ctx.args.length === 0) throw new KubectlError("required resource not specified");
  const pinned = ctx.flags.int("revision");
  if (pinned < 0) throw new KubectlError(`revision must be a positive integer: ${pinned}`);
  const timeout = parseGoDuration(ctx.flags.string("timeout")) ?? 0;

  const targets = resolveTargets(ctx, ctx.args, ctx.flags.string("selector"));
  const target = targets[0];
  if (targets.length !== 1 || target === undefined)
    throw new KubectlError(
      `rollout status is only supported on individual resources and resource collections - ${targets.length} resources were found`,
    );
  const viewer = statusViewerFor(target.info);
  if (viewer instanceof Error) throw new KubectlError(viewer.message);

  const loop = ctx.cluster.loop;
  const deadline = timeout > 0 ? loop.now() + timeout : undefined;
  const out = new StreamPrinter(ctx);
  let last = "";
  let done = false;
  let failure: string | undefined;
  const show = (d: Deployment): void => {
    const status: RolloutStatus = viewer(d, pinned);
    if (status.error !== undefined) {
      failure = status.error;
      return;
    }
    if (status.message !== last) out.write(status.message);
    last = status.message;
    done = status.done;
  };

  const first = target.object as Deployment;
  show(first);
  if (failure !== undefined) throw new KubectlError(failure);
  if (done || !ctx.flags.bool("watch")) return 0;

  let handle: WatchHandle | undefined;
  try {
    handle = ctx.cluster.apiserver.watch(
      "Deployment",
      {
        namespace: target.namespace ?? "",
        fieldSelector: `metadata.name=${target.name}`,
        resourceVersion: first.metadata?.resourceVersion ?? "0",
      },
      (event) => {
        if (done || failure !== undefined) return;
        if (event.type === "ADDED" || event.type === "MODIFIED") show(event.object as Deployment);
        else if (event.type === "DELETED") failure = "object has been deleted";
      },
    );
    const end = runStream(ctx, {
      done: () => done || failure !== undefined,
      lastOutput: () => out.lastOutput,
      ...(deadline === undefined ? {} : { deadline }),
    });
    if (failure !== undefined) throw new KubectlError(failure);
    if (end === "deadline") throw new KubectlError("timed out waiting for the condition");
    // Stopped watching before the rollout finished (as Ctrl-C would): exit 1, nothing said.
    return end === "done" ? 0 : 1;
  } finally {
    handle?.stop();
  }
}
