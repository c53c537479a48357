import { describe, expect, it } from "vitest";
import {
  HumanReadablePrinter,
  cellText,
  formatLabelHeaders,
  type PrintableTable,
} from "./table-printer.js";
import { TabWriter } from "./tabwriter.js";
import type { TableColumnDefinition } from "./table.js";

const columns: TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: "", priority: 0 },
  { name: "Status", type: "string", format: "", description: "", priority: 0 },
  { name: "Node", type: "string", format: "", description: "", priority: 1 },
];
const table: PrintableTable = {
  columnDefinitions: columns,
  rows: [
    {
      cells: ["web-1", "Running", "node-1"],
      object: {
        metadata: { namespace: "default", labels: { app: "web", "app.kubernetes.io/tier": "fe" } },
      },
    },
    { cells: ["db-0", "Pending", "<none>"], object: { metadata: { namespace: "data" } } },
  ],
};

function print(
  options: ConstructorParameters<typeof HumanReadablePrinter>[0],
  eventType?: string,
): string {
  let out = "";
  const w = new TabWriter((s) => (out += s));
  new HumanReadablePrinter(options).printTable(table, w, eventType);
  w.flush();
  return out;
}

describe("HumanReadablePrinter (tableprinter.go)", () => {
  it("prints upper-cased headers and hides priority-1 columns", () => {
    expect(print({})).toBe("NAME    STATUS\nweb-1   Running\ndb-0    Pending\n");
  });

  it("shows wide columns with -o wide", () => {
    expect(print({ wide: true })).toBe(
      "NAME    STATUS    NODE\nweb-1   Running   node-1\ndb-0    Pending   <none>\n",
    );
  });

  it("adds NAMESPACE first, -L columns and LABELS last, and kind prefixes", () => {
    expect(
      print({
        withNamespace: true,
        withKind: true,
        kind: "pod",
        columnLabels: ["app", "app.kubernetes.io/tier"],
        showLabels: true,
      }),
    ).toBe(
      [
        "NAMESPACE   NAME        STATUS    APP   TIER   LABELS",
        "default     pod/web-1   Running   web   fe     app=web,app.kubernetes.io/tier=fe",
        "data        pod/db-0    Pending                <none>",
        "",
      ].join("\n"),
    );
  });

  it("puts the EVENT column in front for watch events", () => {
    expect(print({}, "MODIFIED")).toBe(
      "EVENT      NAME    STATUS\nMODIFIED   web-1   Running\nMODIFIED   db-0    Pending\n",
    );
  });

  it("prints headers once for the same columns, and no headers for an empty table", () => {
    let out = "";
    const w = new TabWriter((s) => (out += s));
    const p = new HumanReadablePrinter({});
    p.printTable({ columnDefinitions: columns, rows: [] }, w);
    w.flush();
    expect(out).toBe("");
    p.printTable(table, w);
    p.printTable({ columnDefinitions: columns, rows: [table.rows[0]!] }, w);
    w.flush();
    expect(out).toBe("NAME    STATUS\nweb-1   Running\ndb-0    Pending\nweb-1   Running\n");
  });

  it("cuts cells at line breaks and defuses terminal escapes", () => {
    expect(cellText("first\nsecond")).toBe("first...");
    expect(cellText("a\x1b[31mred")).toBe("a^[[31mred");
    expect(formatLabelHeaders(["app.kubernetes.io/name", "tier"])).toEqual(["NAME", "TIER"]);
  });
});
