/**
 * The finalizer and status patches, as CreateTwoWayMergePatch computes them
 * upstream (TestAddFinalizer, TestRemoveFinalizer, TestPatchStatus of
 * controllers/service/controller_test.go, in our encoding).
 */
import type { Service } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import {
  LoadBalancerCleanupFinalizer as F,
  addFinalizerPatch,
  hasLBFinalizer,
  loadBalancerStatusEqual,
  removeFinalizerPatch,
  statusPatch,
} from "./helpers.js";

const svc = (finalizers?: string[]): Service => ({
  metadata: { name: "web", namespace: "default", ...(finalizers ? { finalizers } : {}) },
});

describe("finalizer patches", () => {
  it("add: none before; others before ($setElementOrder); already there (no patch)", () => {
    expect(addFinalizerPatch(svc())).toEqual({ metadata: { finalizers: [F] } });
    expect(addFinalizerPatch(svc(["a"]))).toEqual({
      metadata: { "$setElementOrder/finalizers": ["a", F], finalizers: [F] },
    });
    expect(addFinalizerPatch(svc([F]))).toBeUndefined();
  });

  it("remove: the only one (null); one of several ($deleteFromPrimitiveList); absent (no patch)", () => {
    expect(removeFinalizerPatch(svc([F]))).toEqual({ metadata: { finalizers: null } });
    expect(removeFinalizerPatch(svc(["a", F, "b"]))).toEqual({
      metadata: {
        "$setElementOrder/finalizers": ["a", "b"],
        "$deleteFromPrimitiveList/finalizers": [F],
      },
    });
    expect(removeFinalizerPatch(svc(["a"]))).toBeUndefined();
  });

  it("hasLBFinalizer", () => {
    expect(hasLBFinalizer(svc())).toBe(false);
    expect(hasLBFinalizer(svc(["a", F]))).toBe(true);
  });
});

describe("status patches (patchStatus)", () => {
  const ing = (ip: string) => ({ ingress: [{ ip, ipMode: "VIP" }] });
  it("no change, no patch: equal ingress lists, or both empty", () => {
    expect(statusPatch(ing("1.2.3.4"), ing("1.2.3.4"))).toBeUndefined();
    expect(statusPatch(undefined, {})).toBeUndefined();
    expect(statusPatch({ ingress: [] }, {})).toBeUndefined();
  });
  it("a new ingress list replaces the old; clearing sends null", () => {
    expect(statusPatch({}, ing("1.2.3.4"))).toEqual({
      status: { loadBalancer: { ingress: [{ ip: "1.2.3.4", ipMode: "VIP" }] } },
    });
    expect(statusPatch(ing("1.2.3.4"), {})).toEqual({
      status: { loadBalancer: { ingress: null } },
    });
  });
  it("LoadBalancerStatusEqual compares ip, hostname, ipMode and ports", () => {
    expect(loadBalancerStatusEqual(ing("1.2.3.4"), ing("1.2.3.5"))).toBe(false);
    expect(loadBalancerStatusEqual(ing("1.2.3.4"), { ingress: [{ ip: "1.2.3.4" }] })).toBe(false);
    expect(
      loadBalancerStatusEqual({ ingress: [{ hostname: "a" }] }, { ingress: [{ hostname: "a" }] }),
    ).toBe(true);
    expect(
      loadBalancerStatusEqual(
        { ingress: [{ ip: "1.2.3.4", ports: [{ port: 80, protocol: "TCP" }] }] },
        { ingress: [{ ip: "1.2.3.4" }] },
      ),
    ).toBe(false);
  });
});
