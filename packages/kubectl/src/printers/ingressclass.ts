/**
 * The `kubectl get ingressclasses` row: NAME CONTROLLER PARAMETERS AGE.
 * Mirrors printIngressClass in pkg/printers/internalversion/printers.go:
 * PARAMETERS is `Kind[.apiGroup]/name`, or "<none>".
 */
import type { IngressClass } from "kubernetes-types/networking/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const ingressClassColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Controller",
    type: "string",
    format: "",
    description: "Controller that is responsible for handling this class",
    priority: 0,
  },
  {
    name: "Parameters",
    type: "string",
    format: "",
    description: "A reference to a resource with additional parameters",
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

/** The row for one IngressClass at virtual time `now`. Pure. */
export function printIngressClassRow(
  ic: IngressClass,
  now: Millis,
  _options?: GenerateOptions,
): TableRow {
  const p = ic.spec?.parameters;
  let parameters = "<none>";
  if (p != null) {
    parameters = p.kind;
    if (p.apiGroup != null) parameters += `.${p.apiGroup}`;
    parameters += `/${p.name}`;
  }
  return {
    cells: [
      ic.metadata?.name ?? "",
      ic.spec?.controller ?? "",
      parameters,
      translateTimestampSince(ic.metadata?.creationTimestamp, now),
    ],
  };
}
