/**
 * The `kubectl get configmaps` row: NAME DATA AGE. Mirrors printConfigMap in
 * pkg/printers/internalversion/printers.go: DATA counts the keys of `data`
 * and `binaryData` together.
 */
import type { ConfigMap } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const configMapColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Data",
    type: "string",
    format: "",
    description:
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
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

/** The row for one ConfigMap at virtual time `now`. Pure. */
export function printConfigMapRow(
  cm: ConfigMap,
  now: Millis,
  _options?: GenerateOptions,
): TableRow {
  const keys = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
  return {
    cells: [
      cm.metadata?.name ?? "",
      String(keys),
      translateTimestampSince(cm.metadata?.creationTimestamp, now),
    ],
  };
}
