/** Type tests for the front door (checked by tsc; run with vitest --typecheck). */
import type { WatchEvent } from "@kubesim/api";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { expectTypeOf, test } from "vitest";
import { Cluster } from "./cluster.js";
import type { ActiveFault } from "./faults.js";

test("object calls are typed by kind name", () => {
  const c = Cluster.create();
  expectTypeOf(c.get("Deployment", "web")).toEqualTypeOf<Deployment>();
  expectTypeOf(c.get("Node", "node-1")).toEqualTypeOf<Node>();
  expectTypeOf(c.list("Pod")).toEqualTypeOf<readonly Pod[]>();
  expectTypeOf(c.patch("Deployment", "web", { spec: { replicas: 2 } })).toEqualTypeOf<Deployment>();
  c.watch("Pod", (e) => expectTypeOf(e).toEqualTypeOf<WatchEvent<Pod>>());
  // @ts-expect-error an unknown kind
  c.get("Widget", "w");
  // @ts-expect-error a Pod is not a Deployment
  c.update("Deployment", {} as Pod);
});

test("runUntil takes a predicate or an object state, and faults are typed", () => {
  const c = Cluster.create();
  expectTypeOf(c.runUntil({ rollout: "web" })).toEqualTypeOf<number>();
  c.runUntil({ deployment: "web", condition: "Available" }, { timeout: "10m" });
  c.runUntil({ pod: "p", phase: "Running" });
  c.runUntil(() => true);
  // @ts-expect-error not a pod phase
  c.runUntil({ pod: "p", phase: "Sleeping" });
  expectTypeOf(c.faults.partitionNode("node-1")).toEqualTypeOf<ActiveFault>();
  // @ts-expect-error not a control-plane process
  c.faults.restartController("etcd");
});
