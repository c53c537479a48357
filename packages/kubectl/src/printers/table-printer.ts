/**
 * kubectl's human-readable table printer: staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go
 * (HumanReadablePrinter.PrintObj, decorateTable, printTable, addColumns,
 * formatEventType) with the options of pkg/printers/interface.go's PrintOptions.
 *
 * It prints a Table (column definitions and rows, each row with its object)
 * into a TabWriter: upper-cased headers unless `noHeaders` or already printed
 * for the same columns, priority-1 columns only with `wide`, a NAMESPACE
 * column first with `withNamespace`, `kind/name` names with `withKind`,
 * `-L` label columns and a LABELS column at the end, and an EVENT column in
 * front for `--output-watch-events`.
 */
import { formatLabels } from "./labels.js";
import type { TabWriter } from "./tabwriter.js";
import type { TableColumnDefinition } from "./table.js";

export interface PrintOptions {
  readonly noHeaders?: boolean;
  readonly wide?: boolean;
  readonly withNamespace?: boolean;
  readonly withKind?: boolean;
  /** `pod`, `deployment.apps`: the lower-cased GroupKind printed before names with `withKind`. */
  readonly kind?: string;
  readonly showLabels?: boolean;
  /** `-L` keys, each a column headed by the key's last path segment, upper-cased. */
  readonly columnLabels?: readonly string[];
}

/** The metadata a row's object must expose (namespace and labels). */
export interface RowObject {
  readonly metadata?: {
    readonly namespace?: string | undefined;
    readonly labels?: Readonly<Record<string, string>> | undefined;
  };
}

export interface PrintableRow {
  readonly cells: readonly string[];
  readonly object?: RowObject;
}

export interface PrintableTable {
  readonly columnDefinitions: readonly TableColumnDefinition[];
  readonly rows: readonly PrintableRow[];
}

const formattedEventType: Readonly<Record<string, string>> = {
  ADDED: "ADDED   ",
  MODIFIED: "MODIFIED",
  DELETED: "DELETED ",
  ERROR: "ERROR   ",
};

/** Watch event types padded to eight characters, as kubectl prints them in the EVENT column. */
export const formatEventType = (t: string): string => formattedEventType[t] ?? t;

/** `app.kubernetes.io/name` heads a column `NAME`. */
export const formatLabelHeaders = (columnLabels: readonly string[]): string[] =>
  columnLabels.map((l) => (l.split("/").at(-1) ?? "").toUpperCase());

const cellBreakChars = /[\f\n\r]/;
/** cli-runtime's terminal escaper: ESC as `^[`, CR as `\r`. */
export const escapeTerminal = (s: string): string =>
  s.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");

/** A cell's text: cut at the first line break (then "..."), terminal escapes defused. */
export function cellText(value: string): string {
  const m = cellBreakChars.exec(value);
  if (m !== null) return `${escapeTerminal(value.slice(0, m.index))}...`;
  return value.includes("\x1b") ? escapeTerminal(value) : value;
}

const sameColumns = (
  a: readonly TableColumnDefinition[],
  b: readonly TableColumnDefinition[] | undefined,
): boolean =>
  b !== undefined &&
  a.length === b.length &&
  a.every(
    (c, i) =>
      c.name === b[i]!.name &&
      c.type === b[i]!.type &&
      c.format === b[i]!.format &&
      c.priority === b[i]!.priority &&
      c.description === b[i]!.description,
  );

interface Column {
  readonly name: string;
  readonly priority: number;
}

export class HumanReadablePrinter {
  private lastColumns: readonly TableColumnDefinition[] | undefined;
  private printedHeaders = false;

  constructor(private readonly options: PrintOptions) {}

  /**
   * Prints one table (a list's rows, one object's row, or a watch event's row
   * with its `eventType`) into `w`. Headers print once per column set.
   */
  printTable(table: PrintableTable, w: TabWriter, eventType?: string): void {
    let noHeaders = this.options.noHeaders ?? false;
    let definitions = table.columnDefinitions;
    if (
      this.printedHeaders &&
      (definitions.length === 0 || sameColumns(definitions, this.lastColumns))
    )
      noHeaders = true;
    if (definitions.length === 0) definitions = this.lastColumns ?? [];
    else if (!sameColumns(definitions, this.lastColumns)) {
      this.lastColumns = definitions;
      this.printedHeaders = false;
    }
    if (table.rows.length > 0) this.printedHeaders = true;

    const { columns, rows } = this.decorate(definitions, table.rows, eventType);
    printRows(columns, rows, w, noHeaders, this.options.wide ?? false);
  }

  /** decorateTable, then the EVENT column of addColumns(beginning, ...). */
  private decorate(
    definitions: readonly TableColumnDefinition[],
    rows: readonly PrintableRow[],
    eventType: string | undefined,
  ): { columns: Column[]; rows: string[][] } {
    const o = this.options;
    const columnLabels = o.columnLabels ?? [];
    const columns: Column[] = [];
    if (eventType !== undefined) columns.push({ name: "Event", priority: 0 });
    if (o.withNamespace) columns.push({ name: "Namespace", priority: 0 });
    columns.push(...definitions);
    for (const label of formatLabelHeaders(columnLabels))
      columns.push({ name: label, priority: 0 });
    if (o.showLabels) columns.push({ name: "Labels", priority: 0 });

    let nameColumn = -1;
    if (o.withKind && (o.kind ?? "") !== "")
      nameColumn = definitions.findIndex((c) => c.format === "name" && c.type === "string");

    const out = rows.map((row) => {
      const cells = [...row.cells];
      if (nameColumn >= 0 && nameColumn < cells.length)
        cells[nameColumn] = `${o.kind}/${cells[nameColumn]}`;
      const meta = row.object?.metadata;
      const line: string[] = [];
      if (eventType !== undefined) line.push(formatEventType(eventType));
      if (o.withNamespace) line.push(meta?.namespace ?? "");
      // cells beyond the column definitions are dropped (issue 66379)
      for (let i = 0; i < definitions.length; i++) line.push(cells[i] ?? "");
      for (const key of columnLabels) line.push(meta?.labels?.[key] ?? "");
      if (o.showLabels) line.push(formatLabels(meta?.labels));
      return line;
    });
    return { columns, rows: out };
  }
}

/** printTable: the header (unless suppressed or there are no rows), then the rows. */
function printRows(
  columns: readonly Column[],
  rows: readonly string[][],
  w: TabWriter,
  noHeaders: boolean,
  wide: boolean,
): void {
  const visible = columns.map((c) => wide || c.priority === 0);
  if (!noHeaders) {
    if (rows.length === 0) return;
    w.write(
      `${columns
        .filter((_, i) => visible[i])
        .map((c) => c.name.toUpperCase())
        .join("\t")}\n`,
    );
  }
  for (const row of rows) {
    w.write(
      `${row
        .filter((_, i) => visible[i])
        .map(cellText)
        .join("\t")}\n`,
    );
  }
}
