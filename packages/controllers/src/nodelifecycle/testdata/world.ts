/**
 * Test support for the node lifecycle, taint eviction and pod GC component
 * tests: a real in-memory apiserver on a sim loop (made by the test, so that
 * only test files import @kubesim/apiserver), a recorded client, one
 * informer factory and event broadcaster (as kube-controller-manager has),
 * and the part of a kubelet the tests play through the API: registering
 * Nodes, posting Ready heartbeats, renewing Leases, binding pods.
 */
import type { Lease } from "kubernetes-types/coordination/v1";
import type { Event, Node, NodeCondition, Pod, Taint, Toleration } from "kubernetes-types/core/v1";
import type { ApiClient } from "@kubesim/api";
import { EventBroadcaster, SharedInformerFactory } from "@kubesim/runtime";
import { describeAction, recordActions, writes } from "@kubesim/runtime/testing";
import { Loop, Rng, rfc3339, rfc3339Micro, type Millis } from "@kubesim/sim";

export interface NodeSpecOptions {
  /** Ready status to post; undefined: no Ready condition at all. */
  readonly ready?: "True" | "False" | "Unknown" | undefined;
  readonly labels?: Record<string, string>;
  readonly unschedulable?: boolean;
  readonly taints?: Taint[];
  readonly extraConditions?: NodeCondition[];
}

/** Makes the apiserver: `(o) => new ApiServer(o)`. */
export type MakeApiServer = (options: { readonly loop: Loop; readonly rng: Rng }) => ApiClient;

/** `const world = worldFactory((o) => new ApiServer(o));` then `world(seed)`. */
export function worldFactory(make: MakeApiServer) {
  return (seed = 3) => newWorld(make, seed);
}

function newWorld(make: MakeApiServer, seed: number) {
  const loop = new Loop();
  const api = make({ loop, rng: new Rng(seed) });
  const recorded = recordActions(api);
  const informers = new SharedInformerFactory({ client: recorded.client, loop });
  const broadcaster = new EventBroadcaster({ client: api, loop });
  const t0 = loop.now();
  const w = {
    loop,
    api,
    t0,
    client: recorded.client,
    informers,
    broadcaster,
    actions: recorded.actions,
    clear: () => recorded.clear(),
    /** Writes since the last clear, as "verb Kind ns/name [subresource]". */
    writes: (kind?: string): string[] =>
      writes(recorded.actions)
        .filter((a) => kind === undefined || a.kind === kind)
        .map(describeAction),
    /** Seconds since the start, for readable assertions. */
    since: (): number => (loop.now() - t0) / 1000,
    node: (name: string): Node => api.get("Node", undefined, name),
    pod: (name: string, ns = "default"): Pod => api.get("Pod", ns, name),
    pods: (ns = "default"): Pod[] => [...api.list("Pod", { namespace: ns }).items],
    ready: (name: string): NodeCondition | undefined =>
      api.get("Node", undefined, name).status?.conditions?.find((c) => c.type === "Ready"),
    taints: (name: string): string[] =>
      (api.get("Node", undefined, name).spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`),
    events: (reason?: string, ns = "default"): Event[] =>
      [...api.list("Event", { namespace: ns }).items]
        .filter((e) => reason === undefined || e.reason === reason)
        .sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? "")),
    messages: (reason?: string, ns = "default"): string[] =>
      w.events(reason, ns).map((e) => `${e.type} ${e.reason} ${e.message}`),

    /** Registers a node the way a kubelet would, Ready now unless told otherwise. */
    addNode: (name: string, o: NodeSpecOptions = {}): Node => {
      const now = rfc3339(loop.now());
      const ready = "ready" in o ? o.ready : "True";
      const conditions: NodeCondition[] = [...(o.extraConditions ?? [])];
      if (ready !== undefined) {
        conditions.push({
          type: "Ready",
          status: ready,
          reason: ready === "True" ? "KubeletReady" : "KubeletNotReady",
          message: ready === "True" ? "kubelet is posting ready status" : "container runtime down",
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        });
      }
      return api.create("Node", {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name,
          labels: { "kubernetes.io/hostname": name, ...o.labels },
        },
        spec: {
          ...(o.unschedulable === true ? { unschedulable: true } : {}),
          ...(o.taints === undefined ? {} : { taints: o.taints }),
        },
        status: {
          capacity: { cpu: "4", memory: "16Gi", pods: "110" },
          allocatable: { cpu: "4", memory: "16Gi", pods: "110" },
          ...(conditions.length === 0 ? {} : { conditions }),
        },
      });
    },

    /** The kubelet posts its Ready condition now (a heartbeat; status as given, default unchanged). */
    heartbeat: (name: string, status?: "True" | "False"): Node => {
      const node = api.get("Node", undefined, name);
      const now = rfc3339(loop.now());
      const conditions = [...(node.status?.conditions ?? [])];
      const i = conditions.findIndex((c) => c.type === "Ready");
      const prev = i < 0 ? undefined : conditions[i];
      const s = status ?? (prev?.status === "True" || prev === undefined ? "True" : "False");
      const next: NodeCondition = {
        type: "Ready",
        status: s,
        reason: s === "True" ? "KubeletReady" : "KubeletNotReady",
        message: s === "True" ? "kubelet is posting ready status" : "container runtime down",
        lastHeartbeatTime: now,
        lastTransitionTime:
          prev !== undefined && prev.status === s ? (prev.lastTransitionTime ?? now) : now,
      };
      if (i < 0) conditions.push(next);
      else conditions[i] = next;
      // The kubelet's other conditions are fine again when it is back.
      const fixed = conditions.map((c) =>
        c.type !== "Ready" && c.status === "Unknown"
          ? {
              ...c,
              status: "False",
              reason: "KubeletHasSufficient",
              lastHeartbeatTime: now,
              lastTransitionTime: now,
            }
          : c,
      );
      return api.update(
        "Node",
        { ...node, status: { ...node.status, conditions: fixed } },
        { subresource: "status" },
      );
    },

    /** The kubelet renews its Lease kube-node-lease/<name> now (creating it the first time). */
    renewLease: (name: string): Lease => {
      const renewTime = rfc3339Micro(loop.now());
      try {
        const l = api.get("Lease", "kube-node-lease", name);
        return api.update("Lease", { ...l, spec: { ...l.spec, renewTime } });
      } catch {
        return api.create("Lease", {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name, namespace: "kube-node-lease" },
          spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime },
        });
      }
    },

    /** A running, ready pod bound to `node` (what the scheduler and kubelet would leave). */
    addPod: (
      name: string,
      node: string | undefined,
      o: { tolerations?: Toleration[]; ns?: string; phase?: string } = {},
    ): Pod => {
      const ns = o.ns ?? "default";
      api.create("Pod", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: ns, labels: { app: "web" } },
        spec: {
          containers: [{ name: "c", image: "nginx:1.25" }],
          ...(o.tolerations === undefined ? {} : { tolerations: o.tolerations }),
        },
      });
      if (node !== undefined) {
        api.bind(ns, {
          metadata: { name },
          target: { apiVersion: "v1", kind: "Node", name: node },
        });
      }
      const cur = api.get("Pod", ns, name);
      const now = rfc3339(loop.now());
      const phase = o.phase ?? "Running";
      return api.update(
        "Pod",
        {
          ...cur,
          status: {
            ...cur.status,
            phase,
            conditions: [
              ...(cur.status?.conditions ?? []),
              {
                type: "Ready",
                status: phase === "Running" ? "True" : "False",
                lastTransitionTime: now,
              },
              {
                type: "ContainersReady",
                status: phase === "Running" ? "True" : "False",
                lastTransitionTime: now,
              },
            ],
          },
        },
        { subresource: "status" },
      );
    },

    /**
     * Keeps the named nodes alive until `until` (absolute ms): a Lease
     * renewal every 10 s and a status heartbeat every `statusEvery` (default
     * 5 min, the kubelet's nodeStatusReportFrequency), as loop tasks.
     */
    keepAlive: (names: readonly string[], until: Millis, statusEvery: Millis = 300_000): void => {
      for (const name of names) {
        const renew = () => {
          if (loop.now() > until) return;
          w.renewLease(name);
          loop.after(10_000, renew, "test.lease");
        };
        renew();
        const post = () => {
          if (loop.now() > until) return;
          w.heartbeat(name);
          loop.after(statusEvery, post, "test.heartbeat");
        };
        loop.after(statusEvery, post, "test.heartbeat");
      }
    },
  };
  return w;
}

export type World = ReturnType<typeof newWorld>;
