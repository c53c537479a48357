/**
 * Invariants of the pure reconciler over random pod sets and slice sizes:
 * after applying a plan, every desired endpoint is in exactly one slice, no
 * slice holds more than maxEndpointsPerSlice, each slice's endpoints share
 * its ports, and planning again changes nothing (the result is stable).
 */
import type { Node, Pod, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planReconcile, type ReconcilePlan } from "./reconciler.js";

const svc: Service = {
  metadata: { name: "web", namespace: "default", uid: "svc-uid" },
  spec: {
    selector: { app: "web" },
    clusterIP: "10.96.0.5",
    ports: [{ name: "http", port: 80, targetPort: "web", protocol: "TCP" }],
  },
};
const node: Node = { metadata: { name: "n1" } };

const podArb = fc.record({ ready: fc.boolean(), port: fc.constantFrom(8080, 9090, 0) });
const pods = (specs: readonly { ready: boolean; port: number }[], gen: number): Pod[] =>
  specs.map((s, i) => ({
    metadata: { name: `p${i}`, namespace: "default", uid: `u${i}` },
    spec: {
      nodeName: "n1",
      containers: [
        {
          name: "c",
          ports: s.port === 0 ? [] : [{ name: "web", containerPort: s.port, protocol: "TCP" }],
        },
      ],
    },
    status: {
      phase: "Running",
      podIPs: [{ ip: `10.1.${gen}.${i}` }],
      conditions: [{ type: "Ready", status: s.ready ? "True" : "False" }],
    },
  }));

let counter = 0;
/** What the apiserver would hold after the plan: names for creates. */
function applyPlan(slices: readonly EndpointSlice[], plan: ReconcilePlan): EndpointSlice[] {
  const byName = new Map(slices.map((s) => [s.metadata?.name ?? "", s]));
  for (const s of plan.delete) byName.delete(s.metadata?.name ?? "");
  for (const s of plan.update) byName.set(s.metadata?.name ?? "", s);
  for (const s of plan.create) {
    const name = `web-${++counter}`;
    byName.set(name, { ...s, metadata: { ...s.metadata, name } });
  }
  return [...byName.values()];
}

describe("planReconcile properties", () => {
  it("covers each endpoint once, respects max, groups by ports, and is stable", () => {
    fc.assert(
      fc.property(
        fc.array(podArb, { maxLength: 30 }),
        fc.array(podArb, { maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        (first, second, max) => {
          let slices: EndpointSlice[] = [];
          for (const [gen, specs] of [first, second].entries()) {
            const ps = pods(specs, gen);
            const base = {
              service: svc,
              pods: ps,
              getNode: () => node,
              maxEndpointsPerSlice: max,
              controllerName: "endpointslice-controller.k8s.io",
            };
            slices = applyPlan(slices, planReconcile({ ...base, existingSlices: slices }));
            const eps = slices.flatMap((s) => s.endpoints ?? []);
            expect(eps.map((e) => e.targetRef?.name).sort()).toEqual(
              ps.map((p) => p.metadata?.name).sort(),
            );
            for (const s of slices) {
              expect((s.endpoints ?? []).length).toBeLessThanOrEqual(max);
              for (const e of s.endpoints ?? []) {
                const i = Number((e.targetRef?.name ?? "p0").slice(1));
                const port = specs[i]!.port;
                expect((s.ports ?? []).map((p) => p.port)).toEqual(port === 0 ? [] : [port]);
                expect(e.conditions?.ready).toBe(specs[i]!.ready);
              }
            }
            if (ps.length === 0) expect(slices).toHaveLength(1); // the placeholder
            const again = planReconcile({ ...base, existingSlices: slices });
            expect([again.create, again.update, again.delete]).toEqual([[], [], []]);
          }
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });
});
