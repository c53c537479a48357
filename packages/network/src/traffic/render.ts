/**
 * A traffic summary as text, for lessons and the CLI: the outcomes with
 * their reason phrases, the serving images, and latency percentiles.
 */
import { formatDuration, type Millis } from "@kubesim/sim";
import type { TrafficSummary } from "./summary.js";

const reasons: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  301: "Moved Permanently",
  302: "Found",
  304: "Not Modified",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const errorLabels: Readonly<Record<string, string>> = {
  refused: "connection refused",
  "unknown-host": "could not resolve host",
  timeout: "timed out",
  unreachable: "no answer (unreachable)",
};

/** "200 OK", "503 Service Unavailable", "connection refused". */
export function outcomeLabel(outcome: string): string {
  if (/^\d+$/.test(outcome)) {
    const reason = reasons[Number(outcome)];
    return reason === undefined ? outcome : `${outcome} ${reason}`;
  }
  return errorLabels[outcome] ?? outcome;
}

function ms(x: Millis): string {
  return Number.isInteger(x) ? `${x}ms` : `${x.toFixed(1)}ms`;
}

function pct(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(1)}%`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
        .join("   ")
        .trimEnd(),
    )
    .join("\n");
}

/** The summary as a few lines of text; `title` heads it. */
export function renderTrafficSummary(s: TrafficSummary, title?: string): string {
  const lines: string[] = [];
  if (title !== undefined) lines.push(title);
  const span = s.first === undefined || s.last === undefined ? 0 : s.last - s.first;
  lines.push(
    `sent ${s.sent} over ${formatDuration(span)}: ${s.succeeded} succeeded, ` +
      `${s.failed} failed (${pct(s.failed, s.sent)})`,
  );
  if (s.byOutcome.length > 0) {
    lines.push("");
    lines.push(
      table([
        ["OUTCOME", "COUNT"],
        ...s.byOutcome.map((o) => [outcomeLabel(o.outcome), String(o.count)]),
      ]),
    );
  }
  if (s.byImage.length > 0) {
    lines.push("");
    lines.push(
      table([
        ["IMAGE", "SERVED", "OK", "FAILED"],
        ...s.byImage.map((i) => [i.image, String(i.count), String(i.succeeded), String(i.failed)]),
      ]),
    );
  }
  if (s.latency !== undefined) {
    const l = s.latency;
    lines.push("");
    lines.push(
      `latency: min ${ms(l.min)}  p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p99 ${ms(l.p99)}  max ${ms(l.max)}`,
    );
  }
  return lines.join("\n") + "\n";
}
