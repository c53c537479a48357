/**
 * The rollout timeline: each ReplicaSet's size over virtual time, drawn as
 * text. One row per instant at which a size changed, one column per
 * ReplicaSet (name and image); each cell is a bar of spec.replicas pods, "█"
 * for a ready pod and "░" for one not ready yet, then ready/desired. The last
 * column sums the ready pods, which maxUnavailable keeps from dropping below
 * replicas − maxUnavailable during a rollout (deployment rolling.go).
 */
import { formatDuration, type Millis } from "kubesim";
import type { ReplicaSetSample } from "./recorder.js";

/** A window that ends this long after its last change gets a row at its end. */
const QUIET_ROW: Millis = 60_000;

interface Size {
  readonly desired: number;
  readonly ready: number;
}

interface Row {
  readonly t: Millis;
  readonly sizes: ReadonlyMap<string, Size>;
}

/** Rows for the samples with from <= seq < to, starting from the state at `from`. */
function rows(
  samples: readonly ReplicaSetSample[],
  from: number,
  to: number,
  startT: Millis,
  endT: Millis,
): Row[] {
  const state = new Map<string, Size>();
  for (const s of samples) {
    if (s.seq >= from) break;
    state.set(s.name, { desired: s.desired, ready: s.ready });
  }
  const out: Row[] = [{ t: startT, sizes: new Map(state) }];
  const inWindow = samples.filter((s) => s.seq >= from && s.seq < to);
  for (const [i, s] of inWindow.entries()) {
    state.set(s.name, { desired: s.desired, ready: s.ready });
    const next = inWindow[i + 1];
    if (next !== undefined && next.t === s.t) continue; // one row per instant
    const prev = out[out.length - 1]!;
    const row: Row = { t: s.t, sizes: new Map(state) };
    if (same(prev.sizes, row.sizes)) continue;
    if (prev.t === row.t && out.length > 1) out[out.length - 1] = row;
    else out.push(row);
  }
  // A long quiet spell at the end (a stalled rollout) shows as a last row.
  const last = out[out.length - 1]!;
  if (endT - last.t >= QUIET_ROW) out.push({ t: endT, sizes: last.sizes });
  // No ReplicaSet before the window: the chart starts at the first change.
  const first = out[0]!;
  if ([...first.sizes.values()].every((z) => z.desired === 0 && z.ready === 0)) out.shift();
  return out;
}

function same(a: ReadonlyMap<string, Size>, b: ReadonlyMap<string, Size>): boolean {
  const names = new Set([...a.keys(), ...b.keys()]);
  for (const n of names) {
    const x = a.get(n) ?? { desired: 0, ready: 0 };
    const y = b.get(n) ?? { desired: 0, ready: 0 };
    if (x.desired !== y.desired || x.ready !== y.ready) return false;
  }
  return true;
}

function bar(size: Size): string {
  const ready = Math.min(size.ready, size.desired);
  return "█".repeat(ready) + "░".repeat(size.desired - ready);
}

/**
 * The chart's lines (empty when no ReplicaSet had pods in the window).
 * `demoStart` is the virtual time shown as +0s.
 */
export function drawReplicaSetTimeline(
  samples: readonly ReplicaSetSample[],
  window: {
    readonly from: number;
    readonly to: number;
    readonly startT: Millis;
    readonly endT: Millis;
  },
  demoStart: Millis,
): string[] {
  const all = rows(samples, window.from, window.to, window.startT, window.endT);
  const images = new Map<string, string>();
  for (const s of samples) if (!images.has(s.name)) images.set(s.name, s.image);
  const columns = [...images.keys()].filter((name) =>
    all.some((r) => {
      const z = r.sizes.get(name);
      return z !== undefined && (z.desired > 0 || z.ready > 0);
    }),
  );
  if (columns.length === 0 || all.length < 2) return [];
  const widest = Math.max(
    ...all.flatMap((r) => [...r.sizes.values()].map((z) => Math.max(z.desired, z.ready))),
  );
  const cell = (z: Size | undefined): string => {
    const size = z ?? { desired: 0, ready: 0 };
    return `${bar(size).padEnd(widest)} ${size.ready}/${size.desired}`;
  };
  const times = all.map((r) => `+${formatDuration(r.t - demoStart)}`);
  const timeWidth = Math.max(4, ...times.map((t) => t.length));
  const widths = columns.map((name) => Math.max(name.length, images.get(name)!.length, widest + 6));
  const line = (first: string, cells: readonly string[], last: string): string =>
    `${first.padEnd(timeWidth)}   ${cells.map((c, i) => c.padEnd(widths[i]!)).join("   ")}   ${last}`.trimEnd();
  const out = [
    line("TIME", columns, "READY"),
    line(
      "",
      columns.map((n) => images.get(n)!),
      "",
    ),
  ];
  for (const [i, r] of all.entries()) {
    const ready = [...r.sizes.values()].reduce((n, z) => n + z.ready, 0);
    out.push(
      line(
        times[i]!,
        columns.map((n) => cell(r.sizes.get(n))),
        String(ready),
      ),
    );
  }
  return out;
}
