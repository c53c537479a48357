import { afterEach, describe, expect, it } from "vitest";
import type { KubesimServer } from "../server.js";
import { ask } from "../testdata/http.js";
import { closeServers, startServer } from "../testdata/start.js";
import { applyPods, DUO, killContainer, SECRET, SLOW, WEB } from "./testdata/pods.js";
import { connect, execPath, open } from "./testdata/ws-client.js";

afterEach(closeServers);

async function web(): Promise<KubesimServer> {
  const s = await startServer({ followPollMs: 10 });
  applyPods(s, [SECRET, WEB, DUO], 10_000);
  return s;
}

const SUCCESS = { metadata: {}, status: "Success" };

function exitStatus(command: string, code: number) {
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: error executing command [${command}], exit code ${code}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(code) }] },
  };
}

describe("exec over WebSocket v5.channel.k8s.io", () => {
  it("runs a command: an empty first message on stdout, its output, Success, a normal close", async () => {
    const s = await web();
    const c = await open(s, execPath("web", ["env"]));
    expect(c.protocol).toBe("v5.channel.k8s.io");
    expect(await c.closed).toBe(1000);
    expect(c.frames[0]).toEqual({ channel: 1, data: Buffer.alloc(0) });
    expect(c.text(1)).toContain("\nDATABASE_URL=postgresql://...\n");
    expect(c.text(2)).toBe("");
    expect(JSON.parse(c.text(3))).toEqual(SUCCESS);
  });

  it("reports a non-zero exit as NonZeroExitCode with an ExitCode cause, and stderr on channel 2", async () => {
    const s = await web();
    const three = await open(s, execPath("web", ["sh", "-c", "exit 3"]));
    await three.closed;
    expect(JSON.parse(three.text(3))).toEqual(exitStatus("sh -c exit 3", 3));
    const ls = await open(s, execPath("web", ["ls", "/nope"]));
    await ls.closed;
    expect(ls.text(1)).toBe("");
    expect(ls.text(2)).toBe("ls: /nope: No such file or directory\n");
    expect(JSON.parse(ls.text(3))).toMatchObject({ reason: "NonZeroExitCode" });
    // Without stderr=true, stderr is not sent; the first message then goes... on stdout still.
    const quiet = await open(s, execPath("web", ["ls", "/nope"], { stdout: "true" }));
    await quiet.closed;
    expect(quiet.frames.filter((f) => f.channel === 2)).toEqual([]);
  });

  it("a program the image lacks fails with the runtime's InternalError", async () => {
    const s = await web();
    const c = await open(s, execPath("web", ["nope"]));
    await c.closed;
    const status = JSON.parse(c.text(3));
    expect(status).toMatchObject({ status: "Failure", reason: "InternalError", code: 500 });
    expect(status.message).toMatch(
      /^Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: .*"nope": executable file not found in \$PATH: unknown$/,
    );
    expect(status.details.causes[0].message).toBe(status.message.slice(25));
  });

  it("feeds stdin to a shell line by line, and ends it at the close signal", async () => {
    const s = await web();
    const c = await open(
      s,
      execPath("web", ["sh"], { stdin: "true", stdout: "true", stderr: "true" }),
    );
    c.send(0, "echo $DATABASE_URL\n");
    expect(await c.waitFor(1, /\.\.\.\n$/)).toBe("postgresql://...\n");
    c.send(0, "cd /tmp\npw");
    c.send(0, "d\n");
    expect(await c.waitFor(1, /tmp\n$/)).toBe("postgresql://...\n/tmp\n");
    c.raw(Buffer.from([255, 0]));
    expect(await c.closed).toBe(1000);
    expect(JSON.parse(c.text(3))).toEqual(SUCCESS);
  });

  it("a shell's exit ends the session with its code", async () => {
    const s = await web();
    const c = await open(s, execPath("web", ["/bin/sh"], { stdin: "true", stdout: "true" }));
    c.send(0, "exit 4\n");
    await c.closed;
    expect(JSON.parse(c.text(3))).toEqual(exitStatus("/bin/sh", 4));
  });

  it("tty: prompt, the pty's echo, CRLF, erase, Ctrl-C, resize, Ctrl-D", async () => {
    const s = await web();
    const c = await open(
      s,
      execPath("web", ["sh"], { stdin: "true", stdout: "true", stderr: "true", tty: "true" }),
    );
    expect(await c.waitFor(1, /# $/)).toBe("/ # ");
    c.send(4, '{"Width":120,"Height":40}');
    c.send(0, "echo hi\r");
    expect(await c.waitFor(1, /hi\r\n\/ # $/)).toBe("/ # echo hi\r\nhi\r\n/ # ");
    c.send(0, "ls /nopx\x7fe\r");
    expect(await c.waitFor(1, /directory\r\n\/ # $/)).toBe(
      "/ # echo hi\r\nhi\r\n/ # ls /nopx\b \be\r\nls: /nope: No such file or directory\r\n/ # ",
    );
    c.send(0, "echo never\x03");
    await c.waitFor(1, /\^C\r\n\/ # $/);
    c.send(0, "\x04");
    expect(await c.closed).toBe(1000);
    // Ctrl-D ends sh with the last command's status (ls failed: 1).
    expect(JSON.parse(c.text(3))).toEqual(exitStatus("sh", 1));
    expect(c.frames.some((f) => f.channel === 2)).toBe(false);
  });

  it("tty without stdin: the shell reads end of input at once", async () => {
    const s = await web();
    const c = await open(s, execPath("web", ["sh"], { stdout: "true", tty: "true" }));
    await c.closed;
    expect(c.text(1)).toBe("/ # ");
    expect(JSON.parse(c.text(3))).toEqual(SUCCESS);
  });

  it("tty for a command: its output with CRLF, stderr folded in", async () => {
    const s = await web();
    const c = await open(
      s,
      execPath("web", ["ls", "/nope"], { stdin: "true", stdout: "true", tty: "true" }),
    );
    await c.closed;
    expect(c.text(1)).toBe("ls: /nope: No such file or directory\r\n");
  });

  it("picks the container named, and reports one that is not running on the error channel", async () => {
    const s = await web();
    const b = await open(s, execPath("duo", ["hostname"], { stdout: "true", container: "b" }));
    await b.closed;
    expect(b.text(1)).toBe("duo\n");
    applyPods(s, [SLOW], 2_000);
    const c = await open(s, execPath("slow", ["env"]));
    await c.closed;
    expect(JSON.parse(c.text(3))).toEqual({
      metadata: {},
      status: "Failure",
      message: 'Internal error occurred: unable to upgrade connection: container not found ("api")',
      reason: "InternalError",
      details: {
        causes: [{ message: 'unable to upgrade connection: container not found ("api")' }],
      },
      code: 500,
    });
  });
});

describe("the other channel protocols", () => {
  it("v4.channel.k8s.io: the same frames, no close signal", async () => {
    const s = await web();
    const c = await open(s, execPath("web", ["sh", "-c", "exit 2"]), ["v4.channel.k8s.io"]);
    expect(c.protocol).toBe("v4.channel.k8s.io");
    await c.closed;
    expect(JSON.parse(c.text(3))).toEqual(exitStatus("sh -c exit 2", 2));
  });

  it("takes the client's first supported offer", async () => {
    const s = await web();
    const c = await open(s, execPath("web", ["hostname"]), [
      "v9.channel.k8s.io",
      "v4.channel.k8s.io",
      "v5.channel.k8s.io",
    ]);
    expect(c.protocol).toBe("v4.channel.k8s.io");
  });

  it("v4.base64.channel.k8s.io: text messages, base64 both ways", async () => {
    const s = await web();
    const c = await open(s, execPath("web", ["sh"], { stdin: "true", stdout: "true" }), [
      "v4.base64.channel.k8s.io",
    ]);
    c.send(0, "hostname\nexit\n");
    await c.closed;
    expect(c.text(1)).toBe("web\n");
    expect(JSON.parse(c.text(3))).toEqual(SUCCESS);
  });

  it("channel.k8s.io: only a failure's message on the error channel", async () => {
    const s = await web();
    const ok = await open(s, execPath("web", ["hostname"]), ["channel.k8s.io"]);
    await ok.closed;
    expect(ok.frames.filter((f) => f.channel === 3 && f.data.length > 0)).toEqual([]);
    const bad = await open(s, execPath("web", ["sh", "-c", "exit 3"]), ["channel.k8s.io"]);
    await bad.closed;
    expect(bad.text(3)).toBe(
      "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
    );
  });

  it("refuses a protocol it does not speak", async () => {
    const s = await web();
    const c = await connect(s, execPath("web", ["env"]), ["v9.channel.k8s.io"]);
    expect(c).toMatchObject({ refused: true, status: 400 });
    if (c.refused)
      expect(JSON.parse(c.body).message).toBe(
        "requested protocol(s) are not supported: [v9.channel.k8s.io]; supports [v5.channel.k8s.io v4.channel.k8s.io v4.base64.channel.k8s.io channel.k8s.io base64.channel.k8s.io]",
      );
  });
});

describe("refusals before the upgrade", () => {
  it("401 without the token", async () => {
    const s = await web();
    const c = await connect(s, execPath("web", ["env"]), undefined, null);
    expect(c).toMatchObject({ refused: true, status: 401 });
    if (c.refused) expect(JSON.parse(c.body)).toMatchObject({ reason: "Unauthorized", code: 401 });
    const wrong = await connect(s, execPath("web", ["env"]), undefined, "not-the-token-at-all");
    expect(wrong).toMatchObject({ refused: true, status: 401 });
  });

  it("a missing pod, a bad container, a pod with several, no streams", async () => {
    const s = await web();
    const body = async (path: string) => {
      const c = await connect(s, path);
      if (!c.refused) throw new Error("upgraded");
      return { ...JSON.parse(c.body), status: c.status };
    };
    expect(await body(execPath("nope", ["env"]))).toMatchObject({
      status: 404,
      reason: "NotFound",
      message: 'pods "nope" not found',
    });
    expect(await body(execPath("web", ["env"], { stdout: "true", container: "x" }))).toMatchObject({
      status: 400,
      reason: "BadRequest",
      message: "container x is not valid for pod web",
    });
    expect(await body(execPath("duo", ["env"]))).toMatchObject({
      status: 400,
      message: "a container name must be specified for pod duo, choose one of: [a b]",
    });
    expect(await body(execPath("web", ["env"], {}))).toMatchObject({
      status: 400,
      message: "you must specify at least 1 of stdin, stdout, stderr",
    });
    expect((await body("/api/v1/namespaces/default/pods/web/log")).status).toBe(404);
  });

  it("exec without an upgrade is kube-apiserver's 400 Upgrade request required", async () => {
    const s = await web();
    const post = await ask(s, { method: "POST", path: execPath("web", ["env"]) });
    expect(post.status).toBe(400);
    expect(post.json()).toMatchObject({
      reason: "BadRequest",
      message: "Upgrade request required",
    });
    expect((await ask(s, { path: execPath("web", ["env"]) })).status).toBe(400);
    const missing = await ask(s, { method: "POST", path: execPath("nope", ["env"]) });
    expect(missing.json().message).toBe('pods "nope" not found');
    expect(
      (await ask(s, { method: "PUT", path: execPath("web", ["env"]), body: "{}" })).status,
    ).toBe(405);
  });
});

describe("attach over WebSocket", () => {
  it("follows the container's output from now until it stops", async () => {
    const s = await web();
    const c = await open(s, execPath("web", [], { stdout: "true", stderr: "true" }, "attach"));
    s.advance(5_000);
    expect(await c.waitFor(1, /00:00:12/)).toBe(
      '172.18.0.4 - - [01/Jan/2024:00:00:12 +0000] "GET /ready HTTP/1.1" 200 28 "-" "kube-probe/1.31"\n',
    );
    killContainer(s, "web", "api");
    s.advance(1_000);
    expect(await c.closed).toBe(1000);
    expect(JSON.parse(c.text(3))).toEqual(SUCCESS);
  });
});
