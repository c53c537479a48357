/**
 * Property: whatever sequence of Service creates, updates, patches, deletes
 * (dry run or not, held by finalizers or not) is sent, no ClusterIP and no
 * NodePort is held by two live Services, and the allocators hold exactly what
 * the live Services hold: every allocation belongs to a live Service and
 * every Service's IP and ports are allocated. Small ranges force collisions.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isApiError } from "@kubesim/api";
import type { Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1";
import { harness } from "./internal/fixtures.js";
import type { ApiServer } from "./apiserver.js";

type Kind = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName" | "Headless";

interface Shape {
  readonly kind: Kind;
  readonly clusterIP: string;
  readonly nodePorts: readonly number[];
  readonly local: boolean;
  readonly healthCheckNodePort: number;
  readonly allocateLB: boolean | undefined;
  /** Keep nodePorts on a ClusterIP, headless or ExternalName service (mostly refused, or never allocated). */
  readonly strayNodePorts: boolean;
}

const shape: fc.Arbitrary<Shape> = fc.record({
  kind: fc.constantFrom<Kind>("ClusterIP", "NodePort", "LoadBalancer", "ExternalName", "Headless"),
  // .1-.14 are usable in 10.0.0.0/28; .15 is the broadcast address; 10.0.1.1 is outside
  clusterIP: fc.constantFrom(
    "",
    "",
    "",
    "10.0.0.1",
    "10.0.0.5",
    "10.0.0.14",
    "10.0.0.15",
    "10.0.1.1",
  ),
  nodePorts: fc.array(fc.constantFrom(0, 0, 0, 30000, 30001, 30005, 30019, 29999), {
    minLength: 1,
    maxLength: 2,
  }),
  local: fc.boolean(),
  healthCheckNodePort: fc.constantFrom(0, 0, 30002, 30005),
  allocateLB: fc.constantFrom(undefined, false),
  strayNodePorts: fc.constantFrom(false, false, false, true),
});

function specOf(s: Shape, name: string): ServiceSpec {
  const withNodePorts = s.kind === "NodePort" || s.kind === "LoadBalancer" || s.strayNodePorts;
  const ports: ServicePort[] = s.nodePorts.map((np, i) => ({
    name: `p${i}`,
    port: 80 + i,
    ...(np === 0 || !withNodePorts ? {} : { nodePort: np }),
  }));
  if (s.kind === "ExternalName")
    return { type: "ExternalName", externalName: `${name}.example.com`, ports };
  const spec: ServiceSpec = {
    selector: { app: name },
    ports,
    type: s.kind === "Headless" ? "ClusterIP" : s.kind,
  };
  if (s.kind === "Headless") spec.clusterIP = "None";
  else if (s.clusterIP !== "") spec.clusterIP = s.clusterIP;
  if (s.kind === "LoadBalancer") {
    if (s.local) spec.externalTrafficPolicy = "Local";
    if (s.healthCheckNodePort !== 0) spec.healthCheckNodePort = s.healthCheckNodePort;
    if (s.allocateLB !== undefined) spec.allocateLoadBalancerNodePorts = s.allocateLB;
  }
  return spec;
}

type Op =
  | { op: "create"; name: string; shape: Shape; dryRun: boolean; finalizer: boolean }
  | { op: "update"; name: string; shape: Shape; dryRun: boolean }
  | { op: "patchType"; name: string; kind: Kind; dryRun: boolean }
  | { op: "delete"; name: string; dryRun: boolean }
  | { op: "unfinalize"; name: string };

const name = fc.constantFrom("a", "b", "c");
const dryRun = fc.constantFrom(false, false, false, true);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("create" as const),
      name,
      shape,
      dryRun,
      finalizer: fc.constantFrom(false, false, true),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("update" as const), name, shape, dryRun }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("patchType" as const),
      name,
      kind: fc.constantFrom<Kind>("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
      dryRun,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), name, dryRun }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("unfinalize" as const), name }) },
);

function apply(api: ApiServer, o: Op): void {
  const opts = "dryRun" in o && o.dryRun ? { dryRun: true } : {};
  switch (o.op) {
    case "create": {
      const s: Service = {
        metadata: { name: o.name, ...(o.finalizer ? { finalizers: ["example.com/hold"] } : {}) },
        spec: specOf(o.shape, o.name),
      };
      api.create("Service", s, opts);
      return;
    }
    case "update": {
      // A PUT of the whole manifest (create-on-update when it is missing), keeping the finalizers.
      const finalizers = api.list("Service").items.find((x) => x.metadata?.name === o.name)
        ?.metadata?.finalizers;
      api.update(
        "Service",
        {
          metadata: { name: o.name, ...(finalizers ? { finalizers: [...finalizers] } : {}) },
          spec: specOf(o.shape, o.name),
        },
        opts,
      );
      return;
    }
    case "patchType":
      api.patch(
        "Service",
        "default",
        o.name,
        "merge",
        {
          spec: {
            type: o.kind,
            ...(o.kind === "ExternalName" ? { externalName: `${o.name}.example.com` } : {}),
          },
        },
        opts,
      );
      return;
    case "delete":
      api.delete("Service", "default", o.name, opts);
      return;
    case "unfinalize":
      api.patch("Service", "default", o.name, "merge", { metadata: { finalizers: null } });
      return;
  }
}

/** The invariant: claims are disjoint and equal to the allocators' state. */
function check(api: ApiServer): void {
  const ips = new Map<string, string>();
  const ports = new Map<number, string>();
  for (const s of api.list("Service").items) {
    const n = s.metadata!.name!;
    const spec = s.spec ?? {};
    const cips = spec.clusterIPs ?? [];
    if (spec.type !== "ExternalName" && cips[0] !== "None") {
      for (const ip of cips) {
        expect(ips.get(ip), `${ip} held by ${ips.get(ip)} and ${n}`).toBeUndefined();
        ips.set(ip, n);
      }
    }
    if (spec.type === "NodePort" || spec.type === "LoadBalancer") {
      const own = new Set((spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p !== 0));
      if (spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local") {
        const hc = spec.healthCheckNodePort ?? 0;
        expect(hc).not.toBe(0);
        expect(own.has(hc)).toBe(false);
        own.add(hc);
      }
      for (const p of own) {
        expect(ports.get(p), `${p} held by ${ports.get(p)} and ${n}`).toBeUndefined();
        ports.set(p, n);
      }
    }
  }
  const alloc = api.serviceAllocations();
  const ipNum = (ip: string): number => ip.split(".").reduce((a, p) => a * 256 + Number(p), 0);
  expect([...alloc.clusterIPs]).toEqual([...ips.keys()].sort((a, b) => ipNum(a) - ipNum(b)));
  expect([...alloc.nodePorts]).toEqual([...ports.keys()].sort((a, b) => a - b));
}

describe("Service allocation property", () => {
  it("no IP or port is held twice, and the allocators hold exactly what live Services hold", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(shape, { minLength: 3, maxLength: 3 }),
        fc.array(op, { minLength: 5, maxLength: 40 }),
        (seed, initial, ops) => {
          const { api } = harness({
            seed,
            serviceClusterIPRange: "10.0.0.0/28",
            serviceNodePortRange: "30000-30019",
          });
          const start: Op[] = ["a", "b", "c"].map((n, i) => ({
            op: "create",
            name: n,
            shape: initial[i]!,
            dryRun: false,
            finalizer: i === 2,
          }));
          for (const o of [...start, ...ops]) {
            try {
              apply(api, o);
            } catch (e) {
              if (!isApiError(e)) throw e;
            }
            check(api);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
