/**
 * The REAL kubectl, pinned per version, against `kubesim serve` over
 * SPDY/3.1: `exec` with kubectl 1.27–1.29 (SPDY only; 1.30+ only with
 * KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false, since they try WebSocket first),
 * exit codes, stdin, and `port-forward` with every version 1.27–1.33 plus
 * HTTP GETs through the forwarded local port. Which transport each
 * port-forward took (SPDY POST, or the WebSocket tunnel GET of 1.31+) is
 * read from the server's request log. A missing binary skips its tests.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { get } from "node:http";
import { join } from "node:path";
import { createRequestLogger } from "@kubesim/server";
import { afterEach, describe, expect, it } from "vitest";
import { MANIFESTS, startHarness, type Harness } from "./kubectl-harness.js";

const bin = (v: string) => `/usr/lib/google-cloud-sdk/bin/kubectl.${v}`;
const has = (v: string) => existsSync(bin(v));
const SPDY_EXEC = ["1.27", "1.28", "1.29"];
const ALL = ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"];

/** util-linux `script`, to give kubectl a terminal for `exec -it`. */
const SCRIPT: string | undefined = (() => {
  try {
    return (
      execFileSync("sh", ["-c", "command -v script"], { encoding: "utf8" }).trim() || undefined
    );
  } catch {
    return undefined;
  }
})();

interface LogLine {
  readonly verb?: string;
  readonly uri?: string;
  readonly code?: number;
  readonly protocol?: string;
}

let h: Harness | undefined;
let log: LogLine[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  log = [];
});

/** The tutorial's Deployment, running; returns one of its pods. */
async function app(): Promise<{ h: Harness; pod: string }> {
  h = await startHarness({
    logger: createRequestLogger({ write: (s: string) => void log.push(JSON.parse(s)) }),
  });
  const text = readFileSync(join(MANIFESTS, "deployment.yaml"), "utf8");
  h.server.pacer.run(() => h!.server.cluster.apply(text));
  h.server.advance(30_000);
  const pod = h.server.cluster.list("Pod")[0]!.metadata!.name!;
  return { h, pod };
}

function env(k: Harness, extra: Record<string, string> = {}) {
  return {
    PATH: process.env["PATH"] ?? "",
    HOME: k.dir,
    KUBECONFIG: join(k.dir, "kubeconfig"),
    ...extra,
  };
}

function kubectl(
  k: Harness,
  version: string,
  args: readonly string[],
  o: { input?: string; env?: Record<string, string> } = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    const child = spawn(
      bin(version),
      ["--kubeconfig", join(k.dir, "kubeconfig"), "--cache-dir", join(k.dir, "cache"), ...args],
      { env: env(k, o.env), stdio: ["pipe", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("close", (code) => {
      clearTimeout(guard);
      resolve({ stdout, stderr, code: code ?? -1 });
    });
    child.stdin.end(o.input ?? "");
  });
}

/** `kubectl port-forward pod/X :REMOTE`: resolves with the local port once it is forwarding. */
function portForward(
  k: Harness,
  version: string,
  target: string,
  extra: Record<string, string> = {},
): Promise<{ port: number; stop(): Promise<{ code: number; stderr: string }>; stderr(): string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      bin(version),
      [
        "--kubeconfig",
        join(k.dir, "kubeconfig"),
        "--cache-dir",
        join(k.dir, "cache"),
        "port-forward",
        ...target.split(" "),
      ],
      { env: env(k, extra), stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    const exited = new Promise<{ code: number; stderr: string }>((r) =>
      child.on("close", (code) => r({ code: code ?? -1, stderr: err })),
    );
    const guard = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`kubectl ${version} port-forward: no "Forwarding from" in ${out}${err}`));
    }, 15_000);
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
      if (m === null) return;
      clearTimeout(guard);
      resolve({
        port: Number(m[1]),
        stderr: () => err,
        stop: () => {
          if (child.exitCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
    void exited.then(() => clearTimeout(guard));
  });
}

function httpGet(port: number, path = "/"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
  });
}

/** The upgrade requests the server logged for a pod subresource. */
const upgrades = (sub: string) => log.filter((l) => l.uri?.includes(`/${sub}`) && l.code === 101);

describe("kubectl exec over SPDY/3.1", () => {
  for (const v of SPDY_EXEC)
    it.skipIf(!has(v))(
      `kubectl ${v}: exec POD -- env prints what kubesim's kubectl prints`,
      async () => {
        const { h, pod } = await app();
        const real = await kubectl(h, v, ["exec", pod, "--", "env"]);
        const own = h.kubesimKubectl(`exec ${pod} -- env`);
        expect(real).toEqual({ stdout: own.stdout, stderr: "", code: 0 });
        expect(real.stdout).toContain(`HOSTNAME=${pod}\n`);
        expect(upgrades("exec")).toMatchObject([{ verb: "POST", protocol: "v4.channel.k8s.io" }]);
      },
    );

  for (const v of [...SPDY_EXEC, "1.33"])
    it.skipIf(!has(v))(`kubectl ${v}: a non-zero exit becomes kubectl's exit code`, async () => {
      const { h, pod } = await app();
      const r = await kubectl(h, v, ["exec", pod, "--", "sh", "-c", "exit 3"], {
        env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: "false" },
      });
      expect(r).toEqual({ stdout: "", stderr: "command terminated with exit code 3\n", code: 3 });
    });

  it.skipIf(!has("1.27"))("kubectl 1.27: exec -i POD -- sh runs what stdin sent", async () => {
    const { h, pod } = await app();
    const r = await kubectl(h, "1.27", ["exec", "-i", pod, "--", "sh"], {
      input: "echo hi from stdin\n",
    });
    expect(r).toEqual({ stdout: "hi from stdin\n", stderr: "", code: 0 });
  });

  it.skipIf(!has("1.28"))(
    "kubectl 1.28: a command the runtime cannot start, a wrong container",
    async () => {
      const { h, pod } = await app();
      const missing = await kubectl(h, "1.28", ["exec", pod, "--", "nosuchcmd"]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(
        /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuchcmd": executable file not found in \$PATH: unknown\n$/,
      );
      const wrong = await kubectl(h, "1.28", ["exec", pod, "-c", "web", "--", "env"]);
      expect(wrong).toEqual({
        stdout: "",
        stderr: `Error from server (BadRequest): container web is not valid for pod ${pod}\n`,
        code: 1,
      });
    },
  );
});

describe("kubectl attach over SPDY/3.1", () => {
  it.skipIf(!has("1.28"))(
    "kubectl 1.28: prints what the container writes from then on, exits 0 when it stops",
    async () => {
      const { h, pod } = await app();
      const child = spawn(
        bin("1.28"),
        [
          "--kubeconfig",
          join(h.dir, "kubeconfig"),
          "--cache-dir",
          join(h.dir, "cache"),
          "attach",
          pod,
        ],
        { env: env(h), stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      const code = new Promise<number>((r) => child.on("close", (c) => r(c ?? -1)));
      const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const end = Date.now() + 10_000;
      while (upgrades("attach").length === 0 && Date.now() < end)
        await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      const p = h.server.cluster.get("Pod", pod);
      h.server.pacer.run(() =>
        h!.server.cluster.network.http(p.status!.podIP!, 8000, {
          method: "GET",
          path: "/attached",
          headers: { "User-Agent": "curl/8.5.0" },
          source: "10.244.9.9",
        }),
      );
      h.server.advance(1_000);
      while (!out.includes("/attached") && Date.now() < end)
        await new Promise((r) => setTimeout(r, 20));
      h.server.pacer.run(() =>
        h!.server.cluster.kubelet(p.spec!.nodeName!).killContainer("default", pod, "api"),
      );
      expect(await code).toBe(0);
      clearTimeout(guard);
      expect(out).toMatch(
        /^10\.244\.9\.9 - - \[[^\]]+\] "GET \/attached HTTP\/1\.1" 200 \d+ "-" "curl\/8\.5\.0"\n$/,
      );
    },
  );
});

describe("kubectl exec -it in a terminal", () => {
  it.skipIf(!has("1.27") || SCRIPT === undefined)(
    "kubectl 1.27: the shell's prompt, the terminal's echo, the answers and the exit status",
    async () => {
      const { h, pod } = await app();
      const cmd = [
        bin("1.27"),
        "--kubeconfig",
        join(h.dir, "kubeconfig"),
        "--cache-dir",
        join(h.dir, "cache"),
        "exec",
        "-it",
        pod,
        "--",
        "sh",
      ].join(" ");
      const child = spawn(SCRIPT!, ["-qfec", cmd, "/dev/null"], {
        env: env(h),
        stdio: ["pipe", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      const code = new Promise<number>((r) => child.on("close", (c) => r(c ?? -1)));
      const waitFor = async (text: string) => {
        const end = Date.now() + 10_000;
        while (!out.includes(text) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      };
      await waitFor("/ # ");
      child.stdin.write("hostname\r");
      await waitFor(`${pod}\r\n/ # `);
      child.stdin.write("exit 5\r");
      const guard = setTimeout(() => child.kill("SIGKILL"), 15_000);
      expect(await code).toBe(5);
      clearTimeout(guard);
      expect(out).toBe(
        `/ # hostname\r\n${pod}\r\n/ # exit 5\r\ncommand terminated with exit code 5\r\n`,
      );
    },
  );
});

describe("kubectl port-forward", () => {
  for (const v of ALL)
    it.skipIf(!has(v))(
      `kubectl ${v}: port-forward pod/X :8000, then HTTP GETs reach the pod`,
      async () => {
        const { h, pod } = await app();
        const pf = await portForward(h, v, `pod/${pod} :8000`);
        const first = await httpGet(pf.port);
        const second = await httpGet(pf.port, "/");
        expect(first).toEqual({ status: 200, body: `Hello from ${pod} (myapp:v1.2)\n` });
        expect(second).toEqual(first);
        await pf.stop();
        // 1.31+ open the WebSocket tunnel (GET); before, SPDY (POST).
        const tunnel = ["1.31", "1.32", "1.33"].includes(v);
        expect(upgrades("portforward")).toMatchObject([
          tunnel
            ? { verb: "GET", protocol: "SPDY/3.1+portforward.k8s.io" }
            : { verb: "POST", protocol: "portforward.k8s.io" },
        ]);
      },
    );

  it.skipIf(!has("1.33"))(
    "kubectl 1.33 with KUBECTL_PORT_FORWARD_WEBSOCKETS=false: plain SPDY",
    async () => {
      const { h, pod } = await app();
      const pf = await portForward(h, "1.33", `pod/${pod} :8000`, {
        KUBECTL_PORT_FORWARD_WEBSOCKETS: "false",
      });
      expect(await httpGet(pf.port)).toEqual({
        status: 200,
        body: `Hello from ${pod} (myapp:v1.2)\n`,
      });
      await pf.stop();
      expect(upgrades("portforward")).toMatchObject([
        { verb: "POST", protocol: "portforward.k8s.io" },
      ]);
    },
  );

  for (const v of ["1.27", "1.33"])
    it.skipIf(!has(v))(`kubectl ${v}: a port the container does not listen on`, async () => {
      const { h, pod } = await app();
      const pf = await portForward(h, v, `pod/${pod} :9999`);
      await expect(httpGet(pf.port)).rejects.toThrow();
      const uid = h.server.cluster.get("Pod", pod).metadata!.uid!;
      const end = Date.now() + 5_000;
      while (!pf.stderr().includes("error forwarding port 9999") && Date.now() < end)
        await new Promise((r) => setTimeout(r, 50));
      const { stderr } = await pf.stop();
      expect(stderr).toMatch(
        /an error occurred forwarding \d+ -> 9999: error forwarding port 9999 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\?"\/var\/run\/netns\/cni-[0-9a-f-]{36}\\?": failed to connect to localhost:9999 inside namespace \\?"[0-9a-f]{64}\\?", IPv4: dial tcp4 127\.0\.0\.1:9999: connect: connection refused IPv6 dial tcp6 \[::1\]:9999: connect: connection refused/,
      );
      expect(uid).not.toBe("");
    });
});
