/**
 * `kubectl events [--for TYPE/NAME] [--types=Normal,Warning] [-A] [-w]`:
 * the namespace's events, oldest first, as a LAST SEEN / TYPE / REASON /
 * OBJECT / MESSAGE table; with --watch, the events the watch delivers
 * (those that exist first, then new and updated ones) as they happen on the
 * virtual clock.
 * Mirrors staging/src/k8s.io/kubectl/pkg/cmd/events/events.go (EventsFlags,
 * EventsOptions.Validate/Run/runWatch, filteredEventType,
 * decodeResourceTypeName).
 */
import { apiVersionOf, type KindInfo } from "@kubesim/api";
import type { Event } from "kubernetes-types/core/v1";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import { resolveKind } from "../../cli/resources.js";
import { EventPrinter, sortEvents } from "../../describe/event-printer.js";
import { runStream } from "../../cli/stream.js";

interface ForObject {
  readonly info: KindInfo;
  readonly name: string;
}

/** decodeResourceTypeName: `pod/web` → the kind and name; undefined without a slash. */
function decodeFor(s: string): ForObject | undefined {
  if (!s.includes("/")) return undefined;
  const seg = s.split("/");
  if (seg.length !== 2)
    throw new KubectlError("arguments in resource/name form may not have more than one slash");
  return { info: resolveKind(seg[0]!.toLowerCase()), name: seg[1]! };
}

function run(ctx: CommandContext): number {
  const allNamespaces = ctx.flags.bool("all-namespaces");
  const types = [
    ...new Set(
      ctx.flags
        .strings("types")
        .flatMap((t) => t.split(","))
        .filter((t) => t !== ""),
    ),
  ].sort();
  let forObject: ForObject | undefined;
  const forArg = ctx.flags.string("for");
  if (forArg !== "") {
    forObject = decodeFor(forArg);
    if (forObject === undefined) throw new KubectlError("--for must be in resource/name form");
  }
  for (const t of types)
    if (t.toLowerCase() !== "normal" && t.toLowerCase() !== "warning")
      throw new KubectlError("valid --types are Normal or Warning");

  const wanted = (e: Event): boolean => {
    if (types.length > 0 && !types.some((t) => t.toLowerCase() === (e.type ?? "").toLowerCase()))
      return false;
    if (forObject === undefined) return true;
    const o = e.involvedObject;
    return (
      o.kind === forObject.info.kind &&
      o.apiVersion === apiVersionOf(forObject.info) &&
      o.name === forObject.name
    );
  };
  const namespace = allNamespaces ? undefined : ctx.namespace;
  const printer = new EventPrinter({
    noHeaders: ctx.flags.bool("no-headers"),
    allNamespaces,
  });
  const api = ctx.cluster.apiserver;
  const loop = ctx.cluster.loop;

  if (ctx.flags.bool("watch")) {
    let last = loop.now();
    const handle = api.watch("Event", namespace === undefined ? {} : { namespace }, (ev) => {
      if (ev.type !== "ADDED" && ev.type !== "MODIFIED") return;
      const e = ev.object as Event;
      if (!wanted(e)) return;
      ctx.out.write(printer.print([e], loop.now()));
      last = loop.now();
    });
    try {
      runStream(ctx, { done: () => false, lastOutput: () => last });
    } finally {
      handle.stop();
    }
    return 0;
  }

  const events = api
    .list("Event", namespace === undefined ? {} : { namespace })
    .items.filter(wanted);
  if (events.length === 0) {
    ctx.out.error(
      allNamespaces ? "No events found.\n" : `No events found in ${ctx.namespace} namespace.\n`,
    );
    return 0;
  }
  ctx.out.write(printer.print(sortEvents(events), loop.now()));
  return 0;
}

export const eventsCommand: KubectlCommand = {
  path: ["events"],
  short: "List events",
  usage: [
    "Display events.",
    "",
    "Prints a table of the most important information about events. You can request events for a",
    "namespace, for all namespaces, or filtered to only those pertaining to a specified resource.",
    "With --watch, kubesim runs the virtual clock and prints events as they happen; it stops after",
    "30s of virtual time without a new event (or 10m in all).",
    "",
    "Usage:",
    "  kubectl events [--for TYPE/NAME] [--watch] [--types=Normal,Warning] [options]",
    "",
    "Examples:",
    "  kubectl events",
    "  kubectl events --all-namespaces",
    "  kubectl events --for pod/web-pod-13je7 --watch",
    "  kubectl events --types=Warning,Normal",
  ].join("\n"),
  flags: [
    { name: "watch", short: "w", type: "bool", default: false },
    { name: "all-namespaces", short: "A", type: "bool", default: false },
    { name: "for", type: "string", default: "" },
    { name: "types", type: "stringArray" },
    { name: "no-headers", type: "bool", default: false },
    { name: "chunk-size", type: "int", default: 500 },
  ],
  run,
};
