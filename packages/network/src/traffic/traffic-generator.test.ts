import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Loop } from "@kubesim/sim";
import type { ClientRequest, ClientResult, HttpClient, ServedBy } from "../dataplane/types.js";
import { isInvalidUrlError } from "../dataplane/url.js";
import { world } from "../dataplane/testdata/world.js";
import { TrafficGenerator } from "./traffic-generator.js";
import { summarize, type TrafficResult } from "./summary.js";
import { outcomeLabel } from "./render.js";

const served = (image: string): ServedBy => ({
  namespace: "default",
  pod: `p-${image}`,
  container: "app",
  image,
  podIP: "10.244.1.5",
  node: "node-1",
});

function ok(image: string, latency = 5): ClientResult {
  return {
    kind: "response",
    status: 200,
    headers: {},
    body: "",
    latency,
    hops: [],
    remote: { ip: "10.96.0.20", port: 80 },
    servedBy: served(image),
  };
}

const refused: ClientResult = {
  kind: "error",
  error: "refused",
  host: "my-api",
  ip: "10.96.0.20",
  port: 80,
  latency: 1,
  hops: [],
};

const from = { kind: "external" } as const;

describe("TrafficGenerator", () => {
  it("sends at a constant rate over virtual time, first request at start", () => {
    const loop = new Loop();
    const times: number[] = [];
    const client: HttpClient = () => {
      times.push(loop.now());
      return ok("a:1");
    };
    const t0 = loop.now();
    const g = new TrafficGenerator({ loop, client, rate: 3, url: "http://my-api/", from });
    g.start();
    loop.advance(1000);
    expect(times.map((t) => t - t0)).toEqual([0, 333, 666, 1000]);
    g.stop();
    expect(g.running).toBe(false);
    loop.advance(5000);
    expect(g.results).toHaveLength(4);
  });

  it("passes the request as configured and records each result", () => {
    const loop = new Loop();
    const asked: ClientRequest[] = [];
    let n = 0;
    const client: HttpClient = (r) => {
      asked.push(r);
      return n++ % 2 === 0 ? ok("my-api:v1", 7) : refused;
    };
    const g = new TrafficGenerator({
      loop,
      client,
      rate: 10,
      url: "http://my-api/health",
      from,
      method: "HEAD",
      headers: { "X-Test": "1" },
      timeout: 2000,
    });
    g.start();
    loop.advance(150);
    expect(asked[0]).toEqual({
      url: "http://my-api/health",
      from,
      method: "HEAD",
      headers: { "X-Test": "1" },
      timeout: 2000,
    });
    expect(g.results).toEqual([
      {
        seq: 0,
        time: loop.now() - 150,
        latency: 7,
        outcome: "200",
        status: 200,
        ok: true,
        servedBy: served("my-api:v1"),
      },
      {
        seq: 1,
        time: loop.now() - 50,
        latency: 1,
        outcome: "refused",
        error: "refused",
        ok: false,
      },
    ]);
  });

  it("summary: by outcome and by serving image, with latency percentiles; a window narrows it", () => {
    const loop = new Loop();
    let n = 0;
    const client: HttpClient = () => {
      n++;
      if (n <= 3) return ok("my-api:v1", 4);
      if (n === 4) return refused;
      if (n === 5) return { ...ok("my-api:v2", 9), status: 503 };
      return ok("my-api:v2", 6);
    };
    const g = new TrafficGenerator({
      loop,
      client,
      rate: 1,
      url: "http://my-api/",
      from,
      name: "t",
    });
    const t0 = loop.now();
    g.start();
    loop.advance(7500);
    g.stop();
    const s = g.summary();
    expect(s).toEqual({
      sent: 8,
      succeeded: 6,
      failed: 2,
      byOutcome: [
        { outcome: "200", ok: true, count: 6 },
        { outcome: "503", ok: false, count: 1 },
        { outcome: "refused", ok: false, count: 1 },
      ],
      byImage: [
        { image: "my-api:v1", count: 3, succeeded: 3, failed: 0 },
        { image: "my-api:v2", count: 4, succeeded: 3, failed: 1 },
      ],
      latency: { min: 1, mean: 5, p50: 4, p90: 9, p99: 9, max: 9 },
      first: t0,
      last: t0 + 7000,
    });
    expect(g.summary({ from: t0 + 3000, to: t0 + 4000 }).byOutcome).toEqual([
      { outcome: "503", ok: false, count: 1 },
      { outcome: "refused", ok: false, count: 1 },
    ]);
    expect(g.render()).toBe(
      [
        "GET http://my-api/ at 1/s from outside (a client)",
        "sent 8 over 7s: 6 succeeded, 2 failed (25.0%)",
        "",
        "OUTCOME                   COUNT",
        "200 OK                        6",
        "503 Service Unavailable       1",
        "connection refused            1",
        "",
        "IMAGE       SERVED   OK   FAILED",
        "my-api:v1        3    3        0",
        "my-api:v2        4    3        1",
        "",
        "latency: min 1ms  p50 4ms  p90 9ms  p99 9ms  max 9ms",
        "",
      ].join("\n"),
    );
    g.clear();
    expect(g.summary()).toMatchObject({ sent: 0, latency: undefined });
  });

  it("labels outcomes as a person reads them", () => {
    expect(outcomeLabel("404")).toBe("404 Not Found");
    expect(outcomeLabel("599")).toBe("599");
    expect(outcomeLabel("unknown-host")).toBe("could not resolve host");
    expect(outcomeLabel("timeout")).toBe("timed out");
  });

  it("refuses a rate that is not positive and a URL the client would refuse", () => {
    const loop = new Loop();
    const client: HttpClient = () => refused;
    expect(() => new TrafficGenerator({ loop, client, rate: 0, url: "http://x/", from })).toThrow(
      "traffic rate must be a positive number of requests per second, got 0",
    );
    let caught: unknown;
    try {
      new TrafficGenerator({ loop, client, rate: 1, url: "gopher://x/", from });
    } catch (e) {
      caught = e;
    }
    expect(isInvalidUrlError(caught)).toBe(true);
  });

  it("property: an integer rate sends exactly `rate` requests per second, and the summary accounts for each", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 5 }),
        (rate, secs) => {
          const loop = new Loop();
          let i = 0;
          const client: HttpClient = () => (i++ % 3 === 0 ? refused : ok(`img:${i % 2}`));
          const g = new TrafficGenerator({ loop, client, rate, url: "http://x/", from });
          g.start();
          loop.advance(secs * 1000 - 1);
          g.stop();
          const s = g.summary();
          expect(s.sent).toBe(rate * secs);
          expect(s.byOutcome.reduce((n, o) => n + o.count, 0)).toBe(s.sent);
          expect(s.succeeded + s.failed).toBe(s.sent);
          expect(s.byImage.reduce((n, x) => n + x.count, 0)).toBe(
            g.results.filter((r) => r.servedBy !== undefined).length,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it("property: summarize's outcome counts partition the results", () => {
    const resultArb = fc.record({
      latency: fc.integer({ min: 0, max: 1000 }),
      outcome: fc.constantFrom("200", "301", "404", "503", "refused", "timeout"),
      image: fc.option(fc.constantFrom("a:1", "a:2"), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(resultArb, { maxLength: 50 }), (rs) => {
        const results: TrafficResult[] = rs.map((r, seq) => ({
          seq,
          time: seq * 10,
          latency: r.latency,
          outcome: r.outcome,
          ok: /^[23]/.test(r.outcome),
          ...(r.image === undefined ? {} : { servedBy: served(r.image) }),
        }));
        const s = summarize(results);
        expect(s.sent).toBe(results.length);
        expect(s.succeeded).toBe(results.filter((r) => r.ok).length);
        for (const o of s.byOutcome)
          expect(o.count).toBe(results.filter((r) => r.outcome === o.outcome).length);
        if (s.latency !== undefined) {
          expect(s.latency.min).toBeLessThanOrEqual(s.latency.p50);
          expect(s.latency.p50).toBeLessThanOrEqual(s.latency.p99);
          expect(s.latency.p99).toBeLessThanOrEqual(s.latency.max);
        }
      }),
    );
  });
});

describe("TrafficGenerator through the data plane", () => {
  it("counts what a readiness flip does to traffic through a Service", () => {
    const w = world();
    w.addNode("node-1", "172.18.0.2");
    const a = w.attachPod({ name: "a", node: "node-1", image: "my-api:v1" });
    const b = w.attachPod({ name: "b", node: "node-1", image: "my-api:v2" });
    const client = w.attachPod({ name: "client", node: "node-1", ports: [] });
    w.addService("my-api", { clusterIP: "10.96.0.20" });
    const slice = w.addSlice("my-api", [
      { ip: a.ip, node: "node-1" },
      { ip: b.ip, node: "node-1" },
    ]);
    w.settle();
    const g = new TrafficGenerator({
      loop: w.loop,
      client: w.dataplane.client,
      rate: 50,
      url: "http://my-api/health",
      from: w.fromPod(client.ip, "node-1"),
    });
    g.start();
    w.loop.advance(1000);
    // b leaves the endpoints (not ready) and is then taken off the network
    w.updateSlice(slice.metadata!.name!, [{ ip: a.ip, node: "node-1" }]);
    w.settle();
    w.network.detach("node-1", b.ip);
    w.loop.advance(1000);
    // then a goes too: nothing ready
    w.updateSlice(slice.metadata!.name!, [{ ip: a.ip, node: "node-1", ready: false }]);
    w.loop.advance(1000);
    g.stop();
    const s = g.summary();
    expect(s.sent).toBe(151);
    expect(s.byOutcome).toEqual([
      { outcome: "200", ok: true, count: 101 },
      { outcome: "refused", ok: false, count: 50 },
    ]);
    expect(s.byImage.map((i) => i.image)).toEqual(["my-api:v1", "my-api:v2"]);
    expect(s.byImage.find((i) => i.image === "my-api:v2")!.count).toBeLessThan(50);
  });
});
