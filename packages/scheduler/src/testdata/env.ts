/**
 * Test environment for the scheduler's given/when/then tests: a real
 * ApiServer on a sim Loop, the runtime's informers and event recorder, and
 * the scheduler under test, with every API write recorded (the binding
 * subresource included). Nodes and pods are created through the API as a
 * kubelet and a controller would create them. Not part of the package's API.
 *
 * Only test files may import @kubesim/apiserver, so they hand it in:
 *   const newEnv = envFactory((o) => new ApiServer(o));
 */
import type { ApiClient } from "@kubesim/api";
import { EventBroadcaster, SharedInformerFactory, type Client } from "@kubesim/runtime";
import { recordActions, type Action } from "@kubesim/runtime/testing";
import { Loop, Rng } from "@kubesim/sim";
import type {
  Container,
  ContainerPort,
  Event,
  Node,
  NodeAffinity,
  Pod,
  Taint,
  Toleration,
} from "kubernetes-types/core/v1";
import type { SchedulerOptions } from "../scheduler.js";
import { type Scheduler, startScheduler } from "../scheduler.js";

export interface Env {
  readonly loop: Loop;
  readonly api: ApiClient;
  /** The client the scheduler uses. */
  readonly client: Client;
  /** Every call the scheduler made, in order; binds appear as verb "bind". */
  readonly actions: Array<
    Action | { readonly verb: "bind"; readonly pod: string; readonly node: string }
  >;
  readonly informers: SharedInformerFactory;
  readonly scheduler: Scheduler;
  /** Runs the loop until nothing is due now (watch deliveries, scheduling attempts). */
  settle(): void;
  /** Moves virtual time on, running what falls due. */
  advance(ms: number): void;
  /** The scheduler's bindings, "default/web-1 -> node-1", in order. */
  bindings(): string[];
  pod(name: string, namespace?: string): Pod;
  events(reason?: string): Event[];
}

export interface EnvOptions extends Partial<SchedulerOptions> {
  readonly seed?: number;
  /** The apiserver's watch delivery delay (default 0). */
  readonly watchLatency?: number;
  /** Called before each binding reaches the apiserver; throw to fail it. */
  readonly beforeBind?: (pod: string, node: string) => void;
}

/** Makes the apiserver: `(o) => new ApiServer(o)`. */
export type MakeApiServer = (options: {
  readonly loop: Loop;
  readonly rng: Rng;
  readonly watchLatency?: number;
}) => ApiClient;

export function envFactory(makeApiServer: MakeApiServer): (options?: EnvOptions) => Env {
  return (options = {}) => newEnv(makeApiServer, options);
}

function newEnv(makeApiServer: MakeApiServer, options: EnvOptions): Env {
  const loop = new Loop();
  const api = makeApiServer({
    loop,
    rng: new Rng(options.seed ?? 1),
    ...(options.watchLatency === undefined ? {} : { watchLatency: options.watchLatency }),
  });
  const recorded = recordActions(api);
  const actions: Env["actions"] = recorded.actions;
  const client = recorded.client.withInterceptors({
    bind: (next, ns, binding, o) => {
      const pod = `${ns}/${binding.metadata?.name ?? ""}`;
      const node = binding.target.name ?? "";
      options.beforeBind?.(pod, node);
      actions.push({ verb: "bind", pod, node });
      next.bind(ns, binding, o);
    },
  });
  const informers = new SharedInformerFactory({ client, loop });
  const recorder = new EventBroadcaster({ client: api, loop }).newRecorder({
    component: "default-scheduler",
  });
  const { seed: _seed, watchLatency: _latency, beforeBind: _before, ...schedulerOptions } = options;
  const scheduler = startScheduler({ client, informers, loop, recorder, ...schedulerOptions });
  const env: Env = {
    loop,
    api,
    client,
    actions,
    informers,
    scheduler,
    settle: () => loop.settle(),
    advance: (ms) => loop.advance(ms),
    bindings: () =>
      actions.flatMap((a) => (a.verb === "bind" && "node" in a ? [`${a.pod} -> ${a.node}`] : [])),
    pod: (name, namespace = "default") => api.get("Pod", namespace, name),
    events: (reason) =>
      api
        .list("Event", { namespace: "default" })
        .items.filter((e) => reason === undefined || e.reason === reason),
  };
  loop.settle();
  return env;
}

export interface NodeSpec {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  ready?: "True" | "False" | "Unknown";
}

/** A node as the kubelet registers it: hostname label, allocatable = capacity, Ready=True. */
export function nodeObject(name: string, s: NodeSpec = {}): Node {
  const allocatable = {
    cpu: s.cpu ?? "4",
    memory: s.memory ?? "8Gi",
    pods: s.pods ?? "110",
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, ...s.labels } },
    spec: {
      ...(s.taints === undefined ? {} : { taints: s.taints }),
      ...(s.unschedulable === true ? { unschedulable: true } : {}),
    },
    status: {
      capacity: allocatable,
      allocatable,
      conditions: [
        {
          type: "Ready",
          status: s.ready ?? "True",
          reason: "KubeletReady",
          message: "kubelet is posting ready status",
          lastHeartbeatTime: "2024-01-01T00:00:00Z",
          lastTransitionTime: "2024-01-01T00:00:00Z",
        },
      ],
    },
  };
}

export function createNode(env: Env, name: string, s: NodeSpec = {}): Node {
  return env.api.create("Node", nodeObject(name, s));
}

export interface PodSpec {
  cpu?: string;
  memory?: string;
  namespace?: string;
  /** The uid of a ReplicaSet controlling the pod. */
  owner?: string;
  nodeSelector?: Record<string, string>;
  affinity?: NodeAffinity;
  tolerations?: Toleration[];
  hostPorts?: number[];
  priority?: number;
  schedulerName?: string;
  containers?: Container[];
  labels?: Record<string, string>;
  schedulingGates?: string[];
}

export function podObject(name: string, s: PodSpec = {}): Pod {
  const requests: Record<string, string> = {
    ...(s.cpu === undefined ? {} : { cpu: s.cpu }),
    ...(s.memory === undefined ? {} : { memory: s.memory }),
  };
  const ports: ContainerPort[] = (s.hostPorts ?? []).map((p) => ({
    containerPort: p,
    hostPort: p,
  }));
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: s.namespace ?? "default",
      ...(s.labels === undefined ? {} : { labels: s.labels }),
      ...(s.owner === undefined
        ? {}
        : {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "ReplicaSet",
                name: `rs-${s.owner}`,
                uid: s.owner,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }),
    },
    spec: {
      containers: s.containers ?? [
        {
          name: "app",
          image: "nginx",
          ...(Object.keys(requests).length === 0 ? {} : { resources: { requests } }),
          ...(ports.length === 0 ? {} : { ports }),
        },
      ],
      ...(s.nodeSelector === undefined ? {} : { nodeSelector: s.nodeSelector }),
      ...(s.affinity === undefined ? {} : { affinity: { nodeAffinity: s.affinity } }),
      ...(s.tolerations === undefined ? {} : { tolerations: s.tolerations }),
      ...(s.priority === undefined ? {} : { priority: s.priority }),
      ...(s.schedulerName === undefined ? {} : { schedulerName: s.schedulerName }),
      ...(s.schedulingGates === undefined
        ? {}
        : { schedulingGates: s.schedulingGates.map((g) => ({ name: g })) }),
    },
  };
}

export function createPod(env: Env, name: string, s: PodSpec = {}): Pod {
  return env.api.create("Pod", podObject(name, s));
}

/** The PodScheduled condition of a pod, without its timestamps. */
export function podScheduled(pod: Pod): Record<string, unknown> | undefined {
  const c = pod.status?.conditions?.find((x) => x.type === "PodScheduled");
  if (c === undefined) return undefined;
  const { lastTransitionTime: _t, lastProbeTime: _p, ...rest } = c;
  return rest;
}
