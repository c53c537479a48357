/**
 * The `kubectl get replicasets` row: NAME DESIRED CURRENT READY AGE, and with
 * `-o wide` CONTAINERS IMAGES SELECTOR. Mirrors printReplicaSet and
 * replicaSetColumnDefinitions in pkg/printers/internalversion/printers.go
 * (DESIRED, CURRENT and READY are integer columns).
 */
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Millis } from "kubesim";
import { formatLabelSelector } from "@kubesim/api";
import { containersDescription, imagesDescription, layoutContainerCells } from "./containers.js";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const replicaSetColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Desired",
    type: "integer",
    format: "",
    description:
      "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller",
    priority: 0,
  },
  {
    name: "Current",
    type: "integer",
    format: "",
    description:
      "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller",
    priority: 0,
  },
  {
    name: "Ready",
    type: "integer",
    format: "",
    description:
      "readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.",
    priority: 0,
  },
  {
    name: "Age",
    type: "string",
    format: "",
    description: creationTimestampDescription,
    priority: 0,
  },
  {
    name: "Containers",
    type: "string",
    format: "",
    description: containersDescription,
    priority: 1,
  },
  { name: "Images", type: "string", format: "", description: imagesDescription, priority: 1 },
  {
    name: "Selector",
    type: "string",
    format: "",
    description:
      "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors",
    priority: 1,
  },
];

/** The row for one ReplicaSet at virtual time `now`. Pure. */
export function printReplicaSetRow(
  rs: ReplicaSet,
  now: Millis,
  options?: GenerateOptions,
): TableRow {
  const cells = [
    rs.metadata?.name ?? "",
    String(rs.spec?.replicas ?? 0),
    String(rs.status?.replicas ?? 0),
    String(rs.status?.readyReplicas ?? 0),
    translateTimestampSince(rs.metadata?.creationTimestamp, now),
  ];
  if (options?.wide ?? true) {
    const [names, images] = layoutContainerCells(rs.spec?.template?.spec?.containers);
    cells.push(names, images, formatLabelSelector(rs.spec?.selector));
  }
  return { cells };
}
