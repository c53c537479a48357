/**
 * Benchmark of `Cluster.create()` (issue 6, section 1: "a typical test cluster
 * created in under 5 ms"). Wall-clock; bench files are exempt from the
 * determinism rule.
 *
 * Two shapes:
 * - "defaults": `Cluster.create()`: the API server, kube-controller-manager,
 *   kube-scheduler, 3 nodes with their kubelets, kube-proxy, CoreDNS and
 *   ingress-nginx;
 * - "small": `Cluster.create({ nodes: 1, dns: false, ingress: false })`.
 *
 * For each: the mean wall time of one creation over CREATIONS creations,
 * after WARMUP untimed ones (the JIT warms up; the first creation in a
 * process also loads every module, which is not what a test file pays per
 * cluster), and the process's CPU time over the same creations beside it (on
 * a shared machine wall time well above CPU time means other processes took
 * the cores). Each figure is the best of ROUNDS rounds. Clusters are dropped
 * as soon as they are made, so the garbage collector's share is in the
 * figures, as it is in a test that makes many clusters.
 *
 * A third figure is what a test pays before its first assertion: creation
 * plus `settle()`, which runs the start-up work the components scheduled for
 * the first instant (informers' first lists, the node lifecycle controller's
 * first pass, ...).
 *
 * The whole benchmark runs in one fresh node process (this file with
 * `--measure`), so no other benchmark's heap is charged to it. About 20 s.
 *
 * Run alone: npx tsx --conditions=@kubesim/source test/bench/cluster-create.bench.ts
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Cluster, type ClusterOptions } from "kubesim";
import type { BenchRecord } from "./rollout.bench.js";

const WARMUP = 200;
const CREATIONS = 300;
const ROUNDS = 5;

interface Shape {
  readonly name: string;
  readonly options: ClusterOptions;
  readonly settle: boolean;
}

const SHAPES: readonly Shape[] = [
  { name: "defaults", options: {}, settle: false },
  {
    name: "small (nodes: 1, dns: false, ingress: false)",
    options: { nodes: 1, dns: false, ingress: false },
    settle: false,
  },
  { name: "defaults, created and settled", options: {}, settle: true },
];

/** Mean wall and CPU ms of one creation (plus settle), best of ROUNDS. */
function measure(shape: Shape): { wall: number; cpu: number } {
  const once = (): void => {
    const c = Cluster.create(shape.options);
    if (shape.settle) c.settle();
  };
  for (let i = 0; i < WARMUP; i++) once();
  let wall = Infinity;
  let cpu = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < CREATIONS; i++) once();
    const t = (performance.now() - t0) / CREATIONS;
    const u = process.cpuUsage(c0);
    wall = Math.min(wall, t);
    cpu = Math.min(cpu, (u.user + u.system) / 1000 / CREATIONS);
  }
  return { wall, cpu };
}

function measureAll(): BenchRecord[] {
  const out: BenchRecord[] = [];
  for (const shape of SHAPES) {
    const m = measure(shape);
    out.push({
      name: `cluster create: ${shape.name}, wall`,
      value: m.wall,
      unit: "ms",
      size: CREATIONS,
    });
    out.push({
      name: `cluster create: ${shape.name}, CPU`,
      value: m.cpu,
      unit: "ms",
      size: CREATIONS,
    });
  }
  return out;
}

const MEASURE = "--measure";
const self = fileURLToPath(import.meta.url);

/** Runs the measurement in a fresh node process and returns its figures. */
export function runClusterCreateBench(): BenchRecord[] {
  const r = spawnSync(process.execPath, [...process.execArgv, self, MEASURE], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`cluster-create bench failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "[]") as BenchRecord[];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv.includes(MEASURE)) {
    console.log(JSON.stringify(measureAll()));
  } else {
    for (const rec of runClusterCreateBench())
      console.log(`${rec.name.padEnd(72)} ${rec.value.toFixed(3)} ${rec.unit}`);
  }
}
