import { afterEach, describe, expect, it } from "vitest";
import type { KubesimServer } from "../server.js";
import { ask } from "../testdata/http.js";
import { closeServers, startServer } from "../testdata/start.js";
import { applyPods, DUO, killContainer, SECRET, SLOW, UNSCHEDULED, WEB } from "./testdata/pods.js";
import { textStream } from "./testdata/text-stream.js";

afterEach(closeServers);

const LOG = "/api/v1/namespaces/default/pods/web/log";
const PROBE = (t: string) =>
  `172.18.0.4 - - [01/Jan/2024:${t} +0000] "GET /ready HTTP/1.1" 200 28 "-" "kube-probe/1.31"\n`;
const START = "Starting docker.io/library/myapp:v1.2 (container api)\nListening on :8000\n";

async function web(ms = 30_000): Promise<KubesimServer> {
  const s = await startServer({ followPollMs: 10 });
  applyPods(s, [SECRET, WEB], ms);
  return s;
}

function failure(reason: string, code: number, message: string) {
  return { kind: "Status", apiVersion: "v1", status: "Failure", message, reason, code };
}

describe("GET pods/log", () => {
  it("answers the container's log as text/plain", async () => {
    const s = await web(10_000);
    const a = await ask(s, { path: LOG });
    expect(a.status).toBe(200);
    expect(a.headers["content-type"]).toBe("text/plain");
    expect(a.text).toBe(START + PROBE("00:00:00") + PROBE("00:00:02") + PROBE("00:00:07"));
    // container= names it; the pod's only container is the default.
    expect((await ask(s, { path: `${LOG}?container=api` })).text).toBe(a.text);
  });

  it("tailLines, timestamps, limitBytes, sinceSeconds, sinceTime", async () => {
    const s = await web(10_000);
    expect((await ask(s, { path: `${LOG}?tailLines=1` })).text).toBe(PROBE("00:00:07"));
    expect((await ask(s, { path: `${LOG}?tailLines=0` })).text).toBe("");
    expect((await ask(s, { path: `${LOG}?tailLines=1&timestamps=true` })).text).toBe(
      `2024-01-01T00:00:07.553000000Z ${PROBE("00:00:07")}`,
    );
    expect((await ask(s, { path: `${LOG}?limitBytes=8` })).text).toBe("Starting");
    // now is 00:00:10: the last 5 s hold the probe at 00:00:07.553.
    expect((await ask(s, { path: `${LOG}?sinceSeconds=5` })).text).toBe(PROBE("00:00:07"));
    expect((await ask(s, { path: `${LOG}?sinceTime=2024-01-01T00:00:02Z` })).text).toBe(
      PROBE("00:00:02") + PROBE("00:00:07"),
    );
    expect(
      (await ask(s, { path: `${LOG}?insecureSkipTLSVerifyBackend=true&tailLines=1` })).text,
    ).toBe(PROBE("00:00:07"));
  });

  it("refuses bad options as kube-apiserver does", async () => {
    const s = await web();
    const tail = await ask(s, { path: `${LOG}?tailLines=-1` });
    expect(tail.status).toBe(422);
    expect(tail.json()).toMatchObject(
      failure(
        "Invalid",
        422,
        'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
      ),
    );
    expect((await ask(s, { path: `${LOG}?limitBytes=0` })).json().message).toBe(
      'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0',
    );
    expect((await ask(s, { path: `${LOG}?sinceSeconds=0` })).json().message).toBe(
      'PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
    );
    expect(
      (await ask(s, { path: `${LOG}?sinceSeconds=5&sinceTime=2024-01-01T00:00:02Z` })).json()
        .message,
    ).toBe(
      'PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    );
    const syntax = await ask(s, { path: `${LOG}?tailLines=ten` });
    expect(syntax.status).toBe(400);
    expect(syntax.json().reason).toBe("BadRequest");
    expect((await ask(s, { path: `${LOG}?follow=maybe` })).status).toBe(400);
    expect((await ask(s, { path: `${LOG}?sinceTime=yesterday` })).status).toBe(400);
  });

  it("names the containers when the pod has several, and refuses an unknown one", async () => {
    const s = await startServer();
    applyPods(s, [DUO, UNSCHEDULED]);
    const duo = await ask(s, { path: "/api/v1/namespaces/default/pods/duo/log" });
    expect(duo.status).toBe(400);
    expect(duo.json()).toMatchObject(
      failure(
        "BadRequest",
        400,
        "a container name must be specified for pod duo, choose one of: [a b]",
      ),
    );
    expect(
      (await ask(s, { path: "/api/v1/namespaces/default/pods/nowhere/log" })).json().message,
    ).toBe(
      "a container name must be specified for pod nowhere, choose one of: [a b] or one of the init containers: [setup]",
    );
    const bad = await ask(s, { path: "/api/v1/namespaces/default/pods/duo/log?container=c" });
    expect(bad.json()).toMatchObject(
      failure("BadRequest", 400, "container c is not valid for pod duo"),
    );
    const b = await ask(s, { path: "/api/v1/namespaces/default/pods/duo/log?container=b" });
    expect(b.text).toBe("Starting docker.io/library/myapp:v1.2 (container b)\n");
    // A pod on no node has an empty log.
    const none = await ask(s, { path: "/api/v1/namespaces/default/pods/nowhere/log?container=a" });
    expect({ status: none.status, text: none.text }).toEqual({ status: 200, text: "" });
  });

  it("a missing pod is 404, a waiting container and a missing previous one 400", async () => {
    const s = await web();
    const nope = await ask(s, { path: "/api/v1/namespaces/default/pods/nope/log" });
    expect(nope.status).toBe(404);
    expect(nope.json()).toMatchObject(failure("NotFound", 404, 'pods "nope" not found'));
    expect((await ask(s, { path: "/api/v1/namespaces/other/pods/web/log" })).json().message).toBe(
      'pods "web" not found',
    );
    const prev = await ask(s, { path: `${LOG}?previous=true` });
    expect(prev.json()).toMatchObject(
      failure("BadRequest", 400, 'previous terminated container "api" in pod "web" not found'),
    );
    applyPods(s, [SLOW], 2_000);
    const slow = await ask(s, { path: "/api/v1/namespaces/default/pods/slow/log" });
    expect(slow.json()).toMatchObject(
      failure(
        "BadRequest",
        400,
        'container "api" in pod "slow" is waiting to start: ContainerCreating',
      ),
    );
  });

  it("previous=true reads the instance before a restart", async () => {
    const s = await web(10_000);
    killContainer(s, "web", "api");
    s.advance(20_000);
    const prev = await ask(s, { path: `${LOG}?previous=true` });
    expect(prev.status).toBe(200);
    expect(prev.text).toBe(START + PROBE("00:00:00") + PROBE("00:00:02") + PROBE("00:00:07"));
    expect((await ask(s, { path: LOG })).text.startsWith(START)).toBe(true);
  });

  it("only GET; a token is needed", async () => {
    const s = await web();
    const post = await ask(s, { method: "POST", path: LOG, body: "{}" });
    expect(post.status).toBe(405);
    expect(post.json().reason).toBe("MethodNotAllowed");
    const anon = await ask(s, { path: LOG, token: null });
    expect(anon.status).toBe(401);
    expect(anon.json()).toMatchObject(failure("Unauthorized", 401, "Unauthorized"));
  });
});

describe("GET pods/log?follow=true", () => {
  it("streams new lines as virtual time passes, and ends when the container stops", async () => {
    const s = await web(10_000);
    const f = textStream(s, `${LOG}?follow=true&tailLines=1`);
    expect(await f.status).toBe(200);
    expect((await f.headers)["transfer-encoding"]).toBe("chunked");
    expect(await f.waitFor(/00:00:07/)).toBe(PROBE("00:00:07"));
    s.advance(10_000);
    expect(await f.waitFor(/00:00:17/)).toBe(
      PROBE("00:00:07") + PROBE("00:00:12") + PROBE("00:00:17"),
    );
    killContainer(s, "web", "api");
    s.advance(1_000);
    await f.ended;
    // Nothing of the next instance: the follow ends with the one it followed.
    expect(f.text()).not.toContain("Starting");
  });

  it("ends at once for a stopped container or previous=true, and at limitBytes", async () => {
    const s = await web(10_000);
    killContainer(s, "web", "api");
    s.advance(20_000);
    const prev = await ask(s, { path: `${LOG}?previous=true&follow=true` });
    expect(prev.text).toBe(START + PROBE("00:00:00") + PROBE("00:00:02") + PROBE("00:00:07"));
    const limited = textStream(s, `${LOG}?follow=true&limitBytes=20`);
    await limited.ended;
    expect(limited.text()).toBe("Starting docker.io/l");
  });

  it("stops polling when the client goes away, and when the pod is deleted", async () => {
    const s = await web(10_000);
    const f = textStream(s, `${LOG}?follow=true&timestamps=true&sinceSeconds=3`);
    expect(await f.waitFor(/07\.553/)).toBe(`2024-01-01T00:00:07.553000000Z ${PROBE("00:00:07")}`);
    f.close();
    await f.ended;
    const g = textStream(s, `${LOG}?follow=true&tailLines=0`);
    expect(await g.status).toBe(200);
    s.pacer.run(() => s.cluster.client.delete("Pod", "default", "web", { gracePeriodSeconds: 0 }));
    s.advance(5_000);
    await g.ended;
  });
});
