import { afterEach, describe, expect, it } from "vitest";
import { systemWallClock } from "../pacer.js";
import { ask, FakeWallClock } from "../testdata/http.js";
import { closeServers, EPOCH, startServer } from "../testdata/start.js";
import { apply, post, WEB } from "./testdata/web.js";

afterEach(closeServers);

const turn = () => new Promise<void>((r) => setImmediate(r));

describe("/sim/v1/until", () => {
  it("paused: runs virtual time at once until the rollout is done", async () => {
    const server = await startServer();
    apply(server, WEB);
    const a = await post(server, "/sim/v1/until", { rollout: "web" });
    expect(a.status).toBe(200);
    expect(a.json()).toMatchObject({
      kind: "UntilResult",
      met: true,
      message: 'deployment "web" successfully rolled out',
    });
    expect(a.json().tookMillis).toBeGreaterThan(0);
    expect(server.cluster.now()).toBe(EPOCH + a.json().tookMillis);
    expect(server.pacer.paused).toBe(true);
    const d = (
      await ask(server, { path: "/apis/apps/v1/namespaces/default/deployments/web" })
    ).json();
    expect(d.status.availableReplicas).toBe(2);
    const cond = await post(server, "/sim/v1/until", {
      deployment: "web",
      condition: "Available",
    });
    expect(cond.json()).toMatchObject({
      met: true,
      message: 'deployment "web" condition Available=True',
      tookMillis: 0,
    });
  });

  it("answers met: false with reason Timeout after the virtual timeout", async () => {
    const server = await startServer();
    const a = await post(server, "/sim/v1/until", {
      pod: "nope",
      phase: "Running",
      timeout: "30s",
    });
    expect(a.status).toBe(200);
    expect(a.json()).toMatchObject({
      met: false,
      reason: "Timeout",
      message:
        'timed out after 30s waiting for pod "nope" phase Running (last seen: pods "nope" not found)',
      took: "30s",
    });
    expect(server.cluster.now()).toBe(EPOCH + 30_000);
  });

  it("running: the request waits while the pacer runs time, and answers when the condition holds", async () => {
    const wall = new FakeWallClock(systemWallClock.epochMillis());
    const server = await startServer({ speed: 1, wallClock: wall });
    apply(server, WEB);
    let answered = false;
    const pending = post(server, "/sim/v1/until", { rollout: "web", timeout: "5m" }).then((a) => {
      answered = true;
      return a;
    });
    await turn();
    for (let i = 0; i < 10 && !answered; i++) {
      await new Promise((r) => setTimeout(r, 20));
      expect(server.cluster.now() - EPOCH).toBeLessThanOrEqual(i * 1000);
      wall.tick(1000);
    }
    const a = await pending;
    expect(a.json()).toMatchObject({
      met: true,
      message: 'deployment "web" successfully rolled out',
    });
    // Time ran at the wall's pace: no jump ahead.
    expect(a.json().tookMillis).toBeLessThanOrEqual(10_000);
    expect(server.pacer.paused).toBe(false);
  });

  it("running: answers Timeout once the virtual timeout passes at the pacer's speed", async () => {
    const wall = new FakeWallClock(systemWallClock.epochMillis());
    const server = await startServer({ speed: 10, wallClock: wall });
    let answered = false;
    const pending = post(server, "/sim/v1/until", {
      node: "node-1",
      status: "False",
      timeout: "20s",
    }).then((a) => {
      answered = true;
      return a;
    });
    for (let i = 0; i < 20 && !answered; i++) {
      await new Promise((r) => setTimeout(r, 20));
      wall.tick(500);
    }
    const a = await pending;
    expect(a.json()).toMatchObject({ met: false, reason: "Timeout" });
    expect(a.json().message).toContain('waiting for node "node-1" condition Ready=False');
    expect(a.json().tookMillis).toBeGreaterThanOrEqual(20_000);
    expect(a.json().tookMillis).toBeLessThan(30_000);
  });

  it.each([
    [{ rollout: "" }, "rollout: Required value"],
    [{ rollout: "web", timeout: "soon" }, 'timeout: Invalid value: "soon"'],
    [{ deployment: "web", condition: "Ready" }, 'condition: Unsupported value: "Ready"'],
    [{ pod: "web" }, "a pod target takes condition: Ready or a phase"],
    [{ deleted: "widgets/x" }, 'the server doesn\'t have a resource type "widgets"'],
    [{ deleted: "x" }, "expected TYPE/NAME"],
    [{ replicaset: "x" }, 'unknown until target "replicaset"'],
    [{ rollout: "web", colour: "red" }, 'colour: Unsupported value: "red"'],
  ])("refuses %j with 400, letting no time pass", async (body, message) => {
    const server = await startServer();
    const a = await post(server, "/sim/v1/until", body);
    expect([a.status, a.json().reason]).toEqual([400, "BadRequest"]);
    expect(a.json().message).toContain(message);
    expect(server.cluster.now()).toBe(EPOCH);
  });
});
