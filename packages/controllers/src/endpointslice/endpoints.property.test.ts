/**
 * Issue 5 done-means 3: for random sets of pods (labels, IPs, readiness,
 * terminating), both controllers on a real apiserver end with exactly the
 * matching pods: the Endpoints' addresses are the ready, not-terminating
 * ones and notReadyAddresses the other non-terminating ones (all of them in
 * addresses with publishNotReadyAddresses); the EndpointSlices hold every
 * matching pod with an IP once, with ready/serving/terminating as
 * podToEndpoint sets them. Also after a second random round of changes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiServer } from "@kubesim/apiserver";
import { EndpointsController } from "../endpoints/endpoints-controller.js";
import { EndpointSliceController } from "./endpointslice-controller.js";
import { worldFactory, type World } from "./testdata/world.js";

const world = worldFactory((o) => new ApiServer(o));

interface PodSpec {
  readonly app: "web" | "db";
  readonly hasIP: boolean;
  readonly ready: boolean;
  readonly terminating: boolean;
}

const podSpec = fc.record({
  app: fc.constantFrom<"web" | "db">("web", "db"),
  hasIP: fc.boolean(),
  ready: fc.boolean(),
  terminating: fc.boolean(),
});

function apply(w: World, specs: readonly PodSpec[], round: number): void {
  specs.forEach((s, i) => {
    const name = `p${i}`;
    let exists = true;
    try {
      w.api.get("Pod", "default", name);
    } catch {
      exists = false;
    }
    if (!exists) {
      w.addPod(name, {
        labels: { app: s.app },
        ip: s.hasIP ? `10.244.${round}.${i + 1}` : "",
        ready: s.ready,
      });
    } else {
      const cur = w.api.get("Pod", "default", name);
      if (cur.metadata?.deletionTimestamp != null) return; // terminating pods stay so
      w.api.update("Pod", { ...cur, metadata: { ...cur.metadata, labels: { app: s.app } } });
      w.setStatus(name, {
        ready: s.ready,
        ...(s.hasIP && cur.status?.podIP === undefined ? { ip: `10.244.${round}.${i + 1}` } : {}),
      });
    }
    if (s.terminating) w.terminate(name);
  });
}

function check(w: World, publish: boolean): void {
  const pods = w
    .pods()
    .filter((p) => p.metadata?.labels?.["app"] === "web" && (p.status?.podIP ?? "") !== "");
  const ready = (p: (typeof pods)[number]) =>
    p.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
  const term = (p: (typeof pods)[number]) => p.metadata?.deletionTimestamp != null;
  const names = (xs: typeof pods) => xs.map((p) => p.metadata?.name ?? "").sort();

  const ep = w.endpoints("web")!;
  const addrs = (ep.subsets ?? [])
    .flatMap((s) => s.addresses ?? [])
    .map((a) => a.targetRef?.name ?? "")
    .sort();
  const notReady = (ep.subsets ?? [])
    .flatMap((s) => s.notReadyAddresses ?? [])
    .map((a) => a.targetRef?.name ?? "")
    .sort();
  if (publish) {
    expect(addrs).toEqual(names(pods));
    expect(notReady).toEqual([]);
  } else {
    expect(addrs).toEqual(names(pods.filter((p) => ready(p) && !term(p))));
    expect(notReady).toEqual(names(pods.filter((p) => !ready(p) && !term(p))));
  }

  const slices = w.slices("web");
  expect(slices.length).toBeGreaterThanOrEqual(1);
  const eps = slices.flatMap((s) => s.endpoints ?? []);
  expect(eps.map((e) => e.targetRef?.name ?? "").sort()).toEqual(names(pods));
  for (const e of eps) {
    const p = pods.find((x) => x.metadata?.name === e.targetRef?.name)!;
    expect(e.addresses).toEqual([p.status?.podIP]);
    expect(e.conditions).toEqual({
      ready: publish || (ready(p) && !term(p)),
      serving: ready(p),
      terminating: term(p),
    });
  }
}

describe("Endpoints and EndpointSlices equal the matching pods", () => {
  it("for random pods, labels, readiness and terminating flags", () => {
    fc.assert(
      fc.property(
        fc.array(podSpec, { maxLength: 12 }),
        fc.array(podSpec, { maxLength: 12 }),
        fc.boolean(),
        (first, second, publish) => {
          const w = world();
          w.addNode("node-1", "zone-a");
          w.addService("web", { publishNotReadyAddresses: publish, clusterIP: "10.96.0.40" });
          new EndpointsController({
            client: w.client,
            informers: w.informers,
            loop: w.loop,
          }).start();
          new EndpointSliceController({
            client: w.client,
            informers: w.informers,
            loop: w.loop,
            maxEndpointsPerSlice: 4,
          }).start();
          apply(w, first, 1);
          w.loop.advance("3s");
          check(w, publish);
          apply(w, second, 2);
          w.loop.advance("3s");
          check(w, publish);
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });
});
