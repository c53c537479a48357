import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PassThrough } from "node:stream";
import { KubesimServer } from "@kubesim/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubesim, type Io } from "../cli/app.js";
import { ctlCommand } from "./ctl.js";

const EPOCH = Date.UTC(2024, 0, 1);
const dir = mkdtempSync(join(tmpdir(), "kubesim-ctl-"));
const kubeconfig = join(dir, "kubeconfig");

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  minReadySeconds: 5
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: "nginx:1.27", ports: [{ containerPort: 80 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`;

let server: KubesimServer;

beforeAll(async () => {
  server = await KubesimServer.start({
    port: 0,
    speed: 0,
    stateDir: join(dir, "state"),
    clusterOptions: { epoch: EPOCH, seed: 1 },
  });
  writeFileSync(kubeconfig, server.kubeconfig());
  server.pacer.run(() => server.cluster.apply(WEB));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function io(env: NodeJS.ProcessEnv = {}, stdin = "") {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const input = new PassThrough();
  input.end(stdin);
  const value: Io = { stdout, stderr, stdin: input, env, cwd: dir };
  return { io: value, out: () => out, err: () => err };
}

/** `kubesim ctl ARGS --kubeconfig FILE`: the exit code and what it printed. */
async function ctl(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const t = io();
  const code = await ctlCommand([...args, "--kubeconfig", kubeconfig], t.io);
  return { code, out: t.out(), err: t.err() };
}

describe("kubesim ctl against kubesim serve", () => {
  it("status, advance, speed, pause and resume", async () => {
    expect(await ctl("status")).toEqual({
      code: 0,
      out: "virtual time:  2024-01-01T00:00:00Z (+0s since the server started)\nspeed:         0 (paused)\npaused:        true\n",
      err: "",
    });
    expect(await ctl("advance", "5m")).toEqual({
      code: 0,
      out: "virtual time: +5m0s (2024-01-01T00:05:00Z)\n",
      err: "",
    });
    expect(server.cluster.now()).toBe(EPOCH + 300_000);
    expect((await ctl("speed", "10")).out).toBe("running at 10x from +5m0s\n");
    expect(server.pacer.speed).toBe(10);
    // Wall time ran at 10x meanwhile.
    expect((await ctl("pause")).out).toMatch(/^paused at \+5m[\d.]+s\n$/);
    expect(server.pacer.paused).toBe(true);
    expect((await ctl("resume")).out).toMatch(/^running at 10x from \+5m[\d.]+s\n$/);
    expect((await ctl("speed", "0")).out).toMatch(/^paused at /);
    expect(server.pacer.paused).toBe(true);
  });

  it("until: a rollout, then a timeout that exits 1", async () => {
    const done = await ctl("until", "rollout", "web");
    expect(done.code).toBe(0);
    expect(done.out).toMatch(/^deployment "web" successfully rolled out \(after \d+s\)\n$/);
    expect((await ctl("until", "deployment", "web", "Available", "--timeout", "10m")).out).toBe(
      'deployment "web" condition Available=True (after 0s)\n',
    );
    const late = await ctl("until", "pod", "nope", "Running", "--timeout", "30s");
    expect(late).toEqual({
      code: 1,
      out: "",
      err: 'error: timed out after 30s waiting for pod "nope" phase Running (last seen: pods "nope" not found)\n',
    });
  });

  it("fault: the issue's form and the shell's, with the server's errors", async () => {
    expect(await ctl("fault", "stop-node", "node-3")).toEqual({
      code: 0,
      out: 'node "node-3" stopped\n',
      err: "",
    });
    expect((await ctl("fault", "node", "start", "node-3")).out).toBe('node "node-3" started\n');
    expect(await ctl("fault", "stop-node", "node-9")).toEqual({
      code: 1,
      out: "",
      err: 'Error from server (NotFound): nodes "node-9" not found\n',
    });
    expect(await ctl("fault", "explode", "node-1")).toMatchObject({
      code: 1,
      err: expect.stringMatching(
        /^error: unknown fault "explode" \(known: stop-node, .*\nSee 'kubesim ctl fault --help' for usage\.\n$/,
      ),
    });
    // Checked before sending, by the shell's parser.
    expect((await ctl("fault", "slow-apiserver", "soon")).err).toContain(
      'error: slowApiServer: invalid duration "soon"',
    );
  });

  it("traffic: start, results, stop", async () => {
    await ctl("until", "rollout", "web");
    const start = await ctl("traffic", "web", "--rps", "50");
    expect(start.code).toBe(0);
    expect(start.out).toMatch(
      /^traffic started: GET http:\/\/10\.\d+\.\d+\.\d+\/ at 50\/s from node node-1\n$/,
    );
    await ctl("advance", "1s");
    const results = await ctl("traffic", "results");
    expect(results.out).toContain("at 50/s from");
    expect(results.out).toContain("nginx:1.27");
    expect((await ctl("traffic", "stop", "web")).out).toBe(
      "traffic stopped: web: sent 51, 51 succeeded, 0 failed\n",
    );
    expect((await ctl("traffic", "web")).err).toBe(
      "error: --rps is required (requests per second)\nSee 'kubesim ctl traffic --help' for usage.\n",
    );
    expect((await ctl("traffic", "results", "nope")).err).toBe(
      'Error from server (NotFound): traffic "nope" not found\n',
    );
  });

  it("trace and timeline", async () => {
    await ctl("fault", "restart-controller");
    const trace = await ctl("trace", "--type", "fault", "--tail", "1");
    expect(trace.out).toMatch(
      /^\+\S+\s+fault {2}restartController process=kube-controller-manager\n$/,
    );
    const timeline = await ctl("timeline", "-n", "default", "--tail", "3");
    const lines = timeline.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TIME\s+TYPE\s+REASON\s+OBJECT\s+FROM\s+MESSAGE$/);
    expect(lines).toHaveLength(4);
  });

  it("save and load: a deleted Deployment comes back", async () => {
    const saved = await ctl("save", "state.yaml");
    expect(saved.out).toBe("saved 2 objects to state.yaml\n");
    const text = readFileSync(join(dir, "state.yaml"), "utf8");
    expect(text).toMatch(
      /^# kubesim state: load it with kubesim ctl load <this file>\nkind: List\n/,
    );
    server.pacer.run(() => server.cluster.delete("Deployment", "web"));
    const loaded = await ctl("load", "state.yaml");
    expect(loaded).toEqual({
      code: 0,
      out: "deployment.apps/web created\nservice/web unchanged\n",
      err: "",
    });
    expect(server.cluster.get("Deployment", "web").metadata?.name).toBe("web");
    expect((await ctl("load", "missing.yaml")).err).toBe(
      'error: the path "missing.yaml" does not exist\n',
    );
  });

  it("refuses bad usage in kubectl's words", async () => {
    expect(await ctl("teleport")).toEqual({
      code: 1,
      out: "",
      err: 'error: unknown command "teleport" for "kubesim ctl"\nRun \'kubesim ctl --help\' for usage.\n',
    });
    expect((await ctl("advance")).err).toBe(
      "error: say how long: advance 30s\nSee 'kubesim ctl advance --help' for usage.\n",
    );
    expect((await ctl("advance", "5 minutes")).err).toBe(
      'Error from server (BadRequest): duration: Invalid value: "5 minutes": a duration such as "30s" or "1m30s"\n',
    );
    expect((await ctl("speed", "fast")).code).toBe(1);
    expect((await ctl("until", "rollout")).err).toContain(
      "See 'kubesim ctl until --help' for usage.",
    );
  });

  it("prints help for ctl and each command", async () => {
    const t = io();
    expect(await ctlCommand(["--help"], t.io)).toBe(0);
    expect(t.out()).toMatch(/^Control the simulation behind kubesim serve/);
    for (const v of ["status", "advance", "until", "fault", "traffic", "save", "load"])
      expect(t.out()).toContain(`  ${v} `);
    const u = io();
    expect(await ctlCommand(["until", "--help"], u.io)).toBe(0);
    expect(u.out()).toContain("until rollout NAME");
    expect(u.out()).toContain("--kubeconfig string");
  });
});

describe("kubesim ctl finds the server through the kubeconfig", () => {
  it("reads $KUBECONFIG, and is registered as a kubesim command", async () => {
    const t = io({ KUBECONFIG: `${join(dir, "none")}:${kubeconfig}` });
    expect(await kubesim(["ctl", "status"], t.io)).toBe(0);
    expect(t.out()).toContain("virtual time:");
    const root = io();
    await kubesim(["--help"], root.io);
    expect(root.out()).toMatch(/\n {2}ctl {4,}Control kubesim serve/);
    const help = io();
    expect(await kubesim(["help", "ctl"], help.io)).toBe(0);
    expect(help.out()).toMatch(/^Control the simulation behind kubesim serve/);
  });

  it("says what is wrong with a kubeconfig, in clientcmd's words", async () => {
    const cases: [string[], NodeJS.ProcessEnv, string][] = [
      [
        ["--kubeconfig", join(dir, "nope.yaml")],
        {},
        `error: stat ${join(dir, "nope.yaml")}: no such file or directory\n`,
      ],
      [
        ["--kubeconfig", kubeconfig, "--context", "other"],
        {},
        "error: context was not found for specified context: other\n",
      ],
      [
        [],
        { HOME: join(dir, "empty-home") },
        "error: no configuration has been provided: pass --kubeconfig or set KUBECONFIG (kubesim serve writes a kubeconfig)\n",
      ],
    ];
    for (const [flags, env, err] of cases) {
      const t = io(env);
      expect(await ctlCommand(["status", ...flags], t.io)).toBe(1);
      expect(t.err()).toBe(err);
    }
  });

  it("refuses a wrong token with 401 and a closed port with kubectl's line", async () => {
    const bad = join(dir, "bad-token");
    writeFileSync(bad, server.kubeconfig().replace(/token: \S+/, "token: wrong-token-0123456789"));
    const t = io();
    expect(await ctlCommand(["status", "--kubeconfig", bad], t.io)).toBe(1);
    expect(t.err()).toBe("error: You must be logged in to the server (Unauthorized)\n");
    const closed = join(dir, "closed");
    writeFileSync(closed, server.kubeconfig().replace(`:${server.port}`, ":1"));
    const c = io();
    expect(await ctlCommand(["status", "--kubeconfig", closed], c.io)).toBe(1);
    expect(c.err()).toBe(
      "error: The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n",
    );
  });
});

describe("the kubesim binary", () => {
  it("runs kubesim ctl advance against the server, with its exit codes", async () => {
    const root = fileURLToPath(new URL("../../../../", import.meta.url));
    // Not spawnSync: the server answers from this process's event loop.
    const bin = (args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        execFile(
          process.execPath,
          ["packages/cli/bin/kubesim.mjs", ...args],
          { cwd: root, encoding: "utf8", env: { ...process.env, KUBECONFIG: kubeconfig } },
          (error, stdout, stderr) =>
            resolve({ code: error === null ? 0 : Number(error.code), out: stdout, err: stderr }),
        );
      });
    const before = server.cluster.now();
    const ok = await bin(["ctl", "advance", "90s"]);
    expect([ok.code, ok.err]).toEqual([0, ""]);
    expect(ok.out).toMatch(/^virtual time: \+\S+ \(\S+Z\)\n$/);
    expect(server.cluster.now() - before).toBe(90_000);
    const bad = await bin(["ctl", "fault", "stop-node", "node-9"]);
    expect(bad).toEqual({
      code: 1,
      out: "",
      err: 'Error from server (NotFound): nodes "node-9" not found\n',
    });
  }, 30_000);
});
