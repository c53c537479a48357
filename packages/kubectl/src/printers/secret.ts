/**
 * The `kubectl get secrets` row: NAME TYPE DATA AGE. Mirrors printSecret in
 * pkg/printers/internalversion/printers.go (DATA is the number of keys).
 */
import type { Secret } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const secretColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Type",
    type: "string",
    format: "",
    description:
      "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types",
    priority: 0,
  },
  {
    name: "Data",
    type: "string",
    format: "",
    description:
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
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

/** The row for one Secret at virtual time `now`. Pure. */
export function printSecretRow(s: Secret, now: Millis, _options?: GenerateOptions): TableRow {
  return {
    cells: [
      s.metadata?.name ?? "",
      s.type ?? "",
      String(Object.keys(s.data ?? {}).length),
      translateTimestampSince(s.metadata?.creationTimestamp, now),
    ],
  };
}
