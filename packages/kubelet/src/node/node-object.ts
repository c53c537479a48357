/**
 * The Node a kubelet registers (pkg/kubelet/kubelet_node_status.go
 * initialNode + setNodeStatus): labels, podCIDR, capacity and allocatable,
 * addresses, node info and the four conditions a healthy kubelet posts.
 */
import type { Node, NodeCondition } from "kubernetes-types/core/v1";

export const KUBELET_VERSION = "v1.31.0";
export const CONTAINER_RUNTIME_VERSION = "containerd://1.7.18";

export interface NodeShape {
  readonly name: string;
  readonly podCIDR: string;
  readonly internalIP: string;
  readonly zone: string;
  readonly region: string;
  readonly cpu: string;
  readonly memory: string;
  readonly pods: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: Node["spec"] extends infer S
    ? S extends { taints?: infer T }
      ? T
      : never
    : never;
}

/** The conditions of a healthy node, with their heartbeat and transition times. */
export function healthyConditions(
  now: string,
  previous: readonly NodeCondition[] = [],
): NodeCondition[] {
  const make = (type: string, status: string, reason: string, message: string): NodeCondition => {
    const old = previous.find((c) => c.type === type);
    return {
      type,
      status,
      lastHeartbeatTime: now,
      lastTransitionTime:
        old !== undefined && old.status === status ? (old.lastTransitionTime ?? now) : now,
      reason,
      message,
    };
  };
  return [
    make(
      "MemoryPressure",
      "False",
      "KubeletHasSufficientMemory",
      "kubelet has sufficient memory available",
    ),
    make("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    make("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    make("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
  ];
}

export function initialNode(shape: NodeShape, now: string): Node {
  const resources = {
    cpu: shape.cpu,
    memory: shape.memory,
    pods: shape.pods,
    "ephemeral-storage": "100Gi",
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: shape.name,
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": shape.name,
        "kubernetes.io/os": "linux",
        "topology.kubernetes.io/region": shape.region,
        "topology.kubernetes.io/zone": shape.zone,
        ...(shape.labels ?? {}),
      },
      annotations: {
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: {
      podCIDR: shape.podCIDR,
      podCIDRs: [shape.podCIDR],
      ...(shape.taints === undefined ? {} : { taints: shape.taints }),
    },
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: healthyConditions(now),
      addresses: [
        { type: "InternalIP", address: shape.internalIP },
        { type: "Hostname", address: shape.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: "",
        systemUUID: "",
        bootID: "",
        kernelVersion: "6.1.0-kubesim",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}
