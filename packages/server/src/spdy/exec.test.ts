/**
 * exec and attach over SPDY/3.1 against a running `kubesim serve`, spoken
 * by an independent SPDY client (spdy-transport) the way kubectl speaks it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeServers, startServer } from "../testdata/start.js";
import {
  execOver,
  openStream,
  readAll,
  runApp,
  spdyClient,
  upgrade,
} from "./testdata/spdy-client.js";

afterEach(closeServers);

const KUBECTL_PROTOCOLS = [
  "v4.channel.k8s.io",
  "v3.channel.k8s.io",
  "v2.channel.k8s.io",
  "channel.k8s.io",
];

const execPath = (pod: string, argv: readonly string[], extra = "&stderr=true&stdout=true") =>
  `/api/v1/namespaces/default/pods/${pod}/exec?${argv.map((a) => `command=${encodeURIComponent(a)}`).join("&")}&container=api${extra}`;

describe("exec over SPDY/3.1", () => {
  it("answers 101 with Upgrade: SPDY/3.1 and the first protocol kubectl offers that kubelet speaks", async () => {
    const server = await startServer();
    const pod = runApp(server);
    // kubectl 1.29 offers v5 first: over SPDY kubelet speaks v4 at most.
    const up = await upgrade(server, execPath(pod, ["env"]), [
      "v5.channel.k8s.io",
      ...KUBECTL_PROTOCOLS,
    ]);
    expect(up.kind).toBe("upgraded");
    if (up.kind !== "upgraded") return;
    expect(up.headers).toMatchObject({
      connection: "Upgrade",
      upgrade: "SPDY/3.1",
      "x-stream-protocol-version": "v4.channel.k8s.io",
    });
    const run = await execOver(up.socket);
    expect(run.stdout).toContain(`HOSTNAME=${pod}\n`);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.error)).toEqual({ metadata: {}, status: "Success" });
  });

  it("reports a non-zero exit as NonZeroExitCode with an ExitCode cause (v4)", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, execPath(pod, ["sh", "-c", "exit 3"]), KUBECTL_PROTOCOLS);
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const run = await execOver(up.socket);
    expect(JSON.parse(run.error)).toEqual({
      metadata: {},
      status: "Failure",
      message:
        "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
      reason: "NonZeroExitCode",
      details: { causes: [{ reason: "ExitCode", message: "3" }] },
    });
  });

  it("writes stderr on its own stream", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, execPath(pod, ["cat", "/nope"]), KUBECTL_PROTOCOLS);
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const run = await execOver(up.socket);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("cat: can't open '/nope': No such file or directory\n");
    expect(JSON.parse(run.error).details.causes).toEqual([{ reason: "ExitCode", message: "1" }]);
  });

  it("reports a command the runtime cannot start as an InternalError Status", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, execPath(pod, ["nosuchcmd"]), KUBECTL_PROTOCOLS);
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const status = JSON.parse((await execOver(up.socket)).error);
    expect(status).toMatchObject({ status: "Failure", reason: "InternalError", code: 500 });
    expect(status.message).toMatch(
      /^Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: .*"nosuchcmd": executable file not found in \$PATH: unknown$/,
    );
  });

  it("before v4 writes only a failure's message on the error stream", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const ok = await upgrade(server, execPath(pod, ["true"]), ["v3.channel.k8s.io"]);
    if (ok.kind !== "upgraded") throw new Error(JSON.stringify(ok));
    expect(ok.headers["x-stream-protocol-version"]).toBe("v3.channel.k8s.io");
    expect((await execOver(ok.socket)).error).toBe("");
    const failed = await upgrade(server, execPath(pod, ["sh", "-c", "exit 2"]), [
      "v2.channel.k8s.io",
    ]);
    if (failed.kind !== "upgraded") throw new Error(JSON.stringify(failed));
    expect((await execOver(failed.socket)).error).toBe(
      "command terminated with non-zero exit code: error executing command [sh -c exit 2], exit code 2",
    );
  });

  it("runs a shell on what stdin sent once the client closes it", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(
      server,
      execPath(pod, ["sh"], "&stdin=true&stdout=true&stderr=true"),
      KUBECTL_PROTOCOLS,
    );
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const run = await execOver(up.socket, { stdin: "echo hi from stdin" });
    expect(run.stdout).toBe("hi from stdin\n");
    expect(JSON.parse(run.error).status).toBe("Success");
  });

  it("drives an interactive shell through the terminal (-it): echo, output, exit status", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(
      server,
      execPath(pod, ["sh"], "&stdin=true&stdout=true&tty=true"),
      KUBECTL_PROTOCOLS,
    );
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const client = spdyClient(up.socket);
    const error = await openStream(client, { streamtype: "error" });
    const status = readAll(error);
    const stdin = await openStream(client, { streamtype: "stdin" });
    const stdout = await openStream(client, { streamtype: "stdout" });
    const out = readAll(stdout);
    const resize = await openStream(client, { streamtype: "resize" });
    resize.write('{"Width":80,"Height":24}');
    stdin.write("echo hi\r");
    stdin.write("exit 4\r");
    const text = await out;
    expect(text).toContain("echo hi\r\nhi\r\n");
    expect(JSON.parse(await status).details.causes).toEqual([{ reason: "ExitCode", message: "4" }]);
    up.socket.destroy();
  });
});

describe("refusals before the upgrade", () => {
  it("a protocol kubelet does not speak: 403 with the accepted versions", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, execPath(pod, ["env"]), ["v5.channel.k8s.io"]);
    expect(up).toMatchObject({
      kind: "refused",
      status: 403,
      text: "unable to upgrade: unable to negotiate protocol: client supports [v5.channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]\n",
    });
    if (up.kind === "refused")
      expect(up.headers["x-accepted-stream-protocol-versions"]).toBe(
        "v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io",
      );
  });

  it("no X-Stream-Protocol-Version: 400", async () => {
    const server = await startServer();
    const pod = runApp(server);
    expect(await upgrade(server, execPath(pod, ["env"]), [])).toMatchObject({
      status: 400,
      text: "unable to upgrade: X-Stream-Protocol-Version is required\n",
    });
  });

  it("a missing pod, a wrong container: kube-apiserver's Status", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const missing = await upgrade(server, execPath("nope", ["env"]), KUBECTL_PROTOCOLS);
    expect(missing).toMatchObject({ kind: "refused", status: 404 });
    if (missing.kind === "refused")
      expect(JSON.parse(missing.text)).toMatchObject({
        reason: "NotFound",
        message: 'pods "nope" not found',
      });
    const wrong = await upgrade(
      server,
      `/api/v1/namespaces/default/pods/${pod}/exec?command=env&container=web&stdout=true`,
      KUBECTL_PROTOCOLS,
    );
    expect(wrong).toMatchObject({ kind: "refused", status: 400 });
    if (wrong.kind === "refused")
      expect(JSON.parse(wrong.text)).toMatchObject({
        reason: "BadRequest",
        message: `container web is not valid for pod ${pod}`,
      });
  });

  it("no stream asked for: kubelet's 400", async () => {
    const server = await startServer();
    const pod = runApp(server);
    expect(
      await upgrade(
        server,
        `/api/v1/namespaces/default/pods/${pod}/exec?command=env`,
        KUBECTL_PROTOCOLS,
      ),
    ).toMatchObject({
      status: 400,
      text: "you must specify at least 1 of stdin, stdout, stderr\n",
    });
  });

  it("without the token: 401 Unauthorized", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(server, execPath(pod, ["env"]), KUBECTL_PROTOCOLS, { token: null });
    expect(up).toMatchObject({ kind: "refused", status: 401 });
    if (up.kind === "refused")
      expect(JSON.parse(up.text)).toMatchObject({ reason: "Unauthorized" });
  });
});

describe("attach over SPDY/3.1", () => {
  it("streams what the container writes from now on, and ends with Success when it stops", async () => {
    const server = await startServer();
    const pod = runApp(server);
    const up = await upgrade(
      server,
      `/api/v1/namespaces/default/pods/${pod}/attach?container=api&stderr=true&stdout=true`,
      KUBECTL_PROTOCOLS,
    );
    if (up.kind !== "upgraded") throw new Error(JSON.stringify(up));
    const client = spdyClient(up.socket);
    const error = await openStream(client, { streamtype: "error" });
    const status = readAll(error);
    const stdout = await openStream(client, { streamtype: "stdout" });
    let out = "";
    stdout.on("data", (d: Buffer) => (out += d.toString()));
    await openStream(client, { streamtype: "stderr" });
    const p = server.cluster.get("Pod", pod);
    server.pacer.run(() =>
      server.cluster.network.http(p.status!.podIP!, 8000, {
        method: "GET",
        path: "/hello",
        headers: { "User-Agent": "curl/8.5.0" },
        source: "10.244.9.9",
      }),
    );
    server.advance(1_000);
    const end = Date.now() + 5_000;
    while (!out.includes("GET /hello") && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    expect(out).toMatch(
      /^10\.244\.9\.9 - - \[01\/Jan\/2024:00:00:30 \+0000\] "GET \/hello HTTP\/1\.1" 200 \d+ "-" "curl\/8\.5\.0"\n$/,
    );
    server.pacer.run(() =>
      server.cluster.kubelet(p.spec!.nodeName!).killContainer("default", pod, "api"),
    );
    expect(JSON.parse(await status)).toEqual({ metadata: {}, status: "Success" });
    up.socket.destroy();
  });
});
