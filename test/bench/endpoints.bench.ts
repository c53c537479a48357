/**
 * Benchmark of the Endpoints and EndpointSlice controllers (issue 5, "Done
 * means" item 4). Wall-clock; bench files are exempt from the determinism rule.
 *
 * The world is the in-memory API server and the two controllers, started as
 * packages/cluster/src/controller-manager.ts starts them (one shared informer
 * factory, one event broadcaster), on one sim loop; nothing else runs. The
 * test plays the kubelets' part through the API, as
 * test/support/kubelet-stand-in.ts does: pods are created bound to one of 10
 * nodes, then given a Running status with an IP and a Ready condition through
 * the status subresource. Every service selects its own 10 pods (app=svc-N)
 * and has one port (80 -> 8080).
 *
 * (a) 1,000 services with 10 endpoints each:
 *     - "services": the 10,000 pods are running; create the 1,000 services and
 *       run until every Endpoints lists its 10 ready addresses and every
 *       service's EndpointSlices hold its 10 ready endpoints;
 *     - "everything": the same from an empty cluster: the pods (create plus
 *       status write each) and the services, then converge.
 * (b) a readiness flip: one pod's Ready condition toggled through the status
 *     subresource, then the loop settled, by which time its service's
 *     Endpoints and EndpointSlice show it (checked after each flip, untimed).
 *     Wall time per flip, the mean over 1,000 flips (500 pods spread over
 *     the services, each to not-ready and back), after 200 untimed flips;
 *     at 1,000 pods (100 services) and 10,000 pods (1,000 services): the
 *     service of the flipped pod has 10 endpoints at both sizes, so only the
 *     cluster grows. The write alone (the API server's status update) is
 *     timed apart, and the rest is the controllers' work (watch delivery,
 *     handlers, both syncs and their writes).
 *
 * Each figure is the best of several rounds (creation 5, flips 3), each round
 * a fresh world; the process's CPU time is given beside the wall time (on a
 * shared machine, wall time well above CPU time means other processes took
 * the cores). The whole benchmark runs in one fresh node process (this file
 * with `--measure`), so no other benchmark's heap is charged to it; it first
 * runs one untimed round at 1,000 pods to warm the JIT. About 75 s in all.
 *
 * Why it stays flat: upstream's lister lists every pod of the namespace on
 * each sync; kubesim's controllers read the pods through the Pod informer's
 * label index (the smallest bucket among the selector's pairs) and a pod's
 * services through a selector index, so a flip costs O(pods of the service),
 * whatever the cluster holds (here all pods share one namespace).
 *
 * Run alone: npx tsx --conditions=@kubesim/source test/bench/endpoints.bench.ts
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Pod, PodCondition, Service } from "kubernetes-types/core/v1";
import { ApiServer } from "@kubesim/apiserver";
import {
  EndpointControllerComponent,
  startEndpointSliceController,
  startEndpointsController,
} from "@kubesim/controllers";
import { EventBroadcaster, SharedInformerFactory, silentLogger } from "@kubesim/runtime";
import { Loop, Rng, rfc3339 } from "@kubesim/sim";
import type { BenchRecord } from "./rollout.bench.js";

const NS = "default";
const NODES = 10;
const PER_SERVICE = 10;
const SERVICES = 1_000;
const FLIP_SIZES = [1_000, 10_000] as const;
const FLIPS = 1_000;
const WARM_FLIPS = 200;
const ROUNDS = 3;
/** Creation runs are short and the machine is shared: more rounds. */
const CREATE_ROUNDS = 5;

/** One world: the API server and the two controllers on a loop. */
export interface World {
  readonly loop: Loop;
  readonly api: ApiServer;
  /** The last version of each pod, by index (what a kubelet keeps). */
  readonly pods: Pod[];
}

function newWorld(): World {
  const loop = new Loop();
  const api = new ApiServer({ loop, rng: new Rng(1).stream("apiserver") });
  const logger = silentLogger();
  const informers = new SharedInformerFactory({ client: api, loop, logger });
  const events = new EventBroadcaster({ client: api, loop, logger });
  startEndpointsController({
    client: api,
    informers,
    loop,
    recorder: events.newRecorder({ component: EndpointControllerComponent }),
    logger,
  });
  startEndpointSliceController({ client: api, informers, loop, logger });
  for (let n = 0; n < NODES; n++) {
    api.create("Node", {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: `node-${n}`, labels: { "kubernetes.io/hostname": `node-${n}` } },
    });
  }
  loop.settle();
  return { loop, api, pods: [] };
}

const podIP = (i: number): string => `10.${244 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;

function readyCondition(ready: boolean, now: string): PodCondition {
  return { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: now };
}

/** Creates pod i, bound to a node, and posts its Running, Ready status (the kubelet's part). */
function addPod(w: World, i: number): void {
  const name = `pod-${i}`;
  w.api.create("Pod", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: NS, labels: { app: `svc-${Math.floor(i / PER_SERVICE)}` } },
    spec: {
      nodeName: `node-${i % NODES}`,
      containers: [
        { name: "app", image: "myapp:v1", ports: [{ containerPort: 8080, protocol: "TCP" }] },
      ],
    },
  });
  const created = w.api.get("Pod", NS, name);
  const now = rfc3339(w.loop.now());
  w.pods[i] = w.api.update(
    "Pod",
    {
      ...created,
      status: {
        ...created.status,
        phase: "Running",
        podIP: podIP(i),
        podIPs: [{ ip: podIP(i) }],
        conditions: [readyCondition(true, now)],
      },
    },
    { subresource: "status" },
  );
}

function service(s: number): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `svc-${s}`, namespace: NS },
    spec: {
      selector: { app: `svc-${s}` },
      ports: [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
    },
  };
}

/** Whether service s shows each of its pods with the readiness `ready(i)`, in Endpoints and slices. */
function serviceShows(w: World, s: number, ready: (i: number) => boolean): boolean {
  let ep;
  try {
    ep = w.api.get("Endpoints", NS, `svc-${s}`);
  } catch {
    return false;
  }
  const subset = ep.subsets?.[0];
  const addresses = new Set((subset?.addresses ?? []).map((a) => a.ip));
  const notReady = new Set((subset?.notReadyAddresses ?? []).map((a) => a.ip));
  const slices = w.api.list("EndpointSlice", {
    namespace: NS,
    labelSelector: `kubernetes.io/service-name=svc-${s}`,
  }).items;
  const sliceReady = new Map<string, boolean>();
  for (const sl of slices)
    for (const e of sl.endpoints ?? [])
      sliceReady.set(e.addresses[0] ?? "", e.conditions?.ready === true);
  if (addresses.size + notReady.size !== PER_SERVICE || sliceReady.size !== PER_SERVICE)
    return false;
  for (let i = s * PER_SERVICE; i < (s + 1) * PER_SERVICE; i++) {
    const ip = podIP(i);
    const want = ready(i);
    if ((want ? addresses : notReady).has(ip) !== true) return false;
    if (sliceReady.get(ip) !== want) return false;
  }
  return true;
}

/** Settles the loop, then checks every service; advances a second at a time until all converge. */
function converge(w: World, services: number): void {
  for (let attempt = 0; attempt < 60; attempt++) {
    w.loop.settle();
    let all = true;
    for (let s = 0; s < services && all; s++) all = serviceShows(w, s, () => true);
    if (all) return;
    w.loop.advance(1000);
  }
  throw new Error(`${services} services did not converge`);
}

/** A world with `services` services of 10 running pods each, converged. */
export function populated(services: number): World {
  const w = newWorld();
  for (let i = 0; i < services * PER_SERVICE; i++) addPod(w, i);
  w.loop.settle();
  for (let s = 0; s < services; s++) w.api.create("Service", service(s));
  converge(w, services);
  return w;
}

/** Wall and CPU seconds of one timed part. */
export interface Timing {
  readonly sec: number;
  /** CPU seconds (user + system) of this process: wall time minus what other processes took. */
  readonly cpuSec: number;
}

function timed(run: () => void): Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const sec = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { sec, cpuSec: (c.user + c.system) / 1e6 };
}

/** Create `services` services over their running pods (made untimed) and converge. */
export function measureCreateServices(services = SERVICES): Timing {
  const w = newWorld();
  for (let i = 0; i < services * PER_SERVICE; i++) addPod(w, i);
  w.loop.settle();
  return timed(() => {
    for (let s = 0; s < services; s++) w.api.create("Service", service(s));
    converge(w, services);
  });
}

/** Create the pods (with their status) and the services from empty, and converge. */
export function measureCreateEverything(services = SERVICES): Timing {
  return timed(() => populated(services));
}

export interface FlipFigures {
  readonly pods: number;
  /** Mean wall µs per flip: the status write and the loop settled. */
  readonly perFlipUs: number;
  /** Of which the status write (the API server's update). */
  readonly writeUs: number;
  /** Mean CPU µs (user + system) of this process per flip: wall time minus what other processes took. */
  readonly cpuUs: number;
}

/** Toggles pod i's Ready condition through the status subresource. */
export function flip(w: World, i: number, ready: boolean): void {
  const pod = w.pods[i]!;
  w.pods[i] = w.api.update(
    "Pod",
    {
      ...pod,
      status: { ...pod.status, conditions: [readyCondition(ready, rfc3339(w.loop.now()))] },
    },
    { subresource: "status" },
  );
}

/** The pods to flip: 500 spread over the services by a fixed stride. */
function flipOrder(pods: number, count: number): number[] {
  const order: number[] = [];
  const seen = new Set<number>();
  for (let k = 0; order.length < count && k < pods * 4; k++) {
    const i = (k * 7919 + 13) % pods;
    if (!seen.has(i)) {
      seen.add(i);
      order.push(i);
    }
  }
  return order;
}

export function measureFlips(pods: number): FlipFigures {
  const services = pods / PER_SERVICE;
  const w = populated(services);
  const order = flipOrder(pods, (WARM_FLIPS + FLIPS) / 2);
  const ready = new Set<number>(Array.from({ length: pods }, (_, i) => i));
  let total = 0;
  let write = 0;
  let cpu = 0;
  let timed = 0;
  for (const [k, i] of order.entries()) {
    for (const to of [false, true]) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      flip(w, i, to);
      const t1 = performance.now();
      w.loop.settle();
      const t2 = performance.now();
      const c = process.cpuUsage(c0);
      if (k >= WARM_FLIPS / 2) {
        total += t2 - t0;
        write += t1 - t0;
        cpu += c.user + c.system;
        timed++;
      }
      if (to) ready.add(i);
      else ready.delete(i);
      const s = Math.floor(i / PER_SERVICE);
      if (!serviceShows(w, s, (j) => ready.has(j)))
        throw new Error(`flip of pod-${i} to ready=${to} is not reflected in svc-${s}`);
    }
  }
  return {
    pods,
    perFlipUs: (total / timed) * 1000,
    writeUs: (write / timed) * 1000,
    cpuUs: cpu / timed,
  };
}

interface Measured {
  readonly services: Timing;
  readonly everything: Timing;
  readonly flips: FlipFigures[];
}

const best = (a: Timing, b: Timing): Timing => (b.sec < a.sec ? b : a);

/** Everything, the best of a few rounds each, in this process (after one untimed warm-up round). */
function measureAll(): Measured {
  measureFlips(FLIP_SIZES[0]);
  let services = measureCreateServices();
  let everything = measureCreateEverything();
  for (let r = 1; r < CREATE_ROUNDS; r++) {
    services = best(services, measureCreateServices());
    everything = best(everything, measureCreateEverything());
  }
  const flips = FLIP_SIZES.map((pods) => {
    let fastest: FlipFigures | undefined;
    for (let r = 0; r < ROUNDS; r++) {
      const f = measureFlips(pods);
      if (fastest === undefined || f.perFlipUs < fastest.perFlipUs) fastest = f;
    }
    return fastest!;
  });
  return { services, everything, flips };
}

const MEASURE = "--measure";

/** The records `pnpm bench` prints and writes; measured in a fresh node process. */
export function runEndpointsBench(): BenchRecord[] {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), MEASURE],
    {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const lines = (r.stdout ?? "").trim().split("\n");
  if (r.status !== 0 || lines.length === 0)
    throw new Error(`endpoints bench failed (${r.status}): ${r.stderr}`);
  const m = JSON.parse(lines[lines.length - 1]!) as Measured;
  const records: BenchRecord[] = [
    {
      name: "endpoints: 1,000 services x 10 running pods, create services and converge",
      value: m.services.sec,
      unit: "s",
      size: SERVICES,
    },
    {
      name: "endpoints: create services and converge, CPU time",
      value: m.services.cpuSec,
      unit: "s",
      size: SERVICES,
    },
    {
      name: "endpoints: 1,000 services x 10 pods from empty, create all and converge",
      value: m.everything.sec,
      unit: "s",
      size: SERVICES,
    },
    {
      name: "endpoints: create all from empty and converge, CPU time",
      value: m.everything.cpuSec,
      unit: "s",
      size: SERVICES,
    },
  ];
  for (const f of m.flips) {
    records.push(
      {
        name: "endpoints: readiness flip reflected, per flip",
        value: f.perFlipUs,
        unit: "µs",
        size: f.pods,
      },
      {
        name: "endpoints: readiness flip, CPU time per flip",
        value: f.cpuUs,
        unit: "µs",
        size: f.pods,
      },
      {
        name: "endpoints: readiness flip, of which the status write",
        value: f.writeUs,
        unit: "µs",
        size: f.pods,
      },
    );
  }
  const small = m.flips[0];
  const large = m.flips[m.flips.length - 1];
  if (small !== undefined && large !== undefined && large !== small) {
    records.push({
      name: `endpoints: cost per flip at ${large.pods} vs ${small.pods} pods`,
      value: large.perFlipUs / small.perFlipUs,
      unit: "x",
      size: large.pods,
    });
  }
  return records;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv[2] === MEASURE) {
    console.log(JSON.stringify(measureAll()));
  } else {
    for (const r of runEndpointsBench()) {
      console.log(
        `${r.name.padEnd(78)} ${String(r.size).padStart(7)}  ${r.value.toFixed(r.value >= 100 ? 0 : 3).padStart(10)} ${r.unit}`,
      );
    }
  }
}
