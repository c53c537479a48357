/**
 * `kubectl cordon NODE` and `kubectl uncordon NODE`: staging/src/k8s.io/
 * kubectl/pkg/cmd/drain/drain.go (RunCordonOrUncordon) with
 * kubectl/pkg/drain/cordon.go (CordonHelper: a strategic merge patch of
 * spec.unschedulable). Prints `node/node-1 cordoned` (or `already
 * cordoned`, `uncordoned`, `already uncordoned`).
 */
import { nameLine } from "../../printers/name.js";
import type { Node } from "kubernetes-types/core/v1";
import { createTwoWayMergePatch } from "kubesim";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { KubectlError, runChecked } from "../../cli/errors.js";
import { kubectlWrite } from "../../cli/write-options.js";
import { thaw, type Json } from "./pod-spec.js";
import { dryRunFlag, dryRunOf, dryRunOperation, type DryRunStrategy } from "./printing.js";

/** The nodes named by the arguments (or a --selector), as the drain command's builder finds them. */
export function nodesOf(ctx: CommandContext): Node[] {
  const selector = ctx.flags.string("selector");
  if (ctx.args.length > 0 && selector !== "")
    throw new KubectlError("error: cannot specify both a node name and a --selector option");
  const client = ctx.cluster.apiserver;
  if (selector !== "") return [...client.list("Node", { labelSelector: selector }).items];
  if (ctx.args.length === 0) throw new KubectlError("USAGE_ERROR");
  return ctx.args.map((a) => {
    const slash = a.indexOf("/");
    const name = slash < 0 ? a : a.slice(slash + 1);
    if (slash >= 0 && !["node", "nodes", "no"].includes(a.slice(0, slash).toLowerCase()))
      throw new KubectlError(
        `error: expected resource of type node, got ${JSON.stringify(a.slice(0, slash))}`,
      );
    return client.get("Node", undefined, name);
  });
}

/**
 * RunCordonOrUncordon for one node: nothing to do prints `already ...`;
 * otherwise the patch is sent (unless a client dry run) and `cordoned` or
 * `uncordoned` printed.
 */
export function cordonOrUncordon(
  ctx: CommandContext,
  node: Node,
  desired: boolean,
  dryRun: DryRunStrategy,
): void {
  const name = node.metadata?.name ?? "";
  const word = desired ? "cordon" : "uncordon";
  if ((node.spec?.unschedulable ?? false) === desired) {
    ctx.out.write(nameLine("node", name, dryRunOperation(`already ${word}ed`, dryRun), false));
    return;
  }
  if (dryRun !== "client") {
    const before = thaw(node) as unknown as Json;
    const after = thaw(before);
    const spec = ((after["spec"] as Json | undefined) ?? (after["spec"] = {})) as Json;
    if (desired) spec["unschedulable"] = true;
    else delete spec["unschedulable"];
    const patch = createTwoWayMergePatch(before, after, { group: "", kind: "Node" });
    try {
      ctx.cluster.apiserver.patch(
        "Node",
        undefined,
        name,
        "strategic",
        patch,
        // CordonHelper sends no fieldManager: the manager is the User-Agent's `kubectl`.
        kubectlWrite(dryRun),
      );
    } catch (e) {
      ctx.out.error(
        `error: unable to ${word} node ${JSON.stringify(name)}: ${(e as Error).message}\n`,
      );
      return;
    }
  }
  ctx.out.write(nameLine("node", name, dryRunOperation(`${word}ed`, dryRun), false));
}

function command(desired: boolean): KubectlCommand {
  const word = desired ? "cordon" : "uncordon";
  return {
    path: [word],
    short: desired ? "Mark node as unschedulable" : "Mark node as schedulable",
    usage: `Usage:\n  kubectl ${word} NODE [options]`,
    flags: [dryRunFlag, { name: "selector", short: "l", type: "string", default: "" }],
    run(ctx) {
      return runChecked(ctx, () => {
        const dryRun = dryRunOf(ctx);
        let nodes: Node[];
        try {
          nodes = nodesOf(ctx);
        } catch (e) {
          if (e instanceof KubectlError && e.message === "USAGE_ERROR")
            throw new KubectlError(
              `USAGE: ${word} NODE [flags]\nSee 'kubectl ${word} -h' for help and examples`,
            );
          throw e;
        }
        for (const n of nodes) cordonOrUncordon(ctx, n, desired, dryRun);
        return 0;
      });
    },
  };
}

export const cordonCommand = command(true);
export const uncordonCommand = command(false);
