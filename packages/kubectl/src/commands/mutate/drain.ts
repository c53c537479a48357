/**
 * `kubectl drain NODE`: staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go
 * (RunDrain) with kubectl/pkg/drain (drain.go GetPodsForDeletion,
 * DeleteOrEvictPods, evictPods, waitForDelete; filters.go). The node is
 * cordoned, its pods pass kubectl's filters (DaemonSet-managed, mirror,
 * local storage, no controller), each is evicted through the eviction
 * subresource (`evicting pod default/web-1`), and the virtual clock runs,
 * polled every second as kubectl polls, until each is gone (`pod/web-1
 * evicted`); then `node/node-1 drained`. --timeout bounds the whole wait.
 *
 * The cluster's NodePool.drain does the cordon and the evictions in one call
 * without kubectl's output or waiting; this command talks to the API itself
 * so that it prints what kubectl prints, in order, over virtual time.
 */
import { isNotFound, type ApiError } from "@kubesim/api";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { formatDuration } from "kubesim";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { Aggregate, KubectlError, runChecked } from "../../cli/errors.js";
import { parseGoDuration } from "../../cli/flags.js";
import { cordonOrUncordon, nodesOf } from "./cordon.js";
import { dryRunFlag, dryRunOf, type DryRunStrategy } from "./printing.js";

type Status =
  | { readonly delete: true; readonly warning?: string }
  | { readonly delete: false; readonly error?: string; readonly warning?: string };

const daemonSetFatal = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
const daemonSetWarning = "ignoring DaemonSet-managed Pods";
const localStorageFatal = "Pods with local storage (use --delete-emptydir-data to override)";
const localStorageWarning = "deleting Pods with local storage";
const unmanagedFatal = "Pods declare no controller (use --force to override)";
const unmanagedWarning = "deleting Pods that declare no controller";

interface Options {
  readonly force: boolean;
  readonly ignoreDaemonSets: boolean;
  readonly deleteEmptyDirData: boolean;
  readonly gracePeriod: number;
  /** 0: wait forever. */
  readonly timeout: number;
  readonly timeoutText: string;
  readonly podSelector: string;
  readonly disableEviction: boolean;
  readonly dryRun: DryRunStrategy;
}

const finished = (p: Pod) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
const controllerOf = (p: Pod) => p.metadata?.ownerReferences?.find((o) => o.controller === true);

/** The filters of makeFilters, in order; a pod stops at the first that keeps it. */
function filter(p: Pod, o: Options): Status {
  const filters: ((p: Pod) => Status)[] = [
    // daemonSetFilter
    (p) => {
      const ref = controllerOf(p);
      if (ref === undefined || ref.kind !== "DaemonSet" || finished(p)) return { delete: true };
      if (!o.ignoreDaemonSets) return { delete: false, error: daemonSetFatal };
      return { delete: false, warning: daemonSetWarning };
    },
    // mirrorPodFilter
    (p) =>
      p.metadata?.annotations?.["kubernetes.io/config.mirror"] !== undefined
        ? { delete: false }
        : { delete: true },
    // localStorageFilter
    (p) => {
      const local = (p.spec?.volumes ?? []).some((v) => v.emptyDir !== undefined);
      if (!local || finished(p)) return { delete: true };
      if (!o.deleteEmptyDirData) return { delete: false, error: localStorageFatal };
      return { delete: true, warning: localStorageWarning };
    },
    // unreplicatedFilter
    (p) => {
      if (finished(p) || controllerOf(p) !== undefined) return { delete: true };
      if (o.force) return { delete: true, warning: unmanagedWarning };
      return { delete: false, error: unmanagedFatal };
    },
  ];
  let status: Status = { delete: true };
  for (const f of filters) {
    status = f(p);
    if (!status.delete) break;
  }
  return status;
}

const key = (p: Pod) => `${p.metadata?.namespace ?? ""}/${p.metadata?.name ?? ""}`;

/** Messages grouped as PodDeleteList.errors() and Warnings() group them (first-seen order). */
function grouped(entries: readonly [string, Pod][]): [string, string[]][] {
  const m = new Map<string, string[]>();
  for (const [msg, p] of entries) m.set(msg, [...(m.get(msg) ?? []), key(p)]);
  return [...m];
}

/** GetPodsForDeletion: the pods to evict, the warning line, and the errors that stop the drain. */
function podsForDeletion(ctx: CommandContext, node: string, o: Options) {
  const list = ctx.cluster.apiserver.list("Pod", {
    fieldSelector: `spec.nodeName=${node}`,
    ...(o.podSelector === "" ? {} : { labelSelector: o.podSelector }),
  }).items;
  const pods: Pod[] = [];
  const warnings: [string, Pod][] = [];
  const errors: [string, Pod][] = [];
  for (const p of list) {
    const s = filter(p, o);
    if (s.delete) pods.push(p);
    if (s.warning !== undefined) warnings.push([s.warning, p]);
    if (!s.delete && s.error !== undefined) errors.push([s.error, p]);
  }
  return {
    pods,
    warnings: grouped(warnings)
      .map(([m, ps]) => `${m}: ${ps.join(", ")}`)
      .join("; "),
    errors: grouped(errors).map(
      ([m, ps]) => new KubectlError(`cannot delete ${m}: ${ps.join(", ")}`),
    ),
  };
}

/** evictPods (or deletePods with --disable-eviction), then waitForDelete over virtual time. */
function evictAndWait(ctx: CommandContext, pods: readonly Pod[], o: Options): unknown[] {
  const client = ctx.cluster.apiserver;
  const verb = o.disableEviction ? "deleting" : "evicting";
  const errs: unknown[] = [];
  const pending: Pod[] = [];
  for (const p of pods) {
    const ns = p.metadata?.namespace ?? "default";
    const name = p.metadata?.name ?? "";
    ctx.out.write(`${verb} pod ${ns}/${name}${o.dryRun === "server" ? " (server dry run)" : ""}\n`);
    const deleteOptions = o.gracePeriod >= 0 ? { gracePeriodSeconds: o.gracePeriod } : undefined;
    try {
      if (o.disableEviction)
        client.delete("Pod", ns, name, {
          ...(deleteOptions ?? {}),
          ...(o.dryRun === "server" ? { dryRun: true } : {}),
        });
      else
        client.evict(
          ns,
          {
            apiVersion: "policy/v1",
            kind: "Eviction",
            metadata: { name, namespace: ns },
            ...(deleteOptions === undefined ? {} : { deleteOptions }),
          },
          o.dryRun === "server" ? { dryRun: true } : {},
        );
    } catch (e) {
      if (isNotFound(e)) continue;
      errs.push(
        new KubectlError(
          `error when ${verb} pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)}: ${(e as ApiError).message}`,
        ),
      );
      continue;
    }
    if (o.dryRun !== "server") pending.push(p);
  }
  const done = o.disableEviction ? "deleted" : "evicted";
  const start = ctx.cluster.loop.now();
  let waiting = [...pending];
  for (;;) {
    waiting = waiting.filter((p) => {
      let gone: boolean;
      try {
        gone =
          client.get("Pod", p.metadata?.namespace, p.metadata?.name ?? "").metadata?.uid !==
          p.metadata?.uid;
      } catch (e) {
        if (!isNotFound(e)) throw e;
        gone = true;
      }
      if (gone) ctx.out.write(`pod/${p.metadata?.name ?? ""} ${done}\n`);
      return !gone;
    });
    if (waiting.length === 0) break;
    if (o.timeout > 0 && ctx.cluster.loop.now() - start >= o.timeout) {
      for (const p of waiting)
        errs.push(
          new KubectlError(
            `error when waiting for pod ${JSON.stringify(p.metadata?.name ?? "")} in namespace ${JSON.stringify(p.metadata?.namespace ?? "")} to terminate: global timeout reached: ${o.timeoutText}`,
          ),
        );
      break;
    }
    ctx.cluster.loop.advance(1000);
  }
  return errs;
}

export const drainCommand: KubectlCommand = {
  path: ["drain"],
  short: "Drain node in preparation for maintenance",
  usage: "Usage:\n  kubectl drain NODE [options]",
  flags: [
    dryRunFlag,
    { name: "force", type: "bool", default: false },
    { name: "ignore-daemonsets", type: "bool", default: false },
    { name: "delete-emptydir-data", type: "bool", default: false },
    { name: "delete-local-data", type: "bool", default: false },
    { name: "grace-period", type: "int", default: -1 },
    { name: "timeout", type: "duration", default: "0s" },
    { name: "pod-selector", type: "string", default: "" },
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "disable-eviction", type: "bool", default: false },
    { name: "ignore-errors", type: "bool", default: false },
    { name: "skip-wait-for-delete-timeout", type: "int", default: 0 },
    { name: "chunk-size", type: "int", default: 500 },
  ],
  run(ctx) {
    return runChecked(ctx, () => {
      const dryRun = dryRunOf(ctx);
      const timeoutText = ctx.flags.string("timeout");
      const timeout = parseGoDuration(timeoutText) ?? 0;
      const o: Options = {
        force: ctx.flags.bool("force"),
        ignoreDaemonSets: ctx.flags.bool("ignore-daemonsets"),
        deleteEmptyDirData:
          ctx.flags.bool("delete-emptydir-data") || ctx.flags.bool("delete-local-data"),
        gracePeriod: ctx.flags.int("grace-period"),
        timeout,
        timeoutText: formatDuration(timeout),
        podSelector: ctx.flags.string("pod-selector"),
        disableEviction: ctx.flags.bool("disable-eviction"),
        dryRun,
      };
      if (ctx.flags.bool("delete-local-data"))
        ctx.out.error(
          "Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n",
        );
      let nodes: Node[];
      try {
        nodes = nodesOf(ctx);
      } catch (e) {
        if (e instanceof KubectlError && e.message === "USAGE_ERROR")
          throw new KubectlError(
            "USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples",
          );
        throw e;
      }
      for (const n of nodes) cordonOrUncordon(ctx, n, true, dryRun);
      const drained = new Set<string>();
      for (const n of nodes) {
        const name = n.metadata?.name ?? "";
        const err = drainOne(ctx, name, o);
        if (err === undefined) {
          drained.add(name);
          ctx.out.write(
            `node/${name} drained${dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : ""}\n`,
          );
          continue;
        }
        if (ctx.flags.bool("ignore-errors") && nodes.length > 1) {
          ctx.out.error(
            `error: unable to drain node ${JSON.stringify(name)} due to error:${(err as Error).message}, continuing command...\n`,
          );
          continue;
        }
        ctx.out.error(
          `error: unable to drain node ${JSON.stringify(name)}, aborting command...\n\n`,
        );
        const remaining = nodes.map((x) => x.metadata?.name ?? "").filter((x) => !drained.has(x));
        if (remaining.length > 0)
          ctx.out.error(
            `There are pending nodes to be drained:\n${remaining.map((r) => ` ${r}\n`).join("")}`,
          );
        throw err;
      }
      return 0;
    });
  },
};

/** deleteOrEvictPodsSimple for one node: undefined when drained, else the error that stopped it. */
function drainOne(ctx: CommandContext, node: string, o: Options): unknown {
  const { pods, warnings, errors } = podsForDeletion(ctx, node, o);
  if (errors.length > 0) return new Aggregate(errors);
  if (warnings !== "") ctx.out.error(`Warning: ${warnings}\n`);
  if (o.dryRun === "client") {
    for (const p of pods) ctx.out.write(`evicting pod ${key(p)} (dry run)\n`);
    return undefined;
  }
  const errs = evictAndWait(ctx, pods, o);
  if (errs.length === 0) return undefined;
  const left = podsForDeletion(ctx, node, o).pods;
  if (left.length > 0) {
    ctx.out.error(
      `There are pending pods in node ${JSON.stringify(node)} when an error occurred: ${new Aggregate(errs).message}\n`,
    );
    for (const p of left) ctx.out.error(`pod/${p.metadata?.name ?? ""}\n`);
  }
  return new Aggregate(errs);
}
