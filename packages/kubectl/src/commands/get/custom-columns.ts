/**
 * `-o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image` and
 * `-o custom-columns-file=FILE`: CustomColumnsPrinter of
 * staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go. Each cell is the
 * column's JSONPath results joined by commas (Go's %v of each), or "<none>".
 */
import { KubectlError } from "../../cli/errors.js";
import { goValue } from "../../printers/go-format.js";
import { JSONPath } from "../../printers/jsonpath/jsonpath.js";
import { escapeTerminal } from "../../printers/table-printer.js";
import type { TabWriter } from "../../printers/tabwriter.js";
import { relaxedJSONPathExpression } from "./relaxed-jsonpath.js";

export interface Column {
  readonly header: string;
  /** A complete JSONPath template, `{.metadata.name}`. */
  readonly fieldSpec: string;
}

/** NewCustomColumnsPrinterFromSpec's parsing. */
export function columnsFromSpec(spec: string): Column[] {
  if (spec.length === 0)
    throw new KubectlError("custom-columns format specified but no custom columns given");
  return spec.split(",").map((part) => {
    const i = part.indexOf(":");
    if (i < 0)
      throw new KubectlError(
        `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`,
      );
    return { header: part.slice(0, i), fieldSpec: relaxedJSONPathExpression(part.slice(i + 1)) };
  });
}

/** NewCustomColumnsPrinterFromTemplate: a header line and a spec line, whitespace separated. */
export function columnsFromTemplate(text: string): Column[] {
  // bufio.Scanner's lines: no token after a final newline
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const words = (l: string) => l.split(/\s+/).filter((w) => w !== "");
  if (lines.length < 1)
    throw new KubectlError(
      "invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.",
    );
  if (lines.length < 2)
    throw new KubectlError(
      "invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.",
    );
  const headers = words(lines[0]!);
  const specs = words(lines[1]!);
  if (headers.length !== specs.length)
    throw new KubectlError(
      `number of headers (${headers.length}) and field specifications (${specs.length}) don't match`,
    );
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJSONPathExpression(specs[i]!) }));
}

export class CustomColumnsPrinter {
  private printedHeader = false;

  constructor(
    readonly columns: readonly Column[],
    private readonly noHeaders: boolean,
  ) {}

  /** Prints an object, or each item of a List, as one line of `w`. */
  print(obj: unknown, w: TabWriter): void {
    if (!this.noHeaders && !this.printedHeader) {
      w.write(`${this.columns.map((c) => c.header).join("\t")}\n`);
      this.printedHeader = true;
    }
    const parsers = this.columns.map((c, i) =>
      new JSONPath(`column${i}`).allowMissingKeys(true).parse(c.fieldSpec),
    );
    const items =
      obj !== null && typeof obj === "object" && Array.isArray((obj as { items?: unknown }).items)
        ? ((obj as { items: unknown[] }).items as unknown[])
        : [obj];
    for (const item of items) {
      const cells = parsers.map((p) => {
        const values = p.findResults(item);
        const strings: string[] = [];
        if (values.length === 0 || values[0]!.length === 0) strings.push("<none>");
        for (const arr of values) for (const v of arr) strings.push(escapeTerminal(goValue(v)));
        return strings.join(",");
      });
      w.write(`${cells.join("\t")}\n`);
    }
  }
}
