/**
 * The table of `kubectl events`: LAST SEEN, TYPE, REASON, OBJECT (Kind/name),
 * MESSAGE, with a NAMESPACE column first for --all-namespaces; the header is
 * printed once, with the first event, and columns keep their widths as more
 * events are printed (--watch).
 * Mirrors staging/src/k8s.io/kubectl/pkg/cmd/events/event_printer.go
 * (EventPrinter, getInterval) and events.go (SortableEvents, eventTime),
 * printed through cli-runtime's GetNewTabWriter.
 */
import type { Millis } from "kubesim";
import type { Event } from "kubernetes-types/core/v1";
import { parseTimestamp } from "../printers/timestamp.js";
import { eventInterval } from "./events.js";
import { escapeTerminal } from "./prefix-writer.js";
import { TabWriter } from "../printers/tabwriter.js";

/** eventTime: series.lastObservedTime, else lastTimestamp when set, else eventTime. */
function eventTime(e: Event): number {
  const t =
    e.series != null
      ? parseTimestamp(e.series.lastObservedTime ?? undefined)
      : (parseTimestamp(e.lastTimestamp ?? undefined) ?? parseTimestamp(e.eventTime ?? undefined));
  return t ?? Number.MIN_SAFE_INTEGER;
}

/** SortableEvents (kubectl events): by eventTime, oldest first; stable among equals. */
export function sortEvents(events: readonly Event[]): Event[] {
  return [...events].sort((a, b) => eventTime(a) - eventTime(b));
}

export interface EventPrinterOptions {
  readonly noHeaders?: boolean;
  readonly allNamespaces?: boolean;
}

/** One `kubectl events` output: call print() per batch; each returns its aligned text. */
export class EventPrinter {
  private readonly tw = TabWriter.forTables();
  private headersPrinted = false;

  constructor(private readonly options: EventPrinterOptions = {}) {}

  print(events: readonly Event[], now: Millis): string {
    if (this.options.noHeaders !== true && !this.headersPrinted) {
      this.tw.write(
        `${this.options.allNamespaces === true ? "NAMESPACE\t" : ""}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`,
      );
      this.headersPrinted = true;
    }
    for (const e of events) {
      if (this.options.allNamespaces === true) this.tw.write(`${e.metadata?.namespace ?? ""}\t`);
      const o = e.involvedObject;
      this.tw.write(
        `${eventInterval(e, now)}\t${escapeTerminal(e.type ?? "")}\t${escapeTerminal(e.reason ?? "")}\t` +
          `${escapeTerminal(o.kind ?? "")}/${escapeTerminal(o.name ?? "")}\t` +
          `${escapeTerminal((e.message ?? "").trim())}\n`,
      );
    }
    return this.tw.take();
  }
}
