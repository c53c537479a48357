import type { Event } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { EventPrinter, sortEvents } from "./event-printer.js";
import { describeEvents, eventInterval, searchEvents } from "./events.js";
import { tabbedString } from "./prefix-writer.js";

const T0 = Date.UTC(2024, 0, 1);
const at = (s: number) => new Date(T0 + s * 1000).toISOString().replace(".000Z", "Z");

function ev(o: Partial<Event> & { name: string }): Event {
  const { name, ...rest } = o;
  return {
    metadata: { name, namespace: "default" },
    involvedObject: { kind: "Pod", apiVersion: "v1", name: "web", namespace: "default", uid: "u1" },
    type: "Normal",
    reason: "Started",
    message: "Started container app",
    source: { component: "kubelet" },
    ...rest,
  };
}

describe("eventInterval (the Age / LAST SEEN cell)", () => {
  const now = T0 + 300_000;
  it("a single event: time since firstTimestamp", () => {
    expect(
      eventInterval(
        ev({ name: "a", firstTimestamp: at(290), lastTimestamp: at(290), count: 1 }),
        now,
      ),
    ).toBe("10s");
  });
  it("a repeated event: last seen, count and span", () => {
    expect(
      eventInterval(
        ev({ name: "a", firstTimestamp: at(0), lastTimestamp: at(290), count: 3 }),
        now,
      ),
    ).toBe("10s (x3 over 5m)");
  });
  it("an events.k8s.io series: lastObservedTime and eventTime", () => {
    expect(
      eventInterval(
        ev({
          name: "a",
          eventTime: `${at(60).slice(0, -1)}.000000Z`,
          series: { count: 4, lastObservedTime: at(295) },
        }),
        now,
      ),
    ).toBe("5s (x4 over 4m)");
  });
  it("<unknown> for an event without times", () => {
    expect(eventInterval(ev({ name: "a" }), now)).toBe("<unknown>");
  });
});

describe("describeEvents", () => {
  it("Events: <none>", () => {
    expect(tabbedString((w) => describeEvents([], w, T0))).toBe("Events:  <none>\n");
  });
  it("sorted by lastTimestamp, stable among equals; From falls back to reportingComponent; messages trimmed", () => {
    const out = tabbedString((w) => {
      w.write(0, "Name:\tsome-long-name-that-would-widen-the-column\n");
      describeEvents(
        [
          ev({
            name: "b",
            reason: "Pulled",
            firstTimestamp: at(20),
            lastTimestamp: at(20),
            count: 1,
          }),
          ev({
            name: "c",
            type: "Warning",
            reason: "BackOff",
            message: "  Back-off restarting failed container\n",
            firstTimestamp: at(5),
            lastTimestamp: at(50),
            count: 7,
          }),
          ev({
            name: "a",
            reason: "Scheduled",
            source: {},
            reportingComponent: "default-scheduler",
            firstTimestamp: at(0),
            lastTimestamp: at(0),
          }),
          ev({
            name: "d",
            reason: "Created",
            firstTimestamp: at(20),
            lastTimestamp: at(20),
            count: 1,
          }),
        ],
        w,
        T0 + 60_000,
      );
    });
    expect(out).toBe(
      "Name:  some-long-name-that-would-widen-the-column\n" +
        "Events:\n" +
        "  Type     Reason     Age                From               Message\n" +
        "  ----     ------     ----               ----               -------\n" +
        "  Normal   Scheduled  60s                default-scheduler  Started container app\n" +
        "  Normal   Pulled     40s                kubelet            Started container app\n" +
        "  Normal   Created    40s                kubelet            Started container app\n" +
        "  Warning  BackOff    10s (x7 over 55s)  kubelet            Back-off restarting failed container\n",
    );
  });
});

describe("searchEvents (the involvedObject field selector)", () => {
  const events = [
    ev({ name: "1" }),
    ev({
      name: "2",
      involvedObject: { kind: "Pod", name: "web", namespace: "default", uid: "old" },
    }),
    ev({
      name: "3",
      involvedObject: { kind: "ReplicaSet", name: "web", namespace: "default", uid: "u1" },
    }),
    ev({ name: "4", involvedObject: { kind: "Pod", name: "web", namespace: "other", uid: "u1" } }),
  ];
  it("matches name, namespace and uid; kind only when asked", () => {
    expect(
      searchEvents(events, { name: "web", namespace: "default", uid: "u1" }).map(
        (e) => e.metadata?.name,
      ),
    ).toEqual(["1", "3"]);
    expect(
      searchEvents(events, { name: "web", namespace: "default", uid: "u1", kind: "Pod" }).map(
        (e) => e.metadata?.name,
      ),
    ).toEqual(["1"]);
  });
});

describe("EventPrinter (kubectl events)", () => {
  it("prints the header once, keeps column widths across prints, escapes terminal characters", () => {
    const p = new EventPrinter();
    const first = p.print(
      [ev({ name: "a", firstTimestamp: at(0), lastTimestamp: at(30), count: 2 })],
      T0 + 40_000,
    );
    const second = p.print(
      [ev({ name: "b", reason: "X\x1b", firstTimestamp: at(39), lastTimestamp: at(39) })],
      T0 + 40_000,
    );
    expect(first + second).toBe(
      "LAST SEEN           TYPE     REASON    OBJECT    MESSAGE\n" +
        "10s (x2 over 40s)   Normal   Started   Pod/web   Started container app\n" +
        "1s                  Normal   X^[       Pod/web   Started container app\n",
    );
  });
  it("--all-namespaces adds NAMESPACE; --no-headers drops the header", () => {
    const e = ev({ name: "a", firstTimestamp: at(0), lastTimestamp: at(0) });
    expect(new EventPrinter({ allNamespaces: true }).print([e], T0)).toBe(
      "NAMESPACE   LAST SEEN   TYPE     REASON    OBJECT    MESSAGE\ndefault     0s          Normal   Started   Pod/web   Started container app\n",
    );
    expect(new EventPrinter({ noHeaders: true }).print([e], T0)).toBe(
      "0s    Normal   Started   Pod/web   Started container app\n",
    );
  });
  it("sortEvents: by series time, else lastTimestamp, else eventTime", () => {
    const sorted = sortEvents([
      ev({ name: "late", lastTimestamp: at(50) }),
      ev({ name: "series", lastTimestamp: at(90), series: { count: 2, lastObservedTime: at(10) } }),
      ev({ name: "micro", eventTime: at(30) }),
    ]);
    expect(sorted.map((e) => e.metadata?.name)).toEqual(["series", "micro", "late"]);
  });
});
