import { describe, expect, it } from "vitest";
import { fieldErrorString } from "../errors.js";
import { validateEventsV1EventCreate, validateEventsV1EventUpdate } from "./event.js";

const strings = (errs: readonly Parameters<typeof fieldErrorString>[0][]) =>
  errs.map(fieldErrorString);

/** An events.k8s.io/v1 Event in core/v1 field names, as the strict checks see it. */
const good = {
  apiVersion: "v1",
  kind: "Event",
  metadata: { name: "e1", namespace: "default", resourceVersion: "5" },
  eventTime: "2024-01-01T00:00:00.000000Z",
  reportingComponent: "example.com/ctl",
  reportingInstance: "ctl-0",
  action: "Reconcile",
  reason: "Synced",
  involvedObject: { kind: "Pod", namespace: "default", name: "web-1" },
  message: "synced",
  type: "Normal",
};

describe("ValidateEventCreate for events.k8s.io/v1", () => {
  it("accepts a complete new-style Event", () => {
    expect(validateEventsV1EventCreate(good)).toEqual([]);
  });

  it("requires eventTime and a Normal or Warning type, and refuses the deprecated fields", () => {
    const { eventTime: _e, ...rest } = good;
    expect(
      strings(
        validateEventsV1EventCreate({
          ...rest,
          type: "Odd",
          firstTimestamp: "2024-01-01T00:00:00Z",
          lastTimestamp: "2024-01-01T00:00:00Z",
          count: 3,
          source: { component: "kubelet" },
        }),
      ),
    ).toEqual([
      "eventTime: Required value",
      'type: Invalid value: "": has invalid value: Odd',
      'firstTimestamp: Invalid value: "": needs to be unset',
      'lastTimestamp: Invalid value: "": needs to be unset',
      'count: Invalid value: "": needs to be unset',
      'source: Invalid value: "": needs to be unset',
    ]);
  });

  it("checks the series and the legacy new-style fields", () => {
    expect(
      strings(
        validateEventsV1EventCreate({
          ...good,
          reportingInstance: "",
          action: "",
          series: { count: 1 },
        }),
      ),
    ).toEqual([
      "reportingInstance: Required value",
      "action: Required value",
      'series.count: Invalid value: "": should be at least 2',
      "series.lastObservedTime: Required value",
    ]);
  });

  it("names must be DNS subdomains", () => {
    expect(
      strings(
        validateEventsV1EventCreate({ ...good, metadata: { name: "A_b", namespace: "default" } }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^metadata\.name: Invalid value: "A_b": a lowercase RFC 1123 subdomain/,
      ),
    ]);
  });
});

describe("ValidateEventUpdate for events.k8s.io/v1", () => {
  it("lets metadata change and keeps every other field immutable", () => {
    expect(
      validateEventsV1EventUpdate(
        { ...good, metadata: { ...good.metadata, labels: { a: "b" } } },
        good,
      ),
    ).toEqual([]);
    expect(
      strings(validateEventsV1EventUpdate({ ...good, message: "x", action: "Y" }, good)),
    ).toEqual([
      'message: Invalid value: "x": field is immutable',
      'action: Invalid value: "Y": field is immutable',
    ]);
    expect(
      strings(validateEventsV1EventUpdate({ ...good, reportingComponent: "other.io/c" }, good)),
    ).toEqual(['reportingController: Invalid value: "other.io/c": field is immutable']);
  });

  it("validates a changed series only", () => {
    const withSeries = { ...good, series: { count: 1, lastObservedTime: "2024-01-01T00:00:00Z" } };
    expect(strings(validateEventsV1EventUpdate(withSeries, withSeries))).toEqual([]);
    expect(strings(validateEventsV1EventUpdate(withSeries, good))).toEqual([
      'series.count: Invalid value: "": should be at least 2',
    ]);
  });
});
