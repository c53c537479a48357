/**
 * Properties of node lifecycle:
 * - a node with a fresh sign of life (new heartbeat or renewed Lease) is never
 *   declared Unknown, whatever was remembered;
 * - a node whose signs of life stop is Unknown within grace + one period,
 *   and never before the grace has passed;
 * - on the real apiserver: a node that stops while others live ends Ready
 *   Unknown and tainted unreachable:NoExecute, and live nodes are never
 *   tainted unreachable; when every node stops, none is tainted NoExecute.
 */
import type { Lease } from "kubernetes-types/coordination/v1";
import type { Node } from "kubernetes-types/core/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTime, rfc3339, rfc3339Micro } from "@kubesim/sim";
import { DefaultNodeLifecycleConfig } from "./config.js";
import { NodeLifecycleController } from "./node-lifecycle-controller.js";
import { getNodeCondition, tryUpdateNodeHealth, type NodeHealthData } from "./node-health.js";
import { ApiServer } from "@kubesim/apiserver";
import { worldFactory } from "./testdata/world.js";

const world = worldFactory((o) => new ApiServer(o));

const T0 = parseTime("2024-06-01T00:00:00Z")!;
const config = DefaultNodeLifecycleConfig;

const nodeAt = (heartbeat: number, status = "True"): Node => ({
  metadata: { name: "n", creationTimestamp: rfc3339(T0 - 3_600_000) },
  status: {
    conditions: [
      {
        type: "Ready",
        status,
        lastHeartbeatTime: rfc3339(heartbeat),
        lastTransitionTime: rfc3339(T0 - 3_600_000),
      },
    ],
  },
});
const leaseAt = (renew: number): Lease => ({
  metadata: { name: "n", namespace: "kube-node-lease" },
  spec: { renewTime: rfc3339Micro(renew) },
});

describe("node health properties", () => {
  it("a fresh heartbeat or a renewed Lease is never declared Unknown", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }).map((s) => T0 + s * 1000), // last probe
        fc.integer({ min: 0, max: 10_000 }).map((s) => s * 1000), // time since
        fc.integer({ min: -600, max: 600 }).map((s) => s * 1000), // kubelet clock skew
        fc.constantFrom("True", "False", "Unknown"),
        fc.boolean(),
        (probe, elapsed, skew, status, viaLease) => {
          const now = probe + elapsed;
          const old = nodeAt(probe + skew, status);
          const saved: NodeHealthData = {
            probeTimestamp: probe,
            readyTransitionTimestamp: probe,
            status: old.status,
            lease: leaseAt(probe),
          };
          const r = tryUpdateNodeHealth({
            node: viaLease ? old : nodeAt(now + skew, status),
            lease: viaLease ? leaseAt(now + 1) : leaseAt(probe),
            saved,
            now,
            config,
          });
          expect(r.statusToWrite).toBeUndefined();
          expect(r.health.probeTimestamp).toBe(now);
        },
      ),
    );
  });

  it("signs of life that stop: Unknown after the grace, within one more period; never before", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 120 }), // when the kubelet stops (s)
        fc.integer({ min: 1, max: 15 }), // heartbeat interval (s)
        fc.constantFrom(40_000, 50_000),
        fc.constantFrom(1_000, 5_000),
        fc.boolean(),
        (stopS, everyS, grace, period, useLease) => {
          let node = nodeAt(T0);
          let lease: Lease | undefined = useLease ? leaseAt(T0) : undefined;
          let saved: NodeHealthData | undefined;
          let lastSign = T0;
          let unknownAt: number | undefined;
          for (let now = T0; now <= T0 + (stopS + 200) * 1000; now += period) {
            // The kubelet's writes since the last pass.
            const beat = Math.floor((Math.min(now, T0 + stopS * 1000) - T0) / (everyS * 1000));
            const lastBeat = T0 + beat * everyS * 1000;
            if (useLease) {
              if (lease?.spec?.renewTime !== rfc3339Micro(lastBeat)) lease = leaseAt(lastBeat);
            } else if (
              getNodeCondition(node.status, "Ready")?.lastHeartbeatTime !== rfc3339(lastBeat) &&
              getNodeCondition(node.status, "Ready")?.status === "True"
            ) {
              node = nodeAt(lastBeat);
            }
            const r = tryUpdateNodeHealth({
              node,
              lease,
              saved,
              now,
              config: { ...config, nodeMonitorGracePeriod: grace },
            });
            if (r.health.probeTimestamp === now) lastSign = now;
            if (r.statusToWrite !== undefined) {
              node = { ...node, status: r.statusToWrite };
              saved = r.healthAfterWrite;
            } else {
              saved = r.health;
            }
            if (
              unknownAt === undefined &&
              getNodeCondition(node.status, "Ready")?.status === "Unknown"
            ) {
              unknownAt = now;
              expect(now - lastSign).toBeGreaterThan(grace);
            }
          }
          expect(unknownAt).toBeDefined();
          // The last sign was seen by the first pass after the kubelet stopped (or before).
          const stop = T0 + stopS * 1000;
          expect(unknownAt!).toBeLessThanOrEqual(stop + period + grace + period);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("node lifecycle controller properties (real apiserver)", () => {
  it("a node that stops while others live ends Unknown and tainted unreachable:NoExecute; live nodes never are", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.nat(),
        fc.integer({ min: 0, max: 60 }),
        (count, pick, stopS) => {
          const w = world(count * 100 + stopS);
          const names = Array.from({ length: count }, (_, i) => `node-${i + 1}`);
          for (const n of names) w.addNode(n);
          const dead = names[pick % count]!;
          const live = names.filter((n) => n !== dead);
          w.keepAlive(live, w.t0 + 600_000);
          w.keepAlive([dead], w.t0 + stopS * 1000);
          new NodeLifecycleController({
            client: w.client,
            informers: w.informers,
            loop: w.loop,
            recorder: w.broadcaster.newRecorder({ component: "node-controller" }),
          }).start();
          let liveTainted = false;
          for (let t = 0; t < 200; t += 5) {
            w.loop.advance("5s");
            for (const n of live)
              if (w.taints(n).some((x) => x.startsWith("node.kubernetes.io/unreachable")))
                liveTainted = true;
          }
          expect(liveTainted).toBe(false);
          expect(w.ready(dead)?.status).toBe("Unknown");
          expect(w.taints(dead)).toContain("node.kubernetes.io/unreachable:NoExecute");
        },
      ),
      { numRuns: 15 },
    );
  });

  it("when every node stops, no node is ever tainted NoExecute", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 30 }),
        (count, stopS) => {
          const w = world(count + stopS);
          const names = Array.from({ length: count }, (_, i) => `node-${i + 1}`);
          for (const n of names) w.addNode(n);
          w.keepAlive(names, w.t0 + stopS * 1000);
          new NodeLifecycleController({
            client: w.client,
            informers: w.informers,
            loop: w.loop,
            recorder: w.broadcaster.newRecorder({ component: "node-controller" }),
          }).start();
          for (let t = 0; t < 150; t += 5) {
            w.loop.advance("5s");
            for (const n of names)
              expect(w.taints(n).some((x) => x.endsWith(":NoExecute"))).toBe(false);
          }
          for (const n of names) expect(w.ready(n)?.status).toBe("Unknown");
          expect(rfc3339(w.loop.now())).toBeDefined();
        },
      ),
      { numRuns: 10 },
    );
  });
});
