/**
 * Test support for the ingress-nginx controller: a real in-memory apiserver
 * on a sim loop (made by the test, so that only test files import
 * @kubesim/apiserver), one informer factory, an event recorder for
 * nginx-ingress-controller, a PodNetwork with fake pods that answer with
 * their name and the path they saw, and the writes a user, the
 * EndpointSlice controller and a cloud load-balancer controller would make.
 */
import type { Event, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Ingress } from "kubernetes-types/networking/v1";
import type { ApiClient } from "@kubesim/api";
import { EventBroadcaster, SharedInformerFactory } from "@kubesim/runtime";
import { Loop, Rng, type Millis } from "@kubesim/sim";
import type { FrontendAnswer, FrontendRequest } from "../../dataplane/types.js";
import type { Dial, HttpRequest, PodEndpoint } from "../../http.js";
import { PodNetwork } from "../../pod-network.js";
import {
  IngressNginxComponent,
  IngressNginxController,
  type IngressNginxControllerOptions,
} from "../controller.js";
import { ingressNginxManifests, type IngressNginxManifestOptions } from "../manifests.js";

export type MakeApiServer = (options: { readonly loop: Loop; readonly rng: Rng }) => ApiClient;

export interface FakePodOptions {
  /** Refuse connections (nothing listens). */
  readonly refuse?: boolean;
  /** Never answer (as an IP nobody holds). */
  readonly silent?: boolean;
  readonly latency?: Millis;
  readonly status?: number;
}

/** A pod that answers "<name> saw <path>" and remembers each request. */
export class FakePod implements PodEndpoint {
  readonly requests: HttpRequest[] = [];
  ip = "";
  constructor(
    readonly namespace: string,
    readonly name: string,
    public options: FakePodOptions = {},
  ) {}

  connect(): Dial {
    return this.options.refuse === true ? { kind: "refused" } : { kind: "open", latency: 0 };
  }

  http(port: number, request: HttpRequest): Dial {
    this.requests.push(request);
    if (this.options.refuse === true) return { kind: "refused" };
    if (this.options.silent === true) return { kind: "unreachable" };
    return {
      kind: "answered",
      latency: this.options.latency ?? 2,
      response: {
        status: this.options.status ?? 200,
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: `${this.name} saw ${request.path} on ${port}\n`,
      },
      servedBy: {
        namespace: this.namespace,
        pod: this.name,
        container: "app",
        image: "my-api:1.0",
        podIP: this.ip,
        node: "node-1",
      },
    };
  }
}

export interface BackendOptions {
  readonly ns?: string;
  readonly pods?: number;
  readonly port?: number;
  readonly portName?: string;
  readonly targetPort?: number | string;
  /** Container port the pods listen on (the slice's port). */
  readonly podPort?: number;
  /** Readiness per pod (default all ready). */
  readonly ready?: readonly boolean[];
  readonly pod?: FakePodOptions;
}

export interface Backend {
  readonly service: Service;
  readonly pods: FakePod[];
}

export interface WorldOptions {
  readonly seed?: number;
  /** Apply ingressNginxManifests with these options (false: apply nothing). */
  readonly manifests?: IngressNginxManifestOptions | false;
  readonly controller?: Partial<IngressNginxControllerOptions>;
}

export function worldFactory(make: MakeApiServer) {
  return (o: WorldOptions = {}) => newWorld(make, o);
}

function newWorld(make: MakeApiServer, o: WorldOptions) {
  const loop = new Loop();
  const api = make({ loop, rng: new Rng(o.seed ?? 11) });
  const informers = new SharedInformerFactory({ client: api, loop });
  const broadcaster = new EventBroadcaster({ client: api, loop });
  const recorder = broadcaster.newRecorder({ component: IngressNginxComponent });
  const network = new PodNetwork();
  if (o.manifests !== false) {
    const m = ingressNginxManifests(o.manifests ?? {});
    api.create("Namespace", m.namespace);
    api.create("Service", m.service);
    api.create("IngressClass", m.ingressClass);
  }
  const controller = new IngressNginxController({
    client: api,
    informers,
    loop,
    network,
    recorder,
    ...o.controller,
  });
  let podCount = 0;

  const w = {
    loop,
    api,
    informers,
    network,
    controller,
    /** Start the controller and let it come up (store, first sync, first Lua tick). */
    start(): void {
      controller.start();
      loop.advance("5s");
    },
    /** A cloud controller's status write on the Service. */
    setLoadBalancer(
      ips: readonly string[],
      ns = "ingress-nginx",
      name = "ingress-nginx-controller",
    ): void {
      const svc = api.get("Service", ns, name);
      api.update(
        "Service",
        {
          ...svc,
          status: {
            loadBalancer:
              ips.length === 0 ? {} : { ingress: ips.map((ip) => ({ ip, ipMode: "VIP" })) },
          },
        },
        { subresource: "status" },
      );
    },
    /** A Service with `pods` fake pods behind it and their EndpointSlice. */
    addBackend(name: string, b: BackendOptions = {}): Backend {
      const ns = b.ns ?? "default";
      const service = api.create("Service", {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: ns },
        spec: {
          selector: { app: name },
          ports: [
            {
              ...(b.portName === undefined ? {} : { name: b.portName }),
              port: b.port ?? 80,
              targetPort: b.targetPort ?? 8000,
              protocol: "TCP",
            },
          ],
        },
      });
      const pods: FakePod[] = [];
      for (let i = 0; i < (b.pods ?? 1); i++) {
        const pod = new FakePod(ns, `${name}-${i}`, b.pod ?? {});
        pod.ip = network.attach("node-1", "10.244.1.0/24", pod);
        pods.push(pod);
        podCount++;
      }
      w.setEndpoints(name, pods, b);
      return { service, pods };
    },
    /** Write the Service's EndpointSlice (as the EndpointSlice controller would). */
    setEndpoints(name: string, pods: readonly FakePod[], b: BackendOptions = {}): void {
      const ns = b.ns ?? "default";
      const slice: EndpointSlice = {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: {
          name: `${name}-abcde`,
          namespace: ns,
          labels: { "kubernetes.io/service-name": name },
        },
        addressType: "IPv4",
        endpoints: pods.map((p, i) => ({
          addresses: [p.ip],
          conditions: { ready: b.ready?.[i] ?? true },
          nodeName: "node-1",
          targetRef: { kind: "Pod", namespace: ns, name: p.name },
        })),
        ports: [
          {
            ...(b.portName === undefined ? {} : { name: b.portName }),
            port: b.podPort ?? (typeof b.targetPort === "number" ? b.targetPort : 8000),
            protocol: "TCP",
          },
        ],
      };
      try {
        const cur = api.get("EndpointSlice", ns, `${name}-abcde`);
        api.update("EndpointSlice", { ...slice, metadata: { ...cur.metadata, ...slice.metadata } });
      } catch {
        api.create("EndpointSlice", slice);
      }
    },
    createIngress(ing: Ingress): Ingress {
      return api.create("Ingress", {
        ...ing,
        metadata: { namespace: "default", ...ing.metadata },
      });
    },
    ingress(name: string, ns = "default"): Ingress {
      return api.get("Ingress", ns, name);
    },
    events(): string[] {
      return (api.list("Event").items as readonly Event[]).map(
        (e) =>
          `${e.type ?? ""} ${e.reason ?? ""} ${e.involvedObject.kind ?? ""} ${e.involvedObject.namespace ?? ""}/${e.involvedObject.name ?? ""} ${e.message ?? ""} [${e.source?.component ?? ""}] x${e.count ?? 1}`,
      );
    },
    /** A request to the controller as the data plane hands it over. */
    request(host: string, path: string, r: Partial<FrontendRequest> = {}): FrontendAnswer {
      const scheme = r.scheme ?? "http";
      return controller.handle({
        scheme,
        host,
        port: r.port ?? (scheme === "https" ? 443 : 80),
        method: r.method ?? "GET",
        path,
        headers: r.headers ?? { "User-Agent": "curl/8.5.0", Accept: "*/*" },
        clientIP: r.clientIP ?? "192.168.49.1",
      });
    },
    get podCount() {
      return podCount;
    },
  };
  return w;
}

export type World = ReturnType<ReturnType<typeof worldFactory>>;

/** The tutorial's ingress.yaml, in the namespace it is applied to. */
export function tutorialIngress(): Ingress {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name: "my-ingress",
      annotations: { "nginx.ingress.kubernetes.io/rewrite-target": "/" },
    },
    spec: {
      rules: [
        {
          host: "api.example.com",
          http: {
            paths: [
              {
                path: "/api",
                pathType: "Prefix",
                backend: { service: { name: "my-api", port: { number: 80 } } },
              },
              {
                path: "/docs",
                pathType: "Prefix",
                backend: { service: { name: "docs-service", port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  };
}

/** A one-rule Ingress of `host` and `path` (Prefix) to `service`:80. */
export function simpleIngress(
  name: string,
  host: string,
  path: string,
  service: string,
  extra: {
    className?: string;
    annotations?: Record<string, string>;
    tls?: { hosts: string[]; secretName?: string }[];
  } = {},
): Ingress {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
    spec: {
      ...(extra.className === undefined ? {} : { ingressClassName: extra.className }),
      ...(extra.tls === undefined ? {} : { tls: extra.tls }),
      rules: [
        {
          ...(host === "" ? {} : { host }),
          http: {
            paths: [
              {
                path,
                pathType: "Prefix",
                backend: { service: { name: service, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  };
}
