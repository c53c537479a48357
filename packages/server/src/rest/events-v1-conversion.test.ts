import fc from "fast-check";
import type { Event as CoreEvent } from "kubernetes-types/core/v1";
import type { Event as EventsV1Event } from "kubernetes-types/events/v1";
import { describe, expect, it } from "vitest";
import {
  toCoreEvent,
  toCoreFieldSelector,
  toCorePatch,
  toEventsV1Event,
} from "./events-v1-conversion.js";

const kubeletEvent: CoreEvent = {
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: "web-1.17a", namespace: "default", resourceVersion: "42", uid: "u-1" },
  involvedObject: {
    kind: "Pod",
    namespace: "default",
    name: "web-1",
    uid: "p-1",
    apiVersion: "v1",
  },
  reason: "Pulled",
  message: 'Container image "nginx" already present on machine',
  source: { component: "kubelet", host: "node-1" },
  firstTimestamp: "2024-01-01T00:00:05Z",
  lastTimestamp: "2024-01-01T00:00:05Z",
  count: 1,
  type: "Normal",
  eventTime: null as never,
  reportingComponent: "kubelet",
  reportingInstance: "node-1",
};

const newStyle: EventsV1Event = {
  apiVersion: "events.k8s.io/v1",
  kind: "Event",
  metadata: { name: "e1", namespace: "default" },
  eventTime: "2024-01-01T00:00:01.000000Z",
  series: { count: 3, lastObservedTime: "2024-01-01T00:00:09.000000Z" },
  reportingController: "example.com/ctl",
  reportingInstance: "ctl-0",
  action: "Reconcile",
  reason: "Synced",
  regarding: { kind: "Pod", namespace: "default", name: "web-1" },
  related: { kind: "Node", name: "node-1" },
  note: "all good",
  type: "Normal",
  deprecatedSource: {},
  deprecatedFirstTimestamp: null as never,
  deprecatedLastTimestamp: null as never,
};

describe("core/v1 → events.k8s.io/v1 (Convert_core_Event_To_v1_Event)", () => {
  it("renames message, involvedObject, reportingComponent, source and the legacy timestamps and count", () => {
    expect(toEventsV1Event(kubeletEvent)).toEqual({
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: kubeletEvent.metadata,
      eventTime: null,
      reportingController: "kubelet",
      reportingInstance: "node-1",
      reason: "Pulled",
      regarding: kubeletEvent.involvedObject,
      note: 'Container image "nginx" already present on machine',
      type: "Normal",
      deprecatedSource: { component: "kubelet", host: "node-1" },
      deprecatedFirstTimestamp: "2024-01-01T00:00:05Z",
      deprecatedLastTimestamp: "2024-01-01T00:00:05Z",
      deprecatedCount: 1,
    });
  });

  it("writes Go's zero values where events.k8s.io/v1 has no omitempty, and leaves empty strings out", () => {
    const out = toEventsV1Event({
      metadata: { name: "x", namespace: "default" },
      involvedObject: {},
      reportingComponent: "",
      reportingInstance: "",
      message: "",
    } as CoreEvent);
    expect(out).toEqual({
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "x", namespace: "default" },
      eventTime: null,
      regarding: {},
      deprecatedSource: {},
      deprecatedFirstTimestamp: null,
      deprecatedLastTimestamp: null,
    });
  });

  it("converts a frozen object once and freezes the result", () => {
    const frozen = Object.freeze({ ...kubeletEvent });
    const a = toEventsV1Event(frozen);
    expect(Object.isFrozen(a)).toBe(true);
    expect(toEventsV1Event(frozen)).toBe(a);
  });
});

describe("events.k8s.io/v1 → core/v1 (Convert_v1_Event_To_core_Event)", () => {
  it("renames note, regarding, reportingController and the deprecated fields", () => {
    expect(toCoreEvent(newStyle)).toEqual({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "e1", namespace: "default" },
      eventTime: "2024-01-01T00:00:01.000000Z",
      series: { count: 3, lastObservedTime: "2024-01-01T00:00:09.000000Z" },
      reportingComponent: "example.com/ctl",
      reportingInstance: "ctl-0",
      action: "Reconcile",
      reason: "Synced",
      involvedObject: { kind: "Pod", namespace: "default", name: "web-1" },
      related: { kind: "Node", name: "node-1" },
      message: "all good",
      type: "Normal",
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
    });
  });
});

describe("round trips", () => {
  const str = fc.string({ minLength: 1, maxLength: 8 });
  const time = fc
    .integer({ min: 0, max: 1e9 })
    .map((s) => new Date(Date.UTC(2024, 0, 1) + s * 1000).toISOString());
  const ref = fc.record(
    { kind: str, namespace: str, name: str, uid: str, apiVersion: str, fieldPath: str },
    { requiredKeys: [] },
  );
  const source = fc.record({ component: str, host: str }, { requiredKeys: [] });
  const meta = fc.record({ name: str, namespace: str, resourceVersion: str });
  /** events.k8s.io/v1 Events as Go writes them. */
  const v1Event = fc
    .record(
      {
        metadata: meta,
        eventTime: fc.option(time, { nil: null }),
        series: fc.record({ count: fc.integer({ min: 2, max: 50 }), lastObservedTime: time }),
        reportingController: str,
        reportingInstance: str,
        action: str,
        reason: str,
        regarding: ref,
        related: ref,
        note: str,
        type: fc.constantFrom("Normal", "Warning"),
        deprecatedSource: source,
        deprecatedFirstTimestamp: fc.option(time, { nil: null }),
        deprecatedLastTimestamp: fc.option(time, { nil: null }),
        deprecatedCount: fc.integer({ min: 1, max: 100 }),
      },
      {
        requiredKeys: [
          "metadata",
          "eventTime",
          "regarding",
          "deprecatedSource",
          "deprecatedFirstTimestamp",
          "deprecatedLastTimestamp",
        ],
      },
    )
    .map((e) => ({ apiVersion: "events.k8s.io/v1", kind: "Event", ...e }) as EventsV1Event);

  it("events.k8s.io/v1 → core/v1 → events.k8s.io/v1 is the identity", () => {
    fc.assert(
      fc.property(v1Event, (e) => {
        expect(toEventsV1Event(toCoreEvent(e))).toEqual(e);
      }),
    );
  });

  it("core/v1 → events.k8s.io/v1 → core/v1 keeps every field", () => {
    const coreEvent = v1Event.map((e) => toCoreEvent(e));
    fc.assert(
      fc.property(coreEvent, (c) => {
        expect(toCoreEvent(toEventsV1Event(c))).toEqual(c);
      }),
    );
  });
});

describe("patches and field selectors in events.k8s.io/v1 names", () => {
  it("renames a merge patch's top-level keys and a JSON patch's first path segment", () => {
    expect(toCorePatch("merge", { note: "x", metadata: { labels: { a: "b" } } })).toEqual({
      message: "x",
      metadata: { labels: { a: "b" } },
    });
    expect(
      toCorePatch("json", [
        { op: "replace", path: "/regarding/name", value: "y" },
        { op: "copy", from: "/note", path: "/reason" },
        { op: "test", path: "", value: {} },
      ]),
    ).toEqual([
      { op: "replace", path: "/involvedObject/name", value: "y" },
      { op: "copy", from: "/message", path: "/reason" },
      { op: "test", path: "", value: {} },
    ]);
  });

  it("maps AddFieldLabelConversionsForEvent's labels and refuses the core-only ones", () => {
    expect(
      toCoreFieldSelector("regarding.name=web,reportingController=kubelet,type!=Normal").toString(),
    ).toBe("involvedObject.name=web,reportingComponent=kubelet,type!=Normal");
    expect(() => toCoreFieldSelector("involvedObject.name=web")).toThrow(
      "field label not supported: involvedObject.name",
    );
  });
});
