/**
 * Benchmarks of the in-memory apiserver (wall-clock; bench files are exempt
 * from the determinism rule). `runApiserverBench()` returns the figures that
 * `pnpm bench` prints and writes to docs/performance.json:
 *
 * - creates/s and updates/s through the whole write path (decode, strict
 *   fields, defaulting, validation, metadata, indices, event log, trace)
 *   into a store already holding 10,000 and 100,000 pods;
 * - the per-update cost at 100,000 relative to 10,000 (the store-size
 *   independence target: within 1.5x);
 * - a list by label selector returning 100 of 100,000 pods (ms per list);
 * - watch fan-out: events delivered per second to 50 watchers.
 *
 * Run alone: npx tsx --conditions=@kubesim/source packages/apiserver/bench/store.bench.ts
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { produce } from "immer";
import type { Pod } from "kubernetes-types/core/v1";
import { Loop, Rng, Trace } from "@kubesim/sim";
import { ApiServer } from "../src/index.js";

export interface BenchRecord {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly size: number;
}

/** Label groups: at 100,000 pods each `app=app-N` selects exactly 100. */
const GROUPS = 1000;

function podFor(i: number): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `pod-${i}`,
      namespace: "default",
      labels: { app: `app-${i % GROUPS}`, tier: i % 2 === 0 ? "web" : "db" },
    },
    spec: {
      containers: [
        {
          name: "main",
          image: "registry.k8s.io/nginx:1.25",
          ports: [{ containerPort: 8080, name: "http" }],
          resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "200m", memory: "256Mi" },
          },
          env: [{ name: "MODE", value: "bench" }],
        },
      ],
    },
  };
}

function newServer(): { api: ApiServer; loop: Loop } {
  const loop = new Loop();
  // The trace hashes every write, as in a real cluster; entries are not retained.
  const trace = new Trace(loop, { retain: false });
  return { api: new ApiServer({ loop, rng: new Rng(42), trace }), loop };
}

function fill(api: ApiServer, n: number): void {
  for (let i = 0; i < n; i++) api.create("Pod", podFor(i));
}

/** Seconds taken by `fn`. */
function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

/** The best of `rounds` timings: the machine is shared, and noise only ever adds time. */
function best(rounds: number, fn: (round: number) => number): number {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) min = Math.min(min, fn(r));
  return min;
}

interface WriteFigures {
  readonly createsPerSec: number;
  readonly updatesPerSec: number;
}

const ROUNDS = 3;

function writesAt(size: number): WriteFigures {
  const { api } = newServer();
  fill(api, size);
  // Creates: each round adds 5,000 pods, then removes them (untimed) so the store stays at `size`.
  const creates = 5_000;
  const createSec = best(ROUNDS, (r) => {
    const base = size + r * creates;
    const sec = time(() => {
      for (let i = 0; i < creates; i++) api.create("Pod", podFor(base + i));
    });
    for (let i = 0; i < creates; i++) api.delete("Pod", "default", `pod-${base + i}`);
    return sec;
  });
  // Updates: a client's read-modify-write (get, immer, update) of random pods.
  const updates = 30_000;
  const rng = new Rng(7);
  const names = Array.from({ length: updates }, () => `pod-${rng.int(size)}`);
  let n = 0;
  const updateSec = best(ROUNDS, () =>
    time(() => {
      for (let i = 0; i < updates; i++) {
        const p = api.get("Pod", "default", names[i]!);
        const rev = String(n++);
        api.update(
          "Pod",
          produce(p, (d) => {
            d.metadata!.labels!["rev"] = rev;
          }),
        );
      }
    }),
  );
  return { createsPerSec: creates / createSec, updatesPerSec: updates / updateSec };
}

function selectiveList(size: number): number {
  const { api } = newServer();
  fill(api, size);
  const runs = 2_000;
  for (let i = 0; i < 200; i++)
    api.list("Pod", { namespace: "default", labelSelector: `app=app-${i % GROUPS}` });
  let returned = 0;
  const sec = time(() => {
    for (let i = 0; i < runs; i++) {
      returned += api.list("Pod", { namespace: "default", labelSelector: `app=app-${i % GROUPS}` })
        .items.length;
    }
  });
  if (returned !== runs * (size / GROUPS))
    throw new Error(`selective list returned ${returned / runs} per list`);
  return (sec * 1000) / runs;
}

function watchFanOut(watchers: number, size: number): number {
  const { api, loop } = newServer();
  fill(api, size);
  let delivered = 0;
  const rv = api.resourceVersion;
  for (let w = 0; w < watchers; w++)
    api.watch("Pod", { resourceVersion: rv }, () => void delivered++);
  const writes = 20_000;
  const sec = time(() => {
    for (let i = 0; i < writes; i++) {
      const p = api.get("Pod", "default", `pod-${i % size}`);
      api.update(
        "Pod",
        produce(p, (d) => void (d.metadata!.labels!["rev"] = String(i))),
      );
    }
    loop.settle();
  });
  if (delivered !== writes * watchers)
    throw new Error(`delivered ${delivered} of ${writes * watchers}`);
  return delivered / sec;
}

export function runApiserverBench(): BenchRecord[] {
  const small = writesAt(10_000);
  const large = writesAt(100_000);
  const listMs = selectiveList(100_000);
  const fanOut = watchFanOut(50, 10_000);
  return [
    {
      name: "apiserver: pod creates through admission",
      value: small.createsPerSec,
      unit: "creates/s",
      size: 10_000,
    },
    {
      name: "apiserver: pod creates through admission",
      value: large.createsPerSec,
      unit: "creates/s",
      size: 100_000,
    },
    {
      name: "apiserver: pod updates through admission",
      value: small.updatesPerSec,
      unit: "updates/s",
      size: 10_000,
    },
    {
      name: "apiserver: pod updates through admission",
      value: large.updatesPerSec,
      unit: "updates/s",
      size: 100_000,
    },
    {
      name: "apiserver: cost per update at 100k vs 10k",
      value: small.updatesPerSec / large.updatesPerSec,
      unit: "x",
      size: 100_000,
    },
    {
      name: "apiserver: list by label selector (100 of 100,000 pods)",
      value: listMs,
      unit: "ms/list",
      size: 100_000,
    },
    { name: "apiserver: watch fan-out to 50 watchers", value: fanOut, unit: "events/s", size: 50 },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const r of runApiserverBench()) {
    console.log(
      `${r.name.padEnd(58)} ${String(r.size).padStart(7)}  ${r.value.toFixed(r.value >= 100 ? 0 : 3).padStart(10)} ${r.unit}`,
    );
  }
}
