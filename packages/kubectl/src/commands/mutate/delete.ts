/**
 * `kubectl delete`: staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go and
 * delete_flags.go. TYPE NAME..., TYPE/NAME..., -f, -l, --all, --cascade,
 * --grace-period, --now, --force, --dry-run, -o name. Each object is deleted
 * and `pod "web-1" deleted` printed at once; then, as kubectl waits for
 * deletion by default (--wait=true), the virtual clock runs until every
 * deleted object is gone (a pod: once its kubelet has stopped it), or until
 * --timeout.
 */
import { kindString } from "../../printers/name.js";
import {
  isNotFound,
  type DeleteOptions,
  type KindName,
  type PropagationPolicy,
} from "@kubesim/api";
import { addSourceToErr } from "kubesim";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { Aggregate, KubectlError, runChecked } from "../../cli/errors.js";
import { parseGoDuration } from "../../cli/flags.js";
import { filenameFlags, filenamesOf, readFilenames } from "./filenames.js";
import { dryRunFlag, dryRunOf, type DryRunStrategy } from "./printing.js";
import { selectTargets, type Target } from "./resources.js";

/** The wait when --timeout is 0: "forever", which kubectl takes as a week. */
const WAIT_FOREVER = 168 * 3_600_000;

/** parseCascadingFlag (booleans are the deprecated spellings, with kubectl's warning). */
function cascadeOf(ctx: CommandContext): PropagationPolicy {
  const v = ctx.flags.string("cascade");
  const t = ["1", "t", "T", "true", "TRUE", "True"];
  const f = ["0", "f", "F", "false", "FALSE", "False"];
  if (t.includes(v) || f.includes(v)) {
    const to = t.includes(v) ? "background" : "orphan";
    ctx.out.error(
      `warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=${to}.\n`,
    );
    return t.includes(v) ? "Background" : "Orphan";
  }
  if (v === "orphan") return "Orphan";
  if (v === "foreground") return "Foreground";
  if (v === "background") return "Background";
  throw new KubectlError(
    `invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`,
  );
}

interface Plan {
  readonly gracePeriod: number;
  readonly cascade: PropagationPolicy;
  readonly dryRun: DryRunStrategy;
  readonly output: string;
}

/** Complete and Validate: the grace period rules and the flag conflicts. */
function plan(ctx: CommandContext): Plan {
  const cascade = cascadeOf(ctx);
  let grace = ctx.flags.int("grace-period");
  const force = ctx.flags.bool("force");
  if (ctx.flags.bool("now")) {
    if (grace !== -1)
      throw new KubectlError("--now and --grace-period cannot be specified together");
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  const dryRun = dryRunOf(ctx);
  const output = ctx.flags.string("output");
  if (output !== "" && output !== "name")
    throw new KubectlError(`unexpected -o output mode: ${output}. We only support '-o name'`);
  if (ctx.flags.bool("all") && ctx.flags.string("selector") !== "")
    throw new KubectlError("cannot set --all and --selector at the same time");
  if (ctx.flags.bool("all") && ctx.flags.string("field-selector") !== "")
    throw new KubectlError("cannot set --all and --field-selector at the same time");
  if (grace === 0 && force)
    ctx.out.error(
      "warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
    );
  else if (grace > 0 && force)
    throw new KubectlError(
      "--force and --grace-period greater than 0 cannot be specified together",
    );
  return { gracePeriod: grace, cascade, dryRun, output };
}

function printDeleted(ctx: CommandContext, t: Target, p: Plan): void {
  const kind = kindString(t.info);
  if (p.output === "name") {
    ctx.out.line(`${kind}/${t.name}`);
    return;
  }
  let op = p.gracePeriod === 0 ? "force deleted" : "deleted";
  if (p.dryRun === "client") op += " (dry run)";
  if (p.dryRun === "server") op += " (server dry run)";
  ctx.out.line(`${kind} "${t.name}" ${op}`);
}

export const deleteCommand: KubectlCommand = {
  path: ["delete"],
  short:
    "Delete resources by file names, stdin, resources and names, or by resources and label selector",
  usage:
    "Usage:\n  kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
  flags: [
    ...filenameFlags("containing the resource to delete."),
    dryRunFlag,
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "field-selector", type: "string", default: "" },
    { name: "all", type: "bool", default: false },
    { name: "all-namespaces", short: "A", type: "bool", default: false },
    { name: "cascade", type: "string", default: "background", noOptDefault: "background" },
    { name: "force", type: "bool", default: false },
    { name: "grace-period", type: "int", default: -1 },
    { name: "now", type: "bool", default: false },
    { name: "ignore-not-found", type: "bool", default: false },
    { name: "wait", type: "bool", default: true },
    { name: "timeout", type: "duration", default: "0s" },
    { name: "output", short: "o", type: "string", default: "" },
    { name: "kustomize", short: "k", type: "string", default: "" },
  ],
  run(ctx) {
    return runChecked(ctx, () => {
      const p = plan(ctx);
      const client = ctx.cluster.apiserver;
      const filenames = filenamesOf(ctx);
      const files =
        filenames.length === 0
          ? undefined
          : readFilenames(ctx.host, filenames, ctx.flags.bool("recursive"));
      const selector = ctx.flags.string("selector");
      const fieldSelector = ctx.flags.string("field-selector");
      const all = ctx.flags.bool("all");
      const ignoreNotFound = ctx.flags.changed("ignore-not-found")
        ? ctx.flags.bool("ignore-not-found")
        : all || selector !== "" || fieldSelector !== "";
      const { targets, errors } = selectTargets(ctx, {
        args: ctx.args,
        selector,
        fieldSelector,
        all,
        allNamespaces: ctx.flags.bool("all-namespaces"),
        ...(files === undefined ? {} : { files }),
      });
      const errs: unknown[] = [...errors];
      const deleted: { target: Target; uid: string | undefined }[] = [];
      let found = 0;
      for (const t of targets) {
        found++;
        if (p.dryRun === "client") {
          printDeleted(ctx, t, p);
          continue;
        }
        const options: DeleteOptions = {
          ...(p.gracePeriod >= 0 ? { gracePeriodSeconds: p.gracePeriod } : {}),
          propagationPolicy: p.cascade,
          ...(p.dryRun === "server" ? { dryRun: true } : {}),
        };
        try {
          const r = client.delete(
            t.info.kind as KindName,
            t.namespace || undefined,
            t.name,
            options,
          );
          printDeleted(ctx, t, p);
          deleted.push({ target: t, uid: r.object.metadata?.uid });
        } catch (e) {
          if (ignoreNotFound && isNotFound(e)) continue;
          errs.push(addSourceToErr("deleting", t.source, e));
        }
      }
      if (errs.length === 1) throw errs[0];
      if (errs.length > 1) throw new Aggregate(errs);
      if (found === 0) {
        ctx.out.line("No resources found");
        return 0;
      }
      if (!ctx.flags.bool("wait") || p.dryRun !== "none") return 0;
      return waitForDeletion(ctx, deleted);
    });
  },
};

/**
 * cmdwait with IsDeleted: runs the virtual clock until each deleted object is
 * gone (or replaced by one with another uid), at most --timeout.
 */
function waitForDeletion(
  ctx: CommandContext,
  deleted: readonly { target: Target; uid: string | undefined }[],
): number {
  const client = ctx.cluster.apiserver;
  const timeoutText = ctx.flags.string("timeout");
  const timeout = parseGoDuration(timeoutText) ?? 0;
  const gone = (d: { target: Target; uid: string | undefined }) => {
    try {
      const o = client.get(
        d.target.info.kind as KindName,
        d.target.namespace || undefined,
        d.target.name,
      );
      return d.uid !== undefined && o.metadata?.uid !== d.uid;
    } catch (e) {
      if (isNotFound(e)) return true;
      throw e;
    }
  };
  const budget = timeout === 0 ? WAIT_FOREVER : timeout;
  const done = ctx.cluster.loop.runUntil(() => deleted.every(gone), { timeout: budget });
  if (done) return 0;
  const pending = deleted.filter((d) => !gone(d));
  const errs = pending.map(
    (d) =>
      new KubectlError(
        `timed out waiting for the condition on ${d.target.info.plural}/${d.target.name}`,
      ),
  );
  throw errs.length === 1 ? errs[0] : new Aggregate(errs);
}
