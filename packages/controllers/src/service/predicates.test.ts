/**
 * The controller's pure tests: TestNeedsCleanup, TestNeedsUpdate,
 * Test_respectsPredicates, Test_shouldSyncUpdatedNode_individualPredicates
 * and TestNodesNotEqual of k8s.io/cloud-provider
 * controllers/service/controller_test.go, in our encoding.
 */
import type { Node, Service, ServicePort } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { LoadBalancerCleanupFinalizer as F } from "./helpers.js";
import {
  LabelNodeExcludeBalancers,
  ToBeDeletedTaint,
  filterWithPredicates,
  needsCleanup,
  needsUpdate,
  nodeIncludedPredicate,
  nodeReadyPredicate,
  nodesSufficientlyEqual,
  shouldEnqueueOnAdd,
  shouldEnqueueOnUpdate,
  shouldSyncUpdatedNode,
  stableNodeSetPredicates,
  wantsLoadBalancer,
} from "./predicates.js";

/** defaultExternalService / newService("...", LoadBalancer). */
function lb(patch: Partial<Service["spec"]> = {}, meta: Service["metadata"] = {}): Service {
  return {
    metadata: { name: "external-balancer", namespace: "default", uid: "123", ...meta },
    spec: {
      type: "LoadBalancer",
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      ...patch,
    },
  };
}

describe("wantsLoadBalancer / needsCleanup (TestNeedsCleanup)", () => {
  it("type LoadBalancer without loadBalancerClass", () => {
    expect(wantsLoadBalancer(lb())).toBe(true);
    expect(wantsLoadBalancer(lb({ loadBalancerClass: "x" }))).toBe(false);
    expect(wantsLoadBalancer(lb({ type: "NodePort" }))).toBe(false);
  });
  it.each([
    ["service without finalizer", {}, undefined, false],
    ["with finalizer without timestamp without LB", { type: "NodePort" }, [F], true],
    ["with finalizer without timestamp with LB", {}, [F], false],
  ] as const)("%s", (_name, spec, finalizers, want) => {
    const svc = lb(spec, finalizers ? { finalizers: [...finalizers] } : {});
    expect(needsCleanup(svc)).toBe(want);
  });
  it("a deletionTimestamp with the finalizer needs cleanup even when it still wants a balancer", () => {
    expect(
      needsCleanup(lb({}, { finalizers: [F], deletionTimestamp: "2024-01-01T00:00:00Z" })),
    ).toBe(true);
    expect(needsCleanup(lb({}, { deletionTimestamp: "2024-01-01T00:00:00Z" }))).toBe(false);
  });
});

describe("needsUpdate (TestNeedsUpdate)", () => {
  const ports = (...ps: Partial<ServicePort>[]): ServicePort[] =>
    ps.map((p) => ({ port: 80, protocol: "TCP", ...p }));
  it.each<[string, Service, Service, boolean]>([
    ["type changed from LoadBalancer to ClusterIP", lb(), lb({ type: "ClusterIP" }), true],
    ["neither wants a balancer", lb({ type: "ClusterIP" }), lb({ type: "NodePort" }), false],
    [
      "the ports are different",
      lb({ ports: ports({ port: 8000 }, { port: 9000 }, { port: 10000 }) }),
      lb({ ports: ports({ port: 8001 }, { port: 9001 }, { port: 10001 }) }),
      true,
    ],
    [
      "external ip counts are different",
      lb({ externalIPs: ["old.IP.1"] }),
      lb({ externalIPs: ["new.IP.1", "new.IP.2"] }),
      true,
    ],
    [
      "external ips are different",
      lb({ externalIPs: ["old.IP.1", "old.IP.2"] }),
      lb({ externalIPs: ["new.IP.1", "new.IP.2"] }),
      true,
    ],
    ["UID is different", lb({}, { uid: "UID old" }), lb({}, { uid: "UID new" }), true],
    ["ExternalTrafficPolicy is different", lb(), lb({ externalTrafficPolicy: "Local" }), true],
    ["HealthCheckNodePort is different", lb(), lb({ healthCheckNodePort: 30123 }), true],
    [
      "TargetGroup is different 1",
      lb({ ports: ports({ nodePort: 20 }) }),
      lb({ ports: ports({ nodePort: 21 }) }),
      true,
    ],
    [
      "TargetGroup is different 2",
      lb({ ports: ports({ targetPort: 22 }) }),
      lb({ ports: ports({ targetPort: "dns" }) }),
      true,
    ],
    ["appProtocol is the same", lb(), lb(), false],
    [
      "IPFamilies from single to dual stack",
      lb({ ipFamilies: ["IPv4"] }),
      lb({ ipFamilies: ["IPv4", "IPv6"] }),
      true,
    ],
    [
      "IPFamilies from dual to single stack",
      lb({ ipFamilies: ["IPv4", "IPv6"] }),
      lb({ ipFamilies: ["IPv4"] }),
      true,
    ],
    ["IPFamilies do not change", lb({ ipFamilies: ["IPv4"] }), lb({ ipFamilies: ["IPv4"] }), false],
    [
      "appProtocol set when previously unset",
      lb(),
      lb({ ports: ports({ appProtocol: "http", targetPort: 80 }) }),
      true,
    ],
    [
      "appProtocol set to a different value",
      lb({ ports: ports({ appProtocol: "http", targetPort: 80 }) }),
      lb({ ports: ports({ appProtocol: "tcp", targetPort: 80 }) }),
      true,
    ],
    ["loadBalancerIP changed", lb(), lb({ loadBalancerIP: "1.2.3.4" }), true],
    [
      "loadBalancerSourceRanges changed",
      lb(),
      lb({ loadBalancerSourceRanges: ["10.0.0.0/8"] }),
      true,
    ],
    ["sessionAffinity changed", lb(), lb({ sessionAffinity: "ClientIP" }), true],
    ["annotations changed", lb(), lb({}, { annotations: { a: "b" } }), true],
    [
      "annotations in another order",
      lb({}, { annotations: { a: "1", b: "2" } }),
      lb({}, { annotations: { b: "2", a: "1" } }),
      false,
    ],
    [
      "the selector changed (not the balancer's business)",
      lb(),
      lb({ selector: { app: "x" } }),
      false,
    ],
  ])("%s", (_name, oldSvc, newSvc, want) => {
    expect(needsUpdate(oldSvc, newSvc)).toBe(want);
  });

  it("status and finalizer changes are not updates; the handlers queue on cleanup too", () => {
    const a = lb();
    const b: Service = {
      ...lb({}, { finalizers: [F] }),
      status: { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } },
    };
    expect(needsUpdate(a, b)).toBe(false);
    expect(shouldEnqueueOnUpdate(a, b)).toBe(false);
    const deleting = lb({}, { finalizers: [F], deletionTimestamp: "2024-01-01T00:00:00Z" });
    expect(shouldEnqueueOnUpdate(b, deleting)).toBe(true);
    expect(shouldEnqueueOnAdd(lb())).toBe(true);
    expect(shouldEnqueueOnAdd(lb({ type: "ClusterIP" }))).toBe(false);
    expect(shouldEnqueueOnAdd(lb({ type: "ClusterIP" }, { finalizers: [F] }))).toBe(true);
  });
});

function node(
  name: string,
  o: {
    labels?: Record<string, string>;
    taints?: string[];
    ready?: string;
    providerID?: string;
    deleting?: boolean;
  } = {},
): Node {
  return {
    metadata: {
      name,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.deleting ? { deletionTimestamp: "2024-01-01T00:00:00Z" } : {}),
    },
    spec: {
      ...(o.taints ? { taints: o.taints.map((key) => ({ key, effect: "NoSchedule" })) } : {}),
      ...(o.providerID ? { providerID: o.providerID } : {}),
    },
    status: { conditions: o.ready ? [{ type: "Ready", status: o.ready }] : [] },
  };
}

describe("node predicates (Test_respectsPredicates, TestListWithPredicate)", () => {
  it("the exclusion label: true excludes, false includes, garbage excludes (strconv.ParseBool)", () => {
    expect(nodeIncludedPredicate(node("a"))).toBe(true);
    expect(
      nodeIncludedPredicate(node("a", { labels: { [LabelNodeExcludeBalancers]: "true" } })),
    ).toBe(false);
    expect(nodeIncludedPredicate(node("a", { labels: { [LabelNodeExcludeBalancers]: "F" } }))).toBe(
      true,
    );
    expect(nodeIncludedPredicate(node("a", { labels: { [LabelNodeExcludeBalancers]: "" } }))).toBe(
      false,
    );
  });
  it("the stable set leaves out deleted, excluded and ToBeDeleted-tainted nodes, not unready ones", () => {
    const nodes = [
      node("ready", { ready: "True" }),
      node("unready", { ready: "False" }),
      node("deleting", { deleting: true }),
      node("excluded", { labels: { [LabelNodeExcludeBalancers]: "true" } }),
      node("autoscaled", { taints: [ToBeDeletedTaint] }),
      node("tainted", { taints: ["other"] }),
    ];
    expect(
      filterWithPredicates(nodes, stableNodeSetPredicates).map((n) => n.metadata?.name),
    ).toEqual(["ready", "unready", "tainted"]);
    expect(nodeReadyPredicate(nodes[0]!)).toBe(true);
    expect(nodeReadyPredicate(nodes[1]!)).toBe(false);
    expect(nodeReadyPredicate(node("none"))).toBe(false);
  });
});

describe("shouldSyncUpdatedNode / nodesSufficientlyEqual", () => {
  it("only the exclusion verdict and the providerID matter", () => {
    const a = node("a", { ready: "True" });
    expect(shouldSyncUpdatedNode(a, node("a", { ready: "False" }))).toBe(false);
    expect(shouldSyncUpdatedNode(a, node("a", { taints: [ToBeDeletedTaint] }))).toBe(false);
    expect(
      shouldSyncUpdatedNode(a, node("a", { labels: { [LabelNodeExcludeBalancers]: "true" } })),
    ).toBe(true);
    expect(shouldSyncUpdatedNode(a, node("a", { providerID: "sim://a" }))).toBe(true);
  });
  it("the same names with the same providerIDs, in any order (TestNodesNotEqual)", () => {
    expect(nodesSufficientlyEqual([node("a"), node("b")], [node("b"), node("a")])).toBe(true);
    expect(nodesSufficientlyEqual([node("a")], [node("a"), node("b")])).toBe(false);
    expect(nodesSufficientlyEqual([node("a")], [node("b")])).toBe(false);
    expect(nodesSufficientlyEqual([node("a")], [node("a", { providerID: "x" })])).toBe(false);
    expect(
      nodesSufficientlyEqual([node("a", { ready: "True" })], [node("a", { ready: "False" })]),
    ).toBe(true);
  });
});
