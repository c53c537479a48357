import { afterEach, describe, expect, it } from "vitest";
import { ask } from "../testdata/http.js";
import { closeServers, startServer } from "../testdata/start.js";
import { apply, post, WEB } from "./testdata/web.js";

afterEach(closeServers);

async function withWeb() {
  const server = await startServer();
  apply(server, WEB);
  await post(server, "/sim/v1/until", { rollout: "web" });
  return server;
}

describe("/sim/v1/traffic", () => {
  it("sends requests to a Service at a rate of virtual time, and reads the results", async () => {
    const server = await withWeb();
    const start = await post(server, "/sim/v1/traffic", { target: "web", rate: 50 });
    expect(start.status).toBe(201);
    const ip = server.cluster.get("Service", "web").spec!.clusterIP!;
    expect(start.json()).toMatchObject({
      kind: "Traffic",
      name: "web",
      url: `http://${ip}/`,
      rate: 50,
      from: "node node-1",
      running: true,
      message: `traffic started: GET http://${ip}/ at 50/s from node node-1`,
    });
    await post(server, "/sim/v1/advance", { duration: "2s" });
    const list = (await ask(server, { path: "/sim/v1/traffic" })).json();
    expect(list.kind).toBe("TrafficList");
    expect(list.items).toHaveLength(1);
    const { summary, text } = list.items[0];
    // 0, 20, ..., 2000 ms: 101 requests, each answered 200 by an nginx pod.
    expect(summary).toMatchObject({ sent: 101, succeeded: 101, failed: 0 });
    expect(summary.byImage).toEqual([
      { image: "nginx:1.27", count: 101, succeeded: 101, failed: 0 },
    ]);
    expect(text).toContain(`GET http://${ip}/ at 50/s`);
    const stopped = await ask(server, { method: "DELETE", path: "/sim/v1/traffic/web" });
    expect(stopped.json()).toMatchObject({ running: false });
    await post(server, "/sim/v1/advance", { duration: "2s" });
    const one = (await ask(server, { path: "/sim/v1/traffic/web" })).json();
    expect(one.summary.sent).toBe(101);
  });

  it("sends to a URL from outside, or from a pod", async () => {
    const server = await withWeb();
    const outside = await post(server, "/sim/v1/traffic", {
      url: "http://172.18.0.2:31999/",
      rate: 1,
      name: "nowhere",
    });
    expect(outside.json()).toMatchObject({ from: "outside the cluster", name: "nowhere" });
    await post(server, "/sim/v1/advance", { duration: "1s" });
    const r = (await ask(server, { path: "/sim/v1/traffic/nowhere" })).json();
    expect(r.summary.byOutcome).toEqual([{ outcome: "refused", ok: false, count: 2 }]);
    const pod = server.cluster.list("Pod")[0]!.metadata!.name!;
    const inside = await post(server, "/sim/v1/traffic", {
      target: "svc/web",
      rate: 10,
      from: `pod/${pod}`,
      path: "/health",
    });
    expect(inside.json()).toMatchObject({ url: "http://web.default/health", from: `pod/${pod}` });
    await post(server, "/sim/v1/advance", { duration: "1s" });
    expect((await ask(server, { path: "/sim/v1/traffic/web" })).json().summary.succeeded).toBe(11);
  });

  it("refuses a second generator of the same name while the first runs", async () => {
    const server = await withWeb();
    expect((await post(server, "/sim/v1/traffic", { target: "web", rate: 5 })).status).toBe(201);
    const again = await post(server, "/sim/v1/traffic", { target: "web", rate: 5 });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({
      reason: "Conflict",
      message: 'traffic "web" is already running (stop it, or give the new one a name)',
    });
  });

  it.each([
    [{ target: "db", rate: 5 }, 404, 'services "db" not found'],
    [{ rate: 5 }, 400, "target: Required value"],
    [{ target: "web", url: "http://x/", rate: 5 }, 400, "target: Required value"],
    [{ target: "web" }, 400, "rate: Required value"],
    [{ target: "web", rate: 0 }, 400, "rate: Invalid value: 0: rate is requests per second"],
    [
      { target: "web", rate: 5, from: "client" },
      400,
      'from: Invalid value: "client": expected pod/NAME',
    ],
    [{ target: "web", rate: 5, from: "pod/ghost" }, 404, 'pods "ghost" not found'],
    [{ url: "ftp://x/", rate: 5 }, 400, 'url: Invalid value: "ftp://x/"'],
    [{ target: "web", rate: 5, rps: 5 }, 400, "rps: Unsupported value: 5"],
  ])("refuses %j with %i, starting nothing", async (body, code, message) => {
    const server = await withWeb();
    const a = await post(server, "/sim/v1/traffic", body);
    expect([a.status, a.json().code]).toEqual([code, code]);
    expect(a.json().message).toContain(message);
    expect((await ask(server, { path: "/sim/v1/traffic" })).json().items).toEqual([]);
  });

  it("answers 404 for traffic it does not know", async () => {
    const server = await startServer();
    const a = await ask(server, { path: "/sim/v1/traffic/none" });
    expect(a.status).toBe(404);
    expect(a.json().message).toBe('traffic "none" not found');
  });
});
