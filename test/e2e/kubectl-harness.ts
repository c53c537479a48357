/**
 * The e2e harness: `kubesim serve` in this process on 127.0.0.1:0 (paused,
 * on a fixed epoch and seed, so every output is reproducible), a temporary
 * kubeconfig and discovery cache, and the REAL kubectl run against it.
 * kubectl runs as a child process without blocking this process, whose
 * event loop serves its requests.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { KubesimServer, type ServeOptions } from "@kubesim/server";
import { kubectl as inProcessKubectl } from "@kubesim/kubectl";

export const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
export const MANIFESTS = join(ROOT, "docs/tutorial/manifests");
export const EPOCH = Date.UTC(2024, 0, 1);

/** The versioned kubectl binaries of the Google Cloud SDK. */
const PINNED_KUBECTL_DIR = "/usr/lib/google-cloud-sdk/bin";

/** node:fs for `-f`, relative to the repository (the real kubectl's working directory). */
const repositoryFiles = {
  readFile: (p: string) => readFileSync(join(ROOT, p), "utf8"),
  isDirectory: (p: string) => {
    try {
      return statSync(join(ROOT, p)).isDirectory();
    } catch {
      return false;
    }
  },
  readDir: (p: string) => readdirSync(join(ROOT, p)).sort(),
};

/** The pinned kubectl 1.<minor> (31, or "1.31") of the Google Cloud SDK, or undefined when it is not installed. */
export function pinnedKubectl(minor: number | string): string | undefined {
  const m = typeof minor === "number" ? minor : minor.replace(/^1\./, "");
  const path = join(PINNED_KUBECTL_DIR, `kubectl.1.${m}`);
  return existsSync(path) ? path : undefined;
}

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
  /** Writes to kubectl's stdin (started with `stdin: true`). */
  write(text: string): void;
  /** Closes kubectl's stdin. */
  end(): void;
  /** Resolves once stdout matches, or rejects after `ms` of wall time. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Resolves with the exit code once kubectl exits by itself. */
  readonly exited: Promise<number>;
  stop(): void;
}

export interface Harness {
  readonly server: KubesimServer;
  readonly dir: string;
  /** Runs the real kubectl with this server's kubeconfig and a fresh cache. */
  kubectl(args: readonly string[], options?: KubectlOptions): Promise<Run>;
  /** Starts a long-running kubectl (`get -w`, `delete` waiting): read its output as it comes, stop it. */
  start(args: readonly string[], options?: StartOptions): Running;
  /** The same command through kubesim's own kubectl, on the same cluster (`-f` relative to the repository). */
  kubesimKubectl(line: string): Run;
  close(): Promise<void>;
}

export interface KubectlOptions {
  readonly timeoutMs?: number;
  /** The kubectl binary (default the one on PATH), e.g. a pinned `kubectl.1.30`. */
  readonly binary?: string;
  /** Text for kubectl's stdin. */
  readonly input?: string;
  /** More environment variables for kubectl. */
  readonly env?: Record<string, string>;
}

export interface StartOptions {
  readonly binary?: string;
  /** Keep kubectl's stdin open for `write` (default: no stdin). */
  readonly stdin?: boolean;
  /** Run it under `script`, so that kubectl has a terminal (for `exec -it`). */
  readonly terminal?: boolean;
}

/** `script`, for a terminal, or undefined when the machine has none. */
export const SCRIPT: string | undefined = (() => {
  try {
    return (
      execFileSync("sh", ["-c", "command -v script"], { encoding: "utf8" }).trim() || undefined
    );
  } catch {
    return undefined;
  }
})();

/** A word for `sh -c`. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
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
        const child = execFile(
          o.binary ?? KUBECTL ?? "kubectl",
          ["--kubeconfig", kubeconfig, "--cache-dir", cache, ...args],
          {
            cwd: ROOT,
            timeout: o.timeoutMs ?? 20_000,
            env: {
              PATH: process.env["PATH"] ?? "",
              HOME: dir,
              KUBECONFIG: kubeconfig,
              ...o.env,
            },
          },
          (err, stdout, stderr) => {
            const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
            done({ stdout, stderr, code });
          },
        );
        child.stdin?.end(o.input ?? "");
      });
    },
    start(args, o = {}) {
      const argv = [
        o.binary ?? KUBECTL ?? "kubectl",
        "--kubeconfig",
        kubeconfig,
        "--cache-dir",
        cache,
        ...args,
      ];
      const [file, ...rest] =
        o.terminal === true
          ? [SCRIPT ?? "script", "-qec", argv.map(shellQuote).join(" "), "/dev/null"]
          : argv;
      const child = spawn(file!, rest, {
        cwd: ROOT,
        env: { PATH: process.env["PATH"] ?? "", HOME: dir, KUBECONFIG: kubeconfig },
        stdio: [o.stdin === true || o.terminal === true ? "pipe" : "ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number>((r) => child.on("exit", (code) => r(code ?? -1)));
      const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
      void exited.then(() => clearTimeout(guard));
      return {
        stdout: () => out,
        stderr: () => err,
        write: (text) => child.stdin?.write(text),
        end: () => child.stdin?.end(),
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
      const r = server.pacer.run(() =>
        inProcessKubectl(line, { cluster: server.cluster, files: repositoryFiles }),
      );
      return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode };
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
