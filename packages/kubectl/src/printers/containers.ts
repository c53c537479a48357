/**
 * The CONTAINERS and IMAGES cells of workload tables: `layoutContainerCells`
 * in pkg/printers/internalversion/printers.go, all containers on one line.
 */
import type { Container } from "kubernetes-types/core/v1";

export const containersDescription = "Names of each container in the template.";
export const imagesDescription = "Images referenced by each container in the template.";

/** `["web,sidecar", "nginx:1.25,envoy"]` for a template's containers. */
export function layoutContainerCells(
  containers: readonly Container[] | undefined,
): [names: string, images: string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(","), list.map((c) => c.image ?? "").join(",")];
}
