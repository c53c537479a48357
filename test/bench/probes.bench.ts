/**
 * Benchmark of probing at scale (the kubelet issue, done-means 3): 10,000
 * pods, each with an httpGet readiness and liveness probe every 10 s, on 100
 * nodes with their kubelets, run for one hour of virtual time. Wall-clock;
 * bench files are exempt from the determinism rule.
 *
 * 1. `Cluster.create({ nodes: 100 })` and a 10,000-replica Deployment; run
 *    until every pod is Ready (timed separately, "start").
 * 2. Advance the loop by one hour and time it on the wall clock.
 *
 * Figures: the wall seconds of the hour; the probes simulated per wall second
 * (20,000 workers x 360 ticks = 7.2 million in the hour, each with its result
 * counted and its access-log line kept); the loop's tasks per wall second
 * (probe ticks, lease renewals, node status checks, the node lifecycle and pod
 * GC passes, watch deliveries); and the virtual-to-wall speed-up. Probe
 * workers whose container stays healthy sleep through ticks whose answer is
 * known (packages/kubelet, ProbeManager `lazy`), so most of the 7.2 million
 * probes cost no loop task; `KUBELET_LAZY_PROBES=0` runs every tick.
 *
 * Run alone: npx tsx --conditions=@kubesim/source test/bench/probes.bench.ts [pods]
 */
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { Deployment } from "kubernetes-types/apps/v1";
import { Cluster } from "kubesim";
import type { BenchRecord } from "./rollout.bench.js";

const NS = "default";
const PODS = 10_000;
const NODES = 100;
const HOUR = 3_600_000;

function deployment(replicas: number): Deployment {
  const probe = (path: string) => ({ httpGet: { path, port: 8080 }, periodSeconds: 10 });
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "api", namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: "api" } },
      template: {
        metadata: { labels: { app: "api" } },
        spec: {
          containers: [
            {
              name: "api",
              image: "myapp:v1",
              ports: [{ containerPort: 8080 }],
              readinessProbe: probe("/ready"),
              livenessProbe: probe("/health"),
              resources: { requests: { cpu: "10m", memory: "16Mi" } },
            },
          ],
        },
      },
    },
  };
}

export interface ProbeFigures {
  readonly pods: number;
  readonly startSec: number;
  readonly hourSec: number;
  readonly tasks: number;
}

export function measureProbes(pods = PODS): ProbeFigures {
  const c = Cluster.create({
    seed: 1,
    retainTrace: false,
    nodes: NODES,
    lazyProbes: process.env["KUBELET_LAZY_PROBES"] !== "0",
  });
  const t0 = performance.now();
  c.apiserver.create("Deployment", deployment(pods));
  const allReady = (): boolean => {
    const d = c.apiserver.get("Deployment", NS, "api");
    return d.status?.readyReplicas === pods;
  };
  if (!c.loop.runUntil(allReady, { timeout: "1h" })) throw new Error("pods did not become ready");
  const startSec = (performance.now() - t0) / 1000;
  const tasks0 = c.loop.tasksRun;
  const t1 = performance.now();
  c.loop.advance(HOUR);
  const hourSec = (performance.now() - t1) / 1000;
  if (!allReady()) throw new Error("pods were not all ready after the hour");
  return { pods, startSec, hourSec, tasks: c.loop.tasksRun - tasks0 };
}

export function runProbesBench(pods = PODS): BenchRecord[] {
  const f = measureProbes(pods);
  const probes = pods * 2 * (HOUR / 10_000);
  return [
    { name: "probes: start pods until all Ready", value: f.startSec, unit: "s", size: pods },
    { name: "probes: one virtual hour, wall time", value: f.hourSec, unit: "s", size: pods },
    {
      name: "probes: sim events (loop tasks) per wall second",
      value: f.tasks / f.hourSec,
      unit: "events/s",
      size: pods,
    },
    {
      name: "probes: probes per wall second",
      value: probes / f.hourSec,
      unit: "probes/s",
      size: pods,
    },
    {
      name: "probes: virtual time per wall time",
      value: HOUR / 1000 / f.hourSec,
      unit: "x",
      size: pods,
    },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2] ?? PODS);
  const f = measureProbes(n);
  console.log(JSON.stringify({ ...f, tasksPerSec: f.tasks / f.hourSec }));
}
