/**
 * The `kubectl get nodes` row: NAME STATUS ROLES AGE VERSION, and with `-o wide`
 * INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME. Mirrors
 * printNode, getNodeInternalIP, getNodeExternalIP, findNodeRoles and
 * nodeColumnDefinitions in pkg/printers/internalversion/printers.go.
 *
 * STATUS: "Ready" when the Ready condition is True, "NotReady" when it is False
 * or Unknown, "Unknown" without one; ",SchedulingDisabled" when cordoned.
 */
import type { Node } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

const addressesDescription =
  "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/concepts/nodes/node/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

/** The node table's columns; the last five are wide-only (priority 1). */
export const nodeColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Status",
    type: "string",
    format: "",
    description: "The status of the node",
    priority: 0,
  },
  { name: "Roles", type: "string", format: "", description: "The roles of the node", priority: 0 },
  {
    name: "Age",
    type: "string",
    format: "",
    description: creationTimestampDescription,
    priority: 0,
  },
  {
    name: "Version",
    type: "string",
    format: "",
    description: "Kubelet Version reported by the node.",
    priority: 0,
  },
  {
    name: "Internal-IP",
    type: "string",
    format: "",
    description: addressesDescription,
    priority: 1,
  },
  {
    name: "External-IP",
    type: "string",
    format: "",
    description: addressesDescription,
    priority: 1,
  },
  {
    name: "OS-Image",
    type: "string",
    format: "",
    description:
      "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).",
    priority: 1,
  },
  {
    name: "Kernel-Version",
    type: "string",
    format: "",
    description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
    priority: 1,
  },
  {
    name: "Container-Runtime",
    type: "string",
    format: "",
    description:
      "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).",
    priority: 1,
  },
];

/** Label whose suffix names a role: node-role.kubernetes.io/control-plane="". */
const labelNodeRolePrefix = "node-role.kubernetes.io/";
/** Label whose value names a role: kubernetes.io/role=master. */
const nodeLabelRole = "kubernetes.io/role";

/** The node's roles, sorted and de-duplicated, from both role labels. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(labelNodeRolePrefix)) {
      const role = k.slice(labelNodeRolePrefix.length);
      if (role.length > 0) roles.add(role);
    } else if (k === nodeLabelRole && v !== "") {
      roles.add(v);
    }
  }
  return [...roles].sort();
}

/** The first address of this type, or "<none>". */
function nodeAddress(node: Node, type: "InternalIP" | "ExternalIP"): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? "<none>";
}

const orUnknown = (s: string | undefined): string => (s ? s : "<unknown>");

/**
 * The row for one node at virtual time `now`: ten cells (NAME, STATUS, ROLES,
 * AGE, VERSION, INTERNAL-IP, EXTERNAL-IP, OS-IMAGE, KERNEL-VERSION,
 * CONTAINER-RUNTIME). Pure: reads only `node`.
 */
export function printNodeRow(node: Node, now: Millis): TableRow {
  // the last Ready condition wins, as in the Go map
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === "Ready").at(-1);
  const status: string[] = [];
  if (ready !== undefined) status.push(ready.status === "True" ? "Ready" : "NotReady");
  if (status.length === 0) status.push("Unknown");
  if (node.spec?.unschedulable === true) status.push("SchedulingDisabled");

  const roles = findNodeRoles(node).join(",");
  const info = node.status?.nodeInfo;
  return {
    cells: [
      node.metadata?.name ?? "",
      status.join(","),
      roles === "" ? "<none>" : roles,
      translateTimestampSince(node.metadata?.creationTimestamp, now),
      info?.kubeletVersion ?? "",
      nodeAddress(node, "InternalIP"),
      nodeAddress(node, "ExternalIP"),
      orUnknown(info?.osImage),
      orUnknown(info?.kernelVersion),
      orUnknown(info?.containerRuntimeVersion),
    ],
  };
}
