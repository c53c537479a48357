/**
 * Go's text/tabwriter, as kubectl uses it: tab-terminated cells aligned in
 * columns. Mirrors golang.org/src/text/tabwriter/tabwriter.go (Write,
 * terminateCell, format, writeLines, writePadding) plus the RememberWidths
 * flag, RememberedWidths and SetRememberedWidths of
 * github.com/liggitt/tabwriter, the fork kubectl's tables use
 * (staging/src/k8s.io/cli-runtime/pkg/printers/tabwriter.go GetNewTabWriter:
 * minwidth 6, tabwidth 4, padding 3, padchar ' ', RememberWidths). describe
 * uses Go's own writer (describe.go tabbedString: 0, 8, 2, ' ', 0); the fork
 * is text/tabwriter plus the remembered widths, so one writer serves both.
 *
 * The rules that shape kubectl's output:
 * - a cell is text ended by a tab; the text after a line's last tab is not
 *   part of any column and is never padded;
 * - a column block is a run of consecutive lines that have a cell in that
 *   column; each block is as wide as its widest cell plus `padding`
 *   (at least `minwidth`);
 * - a line with no tab ends every block: the buffer is flushed there;
 * - `flush()` ends every block too (describe's Events table is aligned on
 *   its own because DescribeEvents flushes first);
 * - with RememberWidths a column never gets narrower than it was at an
 *   earlier flush (so `get -w` rows line up under the first table).
 *
 * Widths count Unicode code points, as Go counts runes. Padding is with
 * `padchar` (kubectl never pads with tabs, so tab padding is left out, as
 * are escapes (0xff), HTML filtering, AlignRight and DiscardEmptyColumns).
 */

export interface TabWriterOptions {
  readonly minwidth: number;
  readonly tabwidth?: number;
  readonly padding: number;
  /** The padding character (default ' '). */
  readonly padchar?: string;
  /** liggitt/tabwriter RememberWidths: column widths never shrink across flushes. */
  readonly rememberWidths?: boolean;
}

/** GetNewTabWriter's settings (kubectl's tables). */
export const kubectlTabWriterOptions: TabWriterOptions = Object.freeze({
  minwidth: 6,
  tabwidth: 4,
  padding: 3,
  padchar: " ",
  rememberWidths: true,
});

/** tabbedString's settings (kubectl describe). */
export const describeTabWriterOptions: TabWriterOptions = Object.freeze({
  minwidth: 0,
  tabwidth: 8,
  padding: 2,
  padchar: " ",
});

interface Cell {
  /** The cell's text. */
  readonly text: string;
  /** Its width in code points. */
  readonly width: number;
}

const runeCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export class TabWriter {
  private out = "";
  /** The lines of the current block (each a list of cells, the last one unterminated). */
  private lines: Cell[][] = [[]];
  /** Text of the cell being written. */
  private cell = "";
  private widths: number[] = [];
  private maxwidths: number[] = [];
  private readonly padchar: string;

  /**
   * `output` receives the formatted text at each flush (as Go writes to the
   * underlying writer); without it the text is kept for `take()`.
   */
  constructor(
    private readonly output?: (text: string) => void,
    private readonly options: TabWriterOptions = kubectlTabWriterOptions,
  ) {
    this.padchar = options.padchar ?? " ";
  }

  /** kubectl's describe writer: tabwriter.Init(buf, 0, 8, 2, ' ', 0) (describe.go tabbedString). */
  static forDescribe(output?: (text: string) => void): TabWriter {
    return new TabWriter(output, describeTabWriterOptions);
  }

  /** kubectl's table writer: printers.GetNewTabWriter (6, 4, 3, ' ', RememberWidths). */
  static forTables(output?: (text: string) => void): TabWriter {
    return new TabWriter(output, kubectlTabWriterOptions);
  }

  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      // '\t', '\v', '\n', '\f' end a cell.
      if (ch !== 9 && ch !== 11 && ch !== 10 && ch !== 12) continue;
      this.cell += text.slice(start, i);
      start = i + 1;
      const ncells = this.terminateCell();
      if (ch === 10 || ch === 12) {
        this.lines.push([]);
        // A line of one cell ends every column block: flush (as Go does).
        if (ch === 12 || ncells === 1) this.flush();
      }
    }
    this.cell += text.slice(start);
  }

  /** Formats and emits everything buffered; the unterminated tail is written as is. */
  flush(): void {
    if (this.cell.length > 0) this.terminateCell();
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cell = "";
    this.widths = [];
    if (this.output !== undefined && this.out !== "") {
      const text = this.out;
      this.out = "";
      this.output(text);
    }
  }

  /** Flushes and returns (and clears) all output written so far (without an `output`). */
  take(): string {
    this.flush();
    const s = this.out;
    this.out = "";
    return s;
  }

  /** The remembered column widths (RememberedWidths). */
  rememberedWidths(): readonly number[] {
    return [...this.maxwidths];
  }

  /** Replaces the remembered widths (SetRememberedWidths); `[]` forgets them. */
  setRememberedWidths(widths: readonly number[]): void {
    this.maxwidths = [...widths];
  }

  private terminateCell(): number {
    const line = this.lines[this.lines.length - 1]!;
    line.push({ text: this.cell, width: runeCount(this.cell) });
    this.cell = "";
    return line.length;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= this.lines[t]!.length - 1) continue;
      // A cell in this column: the lines before it are done.
      this.writeLines(line0, t);
      line0 = t;
      let width = this.options.minwidth;
      for (; t < line1; t++) {
        const line = this.lines[t]!;
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column]!.width + this.options.padding);
      }
      if (this.options.rememberWidths === true) {
        const k = this.widths.length;
        if (this.maxwidths.length < k)
          this.maxwidths.push(...this.widths.slice(this.maxwidths.length));
        if (this.maxwidths.length === k) this.maxwidths.push(width);
        else if (this.maxwidths[k]! > width) width = this.maxwidths[k]!;
        else this.maxwidths[k] = width;
      }
      this.widths.push(width);
      this.format(line0, t);
      this.widths.pop();
      line0 = t;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        this.out += c.text;
        if (j < this.widths.length) this.out += this.padchar.repeat(this.widths[j]! - c.width);
      }
      // The last buffered line has no newline (it is the unterminated tail).
      if (i + 1 < this.lines.length) this.out += "\n";
    }
  }
}
