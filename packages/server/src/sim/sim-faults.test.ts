import { afterEach, describe, expect, it } from "vitest";
import { ask } from "../testdata/http.js";
import { closeServers, startServer } from "../testdata/start.js";
import { apply, post, WEB } from "./testdata/web.js";

afterEach(closeServers);

const readyOf = async (server: Parameters<typeof ask>[0], node: string) =>
  (await ask(server, { path: `/api/v1/nodes/${node}` }))
    .json()
    .status.conditions.find((c: { type: string }) => c.type === "Ready") as {
    status: string;
    reason: string;
  };

const faults = (server: { cluster: { trace: { entries(): readonly { type: string }[] } } }) =>
  server.cluster.trace.entries().filter((e) => e.type === "fault").length;

describe("/sim/v1/faults", () => {
  it("stops a node: NotReady once its grace period passes in virtual time", async () => {
    const server = await startServer();
    const a = await post(server, "/sim/v1/faults", { stopNode: "node-2" });
    expect(a.status).toBe(201);
    expect(a.json()).toMatchObject({
      kind: "FaultResult",
      fault: { stopNode: "node-2" },
      message: 'node "node-2" stopped',
    });
    expect((await readyOf(server, "node-2")).status).toBe("True");
    await post(server, "/sim/v1/advance", { duration: "20s" });
    expect((await readyOf(server, "node-2")).status).toBe("True");
    await post(server, "/sim/v1/advance", { duration: "1m" });
    expect(await readyOf(server, "node-2")).toMatchObject({
      status: "Unknown",
      reason: "NodeStatusUnknown",
    });
    expect((await readyOf(server, "node-1")).status).toBe("True");
  });

  it("deletes a pod picked by a selector, through the API server", async () => {
    const server = await startServer();
    apply(server, WEB);
    await post(server, "/sim/v1/until", { rollout: "web" });
    const pods = (await ask(server, { path: "/api/v1/namespaces/default/pods" })).json().items;
    const first = pods.map((p: { metadata: { name: string } }) => p.metadata.name).sort()[0];
    const a = await post(server, "/sim/v1/faults", { deletePod: { selector: "app=web" } });
    expect(a.json().message).toBe(`pod "${first}" deleted`);
    const pod = await ask(server, { path: `/api/v1/namespaces/default/pods/${first}` });
    // Gone, or terminating.
    expect(pod.status === 404 || pod.json().metadata.deletionTimestamp !== undefined).toBe(true);
    const trace = server.cluster.trace.entries().filter((e) => e.type === "fault");
    expect(trace.map((e) => e.data)).toEqual([
      { fault: "deletePod", namespace: "default", pod: first },
    ]);
  });

  it("slows the API server with a jitter: each watch event up to that much later again", async () => {
    const server = await startServer();
    const a = await post(server, "/sim/v1/faults", {
      slowApiServer: "2s",
      jitter: "1s",
      for: "1m",
    });
    expect(a.json().message).toBe(
      "watch events now arrive 2s late (each up to 1s more, watch by watch) for 1m",
    );
    const trace = server.cluster.trace.entries().filter((e) => e.type === "fault");
    expect(trace.map((e) => e.data)).toEqual([
      { fault: "slowApiServer", latencyMs: 2000, jitterMs: 1000 },
    ]);
  });

  it.each([
    [{ stopNode: "node-9" }, 404, "NotFound", 'nodes "node-9" not found'],
    [{ partitionNode: "node-7" }, 404, "NotFound", 'nodes "node-7" not found'],
    [{ deletePod: "nope" }, 404, "NotFound", 'pods "nope" not found'],
    [
      { killContainer: { selector: "app=none" } },
      404,
      "NotFound",
      'no pod in namespace "default" matches the selector "app=none"',
    ],
    [{ explode: "node-1" }, 400, "BadRequest", 'unknown fault "explode" (known: deletePod,'],
    [{}, 400, "BadRequest", "fault is empty; expected one of: deletePod,"],
    [{ stopNode: "" }, 400, "BadRequest", "stopNode: Required value"],
    [{ stopNode: "node-1", startNode: "node-1" }, 400, "BadRequest", "not both"],
    [
      { restartController: "kubelet" },
      400,
      "BadRequest",
      'restartController: Unsupported value: "kubelet": supported values: "kube-controller-manager", "kube-scheduler"',
    ],
    [{ slowApiServer: "soon" }, 400, "BadRequest", 'slowApiServer: Invalid value: "soon"'],
    [{ slowApiServer: "1s", jitter: "lots" }, 400, "BadRequest", 'jitter: Invalid value: "lots"'],
    [{ partitionNode: "node-1", for: "2 min" }, 400, "BadRequest", 'for: Invalid value: "2 min"'],
    [{ dropWatches: false }, 400, "BadRequest", "dropWatches: Unsupported value: false"],
    [{ deletePod: "x", gracePeriod: -1 }, 400, "BadRequest", "gracePeriod: Invalid value: -1"],
  ])("refuses %j with %i %s, injecting nothing", async (body, code, reason, message) => {
    const server = await startServer();
    const a = await post(server, "/sim/v1/faults", body);
    expect([a.status, a.json().reason, a.json().code]).toEqual([code, reason, code]);
    expect(a.json().message).toContain(message);
    expect(faults(server)).toBe(0);
  });

  it("answers 409 Conflict for a fault the node's state does not allow", async () => {
    const server = await startServer();
    expect((await post(server, "/sim/v1/faults", { partitionNode: "node-1" })).status).toBe(201);
    const again = await post(server, "/sim/v1/faults", { partitionNode: "node-1" });
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({
      reason: "Conflict",
      message: 'node "node-1" is already partitioned',
    });
    expect(faults(server)).toBe(1);
  });
});
