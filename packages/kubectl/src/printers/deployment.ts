/**
 * The `kubectl get deployments` row: NAME READY UP-TO-DATE AVAILABLE AGE, and
 * with `-o wide` CONTAINERS IMAGES SELECTOR. Mirrors printDeployment and
 * deploymentColumnDefinitions in pkg/printers/internalversion/printers.go.
 *
 * READY is `readyReplicas/spec.replicas`; SELECTOR is the selector's string
 * form ("<invalid>" when it cannot be converted).
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Millis } from "kubesim";
import { isApiError, labelSelectorAsSelector } from "@kubesim/api";
import { containersDescription, imagesDescription, layoutContainerCells } from "./containers.js";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const deploymentColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Ready",
    type: "string",
    format: "",
    description: "Number of the pod with ready state",
    priority: 0,
  },
  {
    name: "Up-to-date",
    type: "string",
    format: "",
    description:
      "Total number of non-terminated pods targeted by this deployment that have the desired template spec.",
    priority: 0,
  },
  {
    name: "Available",
    type: "string",
    format: "",
    description:
      "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.",
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
      "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.",
    priority: 1,
  },
];

/** The selector's String(), or "<invalid>" (printDeployment's LabelSelectorAsSelector error case). */
function selectorString(d: Deployment): string {
  try {
    return labelSelectorAsSelector(d.spec?.selector).toString();
  } catch (e) {
    if (isApiError(e)) return "<invalid>";
    throw e;
  }
}

/** The row for one Deployment at virtual time `now`. Pure. */
export function printDeploymentRow(
  d: Deployment,
  now: Millis,
  options?: GenerateOptions,
): TableRow {
  const status = d.status ?? {};
  const cells = [
    d.metadata?.name ?? "",
    `${status.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    String(status.updatedReplicas ?? 0),
    String(status.availableReplicas ?? 0),
    translateTimestampSince(d.metadata?.creationTimestamp, now),
  ];
  if (options?.wide ?? true) {
    const [names, images] = layoutContainerCells(d.spec?.template?.spec?.containers);
    cells.push(names, images, selectorString(d));
  }
  return { cells };
}
