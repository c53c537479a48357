/**
 * `pnpm bench`: runs every benchmark, prints a table, and writes the figures to
 * docs/performance.json (one record per figure: name, value, unit, workload size).
 * docs/performance.md explains them. Benchmarks measure; they never assert.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runApiserverBench } from "../../packages/apiserver/bench/store.bench.js";
import { runEndpointsBench } from "./endpoints.bench.js";
import { runProbesBench } from "./probes.bench.js";
import { runRolloutBench } from "./rollout.bench.js";
import { runClusterCreateBench } from "./cluster-create.bench.js";
import { runServeBench, runServeStartBench } from "./serve.bench.js";

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

/** The benchmarks by name: `pnpm bench serve rollout` runs just those, keeping the other figures. */
const benches: Readonly<Record<string, () => BenchRecord[] | Promise<BenchRecord[]>>> = {
  apiserver: runApiserverBench,
  rollout: runRolloutBench,
  probes: runProbesBench,
  endpoints: runEndpointsBench,
  "cluster-create": runClusterCreateBench,
  serve: runServeBench,
  // The start figures of `serve` alone; run only when named.
  "serve-start": runServeStartBench,
};
const onlyWhenNamed = new Set(["serve-start"]);
const chosen = process.argv.slice(2);
for (const name of chosen)
  if (benches[name] === undefined)
    throw new Error(`no benchmark ${name}; there are: ${Object.keys(benches).join(", ")}`);
const fresh: BenchRecord[] = [];
for (const [name, run] of Object.entries(benches))
  if (chosen.length === 0 ? !onlyWhenNamed.has(name) : chosen.includes(name))
    fresh.push(...(await run()));
console.log(table(fresh));
const file = resolve(root, "docs/performance.json");
const kept: BenchRecord[] =
  chosen.length === 0 || !existsSync(file)
    ? []
    : (JSON.parse(readFileSync(file, "utf8")) as { records: BenchRecord[] }).records.filter(
        (r) => !fresh.some((f) => f.name === r.name),
      );
const records = [...kept, ...fresh];
const out = {
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  records,
};
writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log("\nwrote docs/performance.json");
