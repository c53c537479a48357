/** The simulated cloud: cloudprovider.LoadBalancer over an IP pool. */
import type { Node, Service } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { DefaultProvisioningDelay, SimulatedCloud, defaultLoadBalancerName } from "./cloud.js";
import { loggableNodeNames, updateLoadBalancerFailedMessage } from "./events.js";

const svc = (uid: string, o: { ip?: string; name?: string } = {}): Service => ({
  metadata: { name: o.name ?? "web", namespace: "default", uid },
  spec: {
    type: "LoadBalancer",
    ports: [
      { port: 80, protocol: "TCP" },
      { port: 53, protocol: "UDP" },
    ],
    ...(o.ip ? { loadBalancerIP: o.ip } : {}),
  },
});
const node = (name: string): Node => ({ metadata: { name } });

describe("SimulatedCloud", () => {
  it("names balancers as cloudprovider.DefaultLoadBalancerName does", () => {
    expect(defaultLoadBalancerName(svc("f879dda3-5c55-4365-81e9-25bf5299c7da"))).toBe(
      "af879dda35c55436581e925bf5299c7d",
    );
    expect(defaultLoadBalancerName(svc("short"))).toBe("ashort");
  });

  it("creating takes the provisioning delay (3 s by default); updating takes none", () => {
    const c = new SimulatedCloud();
    expect(DefaultProvisioningDelay).toBe(3000);
    const s = svc("u1");
    expect(c.getLoadBalancer("kubernetes", s)).toEqual({ status: {}, exists: false });
    expect(c.ensureLoadBalancer("kubernetes", s, [node("n2"), node("n1")])).toEqual({
      status: { ingress: [{ ip: "172.18.255.200", ipMode: "VIP" }] },
      took: 3000,
    });
    expect(c.ensureLoadBalancer("kubernetes", s, [])).toEqual({
      status: { ingress: [{ ip: "172.18.255.200", ipMode: "VIP" }] },
      took: 0,
    });
    expect(c.getLoadBalancer("kubernetes", s).exists).toBe(true);
    expect(c.loadBalancers()).toEqual([
      {
        name: "au1",
        service: "default/web",
        ip: "172.18.255.200",
        ports: ["80/TCP", "53/UDP"],
        nodes: [],
      },
    ]);
    c.updateLoadBalancer("kubernetes", s, [node("b"), node("a")]);
    expect(c.loadBalancers()[0]?.nodes).toEqual(["a", "b"]);
  });

  it("deleting frees the address; deleting what is not there is fine; updating it is an error", () => {
    const c = new SimulatedCloud({ loadBalancerIPPool: "10.1.0.1-10.1.0.1", provisioningDelay: 0 });
    const a = svc("a");
    expect(c.ensureLoadBalancer("k", a, []).took).toBe(0);
    expect(() => c.ensureLoadBalancer("k", svc("b"), [])).toThrow("no available IPs");
    c.ensureLoadBalancerDeleted("k", a);
    c.ensureLoadBalancerDeleted("k", a);
    expect(() => c.updateLoadBalancer("k", a, [])).toThrow("load balancer aa not found");
    expect(c.ensureLoadBalancer("k", svc("b"), []).status.ingress?.[0]?.ip).toBe("10.1.0.1");
  });

  it("follows spec.loadBalancerIP", () => {
    const c = new SimulatedCloud();
    expect(
      c.ensureLoadBalancer("k", svc("a", { ip: "172.18.255.222" }), []).status.ingress?.[0]?.ip,
    ).toBe("172.18.255.222");
  });

  it("refuses a negative delay", () => {
    expect(() => new SimulatedCloud({ provisioningDelay: -1 })).toThrow(
      "provisioningDelay must be a duration of 0 or more, got -1",
    );
  });
});

describe("UpdateLoadBalancerFailed's message", () => {
  it("names at most 20 nodes, sorted, then how many more", () => {
    const names = Array.from({ length: 22 }, (_, i) => `n${String(i).padStart(2, "0")}`);
    expect(loggableNodeNames(names)).toEqual([...names.slice(0, 20), "<2 more>"]);
    expect(updateLoadBalancerFailedMessage(["b", "a"], "boom")).toBe(
      "Error updating load balancer with new hosts [a b] [node names limited, total number of nodes: 2], error: boom",
    );
  });
});
