/**
 * The `kubectl get leases` row: NAME HOLDER AGE. Mirrors printLease in
 * pkg/printers/internalversion/printers.go.
 */
import type { Lease } from "kubernetes-types/coordination/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const leaseColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Holder",
    type: "string",
    format: "",
    description: "holderIdentity contains the identity of the holder of a current lease.",
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

/** The row for one Lease at virtual time `now`. Pure. */
export function printLeaseRow(lease: Lease, now: Millis, _options?: GenerateOptions): TableRow {
  return {
    cells: [
      lease.metadata?.name ?? "",
      lease.spec?.holderIdentity ?? "",
      translateTimestampSince(lease.metadata?.creationTimestamp, now),
    ],
  };
}
