/**
 * `kubectl get`: Run and printGeneric of staging/src/k8s.io/kubectl/pkg/cmd/get/get.go.
 *
 * Human-readable output (no -o, or -o wide) prints one table per kind, in the
 * order asked, separated by a blank line; names read `kind.group/name` when
 * more than one kind was asked for; "No resources found in default
 * namespace." goes to stderr when nothing printed. Other formats print one
 * object, or a `List` of everything fetched. Errors for single requests
 * (NotFound) print after the output, and the exit code is 1.
 */
import type { KubeObject } from "@kubesim/api";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { Aggregate, checkErr } from "../../cli/errors.js";
import { noResourcesFound } from "../../cli/output.js";
import { HumanReadablePrinter } from "../../printers/table-printer.js";
import { TabWriter } from "../../printers/tabwriter.js";
import { fetchInfos, requestsFor, type Info } from "./fetch.js";
import {
  completeGetOptions,
  getFlags,
  suggestAPIResources,
  type GetOptions,
} from "./get-options.js";
import { genericPrinter } from "./output-printers.js";
import { sortField, sortObjects, sortTableRows } from "./sorter.js";
import { groupKindOf, tableOf, type ObjectTable } from "./tables.js";
import { watch } from "./watch.js";

/** multipleGVKsRequested: more than one kind among the answers. */
const multipleKinds = (infos: readonly Info[]): boolean =>
  infos.length >= 2 && infos.some((i) => i.kind.kind !== infos[0]!.kind.kind);

function runHuman(
  ctx: CommandContext,
  o: GetOptions,
  infos: readonly Info[],
  errors: unknown[],
): void {
  const now = ctx.cluster.loop.now();
  const printWithKind = multipleKinds(infos) || o.showKind;
  const tables: ObjectTable[] = infos.map((info) =>
    tableOf(info.kind, info.objects, now, o.serverPrint),
  );
  if (o.sortBy !== "") {
    const field = sortField(o.sortBy);
    for (let i = 0; i < tables.length; i++) {
      const t = tables[i]!;
      tables[i] = { columnDefinitions: t.columnDefinitions, rows: sortTableRows(t.rows, field) };
    }
  }

  let written = 0;
  let separatorReady = false;
  const w = new TabWriter((text) => {
    if (text === "") return;
    if (separatorReady) {
      ctx.out.write("\n");
      written += 1;
      separatorReady = false;
    }
    written += text.length;
    ctx.out.write(text);
  });
  let allResourcesNamespaced = !o.allNamespaces;
  let printer: HumanReadablePrinter | undefined;
  let lastKind: string | undefined;
  infos.forEach((info, ix) => {
    allResourcesNamespaced = allResourcesNamespaced && info.kind.namespaced;
    if (printer === undefined || lastKind !== info.kind.kind) {
      w.flush();
      w.setRememberedWidths([]);
      if (lastKind !== undefined && !o.noHeaders && written > 0) separatorReady = true;
      printer = new HumanReadablePrinter({
        noHeaders: o.noHeaders,
        wide: o.output === "wide",
        withNamespace: o.allNamespaces && info.kind.namespaced,
        withKind: printWithKind,
        kind: groupKindOf(info.kind),
        showLabels: o.showLabels,
        columnLabels: o.columnLabels,
      });
      lastKind = info.kind.kind;
    }
    printer.printTable(tables[ix]!, w);
  });
  w.flush();
  if (written === 0 && !o.ignoreNotFound && errors.length === 0) {
    ctx.out.error(noResourcesFound(allResourcesNamespaced ? o.namespace : undefined));
  }
}

function runGeneric(
  ctx: CommandContext,
  o: GetOptions,
  infos: readonly Info[],
  errors: unknown[],
  singleItemImplied: boolean,
): void {
  if (errors.length > 0 && singleItemImplied) throw errors[0];
  const objects: KubeObject[] = infos.flatMap((i) => [...i.objects]);
  if (objects.length === 0 && o.ignoreNotFound) return;
  const printer = genericPrinter(ctx, o);
  let obj: unknown;
  if (!singleItemImplied || objects.length !== 1) {
    const items = o.sortBy !== "" && objects.length > 0 ? sortObjects(objects, o.sortBy) : objects;
    obj = { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
  } else {
    obj = objects[0];
  }
  printer.printObj(obj, { write: (t) => ctx.out.write(t) });
}

function run(ctx: CommandContext): number {
  const o = completeGetOptions(ctx);
  if (o.watch || o.watchOnly) return watch(ctx, o);
  const { requests, singleItemImplied } = requestsFor(ctx.args, o);
  const { infos, errors } = fetchInfos(ctx, requests, o);
  if (o.humanReadable) runHuman(ctx, o, infos, errors);
  else runGeneric(ctx, o, infos, errors, singleItemImplied);
  if (errors.length > 0) {
    // get.go returns utilerrors.NewAggregate(allErrs) to CheckErr
    ctx.out.error(checkErr(new Aggregate(errors)));
    return 1;
  }
  return 0;
}

export const getCommand: KubectlCommand = {
  path: ["get"],
  short: "Display one or many resources",
  usage: [
    "Prints a table of the most important information about the specified resources.",
    "You can filter the list using a label selector and the --selector flag. If the",
    "desired resource type is namespaced you will only see results in the current",
    "namespace if you don't specify any namespace.",
    "",
    suggestAPIResources,
    "",
    "Examples:",
    "  # List all pods in ps output format",
    "  kubectl get pods",
    "",
    "  # List all pods in ps output format with more information (such as node name)",
    "  kubectl get pods -o wide",
    "",
    "  # List deployments in JSON output format",
    "  kubectl get deployments -o json",
    "",
    "  # Return only the phase value of the specified pod",
    "  kubectl get pod web-pod-13je7 -o jsonpath={.status.phase}",
    "",
    "  # List resource information in custom columns",
    "  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image",
    "",
    "  # List all replication controllers and services together in ps output format",
    "  kubectl get rc,services",
    "",
    "  # List one or more resources by their type and names",
    "  kubectl get rc/web service/frontend pods/web-pod-13je7",
    "",
    "Usage:",
    "  kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
  ].join("\n"),
  flags: getFlags,
  run,
};
