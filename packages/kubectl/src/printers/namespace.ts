/**
 * The `kubectl get namespaces` row: NAME STATUS AGE. Mirrors printNamespace in
 * pkg/printers/internalversion/printers.go (STATUS is the phase).
 */
import type { Namespace } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const namespaceColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Status",
    type: "string",
    format: "",
    description: "The status of the namespace",
    priority: 0,
  },
  {
    name: "Age",
    type: "string",
    format: "",
    description: creationTimestampDescription,
    priority: 0,
  },
];

/** The row for one Namespace at virtual time `now`. Pure. */
export function printNamespaceRow(
  ns: Namespace,
  now: Millis,
  _options?: GenerateOptions,
): TableRow {
  return {
    cells: [
      ns.metadata?.name ?? "",
      ns.status?.phase ?? "",
      translateTimestampSince(ns.metadata?.creationTimestamp, now),
    ],
  };
}
