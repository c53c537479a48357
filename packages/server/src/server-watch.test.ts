import { afterEach, describe, expect, it } from "vitest";
import { ask, stream } from "./testdata/http.js";
import { closeServers, startServer } from "./testdata/start.js";

afterEach(closeServers);

const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
const path = "/api/v1/namespaces/default/configmaps";
const cm = (name: string) => JSON.stringify({ metadata: { name }, data: { a: "1" } });
type Ev = {
  type: string;
  object: {
    kind: string;
    metadata?: { name?: string; resourceVersion?: string };
    code?: number;
    reason?: string;
    message?: string;
    columnDefinitions?: unknown;
    rows?: { cells: string[] }[];
  };
};

describe("watch", () => {
  it("starts with the current objects as ADDED for resourceVersion 0, then streams changes as they happen", async () => {
    const server = await startServer();
    await ask(server, { method: "POST", path, body: cm("a") });
    const w = stream(server, `${path}?watch=true&resourceVersion=0`);
    expect(await w.status).toBe(200);
    const initial = (await w.waitFor(1)) as Ev[];
    expect(initial.map((e) => [e.type, e.object.metadata?.name])).toContainEqual(["ADDED", "a"]);
    const n = initial.length;
    await ask(server, { method: "POST", path, body: cm("b") });
    await ask(server, { method: "DELETE", path: `${path}/a` });
    const all = (await w.waitFor(n + 2)) as Ev[];
    expect(all.slice(n).map((e) => [e.type, e.object.kind, e.object.metadata?.name])).toEqual([
      ["ADDED", "ConfigMap", "b"],
      ["DELETED", "ConfigMap", "a"],
    ]);
    w.close();
  });

  it("replays every change after the resourceVersion it is given, even those made before it opened", async () => {
    const server = await startServer();
    const list = (await ask(server, { path })).json();
    await ask(server, { method: "POST", path, body: cm("early") });
    await ask(server, { method: "DELETE", path: `${path}/early` });
    const w = stream(
      server,
      `${path}?watch=1&resourceVersion=${list.metadata.resourceVersion}&allowWatchBookmarks=true&timeoutSeconds=300`,
    );
    const events = (await w.waitFor(2)) as Ev[];
    expect(events.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ["ADDED", "early"],
      ["DELETED", "early"],
    ]);
    w.close();
  });

  it("filters by name through fieldSelector, as kubectl's wait does", async () => {
    const server = await startServer();
    const list = (
      await ask(server, {
        path: `${path}?fieldSelector=metadata.name%3Dx&limit=500&resourceVersion=0`,
      })
    ).json();
    const w = stream(
      server,
      `${path}?fieldSelector=metadata.name%3Dx&resourceVersion=${list.metadata.resourceVersion}&watch=true`,
    );
    await ask(server, { method: "POST", path, body: cm("y") });
    await ask(server, { method: "POST", path, body: cm("x") });
    const events = (await w.waitFor(1)) as Ev[];
    expect(events.map((e) => e.object.metadata?.name)).toEqual(["x"]);
    w.close();
  });

  it("ends with an ERROR event carrying 410 Expired for a resourceVersion older than the window", async () => {
    const server = await startServer();
    await ask(server, { method: "POST", path, body: cm("churn") });
    const first = server.pacer.run(() => server.cluster.apiserver.resourceVersion);
    server.pacer.run(() => {
      for (let i = 0; i < 10_050; i++)
        server.cluster.client.patch("ConfigMap", "default", "churn", "merge", {
          data: { a: String(i) },
        });
    });
    const w = stream(server, `${path}?watch=true&resourceVersion=${first}`);
    const events = (await w.waitFor(1)) as Ev[];
    expect(events[0]!.type).toBe("ERROR");
    expect(events[0]!.object).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "Expired",
      code: 410,
    });
    expect(events[0]!.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    await w.ended;
  });

  it("sends Tables with one row per event and the columns only in the first", async () => {
    const server = await startServer();
    await ask(server, { method: "POST", path, body: cm("t1") });
    const w = stream(
      server,
      `${path}?watch=true&resourceVersion=0&fieldSelector=metadata.name%3Dt1`,
      { Accept: TABLE },
    );
    await w.waitFor(1);
    await ask(server, {
      method: "PATCH",
      path: `${path}/t1`,
      body: '{"data":{"b":"2"}}',
      headers: { "Content-Type": "application/merge-patch+json" },
    });
    const [added, modified] = (await w.waitFor(2)) as Ev[];
    expect(added!.object.kind).toBe("Table");
    expect((added!.object.columnDefinitions as { name: string }[]).map((c) => c.name)).toEqual([
      "Name",
      "Data",
      "Age",
    ]);
    expect(added!.object.rows!.map((r) => r.cells)).toEqual([["t1", "1", "0s"]]);
    expect(modified!.type).toBe("MODIFIED");
    expect(modified!.object.columnDefinitions).toBeNull();
    expect(modified!.object.rows!.map((r) => r.cells)).toEqual([["t1", "2", "0s"]]);
    w.close();
  });

  it("closes the stream after timeoutSeconds", async () => {
    const server = await startServer();
    const w = stream(server, `${path}?watch=true&timeoutSeconds=1`);
    expect(await w.status).toBe(200);
    await w.ended;
  });

  it("stops the watch when the client goes away", async () => {
    const server = await startServer();
    const before = server.pacer.run(() => server.cluster.apiserver.watchCount);
    const w = stream(server, `${path}?watch=true`);
    await w.status;
    expect(server.cluster.apiserver.watchCount).toBe(before + 1);
    w.close();
    for (let i = 0; i < 50 && server.cluster.apiserver.watchCount > before; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(server.cluster.apiserver.watchCount).toBe(before);
  });

  it("answers a bad selector with a 400 Status instead of a stream", async () => {
    const server = await startServer();
    const a = await ask(server, { path: `${path}?watch=true&labelSelector=a%20in%20(` });
    expect([a.status, a.json().reason]).toEqual([400, "BadRequest"]);
  });
});
