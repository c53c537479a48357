/**
 * `kubesim serve`: a simulated cluster behind a Kubernetes API that the
 * real kubectl uses (@kubesim/server). Starts the cluster and the HTTPS
 * listener, applies `-f` manifests, writes a kubeconfig, prints where it
 * listens and how to point kubectl at it, logs requests (pino, info) on
 * standard output, and stops cleanly on SIGINT or SIGTERM.
 *
 *   kubesim serve --port 0 --kubeconfig /tmp/kubesim.yaml -f docs/tutorial/manifests
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readFilenames } from "@kubesim/kubectl";
import {
  KubesimServer,
  createRequestLogger,
  defaultStateDir,
  isServeError,
  type ServeOptions,
} from "@kubesim/server";
import { parse as parseYaml } from "yaml";
import type { Io } from "../cli/app.js";
import { nodeFiles } from "../cli/files.js";
import { isUsageError, parseOwnFlags, UsageError } from "../cli/flags.js";
import { serveFlags, serveUsage } from "./flags.js";
import { writePrivate } from "./write.js";

const HELP = "kubesim serve --help";

export interface ServeCommandOptions {
  /** Stops the server when aborted (default: SIGINT and SIGTERM of this process). */
  readonly signal?: AbortSignal;
  /** Called once the server listens (tests read the port from it). */
  readonly onListening?: (server: KubesimServer) => void;
}

function help(): string {
  const rows = serveFlags.map((f) => {
    const names = `${f.short === undefined ? "    " : `-${f.short}, `}--${f.name}${f.type === "bool" ? "" : f.type === "int" ? " int" : " string"}`;
    return [names, f.usage ?? ""] as const;
  });
  rows.push(["-h, --help", "help for serve"]);
  const w = Math.max(...rows.map(([n]) => n.length)) + 3;
  return `Serve a simulated cluster to the real kubectl and client libraries.

Usage:
  ${serveUsage}

Flags:
${rows.map(([n, u]) => `  ${n.padEnd(w)}${u}`.trimEnd()).join("\n")}
`;
}

function speedOf(text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0)
    throw new UsageError(
      `invalid argument ${JSON.stringify(text)} for "--speed" flag: must be a number >= 0`,
      HELP,
    );
  return n;
}

function seedOf(text: string): number | string {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

function readImages(file: string, cwd: string): Record<string, unknown> {
  const path = resolve(cwd, file);
  if (!existsSync(path))
    throw new UsageError(`the path ${JSON.stringify(file)} does not exist`, HELP);
  const doc: unknown = parseYaml(readFileSync(path, "utf8"));
  const images = (doc as { images?: unknown } | null)?.images;
  if (typeof images !== "object" || images === null || Array.isArray(images))
    throw new UsageError(`${file}: an image catalogue is a mapping with one key, images`, HELP);
  return images as Record<string, unknown>;
}

/** Runs `kubesim serve ARGS...` until stopped; resolves to the exit code. */
export async function serveCommand(
  argv: readonly string[],
  io: Io,
  options: ServeCommandOptions = {},
): Promise<number> {
  let server: KubesimServer;
  let kubeconfigFile: string;
  let printKubeconfig: boolean;
  try {
    const flags = parseOwnFlags(argv, serveFlags, HELP);
    if (flags.bool("help")) {
      io.stdout.write(help());
      return 0;
    }
    if (flags.args.length > 0) throw new UsageError(`unexpected argument "${flags.args[0]}"`, HELP);
    const nodes = flags.int("nodes");
    if (nodes < 0) throw new UsageError("--nodes must not be negative", HELP);
    const port = flags.int("port");
    if (port < 0 || port > 65535) throw new UsageError(`--port must be between 0 and 65535`, HELP);
    const stateDir =
      flags.string("state-dir") === ""
        ? defaultStateDir()
        : resolve(io.cwd, flags.string("state-dir"));
    const images = flags.string("images");
    const host = flags.string("host");
    const serveOptions: ServeOptions = {
      host,
      port,
      speed: speedOf(flags.string("speed")),
      insecureHttp: flags.bool("insecure-http"),
      kubeVersion: flags.string("kube-version"),
      stateDir,
      clusterOptions: {
        seed: seedOf(flags.string("seed")),
        nodes,
        ...(images === "" ? {} : { imageCatalogue: { images: readImages(images, io.cwd) } }),
      },
      logger: createRequestLogger(io.stdout),
    };
    const filenames = flags
      .strings("filename")
      .flatMap((f) => f.split(","))
      .filter((f) => f !== "");
    server = await KubesimServer.start(serveOptions);
    printKubeconfig = flags.string("kubeconfig") === "";
    kubeconfigFile = printKubeconfig
      ? join(stateDir, "kubeconfig")
      : resolve(io.cwd, flags.string("kubeconfig"));
    const notLoopback =
      !["127.0.0.1", "::1", "localhost"].includes(host) && !host.startsWith("127.");
    if (notLoopback)
      io.stderr.write(
        `warning: listening on ${host}, beyond this machine; every request needs the token\n`,
      );
    if (filenames.length > 0 && !applyAtStart(server, filenames, io)) {
      await server.close();
      return 1;
    }
    writePrivate(kubeconfigFile, server.kubeconfig());
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr.write(e.format());
      return 1;
    }
    if (isServeError(e) || isListenError(e)) {
      io.stderr.write(`error: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }

  const cluster = server.cluster;
  const nodeCount = cluster.nodes.names().length;
  io.stdout.write(
    [
      `kubesim serve: a simulated cluster of ${nodeCount} node${nodeCount === 1 ? "" : "s"}, Kubernetes ${server.version.gitVersion}, at ${server.url}`,
      `virtual time runs at ${server.pacer.speed === 0 ? "0 (paused)" : `${server.pacer.speed}x`} wall time`,
      ...(printKubeconfig ? ["", server.kubeconfig().trimEnd(), ""] : []),
      `kubeconfig: ${kubeconfigFile}`,
      `point kubectl at it:`,
      `  export KUBECONFIG=${kubeconfigFile}`,
      `  kubectl get nodes`,
      "",
    ].join("\n"),
  );
  options.onListening?.(server);

  await new Promise<void>((done) => {
    let orphanCheck: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      if (orphanCheck !== undefined) clearInterval(orphanCheck);
      options.signal?.removeEventListener("abort", stop);
      void server.close().then(done);
    };
    if (options.signal !== undefined) {
      if (options.signal.aborted) stop();
      else options.signal.addEventListener("abort", stop, { once: true });
    } else {
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      // Only under a package manager's script: a server started in the background on purpose
      // (`kubesim serve &`, nohup) outlives the shell that started it.
      if (io.env["npm_lifecycle_event"] !== undefined) orphanCheck = stopWhenOrphaned(io, stop);
    }
  });
  io.stdout.write("kubesim serve: stopped\n");
  return 0;
}

/**
 * A SIGTERM sent to `pnpm kubesim serve` ends pnpm (and the shell it runs the
 * script in) but is not passed on: the server would go on listening, its
 * parent now init. So, run as a package script (npm_lifecycle_event set), the
 * server stops, as on SIGTERM, once its parent process has gone (checked every
 * second; the check does not keep it alive).
 */
function stopWhenOrphaned(io: Io, stop: () => void): ReturnType<typeof setInterval> {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    io.stdout.write("kubesim serve: its parent process has exited; stopping\n");
    stop();
  }, 1000);
  timer.unref();
  return timer;
}

function isListenError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return (
    code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
  );
}

/** Applies the -f manifests as `kubectl apply` would; false (after printing why) when one failed. */
function applyAtStart(server: KubesimServer, filenames: readonly string[], io: Io): boolean {
  const cluster = server.cluster;
  let sources;
  try {
    sources = readFilenames({ cluster, files: nodeFiles(io.cwd) }, filenames, false);
  } catch (e) {
    io.stderr.write(`error: ${(e as Error).message}\n`);
    return false;
  }
  let ok = true;
  for (const s of sources) {
    const outcome = server.pacer.run(() => cluster.apply(s.text, { source: s.source }));
    for (const a of outcome.applied) io.stdout.write(`${a.resource}/${a.name} ${a.action}\n`);
    for (const f of outcome.failed) {
      ok = false;
      io.stderr.write(`error: ${f.error instanceof Error ? f.error.message : String(f.error)}\n`);
    }
  }
  return ok;
}
