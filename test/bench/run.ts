/**
 * `pnpm bench`: runs every benchmark, prints a table, and writes the figures to
 * docs/performance.json (one record per figure: name, value, unit, workload size).
 * docs/performance.md explains them. Benchmarks measure; they never assert.
 */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runApiserverBench } from "../../packages/apiserver/bench/store.bench.js";
import { runEndpointsBench } from "./endpoints.bench.js";
import { runProbesBench } from "./probes.bench.js";
import { runRolloutBench } from "./rollout.bench.js";
import { runClusterCreateBench } from "./cluster-create.bench.js";

export interface BenchRecord {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly size: number;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function table(records: readonly BenchRecord[]): string {
  const rows = records.map((r) => [r.name, r.size.toLocaleString("en-US"), fmt(r.value), r.unit]);
  const head = ["figure", "size", "value", "unit"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 2 || i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ");
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function fmt(v: number): string {
  return v >= 100 ? Math.round(v).toLocaleString("en-US") : v.toPrecision(3);
}

const records: BenchRecord[] = [
  ...runApiserverBench(),
  ...runRolloutBench(),
  ...runProbesBench(),
  ...runEndpointsBench(),
  ...runClusterCreateBench(),
];
console.log(table(records));
const out = {
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  records,
};
writeFileSync(resolve(root, "docs/performance.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log("\nwrote docs/performance.json");
