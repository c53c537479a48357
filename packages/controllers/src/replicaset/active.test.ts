import { describe, expect, it } from "vitest";
import {
  filterActivePods,
  getPodReadyCondition,
  isPodActive,
  isPodAvailable,
  isPodReady,
  podKey,
  podReadySince,
} from "./active.js";
import { NOW, mkPod } from "./testdata/pods.js";

describe("isPodActive / filterActivePods", () => {
  it("drops terminal and deleting pods, keeping order", () => {
    const pods = [
      mkPod({ name: "running" }),
      mkPod({ name: "succeeded", phase: "Succeeded" }),
      mkPod({ name: "failed", phase: "Failed" }),
      mkPod({ name: "deleting", deleting: true }),
      mkPod({ name: "pending", phase: "Pending" }),
      mkPod({ name: "unknown", phase: "Unknown" }),
    ];
    expect(filterActivePods(pods).map((p) => p.metadata?.name)).toEqual([
      "running",
      "pending",
      "unknown",
    ]);
    expect(isPodActive({})).toBe(true);
  });
});

describe("readiness", () => {
  it("reads the Ready condition", () => {
    expect(isPodReady(mkPod({ name: "a", readySince: NOW }))).toBe(true);
    expect(isPodReady(mkPod({ name: "a" }))).toBe(false);
    expect(isPodReady({})).toBe(false);
    expect(getPodReadyCondition(mkPod({ name: "a" }))?.status).toBe("False");
    expect(podReadySince(mkPod({ name: "a", readySince: NOW - 5000 }))).toBe(NOW - 5000);
    expect(podReadySince(mkPod({ name: "a", readySince: null }))).toBeUndefined();
    expect(podReadySince(mkPod({ name: "a" }))).toBeUndefined();
  });
  it("keys pods as namespace/name", () => {
    expect(podKey(mkPod({ name: "web-1", namespace: "prod" }))).toBe("prod/web-1");
  });
});

describe("isPodAvailable(pod, minReadySeconds, now)", () => {
  const readyAt = NOW - 10_000; // ready for 10 s
  it("is available at once when minReadySeconds is 0", () => {
    expect(isPodAvailable(mkPod({ name: "a", readySince: NOW }), 0, NOW)).toBe(true);
    expect(isPodAvailable(mkPod({ name: "a", readySince: null }), 0, NOW)).toBe(true);
  });
  it("uses <= (v1.34+): ready for exactly minReadySeconds is available", () => {
    expect(isPodAvailable(mkPod({ name: "a", readySince: readyAt }), 10, NOW)).toBe(true);
    expect(isPodAvailable(mkPod({ name: "a", readySince: readyAt }), 11, NOW)).toBe(false);
  });
  it("is never available when not ready, or ready without a transition time and minReadySeconds > 0", () => {
    expect(isPodAvailable(mkPod({ name: "a" }), 0, NOW)).toBe(false);
    expect(isPodAvailable(mkPod({ name: "a", readySince: null }), 5, NOW)).toBe(false);
  });
});
