/**
 * What `rollout pause`, `resume` and `restart` share. Mirrors kubectl
 * pkg/cmd/rollout/rollout_{pause,resume,restart}.go and
 * pkg/polymorphichelpers/object{pauser,resumer,restarter}.go: for each object,
 * the helper's patch (or its refusal, reported as
 * `error: deployments.apps "my-api" is already paused` after the others are
 * done), a strategic merge patch with fieldManager kubectl-rollout, and the
 * name printer's `deployment.apps/my-api paused`.
 */
import type { KubeObject } from "@kubesim/api";
import type { CommandContext, KubectlCommand } from "../../../cli/command.js";
import { aggregate, KubectlError } from "../../../cli/errors.js";
import { managedWrite } from "../../../cli/write-options.js";
import { goQuote } from "../../../printers/go-format.js";
import { kindString, nameLine, resourceString } from "../../../printers/name.js";
import { noResourcesFound } from "../../../cli/output.js";
import { resolveTargets } from "../shared/targets.js";

/** A helper's answer: the patch to send (undefined: nothing to change), or why not. */
export interface RolloutPatch {
  readonly patch?: unknown;
  readonly error?: string;
}

export interface RolloutPatcher {
  readonly path: readonly [string, string];
  readonly short: string;
  readonly usage: string;
  /** Decides the patch for one object (kind, object). */
  readonly patchFor: (ctx: CommandContext, kind: string, obj: KubeObject) => RolloutPatch;
  /** The name printer's operation after a patch ("paused"). */
  readonly done: string;
  /** The error when the helper changed nothing ("already resumed"), or undefined to report it as done. */
  readonly unchanged: (name: string) => { readonly print?: string; readonly error?: string };
}

export function rolloutPatchCommand(p: RolloutPatcher): KubectlCommand {
  return {
    path: p.path,
    short: p.short,
    usage: p.usage,
    flags: [
      {
        name: "selector",
        short: "l",
        type: "string",
        default: "",
        usage: "Selector (label query).",
      },
      { name: "field-manager", type: "string", default: "kubectl-rollout" },
    ],
    run(ctx: CommandContext): number {
      if (ctx.args.length === 0) throw new KubectlError("required resource not specified");
      const targets = resolveTargets(ctx, ctx.args, ctx.flags.string("selector"));
      if (targets.length === 0) {
        ctx.out.error(noResourcesFound(ctx.namespace));
        return 0;
      }
      const errors: Error[] = [];
      for (const t of targets) {
        const decided = p.patchFor(ctx, t.info.kind, t.object);
        if (decided.patch === undefined && decided.error !== undefined) {
          errors.push(
            new Error(`error: ${resourceString(t.info)} ${goQuote(t.name)} ${decided.error}`),
          );
          continue;
        }
        if (decided.patch === undefined) {
          const u = p.unchanged(t.name);
          if (u.error !== undefined) errors.push(new Error(u.error));
          else ctx.out.write(nameLine(kindString(t.info), t.name, u.print ?? ""));
          continue;
        }
        try {
          ctx.cluster.apiserver.patch(
            t.info.kind as "Deployment",
            t.namespace,
            t.name,
            "strategic",
            decided.patch,
            managedWrite(ctx),
          );
        } catch (e) {
          errors.push(new Error(`failed to patch: ${(e as Error).message}`));
          continue;
        }
        ctx.out.write(nameLine(kindString(t.info), t.name, p.done));
      }
      // utilerrors.NewAggregate(allErrs), printed by CheckErr
      const failed = aggregate(errors);
      if (failed !== undefined) throw failed;
      return 0;
    },
  };
}
