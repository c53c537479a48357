/**
 * `kubectl get -w` and `--watch-only`: GetOptions.watch of
 * staging/src/k8s.io/kubectl/pkg/cmd/get/get.go, over virtual time.
 *
 * One kind only. A list prints as usual (unless --watch-only), then the watch
 * starts from the list's resourceVersion and every event prints one more row
 * (or object) under it, aligned with the first table; a single named object
 * is watched from resourceVersion 0, whose first (synthetic ADDED) event is
 * not printed. `--output-watch-events` adds the EVENT column (ADDED for what
 * was listed). The command advances the cluster's clock and returns once
 * nothing was printed for `host.stream.quiet` (30 s) or after
 * `host.stream.max` (10 min) in all.
 */
import {
  isApiError,
  type KindName,
  type KubeObject,
  type WatchEvent,
  type WatchHandle,
} from "@kubesim/api";
import type { CommandContext } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import { runStream } from "../../cli/stream.js";
import { HumanReadablePrinter } from "../../printers/table-printer.js";
import { TabWriter } from "../../printers/tabwriter.js";
import { fetchInfos, requestNamespace, requestsFor } from "./fetch.js";
import type { GetOptions } from "./get-options.js";
import { genericPrinter, WatchEventObject, type ResourcePrinter } from "./output-printers.js";
import { sortField, sortTableRows } from "./sorter.js";
import { tableOf } from "./tables.js";

export function watch(ctx: CommandContext, o: GetOptions): number {
  const { requests } = requestsFor(ctx.args, o);
  if (new Set(requests.map((r) => r.kind.kind)).size > 1)
    throw new KubectlError("you may only specify a single resource type");
  const { infos, errors } = fetchInfos(ctx, requests, o);
  if (errors.length > 0) {
    const e = errors[0];
    if (isApiError(e) && e.reason === "NotFound" && o.ignoreNotFound) return 0;
    throw e;
  }
  if (infos.length === 0) return 0; // ignored NotFound
  const kind = infos[0]!.kind;
  // r.Object(): one named object alone, else a List of what was fetched
  const isList = requests.length > 1 || requests[0]!.name === undefined;
  const loop = ctx.cluster.loop;

  const writer = new TabWriter((t) => ctx.out.write(t));
  let outputObjects = !o.watchOnly;
  let human: HumanReadablePrinter | undefined;
  let generic: ResourcePrinter | undefined;
  if (o.humanReadable) {
    human = new HumanReadablePrinter({
      noHeaders: o.noHeaders,
      wide: o.output === "wide",
      withNamespace: o.allNamespaces,
      withKind: o.showKind,
      kind: "",
      showLabels: o.showLabels,
      columnLabels: o.columnLabels,
    });
  } else {
    generic = genericPrinter(ctx, o);
  }

  const printObjects = (
    objects: readonly KubeObject[],
    eventType: string | undefined,
    sort: boolean,
  ) => {
    if (!outputObjects) return;
    if (human !== undefined) {
      const table = tableOf(kind, objects, loop.now(), o.serverPrint);
      const rows =
        sort && o.sortBy !== "" && table.rows.length > 1
          ? sortTableRows(table.rows, sortField(o.sortBy))
          : table.rows;
      human.printTable(
        { columnDefinitions: table.columnDefinitions, rows },
        writer,
        o.outputWatchEvents ? eventType : undefined,
      );
      return;
    }
    // each object is printed alone, so the sorting printer has no list to sort
    for (const obj of objects) {
      generic!.printObj(
        o.outputWatchEvents && eventType !== undefined ? new WatchEventObject(eventType, obj) : obj,
        writer,
      );
    }
  };

  // the current state: one table (a list's rows, or the named objects), or each object
  const current = infos.flatMap((i) => [...i.objects]);
  printObjects(current, "ADDED", true);
  writer.flush();
  if (requests.length > 1)
    throw new KubectlError("you may only watch a single resource or type of resource at a time");
  // a list's watch starts after it; a single object's watch begins with a synthetic ADDED
  outputObjects = isList;

  const info = infos[0]!;
  const namespace = requestNamespace(kind, o);
  const fieldSelector = [
    ...(info.name === undefined ? [] : [`metadata.name=${info.name}`]),
    ...(o.fieldSelector === "" ? [] : [o.fieldSelector]),
  ].join(",");
  let lastOutput = loop.now();
  let failure: unknown;
  const handle: WatchHandle = ctx.cluster.apiserver.watch(
    kind.kind as KindName,
    {
      ...(namespace === undefined ? {} : { namespace }),
      ...(o.labelSelector === "" ? {} : { labelSelector: o.labelSelector }),
      ...(fieldSelector === "" ? {} : { fieldSelector }),
      resourceVersion: isList ? info.resourceVersion : "0",
    },
    (event: WatchEvent<KubeObject>) => {
      if (failure !== undefined) return;
      if (event.type === "BOOKMARK") return;
      if (event.type === "ERROR") {
        failure = new KubectlError(event.object.message ?? "watch error");
        return;
      }
      const before = outputObjects;
      try {
        printObjects([event.object as KubeObject], event.type, false);
      } catch (e) {
        failure = e;
      }
      writer.flush();
      outputObjects = true;
      if (before) lastOutput = loop.now();
    },
  );
  try {
    runStream(ctx, { done: () => failure !== undefined, lastOutput: () => lastOutput });
    if (failure !== undefined) throw failure;
  } finally {
    handle.stop();
  }
  return 0;
}
