/**
 * `kubectl rollout history (TYPE NAME | TYPE/NAME) [--revision=N]`. Mirrors
 * kubectl pkg/cmd/rollout/rollout_history.go: each object's history through the
 * name printer, whose "operation" is the history text, so the table follows
 * `deployment.apps/my-api ` on a line of its own.
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { CommandContext, KubectlCommand } from "../../../cli/command.js";
import { KubectlError } from "../../../cli/errors.js";
import { kindString, nameLine } from "../../../printers/name.js";
import { resolveTargets } from "../shared/targets.js";
import { historyViewerFor, viewDeploymentHistory } from "./history-viewer.js";

export const rolloutHistoryCommand: KubectlCommand = {
  path: ["rollout", "history"],
  short: "View rollout history",
  usage: `Usage:
  kubectl rollout history (TYPE NAME | TYPE/NAME) [flags]

Examples:
  # View the rollout history of a deployment
  kubectl rollout history deployment/abc

  # View the details of daemonset revision 3
  kubectl rollout history daemonset/abc --revision=3`,
  flags: [
    {
      name: "revision",
      type: "int",
      default: 0,
      usage: "See the details, including podTemplate of the revision specified",
    },
    { name: "selector", short: "l", type: "string", default: "", usage: "Selector (label query)." },
  ],
  run(ctx: CommandContext): number {
    if (ctx.args.length === 0) throw new KubectlError("required resource not specified");
    const rev = ctx.flags.int("revision");
    if (rev < 0) throw new KubectlError(`revision must be a positive integer: ${rev}`);
    for (const t of resolveTargets(ctx, ctx.args, ctx.flags.string("selector"))) {
      const unsupported = historyViewerFor(t.info);
      if (unsupported !== undefined) throw new KubectlError(unsupported.message);
      const text = viewDeploymentHistory(ctx.cluster, t.object as Deployment, rev);
      if (text instanceof Error) throw new KubectlError(text.message);
      const withRevision = rev > 0 ? `with revision #${rev}` : "";
      ctx.out.write(nameLine(kindString(t.info), t.name, `${withRevision}\n${text}`));
    }
    return 0;
  },
};
