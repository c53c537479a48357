/**
 * The tables of `kubectl top pod` and `kubectl top node`: CPU in millicores
 * (`250m`), memory in MiB (`128Mi`), a node's share of its allocatable, the
 * `--containers` and `--sum` forms, sorted by name or by usage. Every cell
 * ends with a tab, so the last column is padded too, as kubectl's is.
 * Mirrors staging/src/k8s.io/kubectl/pkg/metricsutil/metrics_printer.go
 * (TopCmdPrinter.PrintNodeMetrics/PrintPodMetrics, printMetricsLine,
 * printSingleResourceUsage, printPodResourcesSum, printMissingMetricsNodeLine)
 * and metrics_sorter.go.
 */
import { TabWriter } from "../printers/tabwriter.js";
import { compareStrings } from "./format.js";

/** One container's usage: CPU in millicores, memory in bytes (metrics.k8s.io ContainerMetrics). */
export interface ContainerUsage {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

/** metrics.k8s.io PodMetrics. */
export interface PodMetrics {
  readonly namespace: string;
  readonly name: string;
  readonly containers: readonly ContainerUsage[];
}

/** metrics.k8s.io NodeMetrics, with the node's allocatable (or capacity) CPU millicores and memory bytes. */
export interface NodeMetrics {
  readonly name: string;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

export interface NodeAvailable {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

export type SortBy = "" | "cpu" | "memory";

const MI = 1024 * 1024;
const cpuCell = (milli: number) => `${milli}m`;
/** quantity.Value()/(1024*1024): integer division. */
const memoryCell = (bytes: number) => `${Math.trunc(bytes / MI)}Mi`;
/** int64(float64(used)/float64(available)*100). */
const percent = (used: number, available: number) => {
  const x = (used / available) * 100;
  return Number.isFinite(x) ? `${Math.trunc(x)}%` : "-9223372036854775808%";
};

const podTotal = (m: PodMetrics) =>
  m.containers.reduce(
    (acc, c) => ({ cpu: acc.cpu + c.cpuMillis, memory: acc.memory + c.memoryBytes }),
    { cpu: 0, memory: 0 },
  );

export interface PodMetricsOptions {
  readonly containers?: boolean;
  readonly withNamespace?: boolean;
  readonly noHeaders?: boolean;
  readonly sortBy?: SortBy;
  readonly sum?: boolean;
}

/** PrintPodMetrics: "" when there are no metrics. */
export function printPodMetrics(metrics: readonly PodMetrics[], o: PodMetricsOptions = {}): string {
  if (metrics.length === 0) return "";
  const w = TabWriter.forTables();
  const cell = (v: string) => w.write(`${v}\t`);
  let columns = 3;
  if (o.noHeaders !== true) {
    if (o.withNamespace === true) {
      cell("NAMESPACE");
      columns++;
    }
    if (o.containers === true) {
      cell("POD");
      columns++;
    }
    for (const c of ["NAME", "CPU(cores)", "MEMORY(bytes)"]) cell(c);
    w.write("\n");
  }
  const sorted = [...metrics].sort((a, b) => {
    if (o.sortBy === "cpu") return podTotal(b).cpu - podTotal(a).cpu;
    if (o.sortBy === "memory") return podTotal(b).memory - podTotal(a).memory;
    if (o.withNamespace === true && a.namespace !== b.namespace)
      return compareStrings(a.namespace, b.namespace);
    return compareStrings(a.name, b.name);
  });
  const line = (name: string, cpu: number, memory: number) => {
    cell(name);
    cell(cpuCell(cpu));
    cell(memoryCell(memory));
    w.write("\n");
  };
  for (const m of sorted) {
    if (o.containers === true) {
      const containers = [...m.containers].sort((a, b) => {
        if (o.sortBy === "cpu") return b.cpuMillis - a.cpuMillis;
        if (o.sortBy === "memory") return b.memoryBytes - a.memoryBytes;
        return compareStrings(a.name, b.name);
      });
      for (const c of containers) {
        if (o.withNamespace === true) cell(m.namespace);
        cell(m.name);
        line(c.name, c.cpuMillis, c.memoryBytes);
      }
    } else {
      if (o.withNamespace === true) cell(m.namespace);
      const t = podTotal(m);
      line(m.name, t.cpu, t.memory);
    }
  }
  if (o.sum === true) {
    const total = metrics.reduce(
      (acc, m) => {
        const t = podTotal(m);
        return { cpu: acc.cpu + t.cpu, memory: acc.memory + t.memory };
      },
      { cpu: 0, memory: 0 },
    );
    for (let i = 0; i < columns - 2; i++) cell("");
    cell("________");
    cell("________");
    w.write("\n");
    for (let i = 0; i < columns - 3; i++) cell("");
    line("", total.cpu, total.memory);
  }
  return w.take();
}

export interface NodeMetricsOptions {
  readonly noHeaders?: boolean;
  readonly sortBy?: SortBy;
}

/**
 * PrintNodeMetrics: a line per node with metrics (with its share of
 * `available`), then `<unknown>` lines for listed nodes without metrics.
 */
export function printNodeMetrics(
  metrics: readonly NodeMetrics[],
  available: ReadonlyMap<string, NodeAvailable>,
  o: NodeMetricsOptions = {},
): string {
  if (metrics.length === 0) return "";
  const w = TabWriter.forTables();
  const cell = (v: string) => w.write(`${v}\t`);
  const sorted = [...metrics].sort((a, b) => {
    if (o.sortBy === "cpu") return b.cpuMillis - a.cpuMillis;
    if (o.sortBy === "memory") return b.memoryBytes - a.memoryBytes;
    return compareStrings(a.name, b.name);
  });
  if (o.noHeaders !== true) {
    for (const c of ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]) cell(c);
    w.write("\n");
  }
  const missing = new Map(available);
  for (const m of sorted) {
    const a = available.get(m.name);
    cell(m.name);
    cell(cpuCell(m.cpuMillis));
    if (a !== undefined) cell(percent(m.cpuMillis, a.cpuMillis));
    cell(memoryCell(m.memoryBytes));
    if (a !== undefined) cell(percent(m.memoryBytes, a.memoryBytes));
    w.write("\n");
    missing.delete(m.name);
  }
  for (const name of [...missing.keys()].sort(compareStrings)) {
    cell(name);
    for (let i = 0; i < 4; i++) cell("<unknown>");
    w.write("\n");
  }
  return w.take();
}
