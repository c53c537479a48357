/**
 * Test support for the service load-balancer controller: a real in-memory
 * apiserver on a sim loop (made by the test, so that only test files import
 * @kubesim/apiserver), a recorded client, one informer factory, an event
 * recorder that also keeps the events in order, and the writes a user and
 * kubelets would make: Services of each type, Nodes, deletions.
 */
import type { Event, Node, Service, ServicePort } from "kubernetes-types/core/v1";
import type { ApiClient } from "@kubesim/api";
import {
  EventBroadcaster,
  SharedInformerFactory,
  type EventRecorder,
  type InvolvedObject,
} from "@kubesim/runtime";
import { describeAction, recordActions, writes } from "@kubesim/runtime/testing";
import { Loop, Rng, type Millis } from "@kubesim/sim";
import { SimulatedCloud, type SimulatedCloudOptions } from "../cloud.js";
import { ServiceControllerComponent } from "../events.js";
import { ServiceController, type ServiceControllerOptions } from "../service-controller.js";

export type MakeApiServer = (options: { readonly loop: Loop; readonly rng: Rng }) => ApiClient;

export interface ServiceOptions {
  readonly type?: string;
  readonly ports?: ServicePort[];
  readonly loadBalancerIP?: string;
  readonly loadBalancerClass?: string;
  readonly finalizers?: string[];
  readonly ns?: string;
}

/** One recorded event: "Normal EnsuringLoadBalancer default/web Ensuring load balancer", with its time. */
export interface SeenEvent {
  readonly at: Millis;
  readonly text: string;
}

export function worldFactory(make: MakeApiServer) {
  return (seed = 5) => newWorld(make, seed);
}

function newWorld(make: MakeApiServer, seed: number) {
  const loop = new Loop();
  const api = make({ loop, rng: new Rng(seed) });
  const recorded = recordActions(api);
  let informers = new SharedInformerFactory({ client: recorded.client, loop });
  const broadcaster = new EventBroadcaster({ client: api, loop });
  const inner = broadcaster.newRecorder({ component: ServiceControllerComponent });
  const seen: SeenEvent[] = [];
  const note = (obj: InvolvedObject, type: string, reason: string, message: string) => {
    const m = (obj as { metadata?: { namespace?: string; name?: string } }).metadata;
    const ref = obj as { namespace?: string; name?: string };
    const who = `${m?.namespace ?? ref.namespace ?? ""}/${m?.name ?? ref.name ?? ""}`;
    seen.push({ at: loop.now(), text: `${type} ${reason} ${who} ${message}` });
  };
  const recorder: EventRecorder = {
    event: (obj, type, reason, message) => {
      note(obj, type, reason, message);
      inner.event(obj, type, reason, message);
    },
    eventf: (obj, type, reason, format, ...args) => {
      note(obj, type, reason, format);
      inner.eventf(obj, type, reason, format, ...args);
    },
    annotatedEventf: (obj, annotations, type, reason, format, ...args) => {
      note(obj, type, reason, format);
      inner.annotatedEventf(obj, annotations, type, reason, format, ...args);
    },
  };
  const t0 = loop.now();
  const get = (name: string, ns = "default"): Service | undefined => {
    try {
      return api.get("Service", ns, name);
    } catch {
      return undefined;
    }
  };
  const w = {
    loop,
    api,
    t0,
    client: recorded.client,
    get informers() {
      return informers;
    },
    recorder,
    clear: () => {
      recorded.clear();
      seen.length = 0;
    },
    /** Writes since the last clear, as "verb Kind ns/name [subresource]". */
    writes: (kind?: string): string[] =>
      writes(recorded.actions)
        .filter((a) => kind === undefined || a.kind === kind)
        .map(describeAction),
    /** The patches sent, in order, as JSON. */
    patches: (): string[] =>
      recorded.actions.filter((a) => a.verb === "patch").map((a) => JSON.stringify(a.body)),
    /** Events recorded since the last clear, in order. */
    events: (): string[] => seen.map((e) => e.text),
    /** Events with the seconds since the start: "3s Normal EnsuredLoadBalancer ...". */
    timedEvents: (): string[] => seen.map((e) => `${(e.at - t0) / 1000}s ${e.text}`),
    /** The Event objects the recorder wrote. */
    eventObjects: (ns = "default"): Event[] => [...api.list("Event", { namespace: ns }).items],
    since: (): number => (loop.now() - t0) / 1000,

    /** Starts a controller on the world's informers; `cloud` options make a SimulatedCloud. */
    start: (
      o: Partial<Omit<ServiceControllerOptions, "client" | "informers" | "loop">> &
        SimulatedCloudOptions = {},
    ): ServiceController => {
      const { loadBalancerIPPool, provisioningDelay, ...rest } = o;
      const cloud =
        rest.cloud ??
        new SimulatedCloud({
          ...(loadBalancerIPPool === undefined ? {} : { loadBalancerIPPool }),
          ...(provisioningDelay === undefined ? {} : { provisioningDelay }),
        });
      const c = new ServiceController({
        client: recorded.client,
        informers,
        loop,
        recorder,
        ...rest,
        cloud,
      });
      c.start();
      loop.settle();
      return c;
    },
    /** A fresh informer factory, as a restarted kube-controller-manager has. */
    newInformers: () => {
      informers = new SharedInformerFactory({ client: recorded.client, loop });
    },

    addNode: (name: string, labels: Record<string, string> = {}): Node =>
      api.create("Node", {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } },
      }),

    addService: (name: string, o: ServiceOptions = {}): Service =>
      api.create("Service", {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
          name,
          namespace: o.ns ?? "default",
          ...(o.finalizers === undefined ? {} : { finalizers: o.finalizers }),
        },
        spec: {
          type: o.type ?? "LoadBalancer",
          selector: { app: name },
          ports: o.ports ?? [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
          ...(o.loadBalancerIP === undefined ? {} : { loadBalancerIP: o.loadBalancerIP }),
          ...(o.loadBalancerClass === undefined ? {} : { loadBalancerClass: o.loadBalancerClass }),
        },
      }),

    /** Changes the spec as a user would (kubectl apply / edit): a merge patch. */
    patchSpec: (name: string, spec: Record<string, unknown>, ns = "default"): Service =>
      api.patch("Service", ns, name, "merge", { spec }),

    setType: (name: string, type: string, ns = "default"): Service => {
      const cur = api.get("Service", ns, name);
      const spec: Record<string, unknown> = { type };
      // Drop what only the old type may have, as a user must where the apiserver does not
      // (upstream's dropTypeDependentFields would clear these itself).
      if (type !== "LoadBalancer" && cur.spec?.allocateLoadBalancerNodePorts !== undefined)
        spec["allocateLoadBalancerNodePorts"] = null;
      if (type === "ClusterIP") {
        spec["ports"] = (cur.spec?.ports ?? []).map(({ nodePort: _np, ...p }) => p);
        if (cur.spec?.externalTrafficPolicy !== undefined) spec["externalTrafficPolicy"] = null;
      }
      return api.patch("Service", ns, name, "merge", { spec });
    },

    deleteService: (name: string, ns = "default") => api.delete("Service", ns, name),

    service: (name: string, ns = "default"): Service | undefined => get(name, ns),
    /** The ingress IPs of the service's status. */
    ips: (name: string, ns = "default"): string[] =>
      (get(name, ns)?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? ""),
    finalizers: (name: string, ns = "default"): string[] =>
      get(name, ns)?.metadata?.finalizers ?? [],
  };
  return w;
}

export type World = ReturnType<ReturnType<typeof worldFactory>>;
