/**
 * The Table kubectl asks the apiserver for (`Accept: application/json;as=Table`):
 * the kind's column definitions and one row per object, object included, as
 * pkg/printers/internalversion generates it. With `--server-print=false`
 * kubectl prints its own default columns, NAME and AGE (printObjectMeta of
 * staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go).
 */
import type { KindInfo, KindName, KubeObject } from "@kubesim/api";
import type { Millis } from "kubesim";
import { generateTable } from "../../printers/handlers.js";
import type { PrintableRow, PrintableTable } from "../../printers/table-printer.js";
import type { TableColumnDefinition } from "../../printers/table.js";
import { creationTimestampDescription, nameDescription } from "../../printers/table.js";
import { translateTimestampSince } from "../../printers/timestamp.js";

export interface ObjectTable extends PrintableTable {
  readonly rows: readonly (PrintableRow & { readonly object: KubeObject })[];
}

const objectMetaColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Age",
    type: "string",
    format: "",
    description: creationTimestampDescription,
    priority: 0,
  },
];

/** The table of `objects` of `kind` at virtual time `now`. */
export function tableOf(
  kind: KindInfo,
  objects: readonly KubeObject[],
  now: Millis,
  serverPrint: boolean,
): ObjectTable {
  if (!serverPrint) {
    return {
      columnDefinitions: objectMetaColumnDefinitions,
      rows: objects.map((object) => ({
        cells: [
          object.metadata?.name ?? "",
          translateTimestampSince(object.metadata?.creationTimestamp, now),
        ],
        object,
      })),
    };
  }
  return generateTable(kind.kind as KindName, objects, now) as ObjectTable;
}

/** `pod`, `deployment.apps`: GroupKind.String(), lower-cased, as kubectl prefixes names. */
export function groupKindOf(kind: KindInfo): string {
  return (kind.group === "" ? kind.kind : `${kind.kind}.${kind.group}`).toLowerCase();
}
