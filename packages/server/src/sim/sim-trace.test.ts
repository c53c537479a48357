import { afterEach, describe, expect, it } from "vitest";
import { ask } from "../testdata/http.js";
import { closeServers, startServer } from "../testdata/start.js";
import { apply, post, WEB } from "./testdata/web.js";

afterEach(closeServers);

describe("/sim/v1/trace", () => {
  it("lists the trace with virtual times and its hash, filtered by type and tail", async () => {
    const server = await startServer();
    apply(server, WEB);
    await post(server, "/sim/v1/advance", { duration: "10s" });
    await post(server, "/sim/v1/faults", { stopNode: "node-3" });
    const all = (await ask(server, { path: "/sim/v1/trace" })).json();
    expect(all).toMatchObject({ kind: "Trace", startTime: "2024-01-01T00:00:00Z" });
    expect(all.hash).toBe(server.cluster.trace.hash());
    expect(all.items).toHaveLength(server.cluster.trace.length);
    const faults = (await ask(server, { path: "/sim/v1/trace?type=fault" })).json();
    expect(faults.items).toEqual([
      {
        time: "2024-01-01T00:00:10Z",
        elapsed: "10s",
        t: Date.UTC(2024, 0, 1, 0, 0, 10),
        seq: expect.any(Number),
        type: "fault",
        data: { fault: "stopNode", node: "node-3" },
      },
    ]);
    const writes = (await ask(server, { path: "/sim/v1/trace?type=write&tail=2" })).json();
    expect(writes.items).toHaveLength(2);
    expect(writes.items.every((e: { type: string }) => e.type === "write")).toBe(true);
  });

  it.each([
    ["/sim/v1/trace?tail=-1", "tail: Invalid value"],
    ["/sim/v1/trace?since=1m", 'unknown query parameter "since"'],
    ["/sim/v1/timeline?tail=x", 'tail: Invalid value: "x"'],
  ])("refuses %s with 400", async (path, message) => {
    const server = await startServer();
    const a = await ask(server, { path });
    expect([a.status, a.json().reason]).toEqual([400, "BadRequest"]);
    expect(a.json().message).toContain(message);
  });
});

describe("/sim/v1/timeline", () => {
  it("narrates the Events and faults in order, with the component that acted", async () => {
    const server = await startServer();
    apply(server, WEB);
    await post(server, "/sim/v1/until", { rollout: "web" });
    await post(server, "/sim/v1/faults", { stopNode: "node-2" });
    const t = (await ask(server, { path: "/sim/v1/timeline?namespace=default" })).json();
    expect(t.kind).toBe("Timeline");
    const first = t.items[0];
    expect(first).toMatchObject({
      elapsed: "0s",
      type: "Normal",
      reason: "ScalingReplicaSet",
      object: "Deployment/web",
      namespace: "default",
      component: "deployment-controller",
      count: 1,
    });
    expect(first.message).toMatch(
      /^Scaled up replica set web-[a-z0-9]+ from 0 to 2$|^Scaled up replica set web-[a-z0-9]+ to 2$/,
    );
    const reasons = t.items.map((i: { reason: string }) => i.reason);
    expect(reasons).toContain("SuccessfulCreate");
    expect(reasons).toContain("Scheduled");
    // The node's fault has no namespace: only in the unfiltered timeline.
    expect(reasons).not.toContain("stopNode");
    const all = (await ask(server, { path: "/sim/v1/timeline?tail=1" })).json();
    expect(all.items).toEqual([
      expect.objectContaining({
        type: "Fault",
        reason: "stopNode",
        object: "Node/node-2",
        message: "node=node-2",
      }),
    ]);
  });
});
