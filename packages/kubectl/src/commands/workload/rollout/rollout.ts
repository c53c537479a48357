/**
 * `kubectl rollout` without a subcommand: cobra's help (kubectl
 * pkg/cmd/rollout/rollout.go, cmdutil.DefaultSubCommandRun), exit 1; an unknown
 * subcommand is cmdutil.RequireNoArguments' `error: unknown command "x"`.
 */
import type { CommandContext, KubectlCommand } from "../../../cli/command.js";
import { KubectlError } from "../../../cli/errors.js";

export const rolloutHelp = `Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc

  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo

  # Restart a deployment
  kubectl rollout restart deployment/abc

  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use "kubectl rollout <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export const rolloutCommand: KubectlCommand = {
  path: ["rollout"],
  short: "Manage the rollout of a resource",
  usage: rolloutHelp,
  flags: [],
  run(ctx: CommandContext): number {
    if (ctx.args.length > 0)
      throw new KubectlError(
        `unknown command ${JSON.stringify(ctx.args.join(" "))}\nSee 'kubectl rollout -h' for help and examples`,
      );
    // DefaultSubCommandRun(streams.ErrOut): the help goes to stderr
    ctx.out.error(rolloutHelp);
    return 1;
  },
};
