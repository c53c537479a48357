import { request } from "node:https";
import type { IncomingMessage } from "node:http";
import { pino, type Logger } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { KubesimServer } from "./server.js";
import { ask, stream } from "./testdata/http.js";
import { closeServers, startServer } from "./testdata/start.js";

afterEach(closeServers);

const path = "/api/v1/namespaces/default/configmaps";
type Ev = { type: string; object: { metadata?: { name?: string; resourceVersion?: string } } };

/** A pino logger whose lines the test reads. */
function capturedLogger(): {
  logger: Logger;
  lines: { level: number; msg: string }[];
} {
  const lines: { level: number; msg: string }[] = [];
  const logger: Logger = pino(
    { level: "info", base: null },
    { write: (text: string) => lines.push(JSON.parse(text) as { level: number; msg: string }) },
  );
  return { logger, lines };
}

/** A watch whose client reads nothing until `resume`: its socket fills and stays full. */
function pausedWatch(server: KubesimServer, p: string) {
  let text = "";
  let res: IncomingMessage | undefined;
  const ended = new Promise<"end" | "error">((done) => {
    const req = request(`${server.url}${p}`, {
      ca: server.caCert,
      headers: { Authorization: `Bearer ${server.token}`, Accept: "application/json" },
    });
    req.on("response", (r) => {
      res = r;
      r.pause();
      r.on("data", (c: Buffer) => (text += c.toString("utf8")));
      r.on("end", () => done("end"));
      r.on("error", () => done("error"));
      r.on("aborted", () => done("error"));
    });
    req.on("error", () => done("error"));
    req.end();
  });
  return {
    ended,
    opened: () => res !== undefined,
    resume: () => res?.resume(),
    events: () =>
      text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Ev),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const rvs = (events: readonly Ev[]) => events.map((e) => e.object.metadata?.resourceVersion);

describe("slow watchers", () => {
  it("closes a watcher that reads nothing, keeps the others, and a re-watch from its last resourceVersion gets the rest exactly once", async () => {
    const { logger, lines } = capturedLogger();
    const server = await startServer({ logger, watchChannelSize: 4, watchDispatchTimeoutMs: 50 });
    // Large objects fill the kernel's socket buffers in a few dozen events.
    const big = "x".repeat(64 * 1024);
    await ask(server, {
      method: "POST",
      path,
      body: JSON.stringify({ metadata: { name: "big" }, data: { a: big } }),
    });
    const rv = (await ask(server, { path })).json().metadata.resourceVersion as string;
    const before = server.cluster.apiserver.watchCount;
    const slow = pausedWatch(server, `${path}?watch=1&resourceVersion=${rv}`);
    const fast = stream(server, `${path}?watch=1&resourceVersion=${rv}`);
    expect(await fast.status).toBe(200);
    await until("the paused watch", slow.opened);
    expect(server.cluster.apiserver.watchCount).toBe(before + 2);

    const patch = (i: number) =>
      server.pacer.run(() =>
        server.cluster.client.patch("ConfigMap", "default", "big", "merge", {
          metadata: { labels: { n: String(i) } },
        }),
      );
    const closed = () => lines.some((l) => l.msg.startsWith("Forcing configmaps watcher close"));
    // Events in small bursts, the event loop turning between them, until the slow watcher is closed.
    let made = 0;
    while (!closed()) {
      if (made >= 2_000) throw new Error("the paused watcher was never closed");
      for (let k = 0; k < 10; k++) patch(made++);
      await sleep(2);
    }
    // The server stopped the watch: only the fast watcher is left.
    expect(server.cluster.apiserver.watchCount).toBe(before + 1);
    const line = lines.find((l) => l.msg.startsWith("Forcing"))!;
    expect(line.level).toBe(40); // warn
    expect(line.msg).toMatch(
      /^Forcing configmaps watcher close due to unresponsiveness: key: "\/configmaps\/default", labels: "", fields: ""\. len\(c\.input\) = \d+, len\(c\.result\) = \d+, graceful = false$/,
    );
    const request = lines.find((l) => (l as { ended?: string }).ended === "unresponsive");
    expect(request).toBeDefined();
    // More events after the close are not kept for it.
    for (let k = 0; k < 50; k++) patch(made++);

    // The fast watcher has every event and is still open.
    await until(
      `${made} events for the fast watcher`,
      () => fast.lines.length >= made,
      20_000,
    ).catch((e) => {
      throw new Error(
        `${(e as Error).message}: it has ${fast.lines.length}; log ${JSON.stringify(lines.map((l) => l.msg + " " + JSON.stringify((l as { ended?: string }).ended)))}`,
      );
    });
    const all = fast.lines as Ev[];
    expect(all).toHaveLength(made);
    expect(server.cluster.apiserver.watchCount).toBe(before + 1);

    // The slow client reads at last: whole events, then a clean end of the stream.
    slow.resume();
    expect(await slow.ended).toBe("end");
    const got = slow.events();
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(made);
    expect(rvs(got)).toEqual(rvs(all.slice(0, got.length)));

    // It watches again from the last resourceVersion it saw, as a reflector does.
    const last = got[got.length - 1]!.object.metadata!.resourceVersion!;
    const again = stream(server, `${path}?watch=1&resourceVersion=${last}`);
    const rest = (await again.waitFor(made - got.length, 20_000)) as Ev[];
    await sleep(50);
    expect(again.lines).toHaveLength(made - got.length);
    expect([...rvs(got), ...rvs(rest)]).toEqual(rvs(all));
    expect(new Set([...rvs(got), ...rvs(rest)]).size).toBe(made);
    again.close();
    fast.close();
  }, 60_000);

  it("does not close a watcher that reads, even when a burst is far larger than its buffers", async () => {
    const { logger, lines } = capturedLogger();
    const server = await startServer({ logger, watchChannelSize: 4, watchDispatchTimeoutMs: 50 });
    await ask(server, {
      method: "POST",
      path,
      body: JSON.stringify({ metadata: { name: "c" }, data: { a: "1" } }),
    });
    const rv = (await ask(server, { path })).json().metadata.resourceVersion as string;
    const w = stream(server, `${path}?watch=1&resourceVersion=${rv}`);
    expect(await w.status).toBe(200);
    const before = server.cluster.apiserver.watchCount;
    // One burst: 2,000 events handed over at once, 500 times the buffers.
    server.pacer.run(() => {
      for (let i = 0; i < 2_000; i++)
        server.cluster.client.patch("ConfigMap", "default", "c", "merge", {
          metadata: { labels: { n: String(i) } },
        });
    });
    const events = (await w.waitFor(2_000, 20_000)) as Ev[];
    expect(events).toHaveLength(2_000);
    // Then a steady trickle, read as it comes.
    for (let i = 0; i < 20; i++) {
      await ask(server, {
        method: "PATCH",
        path: `${path}/c`,
        body: JSON.stringify({ data: { a: String(i) } }),
        headers: { "Content-Type": "application/merge-patch+json" },
      });
    }
    await w.waitFor(2_020, 20_000);
    await sleep(120); // longer than the dispatch timeout
    expect(server.cluster.apiserver.watchCount).toBe(before);
    expect(lines.filter((l) => l.msg.startsWith("Forcing"))).toEqual([]);
    w.close();
  }, 60_000);
});
