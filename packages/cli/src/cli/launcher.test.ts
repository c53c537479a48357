/**
 * The `kubesim` command as `pnpm kubesim` runs it: bin/kubesim.mjs runs the
 * bundle bin/build.mjs makes, and builds it again whenever a file it was
 * built from has changed.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { cliLayout, ensureBuilt, staleReason } from "../../bin/build.mjs";

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A workspace of one package whose main.ts imports dep.ts, and where its bundle goes. */
function workspace() {
  const root = temp("kubesim-launcher-");
  const cliDir = join(root, "packages", "cli");
  mkdirSync(join(cliDir, "src"), { recursive: true });
  writeFileSync(join(root, "package.json"), '{ "private": true }\n');
  writeFileSync(join(cliDir, "package.json"), '{ "name": "cli", "type": "module" }\n');
  writeFileSync(
    join(cliDir, "src", "main.ts"),
    'import { word } from "./dep.js";\nconst said: string = word;\nprocess.stdout.write(said);\n',
  );
  const dep = join(cliDir, "src", "dep.ts");
  writeFileSync(dep, 'export const word = "one";\n');
  return { layout: cliLayout({ cliDir, root }), dep };
}

const bundleSays = (bundle: string, word: string) =>
  readFileSync(bundle, "utf8").includes(`var word = "${word}";`);

describe("the launcher's build", () => {
  it("builds once, then again only when a file the bundle came from changes", async () => {
    const { layout, dep } = workspace();
    expect(staleReason(layout)).toBe("never built");
    const bundle = await ensureBuilt(layout);
    expect(bundle).toBe(layout.bundle);
    expect(bundleSays(bundle, "one")).toBe(true);
    expect(staleReason(layout)).toBeUndefined();

    // A newer source.
    writeFileSync(dep, 'export const word = "two";\n');
    const later = new Date(Date.now() + 60_000);
    utimesSync(dep, later, later);
    expect(staleReason(layout)).toBe("packages/cli/src/dep.ts changed");
    await ensureBuilt(layout);
    expect(bundleSays(layout.bundle, "two")).toBe(true);
    // A source modified at or after the build began is built again next time
    // (esbuild may have read it before the change).
    expect(staleReason(layout)).toBe("packages/cli/src/dep.ts changed");
    utimesSync(dep, new Date(2020, 0, 1), new Date(2020, 0, 1));
    await ensureBuilt(layout);
    expect(staleReason(layout)).toBeUndefined();

    // An older file in its place (a checkout, a copy keeping times) counts too.
    writeFileSync(dep, 'export const word = "three";\n');
    utimesSync(dep, new Date(2019, 0, 1), new Date(2019, 0, 1));
    expect(staleReason(layout)).toBe("packages/cli/src/dep.ts changed");
    await ensureBuilt(layout);
    expect(bundleSays(layout.bundle, "three")).toBe(true);
    expect(staleReason(layout)).toBeUndefined();

    // The settings that decide how imports resolve, and the bundle itself.
    // (Dated in the past: a file modified at or after the build began counts as changed again.)
    const lockfile = join(layout.root, "pnpm-lock.yaml");
    writeFileSync(lockfile, "lockfileVersion: '9.0'\n");
    utimesSync(lockfile, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(staleReason(layout)).toBe("pnpm-lock.yaml changed");
    await ensureBuilt(layout);
    expect(staleReason(layout)).toBeUndefined();
    rmSync(layout.bundle);
    expect(staleReason(layout)).toBe("the bundle is gone");
  }, 60_000);

  it("refuses to run a source that does not compile, naming it", async () => {
    const { layout, dep } = workspace();
    writeFileSync(dep, "export const word = ;\n");
    await expect(ensureBuilt(layout)).rejects.toThrow(/dep\.ts/);
    expect(staleReason(layout)).toBe("never built");
  }, 60_000);
});

/** A length-delimited protobuf field (every length here is under 128). */
const field = (n: number, bytes: Buffer | string): Buffer => {
  const b = Buffer.from(bytes);
  return Buffer.concat([Buffer.from([(n << 3) | 2, b.length]), b]);
};

/** A v1 ConfigMap in Kubernetes' protobuf envelope: "k8s\0", then runtime.Unknown. */
function configMapProtobuf(name: string, key: string, value: string): Buffer {
  const typeMeta = Buffer.concat([field(1, "v1"), field(2, "ConfigMap")]);
  const configMap = Buffer.concat([
    field(1, field(1, name)), // metadata.name
    field(2, Buffer.concat([field(1, key), field(2, value)])), // data
  ]);
  return Buffer.concat([Buffer.from("k8s\0"), field(1, typeMeta), field(2, configMap)]);
}

describe("the kubesim command (bin/kubesim.mjs)", () => {
  const root = fileURLToPath(new URL("../../../../", import.meta.url));

  it("serves: /readyz answers, protobuf is spoken, and SIGTERM stops it", async () => {
    const dir = temp("kubesim-launcher-serve-");
    const stateDir = join(dir, "state");
    const child = spawn(
      process.execPath,
      [
        "packages/cli/bin/kubesim.mjs",
        "serve",
        "--port",
        "0",
        "--speed",
        "0",
        "--state-dir",
        stateDir,
        "--kubeconfig",
        join(dir, "kubeconfig"),
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on("data", () => {
        const m = /at (https:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (m !== null) done(m[1]!);
      });
      void exited.then(() => fail(new Error(`kubesim serve exited: ${out}${err}`)));
    });
    const ask = (path: string, headers: Record<string, string>, body?: Buffer) =>
      new Promise<{ code: number; body: Buffer }>((done, fail) => {
        const req = request(
          `${url}${path}`,
          {
            method: body === undefined ? "GET" : "POST",
            ca: readFileSync(join(stateDir, "ca.crt")),
            headers: {
              Authorization: `Bearer ${readFileSync(join(stateDir, "token"), "utf8").trim()}`,
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (d: Buffer) => chunks.push(d));
            res.on("end", () => done({ code: res.statusCode!, body: Buffer.concat(chunks) }));
          },
        );
        req.on("error", fail);
        req.end(body);
      });
    const ready = await ask("/readyz", {});
    expect([ready.code, ready.body.toString()]).toEqual([200, "ok"]);
    // protobufjs, bundled, decodes a protobuf body.
    const created = await ask(
      "/api/v1/namespaces/default/configmaps",
      { "Content-Type": "application/vnd.kubernetes.protobuf", Accept: "application/json" },
      configMapProtobuf("pb", "a", "1"),
    );
    expect(created.code, created.body.toString()).toBe(201);
    expect(JSON.parse(created.body.toString())).toMatchObject({
      metadata: { name: "pb", namespace: "default" },
      data: { a: "1" },
    });
    // pino, left to node_modules: the request log on standard output.
    const logged = /"verb":"POST","uri":"\/api\/v1\/namespaces\/default\/configmaps"/;
    for (let i = 0; i < 200 && !logged.test(out); i++) await new Promise((r) => setTimeout(r, 10));
    expect(out).toMatch(/"verb":"POST","uri":"\/api\/v1\/namespaces\/default\/configmaps"/);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toMatch(/kubesim serve: stopped\n$/);
    expect(err).toBe("");
  }, 60_000);

  /** Starts `serve` from a shell in pnpm's place, waits until it listens, and SIGKILLs the shell. */
  async function orphaned(env: NodeJS.ProcessEnv) {
    const dir = temp("kubesim-launcher-orphan-");
    const log = join(dir, "out");
    const shell = spawn(
      "sh",
      [
        "-c",
        `"$0" packages/cli/bin/kubesim.mjs serve --port 0 --speed 0 --state-dir "$1" --kubeconfig "$2" >"$3" 2>&1 & echo $!; wait`,
        process.execPath,
        join(dir, "state"),
        join(dir, "kubeconfig"),
        log,
      ],
      { cwd: root, stdio: ["ignore", "pipe", "ignore"], env },
    );
    const pid = await new Promise<number>((done) =>
      shell.stdout.once("data", (d: Buffer) => done(Number(d.toString().trim()))),
    );
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const said = () => {
      try {
        return readFileSync(log, "utf8");
      } catch {
        return "";
      }
    };
    for (let i = 0; i < 600 && !said().includes("kubectl get nodes"); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(said()).toContain("kubectl get nodes");
    shell.kill("SIGKILL");
    return { pid, alive, said };
  }

  it("run as a package script, stops when its parent goes away without passing a signal on (SIGTERM to pnpm)", async () => {
    const { pid, alive, said } = await orphaned({ ...process.env, npm_lifecycle_event: "kubesim" });
    for (let i = 0; i < 200 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    if (alive()) process.kill(pid, "SIGKILL");
    expect(said()).toMatch(
      /kubesim serve: its parent process has exited; stopping\nkubesim serve: stopped\n$/,
    );
  }, 60_000);

  it("started directly in the background, outlives the shell that started it", async () => {
    const env = { ...process.env };
    delete env["npm_lifecycle_event"];
    const { pid, alive, said } = await orphaned(env);
    await new Promise((r) => setTimeout(r, 2500));
    expect(alive()).toBe(true);
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 200 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(said()).toMatch(/kubectl get nodes\n\n?kubesim serve: stopped\n$/);
  }, 60_000);
});
