/**
 * Property: for random sequences of creates, deletes and type changes of
 * Services (and random worker counts, provisioning delays and pool sizes),
 * on the real apiserver,
 *   - at every step, no IP is in the status of two Services;
 *   - in the end every Service of type LoadBalancer holds exactly one IP and
 *     the finalizer (all of them when the pool is large enough; otherwise
 *     exactly as many as the pool has, the others failing with
 *     SyncLoadBalancerFailed), the cloud has a balancer for exactly those,
 *     and no other address is taken;
 *   - deleted Services are gone (their finalizer removed, their IP freed),
 *     and Services no longer of type LoadBalancer have no finalizer and no IP.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiServer } from "@kubesim/apiserver";
import { defaultLoadBalancerName, type SimulatedCloud } from "./cloud.js";
import { LoadBalancerCleanupFinalizer } from "./helpers.js";
import { worldFactory, type World } from "./testdata/world.js";

const world = worldFactory((o) => new ApiServer(o));
const NAMES = ["a", "b", "c", "d", "e"] as const;
const TYPES = ["LoadBalancer", "ClusterIP", "NodePort"] as const;

type Op =
  | { readonly t: "create"; readonly name: string; readonly type: string }
  | { readonly t: "delete"; readonly name: string }
  | { readonly t: "setType"; readonly name: string; readonly type: string }
  | { readonly t: "wait"; readonly ms: number };

const name = fc.constantFrom(...NAMES);
const type = fc.constantFrom(...TYPES, "LoadBalancer", "LoadBalancer");
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant("create" as const), name, type }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("delete" as const), name }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("setType" as const), name, type }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant("wait" as const),
      ms: fc.integer({ min: 0, max: 8000 }),
    }),
  },
);

function apply(w: World, o: Op): void {
  if (o.t === "wait") {
    w.loop.advance(o.ms);
    return;
  }
  const cur = w.service(o.name);
  if (o.t === "create") {
    if (cur === undefined) w.addService(o.name, { type: o.type });
  } else if (o.t === "delete") {
    if (cur !== undefined && cur.metadata?.deletionTimestamp == null) w.deleteService(o.name);
  } else if (cur !== undefined && cur.metadata?.deletionTimestamp == null) {
    w.setType(o.name, o.type);
  }
  w.loop.settle();
}

function noIPTwice(w: World): void {
  const ips = NAMES.flatMap((n) => w.ips(n));
  expect(new Set(ips).size).toBe(ips.length);
}

describe("service load-balancer controller: property", () => {
  it("no IP twice; every LoadBalancer service ends with exactly one; deleted ones release theirs and lose the finalizer", () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 10, maxLength: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 5 }),
        (ops, workers, provisioningDelay, poolSize) => {
          const w = world();
          w.addNode("node-1");
          const c = w.start({
            workers,
            provisioningDelay,
            loadBalancerIPPool: `10.200.0.1-10.200.0.${poolSize}`,
          });
          const cloud = c.cloud as SimulatedCloud;
          const deleted = new Set<string>();
          for (const o of ops) {
            apply(w, o);
            if (o.t === "delete") deleted.add(o.name);
            if (o.t === "create") deleted.delete(o.name);
            noIPTwice(w);
          }
          // long enough for the longest back-off (300 s) and a provisioning
          w.loop.advance("15m");
          noIPTwice(w);

          const live = NAMES.map((n) => w.service(n)).filter((s) => s !== undefined);
          // nothing is left terminating: every finalizer we added was removed
          expect(live.filter((s) => s.metadata?.deletionTimestamp != null)).toEqual([]);
          for (const n of deleted) {
            if (!live.some((s) => s.metadata?.name === n)) expect(w.service(n)).toBeUndefined();
          }
          const lbs = live.filter((s) => s.spec?.type === "LoadBalancer");
          const others = live.filter((s) => s.spec?.type !== "LoadBalancer");
          for (const s of others) {
            expect(s.metadata?.finalizers ?? []).toEqual([]);
            expect(s.status?.loadBalancer?.ingress ?? []).toEqual([]);
          }
          for (const s of lbs)
            expect(s.metadata?.finalizers).toEqual([LoadBalancerCleanupFinalizer]);
          const withIP = lbs.filter((s) => (s.status?.loadBalancer?.ingress ?? []).length > 0);
          for (const s of withIP) expect(s.status?.loadBalancer?.ingress).toHaveLength(1);
          expect(withIP.length).toBe(Math.min(lbs.length, poolSize));
          // the cloud holds a balancer, with the IP in the status, for exactly these
          expect(cloud.loadBalancers().map((lb) => `${lb.name} ${lb.ip}`)).toEqual(
            withIP
              .map(
                (s) => `${defaultLoadBalancerName(s)} ${s.status!.loadBalancer!.ingress![0]!.ip!}`,
              )
              .sort(),
          );
          expect(cloud.pool.allocated).toBe(withIP.length);
          // nothing but pool exhaustion ever failed
          for (const e of w.events()) {
            if (e.startsWith("Warning"))
              expect(e).toMatch(
                /SyncLoadBalancerFailed .* no available IPs in the load balancer IP pool/,
              );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
