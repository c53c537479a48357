import { afterEach, describe, expect, it } from "vitest";
import { systemWallClock } from "../pacer.js";
import { ask, FakeWallClock } from "../testdata/http.js";
import { closeServers, EPOCH, startServer } from "../testdata/start.js";
import { post } from "./testdata/web.js";

afterEach(closeServers);

describe("/sim/v1 authentication and routing", () => {
  it("answers 401 without the token, on every sim path", async () => {
    const server = await startServer();
    for (const [method, path] of [
      ["GET", "/sim/v1/status"],
      ["POST", "/sim/v1/advance"],
      ["POST", "/sim/v1/faults"],
      ["GET", "/sim/v1/state"],
      ["GET", "/sim/v1/nothing"],
    ] as const) {
      const a = await ask(server, { method, path, token: null });
      expect(a.status).toBe(401);
      expect(a.json()).toMatchObject({ kind: "Status", reason: "Unauthorized", code: 401 });
    }
    expect(server.cluster.now()).toBe(EPOCH);
  });

  it("answers 404 for an unknown path and 405 for a method a path does not take", async () => {
    const server = await startServer();
    const none = await ask(server, { path: "/sim/v1/teleport" });
    expect(none.status).toBe(404);
    expect(none.json()).toMatchObject({ reason: "NotFound", code: 404 });
    const wrong = await ask(server, { method: "DELETE", path: "/sim/v1/status" });
    expect(wrong.status).toBe(405);
    expect(wrong.json()).toMatchObject({ reason: "MethodNotAllowed", code: 405 });
    const index = await ask(server, { path: "/sim/v1" });
    expect(index.json().paths).toContain("/sim/v1/until");
  });
});

describe("/sim/v1 clock", () => {
  it("reports virtual time, speed and paused", async () => {
    const server = await startServer();
    const a = await ask(server, { path: "/sim/v1/status" });
    expect(a.status).toBe(200);
    expect(a.json()).toEqual({
      kind: "SimStatus",
      apiVersion: "sim.kubesim.io/v1",
      time: "2024-01-01T00:00:00Z",
      startTime: "2024-01-01T00:00:00Z",
      elapsed: "0s",
      elapsedMillis: 0,
      speed: 0,
      paused: true,
    });
  });

  it("advances virtual time at once, and the API sees it", async () => {
    const server = await startServer();
    const a = await post(server, "/sim/v1/advance", { duration: "5m" });
    expect(a.status).toBe(200);
    expect(a.json()).toMatchObject({ time: "2024-01-01T00:05:00Z", elapsed: "5m0s" });
    expect(server.cluster.now()).toBe(EPOCH + 300_000);
    // The nodes' heartbeats ran in those five minutes.
    const lease = await ask(server, {
      path: "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1",
    });
    expect(Date.parse(lease.json().spec.renewTime)).toBeGreaterThan(EPOCH + 240_000);
  });

  it("pauses, resumes at the speed before the pause, and sets the speed", async () => {
    // Wall time starts now, so that the serving certificate is valid.
    const wall = new FakeWallClock(systemWallClock.epochMillis());
    const server = await startServer({ speed: 2, wallClock: wall });
    wall.tick(1000);
    expect((await ask(server, { path: "/sim/v1/status" })).json()).toMatchObject({
      elapsedMillis: 2000,
      speed: 2,
      paused: false,
    });
    expect((await post(server, "/sim/v1/pause", "")).json()).toMatchObject({
      speed: 0,
      paused: true,
    });
    wall.tick(1000);
    expect(server.cluster.now()).toBe(EPOCH + 2000);
    expect((await post(server, "/sim/v1/resume", "")).json()).toMatchObject({
      speed: 2,
      paused: false,
    });
    wall.tick(1000);
    expect((await ask(server, { path: "/sim/v1/status" })).json().elapsedMillis).toBe(4000);
    const s = await post(server, "/sim/v1/speed", { speed: 10 }, "PUT");
    expect(s.json()).toMatchObject({ speed: 10, paused: false });
    wall.tick(1000);
    expect((await ask(server, { path: "/sim/v1/status" })).json().elapsedMillis).toBe(14_000);
    expect((await post(server, "/sim/v1/speed", { speed: 0 }, "PUT")).json().paused).toBe(true);
    expect((await post(server, "/sim/v1/resume", "")).json().speed).toBe(10);
  });

  it.each([
    ["/sim/v1/advance", { duration: "5 minutes" }, 'duration: Invalid value: "5 minutes"'],
    ["/sim/v1/advance", { duration: "-5m" }, "must not be negative"],
    ["/sim/v1/advance", {}, "duration: Required value"],
    ["/sim/v1/advance", { duration: "5m", extra: 1 }, "extra: Unsupported value: 1"],
    ["/sim/v1/advance", "{not json", "the request body is not valid JSON: json parse error"],
    ["/sim/v1/advance", '{"__proto__": {"x": 1}}', '"__proto__" keys are refused'],
    ["/sim/v1/speed", { speed: -1 }, "speed: Invalid value: -1: must be a number >= 0"],
    ["/sim/v1/speed", { speed: "fast" }, 'speed: Invalid value: "fast"'],
    ["/sim/v1/speed", [], "the body must be an object"],
  ])("refuses %s %j with 400, changing nothing", async (path, body, message) => {
    const server = await startServer();
    const a = await post(server, path, body);
    expect(a.status).toBe(400);
    expect(a.json()).toMatchObject({ kind: "Status", reason: "BadRequest", code: 400 });
    expect(a.json().message).toContain(message);
    expect(server.cluster.now()).toBe(EPOCH);
    expect(server.pacer.speed).toBe(0);
  });
});
