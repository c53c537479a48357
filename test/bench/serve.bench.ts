/**
 * Benchmark of `kubesim serve` (issue 7, "Done means" item 5), with raw
 * HTTPS and with the real kubectl. Wall-clock; bench files are exempt from
 * the determinism rule. The clients run in this process beside the server
 * (kubectl is a child process), so every figure includes the client's own
 * share of the two cores.
 *
 * Figures:
 * 1. start: `KubesimServer.start()` (a new 3-node cluster with DNS and
 *    ingress, the TLS material from the state folder, the listener) until
 *    the first `/version` answers; and the `kubesim serve` command as a user
 *    starts it (node packages/cli/bin/kubesim.mjs, as `pnpm kubesim` runs
 *    it, without pnpm's own start), until its port answers `/readyz`: with
 *    the state folder's TLS material, and with a new state folder.
 *    `pnpm bench serve-start` measures these alone.
 * 2. `kubectl get pods` at 10,000 pods: the real kubectl's wall time (its
 *    discovery cache warm, best of 5), and the raw Table list request (best of 5).
 * 3. 1,000 watchers: 1,000 concurrent pod watches over HTTPS while a
 *    1,000-replica Deployment rolls out to a new image; every watcher must
 *    receive every pod event the API server emitted (counted in process),
 *    and the figure is the wall time from the image change until the last
 *    watcher has them all.
 * 4. Requests per second for get (one pod), list (100 pods) and patch (a
 *    ConfigMap's label, merge patch), from 32 keep-alive connections for 2 s each.
 *
 * Run alone: npx tsx --conditions=@kubesim/source test/bench/serve.bench.ts
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { KubesimServer } from "@kubesim/server";
import { Cluster } from "kubesim";
import { KubeletStandIn } from "../support/kubelet-stand-in.js";
import type { BenchRecord } from "./rollout.bench.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const TABLE_ACCEPT =
  "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

function deployment(name: string, replicas: number, image: string): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "app", image }] },
      },
    },
  };
}

/** A cluster of stand-in nodes whose pods are Ready as soon as they are bound. */
function standInCluster(nodes: number, readyAfter: (pod: Pod) => number = () => 0): Cluster {
  const c = Cluster.create({ seed: 1, retainTrace: false, nodes: 0, dns: false, ingress: false });
  KubeletStandIn.addNodes(c.apiserver, nodes, { cpu: "64", memory: "256Gi", pods: "2500" });
  new KubeletStandIn({ client: c.apiserver, loop: c.loop, readyAfter });
  c.loop.settle();
  return c;
}

function available(c: Cluster, name: string, replicas: number, image: string): boolean {
  const d = c.apiserver.get("Deployment", "default", name);
  const s = d.status;
  if (
    (s?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0) ||
    s?.updatedReplicas !== replicas ||
    s.availableReplicas !== replicas ||
    s.replicas !== replicas
  )
    return false;
  return c.apiserver
    .list("ReplicaSet", { namespace: "default" })
    .items.every(
      (rs) =>
        rs.spec?.template?.spec?.containers?.[0]?.image === image ||
        ((rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0),
    );
}

interface Client {
  readonly agent: Agent;
  readonly server: KubesimServer;
}

function call(
  cl: Client,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ code: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(
      `${cl.server.url}${path}`,
      {
        method,
        agent: cl.agent,
        ca: cl.server.caCert,
        headers: { Authorization: `Bearer ${cl.server.token}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () =>
          done({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on("error", fail);
    req.end(body);
  });
}

async function best(runs: number, fn: () => Promise<void>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

/** The median of `runs` measurements. */
async function median(runs: number, fn: () => Promise<number>): Promise<number> {
  const all: number[] = [];
  for (let i = 0; i < runs; i++) all.push(await fn());
  all.sort((a, b) => a - b);
  return all[Math.floor(all.length / 2)]!;
}

/**
 * `pnpm kubesim serve` as the user runs it, minus pnpm's own start: node and
 * the launcher (packages/cli/bin/kubesim.mjs), which runs the built bundle,
 * until the port answers `/readyz`.
 */
async function commandToReady(stateDir: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "kubesim-bench-serve-"));
  const kubeconfig = join(dir, "kubeconfig");
  const t1 = performance.now();
  const child = spawn(
    process.execPath,
    [
      join(ROOT, "packages/cli/bin/kubesim.mjs"),
      "serve",
      "--port",
      "0",
      "--kubeconfig",
      kubeconfig,
      "--speed",
      "0",
      "--state-dir",
      stateDir,
    ],
    { cwd: ROOT, stdio: "pipe" },
  );
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const port = await new Promise<number>((done, fail) => {
    const timer = setInterval(() => {
      const m = /https:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m !== null) {
        clearInterval(timer);
        done(Number(m[1]));
      }
    }, 5);
    child.on("exit", () => fail(new Error(`kubesim serve exited: ${out}`)));
  });
  await new Promise<void>((done) => {
    const tryOnce = () => {
      const req = request(
        `https://127.0.0.1:${port}/readyz`,
        { rejectUnauthorized: false },
        (res) => {
          res.resume();
          done();
        },
      );
      req.on("error", () => setTimeout(tryOnce, 5));
      req.end();
    };
    tryOnce();
  });
  const ms = performance.now() - t1;
  child.kill("SIGTERM");
  await new Promise((r) => child.on("exit", r));
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

async function measureStart(
  stateDir: string,
): Promise<{ libraryMs: number; commandMs: number; newStateMs: number }> {
  const t0 = performance.now();
  const server = await KubesimServer.start({ port: 0, speed: 0, stateDir });
  const agent = new Agent({ keepAlive: true });
  await call({ agent, server }, "GET", "/version");
  const libraryMs = performance.now() - t0;
  await server.close();
  agent.destroy();

  // Built and up to date first (what `pnpm install` leaves), then timed.
  execFileSync(process.execPath, [join(ROOT, "packages/cli/bin/build.mjs")], { stdio: "ignore" });
  // The state folder holds the TLS material (every start after the first).
  const commandMs = await median(5, () => commandToReady(stateDir));
  // A new state folder: the CA and serving certificate are made first.
  const newStateMs = await median(3, async () => {
    const fresh = mkdtempSync(join(tmpdir(), "kubesim-bench-state-"));
    try {
      return await commandToReady(fresh);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
  return { libraryMs, commandMs, newStateMs };
}

async function measureGetPods(
  stateDir: string,
  pods: number,
): Promise<{ kubectlMs: number; kubectlOnePageMs: number; rawMs: number; rawOnePageMs: number }> {
  const c = standInCluster(100);
  c.apiserver.create("Deployment", deployment("web", pods, "nginx:1.25"));
  if (!c.loop.runUntil(() => available(c, "web", pods, "nginx:1.25"), { timeout: "1h" }))
    throw new Error("the Deployment did not become available");
  const server = await KubesimServer.start({ port: 0, speed: 0, stateDir, cluster: c });
  const agent = new Agent({ keepAlive: true });
  const cl = { agent, server };
  // Every page, as kubectl asks for them (--chunk-size 500).
  const rawMs = await best(5, async () => {
    let next = "";
    do {
      const r = await call(
        cl,
        "GET",
        `/api/v1/namespaces/default/pods?limit=500${next === "" ? "" : `&continue=${encodeURIComponent(next)}`}`,
        { Accept: TABLE_ACCEPT },
      );
      if (r.code !== 200) throw new Error(`list: ${r.code}`);
      next = (JSON.parse(r.body) as { metadata?: { continue?: string } }).metadata?.continue ?? "";
    } while (next !== "");
  });
  const rawOnePageMs = await best(5, async () => {
    const r = await call(cl, "GET", "/api/v1/namespaces/default/pods", { Accept: TABLE_ACCEPT });
    if (r.code !== 200) throw new Error(`list: ${r.code}`);
  });
  const dir = mkdtempSync(join(tmpdir(), "kubesim-bench-kubectl-"));
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, server.kubeconfig());
  const kubectl = (...extra: string[]) =>
    new Promise<void>((done, fail) => {
      const child = spawn(
        "kubectl",
        ["--kubeconfig", kubeconfig, "--cache-dir", join(dir, "cache"), "get", "pods", ...extra],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let lines = 0;
      child.stdout.on("data", (d: Buffer) => (lines += d.toString().split("\n").length - 1));
      child.on("exit", (code) =>
        code === 0 && lines === pods + 1 ? done() : fail(new Error(`kubectl: ${code} ${lines}`)),
      );
    });
  await kubectl(); // fills the discovery cache
  const kubectlMs = await best(5, () => kubectl());
  const kubectlOnePageMs = await best(5, () => kubectl("--chunk-size=0"));
  await server.close();
  agent.destroy();
  rmSync(dir, { recursive: true, force: true });
  return { kubectlMs, kubectlOnePageMs, rawMs, rawOnePageMs };
}

export async function measureWatchers(
  stateDir: string,
  watchers: number,
  replicas: number,
): Promise<{ ms: number; events: number; allReceived: boolean; watchers: number }> {
  // Pods become ready over 10 s (a hash of the name), as real containers
  // would, rather than all in one instant: one instant's events go to every
  // watcher at once.
  const c = standInCluster(20, (pod) => {
    let h = 0;
    for (const ch of pod.metadata?.name ?? "") h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return h % 10_000;
  });
  c.apiserver.create("Deployment", deployment("web", replicas, "nginx:1.25"));
  if (!c.loop.runUntil(() => available(c, "web", replicas, "nginx:1.25"), { timeout: "1h" }))
    throw new Error("the Deployment did not become available");
  const server = await KubesimServer.start({ port: 0, speed: 0, stateDir, cluster: c });
  const rv = c.apiserver.list("Pod", { namespace: "default" }).metadata.resourceVersion!;
  let expected = 0;
  const counting = c.apiserver.watch(
    "Pod",
    { namespace: "default", resourceVersion: rv },
    () => expected++,
  );

  const agent = new Agent({ keepAlive: true, maxSockets: watchers + 10 });
  const received = new Array<number>(watchers).fill(0);
  // A watcher the server closes (one that did not keep up: rest/watch-buffer.ts)
  // would never catch up; the run fails rather than wait for it.
  const closed: number[] = [];
  const opened: Promise<void>[] = [];
  for (let i = 0; i < watchers; i++) {
    opened.push(
      new Promise((ready, fail) => {
        const req = request(
          `${server.url}/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}`,
          { agent, ca: server.caCert, headers: { Authorization: `Bearer ${server.token}` } },
          (res) => {
            // Count newline bytes: one per event, without decoding the stream.
            res.on("data", (d: Buffer) => {
              for (let at = d.indexOf(10); at !== -1; at = d.indexOf(10, at + 1)) received[i]!++;
            });
            res.on("end", () => closed.push(i));
            ready();
          },
        );
        req.on("error", fail);
        req.end();
      }),
    );
  }
  await Promise.all(opened);
  const t0 = performance.now();
  server.pacer.run(() => {
    const d = c.apiserver.get("Deployment", "default", "web");
    const t = d.spec!.template;
    c.apiserver.update("Deployment", {
      ...d,
      spec: {
        ...d.spec!,
        template: {
          ...t,
          spec: { ...t.spec!, containers: [{ name: "app", image: "nginx:1.26" }] },
        },
      },
    });
  });
  // Virtual time in 50 ms steps, the sockets draining between them, as the
  // pacer would run it in real time (only faster).
  // Each step waits until every watcher has caught up, as TCP's flow control
  // would hold a real server back: the clients share this process, so
  // without it the server would buffer the whole rollout for every socket.
  while (!server.pacer.run(() => available(c, "web", replicas, "nginx:1.26"))) {
    server.advance(50);
    while (received.some((n) => n < expected)) {
      if (closed.length > 0)
        throw new Error(`the server closed ${closed.length} watchers (first: ${closed[0]})`);
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  const deadline = performance.now() + 120_000;
  while (received.some((n) => n < expected) && performance.now() < deadline)
    await new Promise((r) => setTimeout(r, 10));
  const ms = performance.now() - t0;
  progress(`${watchers} watchers: ${expected} events each, ${Math.round(ms)} ms`);
  const allReceived = received.every((n) => n === expected);
  counting.stop();
  agent.destroy();
  await server.close();
  return { ms, events: expected, allReceived, watchers };
}

async function measureRps(stateDir: string): Promise<{ get: number; list: number; patch: number }> {
  const c = standInCluster(3);
  c.apiserver.create("Deployment", deployment("web", 100, "nginx:1.25"));
  c.loop.runUntil(() => available(c, "web", 100, "nginx:1.25"), { timeout: "1h" });
  c.apiserver.create("ConfigMap", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "bench", namespace: "default" },
    data: { a: "b" },
  });
  const server = await KubesimServer.start({ port: 0, speed: 0, stateDir, cluster: c });
  const pod = c.apiserver.list("Pod", { namespace: "default" }).items[0]!.metadata!.name!;
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const cl = { agent, server };
  const rate = async (fn: (i: number) => Promise<{ code: number }>): Promise<number> => {
    const end = performance.now() + 2000;
    let n = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (performance.now() < end) {
          const r = await fn(n++);
          if (r.code >= 300) throw new Error(`status ${r.code}`);
        }
      }),
    );
    return n / 2;
  };
  const get = await rate(() => call(cl, "GET", `/api/v1/namespaces/default/pods/${pod}`));
  const list = await rate(() => call(cl, "GET", "/api/v1/namespaces/default/pods"));
  const patch = await rate((i) =>
    call(
      cl,
      "PATCH",
      "/api/v1/namespaces/default/configmaps/bench",
      { "Content-Type": "application/merge-patch+json" },
      JSON.stringify({ metadata: { labels: { n: String(i) } } }),
    ),
  );
  agent.destroy();
  await server.close();
  return { get, list, patch };
}

const progress = (what: string): void => {
  if (process.env["BENCH_PROGRESS"] !== undefined) console.error(`serve bench: ${what}`);
};

function startRecords(start: Awaited<ReturnType<typeof measureStart>>): BenchRecord[] {
  return [
    {
      name: "serve: KubesimServer.start to first answer",
      value: start.libraryMs,
      unit: "ms",
      size: 3,
    },
    {
      name: "serve: kubesim serve command to /readyz (median of 5)",
      value: start.commandMs,
      unit: "ms",
      size: 3,
    },
    {
      name: "serve: kubesim serve command to /readyz, new state folder (median of 3)",
      value: start.newStateMs,
      unit: "ms",
      size: 3,
    },
  ];
}

/** The start figures alone (`pnpm bench serve-start`): a few seconds, not the whole machine. */
export async function runServeStartBench(): Promise<BenchRecord[]> {
  const stateDir = mkdtempSync(join(tmpdir(), "kubesim-bench-state-"));
  try {
    return startRecords(await measureStart(stateDir));
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

export async function runServeBench(): Promise<BenchRecord[]> {
  const stateDir = mkdtempSync(join(tmpdir(), "kubesim-bench-state-"));
  try {
    progress("measureStart");
    const start = await measureStart(stateDir);
    progress("measureGetPods");
    const pods = await measureGetPods(stateDir, 10_000);
    progress("measureWatchers");
    const watch = await measureWatchers(
      stateDir,
      Number(process.env["SERVE_BENCH_WATCHERS"] ?? 1_000),
      1_000,
    );
    if (!watch.allReceived) throw new Error("a watcher missed events");
    progress("measureRps");
    const rps = await measureRps(stateDir);
    return [
      ...startRecords(start),
      {
        name: "serve: real kubectl get pods (best of 5)",
        value: pods.kubectlMs,
        unit: "ms",
        size: 10_000,
      },
      {
        name: "serve: real kubectl get pods --chunk-size=0 (best of 5)",
        value: pods.kubectlOnePageMs,
        unit: "ms",
        size: 10_000,
      },
      {
        name: "serve: Table list of pods, one answer (best of 5)",
        value: pods.rawOnePageMs,
        unit: "ms",
        size: 10_000,
      },
      {
        name: "serve: Table list of pods in pages of 500 (best of 5)",
        value: pods.rawMs,
        unit: "ms",
        size: 10_000,
      },
      {
        name: `serve: ${watch.watchers.toLocaleString("en-US")} watchers receive a 1,000-replica rollout`,
        value: watch.ms,
        unit: "ms",
        size: watch.events,
      },
      { name: "serve: get pod", value: rps.get, unit: "req/s", size: 32 },
      { name: "serve: list 100 pods", value: rps.list, unit: "req/s", size: 32 },
      { name: "serve: merge-patch a ConfigMap", value: rps.patch, unit: "req/s", size: 32 },
    ];
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
  } catch {
    console.error("kubectl is not on PATH");
  }
  for (const r of await runServeBench())
    console.log(`${r.name}: ${r.value.toFixed(1)} ${r.unit} (size ${r.size})`);
}
