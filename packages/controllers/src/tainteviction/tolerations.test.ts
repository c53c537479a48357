/**
 * Toleration matching and toleration time: ToleratesTaint's table
 * (k8s.io/api/core/v1 toleration_test.go), GetMatchingTolerations, and
 * taint_eviction_test.go TestGetMinTolerationTime, in our encoding.
 */
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import {
  getMatchingTolerations,
  getMinTolerationTime,
  getNoExecuteTaints,
  toleratesTaint,
} from "./tolerations.js";

const taint: Taint = { key: "foo", value: "bar", effect: "NoExecute" };

describe("toleratesTaint", () => {
  const table: [string, Toleration, boolean][] = [
    ["empty toleration tolerates nothing with a key (Equal, values differ)", {}, false],
    ["Exists with no key tolerates everything", { operator: "Exists" }, true],
    ["same key, Equal, same value", { key: "foo", operator: "Equal", value: "bar" }, true],
    ["same key, default operator, same value", { key: "foo", value: "bar" }, true],
    ["same key, Equal, other value", { key: "foo", operator: "Equal", value: "baz" }, false],
    ["same key, Exists", { key: "foo", operator: "Exists" }, true],
    ["other key", { key: "other", operator: "Exists" }, false],
    ["same effect", { key: "foo", operator: "Exists", effect: "NoExecute" }, true],
    ["other effect", { key: "foo", operator: "Exists", effect: "NoSchedule" }, false],
    ["unknown operator", { key: "foo", operator: "Gt" }, false],
  ];
  for (const [name, t, want] of table) {
    it(name, () => expect(toleratesTaint(t, taint)).toBe(want));
  }
});

describe("getMatchingTolerations", () => {
  const a: Taint = { key: "a", effect: "NoExecute" };
  const b: Taint = { key: "b", effect: "NoExecute" };
  it("no taints: tolerated; no tolerations: not", () => {
    expect(getMatchingTolerations([], undefined)).toEqual([true, []]);
    expect(getMatchingTolerations([a], [])).toEqual([false, []]);
  });
  it("the first tolerating toleration of each taint", () => {
    const all: Toleration = { operator: "Exists", tolerationSeconds: 5 };
    const ta: Toleration = { key: "a", operator: "Exists", tolerationSeconds: 100 };
    expect(getMatchingTolerations([a, b], [ta, all])).toEqual([true, [ta, all]]);
    expect(getMatchingTolerations([a, b], [ta])).toEqual([false, []]);
  });
  it("getNoExecuteTaints keeps only NoExecute", () => {
    expect(getNoExecuteTaints([a, { key: "c", effect: "NoSchedule" }])).toEqual([a]);
    expect(getNoExecuteTaints(undefined)).toEqual([]);
  });
});

describe("getMinTolerationTime", () => {
  const table: [string, Toleration[], number][] = [
    ["no tolerations: 0", [], 0],
    ["no tolerationSeconds: forever (-1)", [{ operator: "Exists" }], -1],
    ["the smallest", [{ tolerationSeconds: 10 }, { tolerationSeconds: 1 }], 1000],
    ["negative means now", [{ tolerationSeconds: -1 }], 0],
    ["zero means now", [{ tolerationSeconds: 0 }, { tolerationSeconds: 5 }], 0],
    [
      "forever ones are ignored when another has seconds",
      [{}, { tolerationSeconds: 300 }],
      300_000,
    ],
  ];
  for (const [name, t, want] of table) {
    it(name, () => expect(getMinTolerationTime(t)).toBe(want));
  }
});
