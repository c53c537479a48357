/**
 * Test helpers: compact node and pod builders, in the spirit of upstream's
 * st.MakeNode() / st.MakePod() wrappers. Not part of the package's API.
 */
import type {
  Container,
  ContainerPort,
  Node,
  NodeAffinity,
  Pod,
  Taint,
  Toleration,
} from "kubernetes-types/core/v1";

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  extra?: Record<string, string>;
  labels?: Record<string, string>;
  /** Add kubernetes.io/hostname = name (default true). */
  hostnameLabel?: boolean;
  taints?: Taint[];
  unschedulable?: boolean;
  ready?: "True" | "False" | "Unknown";
}

export function mkNode(name: string, o: NodeOpts = {}): Node {
  const allocatable: Record<string, string> = {
    ...(o.cpu !== undefined ? { cpu: o.cpu } : {}),
    ...(o.memory !== undefined ? { memory: o.memory } : {}),
    ...(o.pods !== undefined ? { pods: o.pods } : {}),
    ...(o.extra ?? {}),
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      labels: {
        ...(o.hostnameLabel === false ? {} : { "kubernetes.io/hostname": name }),
        ...(o.labels ?? {}),
      },
    },
    spec: {
      ...(o.taints !== undefined ? { taints: o.taints } : {}),
      ...(o.unschedulable === true ? { unschedulable: true } : {}),
    },
    status: {
      allocatable,
      capacity: allocatable,
      ...(o.ready !== undefined ? { conditions: [{ type: "Ready", status: o.ready }] } : {}),
    },
  };
}

export interface PodOpts {
  /** Requests of a single container ({cpu, memory, ...}); omit for none. */
  requests?: Record<string, string>;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: Record<string, string>;
  node?: string;
  namespace?: string;
  uid?: string;
  owner?: string;
  tolerations?: Toleration[];
  nodeSelector?: Record<string, string>;
  affinity?: NodeAffinity;
  ports?: ContainerPort[];
  priority?: number;
  preemptionPolicy?: string;
  phase?: string;
  deleting?: boolean;
  startTime?: string;
}

export function mkPod(name: string, o: PodOpts = {}): Pod {
  const containers: Container[] = o.containers ?? [
    {
      name: "c",
      ...(o.requests !== undefined ? { resources: { requests: o.requests } } : {}),
      ...(o.ports !== undefined ? { ports: o.ports } : {}),
    },
  ];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: o.namespace ?? "default",
      uid: o.uid ?? `uid-${name}`,
      ...(o.owner !== undefined
        ? {
            ownerReferences: [
              {
                apiVersion: "apps/v1",
                kind: "ReplicaSet",
                name: o.owner,
                uid: o.owner,
                controller: true,
              },
            ],
          }
        : {}),
      ...(o.deleting === true ? { deletionTimestamp: "2024-01-01T00:00:00Z" } : {}),
    },
    spec: {
      containers,
      ...(o.initContainers !== undefined ? { initContainers: o.initContainers } : {}),
      ...(o.overhead !== undefined ? { overhead: o.overhead } : {}),
      ...(o.node !== undefined ? { nodeName: o.node } : {}),
      ...(o.tolerations !== undefined ? { tolerations: o.tolerations } : {}),
      ...(o.nodeSelector !== undefined ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity !== undefined ? { affinity: { nodeAffinity: o.affinity } } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...(o.preemptionPolicy !== undefined ? { preemptionPolicy: o.preemptionPolicy } : {}),
    },
    status: {
      phase: o.phase ?? (o.node !== undefined ? "Running" : "Pending"),
      ...(o.startTime !== undefined ? { startTime: o.startTime } : {}),
    },
  };
}

/** A container with requests. */
export function ctr(
  name: string,
  requests: Record<string, string>,
  extra: Partial<Container> = {},
): Container {
  return { name, resources: { requests }, ...extra };
}
