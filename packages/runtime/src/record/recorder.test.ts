import { Loop, rfc3339 } from "@kubesim/sim";
import { Trace } from "@kubesim/sim";
import fc from "fast-check";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Event } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { Client } from "../client/client.js";
import { describeAction, recordActions, writes } from "../testing/actions.js";
import { FakeApiClient } from "../testing/fake-api-client.js";
import { EventBroadcaster } from "./recorder.js";

const T0 = 1_704_067_200_000;

function setup() {
  const loop = new Loop();
  const fake = new FakeApiClient({ loop });
  const { client, actions } = recordActions(fake);
  const trace = new Trace(loop);
  const broadcaster = new EventBroadcaster({ client, loop, trace });
  const recorder = broadcaster.newRecorder({ component: "deployment-controller" });
  const d = fake.create("Deployment", {
    metadata: { name: "web", namespace: "default" },
    spec: { selector: {}, template: {} },
  } as Deployment);
  actions.length = 0;
  const events = () => fake.list("Event").items;
  return { loop, fake, client, actions, recorder, broadcaster, trace, d, events };
}

describe("EventRecorder (client-go tools/record)", () => {
  it("writes a core/v1 Event as the legacy recorder does", () => {
    const { recorder, d, events, actions } = setup();
    recorder.eventf(
      d,
      "Normal",
      "ScalingReplicaSet",
      "Scaled up replica set %s from %d to %d",
      "web-7d9c6b5f4",
      0,
      1,
    );
    expect(writes(actions).map(describeAction)).toEqual([
      expect.stringMatching(/^create Event default\/web\.[0-9a-f]{16}$/),
    ]);
    const [e] = events();
    expect(e).toMatchObject({
      apiVersion: "v1",
      kind: "Event",
      metadata: { namespace: "default", name: expect.stringMatching(/^web\.[0-9a-f]{16}$/) },
      involvedObject: {
        kind: "Deployment",
        apiVersion: "apps/v1",
        name: "web",
        namespace: "default",
        uid: d.metadata!.uid,
        resourceVersion: d.metadata!.resourceVersion,
      },
      reason: "ScalingReplicaSet",
      message: "Scaled up replica set web-7d9c6b5f4 from 0 to 1",
      source: { component: "deployment-controller" },
      type: "Normal",
      count: 1,
      firstTimestamp: "2024-01-01T00:00:00Z",
      lastTimestamp: "2024-01-01T00:00:00Z",
      eventTime: null,
      reportingComponent: "deployment-controller",
      reportingInstance: "",
    });
    expect(e!.source).not.toHaveProperty("host");
    // the name's suffix is UnixNano in hex, from the virtual clock
    expect(BigInt(`0x${e!.metadata!.name!.split(".")[1]!}`) / 1_000_000n).toBe(BigInt(T0));
  });

  it("counts identical events on one Event: count++, lastTimestamp moves, firstTimestamp and name stay (a patch)", () => {
    const { loop, recorder, d, events, actions, trace } = setup();
    recorder.event(d, "Warning", "FailedCreate", "quota exceeded");
    loop.advance("30s");
    recorder.event(d, "Warning", "FailedCreate", "quota exceeded");
    loop.advance("30s");
    recorder.event(d, "Warning", "FailedCreate", "quota exceeded");
    const all = events();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      count: 3,
      firstTimestamp: rfc3339(T0),
      lastTimestamp: rfc3339(T0 + 60_000),
      message: "quota exceeded",
    });
    const w = writes(actions);
    expect(w.map((a) => a.verb)).toEqual(["create", "patch", "patch"]);
    expect(w[2]).toMatchObject({
      patchType: "strategic",
      name: all[0]!.metadata!.name,
      body: { count: 3, lastTimestamp: rfc3339(T0 + 60_000), message: "quota exceeded" },
    });
    expect(trace.entries().map((e) => (e.data as { count: number }).count)).toEqual([1, 2, 3]);
  });

  it("recreates a counted Event that was deleted meanwhile (patch answers NotFound)", () => {
    const { fake, recorder, d, events, actions } = setup();
    recorder.event(d, "Normal", "Sync", "same");
    const name = events()[0]!.metadata!.name!;
    fake.delete("Event", "default", name);
    recorder.event(d, "Normal", "Sync", "same");
    expect(writes(actions).map((a) => a.verb)).toEqual(["create", "patch", "create"]);
    expect(events()).toMatchObject([{ metadata: { name }, count: 2 }]);
  });

  it("aggregates similar events: the 10th distinct message within 10 minutes becomes a combined Event", () => {
    const { loop, recorder, d, events } = setup();
    for (let i = 1; i <= 9; i++) {
      recorder.event(d, "Warning", "FailedScheduling", `0/${i} nodes are available`);
      loop.advance("10s");
    }
    expect(events()).toHaveLength(9);
    recorder.event(d, "Warning", "FailedScheduling", "0/10 nodes are available");
    loop.advance("10s");
    recorder.event(d, "Warning", "FailedScheduling", "0/11 nodes are available");
    const combined = events().filter((e) =>
      e.message!.startsWith("(combined from similar events): "),
    );
    expect(combined).toHaveLength(1);
    expect(combined[0]).toMatchObject({
      count: 2,
      message: "(combined from similar events): 0/11 nodes are available",
      reason: "FailedScheduling",
      eventTime: null,
      reportingComponent: "",
    });
    expect(events()).toHaveLength(10);
  });

  it("does not aggregate similar events more than 10 minutes apart", () => {
    const { loop, recorder, d, events } = setup();
    for (let i = 1; i <= 12; i++) {
      recorder.event(d, "Warning", "BackOff", `attempt ${i}`);
      loop.advance(600_001);
    }
    expect(events().some((e) => e.message!.startsWith("(combined"))).toBe(false);
    expect(events()).toHaveLength(12);
  });

  it("filters spam: 25 events per source and object, then 1 per 5 minutes; skipped ones still count", () => {
    const { loop, recorder, d, events } = setup();
    for (let i = 0; i < 27; i++) {
      recorder.event(d, "Normal", "Tick", "same");
      loop.advance("1s");
    }
    expect(events()[0]!.count).toBe(25);
    loop.advance("5m");
    recorder.event(d, "Normal", "Tick", "same");
    expect(events()[0]!.count).toBe(28); // the two dropped ones were counted (upstream behaviour)
  });

  it("keeps different sources and objects apart", () => {
    const { broadcaster, recorder, d, events } = setup();
    const other = broadcaster.newRecorder({ component: "kubelet", host: "node-1" });
    recorder.event(d, "Normal", "X", "m");
    other.event(d, "Normal", "X", "m");
    recorder.event(
      { kind: "Node", apiVersion: "v1", name: "node-1", uid: "n1" },
      "Normal",
      "X",
      "m",
    );
    const all = events();
    expect(all).toHaveLength(3);
    expect(all.find((e) => e.source?.component === "kubelet")).toMatchObject({
      source: { component: "kubelet", host: "node-1" },
      reportingInstance: "node-1",
    });
    // events about cluster-scoped objects go to the default namespace
    expect(all.find((e) => e.involvedObject.kind === "Node")!.metadata!.namespace).toBe("default");
    const names = all.map((e) => e.metadata!.name!);
    expect(new Set(names).size).toBe(3);
  });

  it("drops events it cannot reference or whose type is not Normal/Warning", () => {
    const { recorder, d, events } = setup();
    recorder.event({ metadata: { name: "no-kind" } } as unknown as Deployment, "Normal", "X", "m");
    recorder.event(d, "Info" as "Normal", "X", "m");
    expect(events()).toEqual([]);
  });

  it("annotatedEventf sets annotations", () => {
    const { recorder, d, events } = setup();
    recorder.annotatedEventf(d, { "kubesim.io/why": "test" }, "Normal", "R", "%s=%d", "x", 5);
    expect(events()[0]).toMatchObject({
      message: "x=5",
      metadata: { annotations: { "kubesim.io/why": "test" } },
    });
  });

  it("retries non-API errors every 10 s; gives up on API errors", () => {
    const loop = new Loop();
    const fake = new FakeApiClient({ loop });
    let failures = 2;
    const client = new Client(fake, {
      interceptors: {
        create: (next, kind, obj, o) => {
          if (kind === "Event" && failures-- > 0) throw new Error("connection reset");
          return next.create(kind, obj, o);
        },
      },
    });
    const recorder = new EventBroadcaster({ client, loop }).newRecorder({ component: "c" });
    const ref = { kind: "Pod", apiVersion: "v1", name: "p", namespace: "default" };
    recorder.event(ref, "Normal", "R", "m");
    expect(fake.list("Event").items).toHaveLength(0);
    loop.advance("10s");
    expect(fake.list("Event").items).toHaveLength(0);
    loop.advance("10s");
    expect(fake.list("Event").items).toHaveLength(1);
  });
});

describe("event aggregation counts (fast-check)", () => {
  it("identical events within the spam budget make one Event with count = calls and the right timestamps", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(120_000), { minLength: 1, maxLength: 25 }), (gaps) => {
        const { loop, recorder, d, events } = setup();
        const times: number[] = [];
        for (const g of gaps) {
          loop.advance(g);
          times.push(loop.now());
          recorder.event(d, "Normal", "Pulled", "image pulled");
        }
        const all = events();
        expect(all).toHaveLength(1);
        expect(all[0]!.count).toBe(gaps.length);
        expect(all[0]!.firstTimestamp).toBe(rfc3339(times[0]!));
        expect(all[0]!.lastTimestamp).toBe(rfc3339(times.at(-1)!));
      }),
      { numRuns: 60 },
    );
  });

  it("with similar events, every call adds exactly 1 to one Event's count (no spam drops)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ msg: fc.nat(14), gap: fc.oneof(fc.constant(0), fc.nat(700_000)) }), {
          minLength: 1,
          maxLength: 25,
        }),
        (calls) => {
          const { loop, recorder, d, events } = setup();
          for (const c of calls) {
            loop.advance(c.gap);
            recorder.event(d, "Warning", "FailedMount", `volume ${c.msg} not ready`);
          }
          const all: readonly Event[] = events();
          const total = all.reduce((n, e) => n + (e.count ?? 0), 0);
          expect(total).toBe(calls.length);
          for (const e of all) expect(e.firstTimestamp! <= e.lastTimestamp!).toBe(true);
          // all at one instant: a combined Event exists iff at least 10 distinct messages were seen
          if (calls.every((c) => c.gap === 0)) {
            const distinct = new Set(calls.map((c) => c.msg)).size;
            expect(all.some((e) => e.message!.startsWith("(combined from similar events): "))).toBe(
              distinct >= 10,
            );
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
