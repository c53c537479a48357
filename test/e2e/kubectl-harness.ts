/**
 * The e2e harness: `kubesim serve` in this process on 127.0.0.1:0 (paused,
 * on a fixed epoch and seed, so every output is reproducible), a temporary
 * kubeconfig and discovery cache, and the REAL kubectl run against it.
 * kubectl runs as a child process without blocking this process, whose
 * event loop serves its requests.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KubesimServer, type ServeOptions } from "@kubesim/server";
import { kubectl as inProcessKubectl } from "@kubesim/kubectl";

export const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
export const MANIFESTS = join(ROOT, "docs/tutorial/manifests");
export const EPOCH = Date.UTC(2024, 0, 1);

/** The kubectl on PATH, or undefined when there is none (the e2e tests then skip). */
export const KUBECTL: string | undefined = (() => {
  try {
    return (
      execFileSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" }).trim() || undefined
    );
  } catch {
    return undefined;
  }
})();

export interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export interface Running {
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches, or rejects after `ms` of wall time. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves with the exit code once kubectl exits by itself. */
  readonly exited: Promise<number>;
  stop(): void;
}

export interface Harness {
  readonly server: KubesimServer;
  readonly dir: string;
  /**
   * Runs the real kubectl with this server's kubeconfig and a fresh cache
   * (`binary`: a pinned kubectl instead of the one on PATH).
   */
  kubectl(args: readonly string[], options?: { timeoutMs?: number; binary?: string }): Promise<Run>;
  /** Starts a long-running kubectl (`get -w`, `delete` waiting): read its output as it comes, stop it. */
  start(args: readonly string[]): Running;
  /** The same command through kubesim's own kubectl, on the same cluster (read-only commands). */
  kubesimKubectl(line: string): Run;
  close(): Promise<void>;
}

let stateDir: string | undefined;

export async function startHarness(options: ServeOptions = {}): Promise<Harness> {
  stateDir ??= mkdtempSync(join(tmpdir(), "kubesim-e2e-state-"));
  const dir = mkdtempSync(join(tmpdir(), "kubesim-e2e-"));
  const server = await KubesimServer.start({
    port: 0,
    speed: 0,
    stateDir,
    ...options,
    clusterOptions: { epoch: EPOCH, seed: 7, ...options.clusterOptions },
  });
  const kubeconfig = join(dir, "kubeconfig");
  writeFileSync(kubeconfig, server.kubeconfig(), { mode: 0o600 });
  const cache = join(dir, "cache");
  return {
    server,
    dir,
    kubectl(args, o = {}) {
      return new Promise((done) => {
        execFile(
          o.binary ?? KUBECTL ?? "kubectl",
          ["--kubeconfig", kubeconfig, "--cache-dir", cache, ...args],
          {
            cwd: ROOT,
            timeout: o.timeoutMs ?? 20_000,
            env: { PATH: process.env["PATH"] ?? "", HOME: dir, KUBECONFIG: kubeconfig },
          },
          (err, stdout, stderr) => {
            const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
            done({ stdout, stderr, code });
          },
        );
      });
    },
    start(args) {
      const child = spawn(
        KUBECTL ?? "kubectl",
        ["--kubeconfig", kubeconfig, "--cache-dir", cache, ...args],
        {
          cwd: ROOT,
          env: { PATH: process.env["PATH"] ?? "", HOME: dir, KUBECONFIG: kubeconfig },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number>((r) => child.on("exit", (code) => r(code ?? -1)));
      const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
      void exited.then(() => clearTimeout(guard));
      return {
        stdout: () => out,
        stderr: () => err,
        exited,
        stop: () => {
          child.kill("SIGTERM");
        },
        async waitFor(pattern, ms = 10_000) {
          const end = Date.now() + ms;
          while (!pattern.test(out)) {
            if (Date.now() > end)
              throw new Error(`kubectl ${args.join(" ")}: no ${String(pattern)} in:\n${out}${err}`);
            await new Promise((r) => setTimeout(r, 20));
          }
          return out;
        },
      };
    },
    kubesimKubectl(line) {
      const r = server.pacer.run(() => inProcessKubectl(line, { cluster: server.cluster }));
      return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode };
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
