import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { KubesimServer } from "@kubesim/server";
import { describe, expect, it } from "vitest";
import type { Io } from "../cli/app.js";
import { serveCommand } from "./serve.js";

function io(cwd = process.cwd()) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const value: Io = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd };
  return { io: value, out: () => out, err: () => err };
}

function get(server: KubesimServer, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { ca: server.caCert!, headers: { Authorization: `Bearer ${server.token}` } },
      (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("kubesim serve", () => {
  it("listens on the port it prints, applies -f at start, writes the kubeconfig, logs requests and stops on abort", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-serve-"));
    const t = io();
    const stop = new AbortController();
    let server: KubesimServer | undefined;
    let listening!: () => void;
    const ready = new Promise<void>((r) => (listening = r));
    const done = serveCommand(
      [
        "--port",
        "0",
        "--speed",
        "0",
        "--state-dir",
        join(dir, "state"),
        "--kubeconfig",
        join(dir, "kc.yaml"),
        "-f",
        "docs/tutorial/manifests/deployment.yaml",
        "--nodes",
        "2",
      ],
      t.io,
      {
        signal: stop.signal,
        onListening: (s) => {
          server = s;
          listening();
        },
      },
    );
    await ready;
    const s = server!;
    expect(t.out()).toContain("deployment.apps/my-api created\n");
    expect(t.out()).toContain(
      `kubesim serve: a simulated cluster of 2 nodes, Kubernetes v1.31.0, at https://127.0.0.1:${s.port}\n`,
    );
    expect(t.out()).toContain("virtual time runs at 0 (paused) wall time\n");
    expect(t.out()).toContain(`  export KUBECONFIG=${join(dir, "kc.yaml")}\n`);
    expect(readFileSync(join(dir, "kc.yaml"), "utf8")).toBe(s.kubeconfig());
    expect(statSync(join(dir, "kc.yaml")).mode & 0o077).toBe(0);
    const r = await get(s, "/apis/apps/v1/namespaces/default/deployments/my-api");
    expect(r.status).toBe(200);
    const log = t
      .out()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log.at(-1)).toMatchObject({
      level: 30,
      msg: "request",
      verb: "GET",
      uri: "/apis/apps/v1/namespaces/default/deployments/my-api",
      code: 200,
    });
    stop.abort();
    expect(await done).toBe(0);
    expect(t.out()).toMatch(/kubesim serve: stopped\n$/);
  });

  it("prints the kubeconfig and writes it to the state folder when --kubeconfig is not given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-serve-"));
    const t = io();
    const stop = new AbortController();
    stop.abort();
    expect(
      await serveCommand(["--port", "0", "--state-dir", dir], t.io, { signal: stop.signal }),
    ).toBe(0);
    expect(t.out()).toContain("current-context: kubesim\n");
    expect(t.out()).toContain(`  export KUBECONFIG=${join(dir, "kubeconfig")}\n`);
    expect(readFileSync(join(dir, "kubeconfig"), "utf8")).toContain("current-context: kubesim");
  });

  it.each([
    [
      ["--speed", "-1"],
      'error: invalid argument "-1" for "--speed" flag: must be a number >= 0\nSee \'kubesim serve --help\' for usage.\n',
    ],
    [["--insecure-http", "--host", "0.0.0.0"], "only allowed on a loopback address"],
    [["--kube-version", "2.0"], 'invalid Kubernetes version "2.0"'],
    [["--bogus"], "error: unknown flag: --bogus\n"],
    [["extra"], 'error: unexpected argument "extra"\n'],
    [["--port", "70000"], "error: --port must be between 0 and 65535\n"],
  ])("refuses %j with exit code 1", async (argv, message) => {
    const t = io();
    expect(
      await serveCommand(
        ["--state-dir", mkdtempSync(join(tmpdir(), "kubesim-serve-")), ...argv],
        t.io,
      ),
    ).toBe(1);
    expect(t.err()).toContain(message);
  });

  it("refuses a missing -f path before serving", async () => {
    const t = io();
    const code = await serveCommand(
      [
        "--port",
        "0",
        "--state-dir",
        mkdtempSync(join(tmpdir(), "kubesim-serve-")),
        "-f",
        "no/such.yaml",
      ],
      t.io,
    );
    expect(code).toBe(1);
    expect(t.err()).toBe('error: the path "no/such.yaml" does not exist\n');
  });

  it("prints its help", async () => {
    const t = io();
    expect(await serveCommand(["--help"], t.io)).toBe(0);
    expect(t.out()).toMatch(
      /^Serve a simulated cluster to the real kubectl and client libraries\.\n\nUsage:\n {2}kubesim serve /,
    );
    expect(t.out()).toContain("  -f, --filename string");
  });
});
