/**
 * Test support for kube-proxy, the DNS server and the data plane: a real
 * in-memory apiserver on a sim loop, one informer factory, the components
 * under test, and the writes other components would make (Nodes with
 * addresses, Services, EndpointSlices, load-balancer status, Ingresses), with
 * fake pod endpoints attached to the pod network. Test support only.
 */
import type { Node, Service, ServicePort } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Ingress } from "kubernetes-types/networking/v1";
import { ApiServer } from "@kubesim/apiserver";
import { SharedInformerFactory } from "@kubesim/runtime";
import { Loop, Rng, type Millis } from "@kubesim/sim";
import { ClusterDns } from "../../dns/server.js";
import { parseResolvConf, clusterFirstResolvConf } from "../../dns/resolv-conf.js";
import type { Dial, HttpRequest, PodEndpoint } from "../../http.js";
import { PodNetwork } from "../../pod-network.js";
import { ServiceProxy } from "../../proxy/service-proxy.js";
import { Dataplane } from "../dataplane.js";
import type { RequestOrigin, ServedBy } from "../types.js";

export interface ServiceOptions {
  readonly ns?: string;
  readonly clusterIP?: string;
  readonly type?: "ClusterIP" | "NodePort" | "LoadBalancer";
  readonly ports?: ServicePort[];
  readonly sessionAffinity?: "ClientIP" | "None";
  readonly affinityTimeoutSeconds?: number;
  readonly internalTrafficPolicy?: "Cluster" | "Local";
  readonly externalTrafficPolicy?: "Cluster" | "Local";
  readonly externalIPs?: string[];
  /** Needed for LoadBalancer + Local while the apiserver does not allocate it. */
  readonly healthCheckNodePort?: number;
  readonly labels?: Record<string, string>;
}

export interface EndpointOptions {
  readonly ip: string;
  readonly node?: string;
  readonly ready?: boolean;
  readonly serving?: boolean;
  readonly terminating?: boolean;
  readonly pod?: string;
  readonly hostname?: string;
}

export interface FakePodOptions {
  readonly name: string;
  readonly node: string;
  readonly ns?: string;
  readonly image?: string;
  /** Ports that listen; default [8080]. */
  readonly ports?: readonly number[];
  readonly status?: number;
  readonly latency?: Millis;
  /** Never answers at all (a hung process): connect opens, HTTP gets "open". */
  readonly hang?: boolean;
}

/** A pod endpoint that answers HTTP on its ports and remembers what it was asked. */
export class FakePod implements PodEndpoint {
  ip = "";
  readonly requests: { port: number; request: HttpRequest }[] = [];
  status: number;
  constructor(readonly o: FakePodOptions) {
    this.status = o.status ?? 200;
  }
  private listens(port: number): boolean {
    return (this.o.ports ?? [8080]).includes(port);
  }
  get servedBy(): ServedBy {
    return {
      namespace: this.o.ns ?? "default",
      pod: this.o.name,
      container: "app",
      image: this.o.image ?? "my-api:v1",
      podIP: this.ip,
      node: this.o.node,
    };
  }
  connect(port: number): Dial {
    return this.listens(port) ? { kind: "open", latency: 0 } : { kind: "refused" };
  }
  http(port: number, request: HttpRequest): Dial {
    if (!this.listens(port)) return { kind: "refused" };
    this.requests.push({ port, request });
    if (this.o.hang === true) return { kind: "open", latency: 0 };
    return {
      kind: "answered",
      latency: this.o.latency ?? 5,
      response: {
        status: this.status,
        headers: { "content-type": "text/plain" },
        body: `${this.o.name} (${this.o.image ?? "my-api:v1"}) ${request.method} ${request.path}\n`,
      },
      servedBy: this.servedBy,
    };
  }
}

export function world(seed = 7) {
  const loop = new Loop();
  const api = new ApiServer({ loop, rng: new Rng(seed) });
  const informers = new SharedInformerFactory({ client: api, loop });
  const network = new PodNetwork();
  const rng = new Rng(seed);
  const proxy = new ServiceProxy({ informers, loop, rng: rng.stream("kube-proxy") });
  const dns = new ClusterDns({ informers });
  const dataplane = new Dataplane({ network, proxy, dns, informers });
  const podCidrs = new Map<string, string>();
  let sliceCounter = 0;
  dataplane.start();
  loop.settle();

  const w = {
    loop,
    api,
    informers,
    network,
    proxy,
    dns,
    dataplane,
    settle: () => loop.settle(),

    addNode(name: string, internalIP: string, externalIP?: string): Node {
      const created = api.create("Node", {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name, labels: { "kubernetes.io/hostname": name } },
      });
      const node = api.update(
        "Node",
        {
          ...created,
          status: {
            addresses: [
              { type: "InternalIP", address: internalIP },
              ...(externalIP === undefined ? [] : [{ type: "ExternalIP", address: externalIP }]),
              { type: "Hostname", address: name },
            ],
          },
        },
        { subresource: "status" },
      );
      podCidrs.set(name, `10.244.${podCidrs.size + 1}.0/24`);
      return node;
    },

    addService(name: string, o: ServiceOptions = {}): Service {
      return api.create("Service", {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
          name,
          namespace: o.ns ?? "default",
          ...(o.labels === undefined ? {} : { labels: o.labels }),
        },
        spec: {
          type: o.type ?? "ClusterIP",
          ...(o.clusterIP === undefined
            ? {}
            : {
                clusterIP: o.clusterIP,
                clusterIPs: o.clusterIP === "None" ? ["None"] : [o.clusterIP],
              }),
          ports: o.ports ?? [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
          ...(o.sessionAffinity === undefined ? {} : { sessionAffinity: o.sessionAffinity }),
          ...(o.affinityTimeoutSeconds === undefined
            ? {}
            : {
                sessionAffinityConfig: { clientIP: { timeoutSeconds: o.affinityTimeoutSeconds } },
              }),
          ...(o.internalTrafficPolicy === undefined
            ? {}
            : { internalTrafficPolicy: o.internalTrafficPolicy }),
          ...(o.externalTrafficPolicy === undefined
            ? {}
            : { externalTrafficPolicy: o.externalTrafficPolicy }),
          ...(o.externalIPs === undefined ? {} : { externalIPs: o.externalIPs }),
          ...(o.healthCheckNodePort === undefined
            ? {}
            : { healthCheckNodePort: o.healthCheckNodePort }),
        },
      });
    },

    /** The cloud LB controller's write: status.loadBalancer.ingress. */
    setLoadBalancerIP(name: string, ip: string, ns = "default"): Service {
      const svc = api.get("Service", ns, name);
      return api.update(
        "Service",
        { ...svc, status: { loadBalancer: { ingress: [{ ip, ipMode: "VIP" }] } } },
        { subresource: "status" },
      );
    },

    addSlice(
      service: string,
      endpoints: readonly EndpointOptions[],
      o: { ns?: string; ports?: EndpointSlice["ports"]; name?: string; addressType?: string } = {},
    ): EndpointSlice {
      const ns = o.ns ?? "default";
      return api.create("EndpointSlice", {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: {
          name: o.name ?? `${service}-${++sliceCounter}`,
          namespace: ns,
          labels: { "kubernetes.io/service-name": service },
        },
        addressType: o.addressType ?? "IPv4",
        ports: o.ports ?? [{ name: "http", port: 8080, protocol: "TCP" }],
        endpoints: endpoints.map((e) => ({
          addresses: [e.ip],
          conditions: {
            ready: e.ready ?? true,
            serving: e.serving ?? e.ready ?? true,
            terminating: e.terminating ?? false,
          },
          ...(e.node === undefined ? {} : { nodeName: e.node }),
          ...(e.hostname === undefined ? {} : { hostname: e.hostname }),
          ...(e.pod === undefined
            ? {}
            : { targetRef: { kind: "Pod", namespace: ns, name: e.pod } }),
        })),
      });
    },

    updateSlice(
      name: string,
      endpoints: readonly EndpointOptions[],
      ns = "default",
    ): EndpointSlice {
      const cur = api.get("EndpointSlice", ns, name);
      return api.update("EndpointSlice", {
        ...cur,
        endpoints: endpoints.map((e) => ({
          addresses: [e.ip],
          conditions: {
            ready: e.ready ?? true,
            serving: e.serving ?? e.ready ?? true,
            terminating: e.terminating ?? false,
          },
          ...(e.node === undefined ? {} : { nodeName: e.node }),
        })),
      });
    },

    /** A fake pod on `node`, attached to the pod network (CNI ADD). */
    attachPod(o: FakePodOptions): FakePod {
      const pod = new FakePod(o);
      const cidr = podCidrs.get(o.node) ?? "10.244.99.0/24";
      pod.ip = network.attach(o.node, cidr, pod);
      return pod;
    },

    /** A ClusterFirst pod's origin in `ns`. */
    fromPod(ip: string, node: string, ns = "default"): RequestOrigin {
      return {
        kind: "pod",
        podIP: ip,
        node,
        resolvConf: parseResolvConf(clusterFirstResolvConf(ns)),
      };
    },

    addIngress(name: string, host: string, address?: string, ns = "default"): Ingress {
      const ing = api.create("Ingress", {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name, namespace: ns },
        spec: {
          rules: [
            {
              host,
              http: {
                paths: [
                  {
                    path: "/",
                    pathType: "Prefix",
                    backend: { service: { name: "my-api", port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      });
      if (address === undefined) return ing;
      return api.update(
        "Ingress",
        { ...ing, status: { loadBalancer: { ingress: [{ ip: address }] } } },
        { subresource: "status" },
      );
    },
  };
  return w;
}

export type World = ReturnType<typeof world>;
