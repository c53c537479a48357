/**
 * The pure plan of one sync: TestSyncLoadBalancerIfNeeded of k8s.io/cloud-provider
 * controllers/service/controller_test.go (which operation, whether the cloud
 * is asked to create or delete, whether the status and finalizer are patched),
 * in our encoding.
 */
import type { Service } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { LoadBalancerCleanupFinalizer as F } from "./helpers.js";
import { ensuredStatusPatch, loadBalancerOperation, planLoadBalancerSync } from "./plan.js";

function svc(
  type: string,
  o: { finalizers?: string[]; ingress?: string; deleting?: boolean; lbClass?: string } = {},
): Service {
  return {
    metadata: {
      name: "s",
      namespace: "default",
      uid: "u",
      ...(o.finalizers ? { finalizers: o.finalizers } : {}),
      ...(o.deleting ? { deletionTimestamp: "2024-01-01T00:00:00Z" } : {}),
    },
    spec: {
      type,
      ports: [{ port: 80, protocol: "TCP" }],
      ...(o.lbClass ? { loadBalancerClass: o.lbClass } : {}),
    },
    status: o.ingress ? { loadBalancer: { ingress: [{ ip: o.ingress, ipMode: "VIP" }] } } : {},
  };
}

describe("planLoadBalancerSync (TestSyncLoadBalancerIfNeeded)", () => {
  it.each<[string, Service, boolean, Record<string, unknown>]>([
    [
      "service doesn't want LB",
      svc("ClusterIP"),
      false,
      {
        op: "delete",
        deleteLoadBalancer: false,
        removeFinalizer: undefined,
        clearStatus: undefined,
      },
    ],
    [
      "tcp service that wants LB",
      svc("LoadBalancer"),
      false,
      { op: "ensure", addFinalizer: { metadata: { finalizers: [F] } } },
    ],
    [
      "service specifies loadBalancerClass",
      svc("LoadBalancer", { lbClass: "custom-loadbalancer" }),
      false,
      {
        op: "delete",
        deleteLoadBalancer: false,
        removeFinalizer: undefined,
        clearStatus: undefined,
      },
    ],
    [
      "service with finalizer that no longer wants LB",
      svc("ClusterIP", { ingress: "8.8.8.8", finalizers: [F] }),
      true,
      {
        op: "delete",
        deleteLoadBalancer: true,
        removeFinalizer: { metadata: { finalizers: null } },
        clearStatus: { status: { loadBalancer: { ingress: null } } },
      },
    ],
    [
      "service that needs cleanup",
      svc("LoadBalancer", { ingress: "8.8.8.8", finalizers: [F], deleting: true }),
      true,
      {
        op: "delete",
        deleteLoadBalancer: true,
        removeFinalizer: { metadata: { finalizers: null } },
        clearStatus: { status: { loadBalancer: { ingress: null } } },
      },
    ],
    [
      "service with finalizer that wants LB",
      svc("LoadBalancer", { finalizers: [F] }),
      false,
      { op: "ensure", addFinalizer: undefined },
    ],
  ])("%s", (_name, service, exists, want) => {
    expect(planLoadBalancerSync(service, () => exists)).toEqual(want);
  });

  it("the cloud is asked whether a balancer exists only on the delete path", () => {
    let asked = 0;
    const ask = () => {
      asked++;
      return true;
    };
    planLoadBalancerSync(svc("LoadBalancer"), ask);
    expect(asked).toBe(0);
    planLoadBalancerSync(svc("NodePort", { finalizers: [F] }), ask);
    expect(asked).toBe(1);
    expect(loadBalancerOperation(svc("LoadBalancer", { finalizers: [F], deleting: true }))).toBe(
      "delete",
    );
  });

  it("the ensured status is patched only when it differs", () => {
    const s = svc("LoadBalancer", { ingress: "172.18.255.200" });
    expect(
      ensuredStatusPatch(s, { ingress: [{ ip: "172.18.255.200", ipMode: "VIP" }] }),
    ).toBeUndefined();
    expect(ensuredStatusPatch(s, { ingress: [{ ip: "172.18.255.201", ipMode: "VIP" }] })).toEqual({
      status: { loadBalancer: { ingress: [{ ip: "172.18.255.201", ipMode: "VIP" }] } },
    });
  });
});
