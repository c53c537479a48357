/**
 * Test support for the Endpoints and EndpointSlice controllers: a real
 * in-memory apiserver on a sim loop (made by the test, so that only test
 * files import @kubesim/apiserver), one informer factory, and the writes a
 * user, the scheduler and a kubelet would make: Nodes with zones, Services,
 * Pods bound to nodes with an IP and a Ready condition, graceful deletions.
 */
import type { ContainerPort, Endpoints, Pod, Service, ServicePort } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { ApiClient } from "@kubesim/api";
import { EventBroadcaster, SharedInformerFactory } from "@kubesim/runtime";
import { describeAction, recordActions, writes } from "@kubesim/runtime/testing";
import { Loop, Rng, rfc3339 } from "@kubesim/sim";

export type MakeApiServer = (options: { readonly loop: Loop; readonly rng: Rng }) => ApiClient;

export interface PodOptions {
  readonly labels?: Record<string, string>;
  readonly node?: string;
  /** Pod IP; "" for none yet. */
  readonly ip?: string;
  readonly ready?: boolean;
  readonly ports?: ContainerPort[];
  readonly ns?: string;
  readonly hostname?: string;
  readonly subdomain?: string;
}

export interface ServiceOptions {
  readonly selector?: Record<string, string> | null;
  readonly ports?: ServicePort[];
  readonly publishNotReadyAddresses?: boolean;
  readonly clusterIP?: string;
  readonly labels?: Record<string, string>;
  readonly ns?: string;
  readonly type?: string;
}

export function worldFactory(make: MakeApiServer) {
  return (seed = 7) => newWorld(make, seed);
}

function newWorld(make: MakeApiServer, seed: number) {
  const loop = new Loop();
  const api = make({ loop, rng: new Rng(seed) });
  const recorded = recordActions(api);
  const informers = new SharedInformerFactory({ client: recorded.client, loop });
  const broadcaster = new EventBroadcaster({ client: api, loop });
  let ipCounter = 0;
  const w = {
    loop,
    api,
    client: recorded.client,
    informers,
    broadcaster,
    actions: recorded.actions,
    clear: () => recorded.clear(),
    writes: (kind?: string): string[] =>
      writes(recorded.actions)
        .filter((a) => kind === undefined || a.kind === kind)
        .map(describeAction),
    settle: () => loop.settle(),

    addNode: (name: string, zone?: string) =>
      api.create("Node", {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name,
          labels: {
            "kubernetes.io/hostname": name,
            ...(zone === undefined ? {} : { "topology.kubernetes.io/zone": zone }),
          },
        },
      }),

    addService: (name: string, o: ServiceOptions = {}): Service =>
      api.create("Service", {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace: o.ns ?? "default", ...(o.labels ? { labels: o.labels } : {}) },
        spec: {
          ...(o.selector === null ? {} : { selector: o.selector ?? { app: "web" } }),
          ports: o.ports ?? [{ name: "http", port: 80, targetPort: 8080, protocol: "TCP" }],
          ...(o.publishNotReadyAddresses === undefined
            ? {}
            : { publishNotReadyAddresses: o.publishNotReadyAddresses }),
          ...(o.clusterIP === undefined ? {} : { clusterIP: o.clusterIP }),
          ...(o.type === undefined ? {} : { type: o.type }),
        },
      }),

    /** Creates a pod, binds it, and posts a Running status with an IP and Ready condition. */
    addPod: (name: string, o: PodOptions = {}): Pod => {
      const ns = o.ns ?? "default";
      api.create("Pod", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: ns, labels: o.labels ?? { app: "web" } },
        spec: {
          containers: [
            {
              name: "c",
              image: "nginx:1.25",
              ...(o.ports === undefined ? {} : { ports: o.ports }),
            },
          ],
          ...(o.hostname === undefined ? {} : { hostname: o.hostname }),
          ...(o.subdomain === undefined ? {} : { subdomain: o.subdomain }),
        },
      });
      api.bind(ns, {
        metadata: { name },
        target: { apiVersion: "v1", kind: "Node", name: o.node ?? "node-1" },
      });
      const ip = o.ip ?? `10.244.0.${++ipCounter}`;
      return w.setStatus(name, { ip, ready: o.ready ?? true }, ns);
    },

    /** The kubelet posts a status: phase Running, the IP, Ready as given. */
    setStatus: (
      name: string,
      s: { ip?: string; ready?: boolean; phase?: string },
      ns = "default",
    ): Pod => {
      const cur = api.get("Pod", ns, name);
      const ip = s.ip ?? cur.status?.podIP ?? "";
      const ready =
        s.ready ?? cur.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
      const prev = cur.status?.conditions?.find((c) => c.type === "Ready");
      const now = rfc3339(loop.now());
      const status = ready ? "True" : "False";
      return api.update(
        "Pod",
        {
          ...cur,
          status: {
            ...cur.status,
            phase: s.phase ?? "Running",
            ...(ip === "" ? {} : { podIP: ip, podIPs: [{ ip }] }),
            conditions: [
              {
                type: "Ready",
                status,
                lastTransitionTime:
                  prev !== undefined && prev.status === status
                    ? (prev.lastTransitionTime ?? now)
                    : now,
              },
            ],
          },
        },
        { subresource: "status" },
      );
    },

    setReady: (name: string, ready: boolean, ns = "default"): Pod =>
      w.setStatus(name, { ready }, ns),

    /** A graceful DELETE: the pod stays with a deletionTimestamp (it is bound). */
    terminate: (name: string, ns = "default") =>
      api.delete("Pod", ns, name, { gracePeriodSeconds: 30 }),

    pods: (ns = "default"): Pod[] => [...api.list("Pod", { namespace: ns }).items],

    endpoints: (name: string, ns = "default"): Endpoints | undefined => {
      try {
        return api.get("Endpoints", ns, name);
      } catch {
        return undefined;
      }
    },

    slices: (service: string, ns = "default"): EndpointSlice[] =>
      [...api.list("EndpointSlice", { namespace: ns }).items].filter(
        (s) => s.metadata?.labels?.["kubernetes.io/service-name"] === service,
      ),
  };
  return w;
}

export type World = ReturnType<ReturnType<typeof worldFactory>>;
