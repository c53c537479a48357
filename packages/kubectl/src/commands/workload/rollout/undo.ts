/**
 * `kubectl rollout undo (TYPE NAME | TYPE/NAME) [--to-revision=N]`. Mirrors
 * kubectl pkg/cmd/rollout/rollout_undo.go: roll each object back and print
 * `deployment.apps/my-api rolled back` (or `skipped rollback (...)`).
 */
import { rollbackDeployment } from "kubesim";
import type { CommandContext, KubectlCommand } from "../../../cli/command.js";
import { KubectlError } from "../../../cli/errors.js";
import { kubectlWrite } from "../../../cli/write-options.js";
import { kindString, nameLine } from "../../../printers/name.js";
import { resolveTargets } from "../shared/targets.js";
import { rollbackerFor } from "./rollback.js";

export const rolloutUndoCommand: KubectlCommand = {
  path: ["rollout", "undo"],
  short: "Undo a previous rollout",
  usage: `Usage:
  kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags]

Examples:
  # Roll back to the previous deployment
  kubectl rollout undo deployment/abc

  # Roll back to daemonset revision 3
  kubectl rollout undo daemonset/abc --to-revision=3`,
  flags: [
    {
      name: "to-revision",
      type: "int",
      default: 0,
      usage: "The revision to rollback to. Default to 0 (last revision).",
    },
    { name: "selector", short: "l", type: "string", default: "", usage: "Selector (label query)." },
  ],
  run(ctx: CommandContext): number {
    if (ctx.args.length === 0) throw new KubectlError("required resource not specified");
    const toRevision = ctx.flags.int("to-revision");
    for (const t of resolveTargets(ctx, ctx.args, ctx.flags.string("selector"))) {
      const unsupported = rollbackerFor(t.info);
      if (unsupported !== undefined) throw new KubectlError(unsupported.message);
      const result = rollbackDeployment(
        ctx.cluster.apiserver,
        t.namespace ?? "",
        t.name,
        toRevision,
        // DeploymentRollbacker's patch names no field manager: the User-Agent's `kubectl` is.
        kubectlWrite(),
      );
      if (result instanceof Error) throw new KubectlError(result.message);
      ctx.out.write(nameLine(kindString(t.info), t.name, result));
    }
    return 0;
  },
};
