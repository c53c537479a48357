import type { KindName, KindTypes } from "@kubesim/api";
import { describe, expect, it } from "vitest";
import { generateTable, tableHandlers } from "./handlers.js";
import { HumanReadablePrinter } from "./table-printer.js";
import { TabWriter } from "./tabwriter.js";
import { loadRowVectors, loadTableVectors, resolveNow } from "./testdata/printer-vectors.js";

const NOW = Date.UTC(2024, 0, 10, 12, 0, 0);
const rows = loadRowVectors();
const tables = loadTableVectors();

describe("row printers: printers_test.go vectors", () => {
  it("has the transcribed vectors", () => {
    expect(rows).toHaveLength(33);
    expect(tables).toHaveLength(5);
  });

  it.each(rows.map((v) => [`${v.source.split("::")[1]}: ${v.name}`, v] as const))("%s", (_, v) => {
    const h = tableHandlers[v.kind as KindName];
    const obj = resolveNow(v.input, NOW) as KindTypes[KindName];
    const row = (
      h.printRow as (o: unknown, n: number, opt: { wide: boolean }) => { cells: string[] }
    )(obj, NOW, { wide: v.wide });
    expect(row.cells).toEqual(v.expected);
  });

  it.each(tables.map((v) => [`${v.source.split("::")[1]}: ${v.name}`, v] as const))(
    "%s (printed with NoHeaders)",
    (_, v) => {
      const obj = resolveNow(v.input, NOW) as KindTypes[KindName];
      const t = generateTable(v.kind as KindName, [obj], NOW, { wide: false });
      let out = "";
      const w = new TabWriter((s) => (out += s));
      new HumanReadablePrinter({ noHeaders: true }).printTable(t, w);
      w.flush();
      expect(out).toBe(v.expected);
    },
  );
});

describe("server defaults", () => {
  it("generates wide rows, as kube-apiserver's TableConvertor does", () => {
    const svc = resolveNow(
      rows.find((r) => r.name === "long external IP list gets elided")!.input,
      NOW,
    );
    const t = generateTable("Service", [svc as KindTypes["Service"]], NOW);
    expect(t.rows[0]!.cells[3]).toBe("2.3.4.5,3.4.5.6,5.6.7.8");
    expect(t.rows[0]!.cells).toHaveLength(7);
    expect(t.rows[0]!.object).toBe(svc);
  });

  it("every handler's row has one cell per column", () => {
    for (const kind of Object.keys(tableHandlers) as KindName[]) {
      const h = tableHandlers[kind];
      const row = (h.printRow as (o: unknown, n: number) => { cells: string[] })(
        { metadata: { name: "x" } },
        NOW,
      );
      expect(row.cells, kind).toHaveLength(h.columnDefinitions.length);
      expect(h.columnDefinitions.filter((c) => c.format === "name").length, kind).toBe(1);
    }
  });
});
