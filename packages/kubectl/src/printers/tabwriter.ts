/**
 * Aligned columns as kubectl writes them: Go's text/tabwriter as forked in
 * github.com/liggitt/tabwriter (RememberWidths), with kubectl's settings from
 * staging/src/k8s.io/cli-runtime/pkg/printers/tabwriter.go: minwidth 6,
 * padding 3, padchar ' ', flags RememberWidths.
 *
 * Text is buffered until `flush()`. Cells end at '\t'; the text after a
 * line's last tab is not part of any column. A column's width is
 * max(minwidth, widest cell + padding) over a block of consecutive lines that
 * have that column; with RememberWidths a column never gets narrower than it
 * was at an earlier flush (so watch rows line up under the first table).
 * Widths count characters (runes), as Go does.
 */

export interface TabWriterOptions {
  readonly minwidth: number;
  readonly padding: number;
  readonly padchar: string;
  readonly rememberWidths: boolean;
}

/** GetNewTabWriter's settings. */
export const kubectlTabWriterOptions: TabWriterOptions = Object.freeze({
  minwidth: 6,
  padding: 3,
  padchar: " ",
  rememberWidths: true,
});

/** Characters as Go counts runes (code points). */
const runeCount = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

export class TabWriter {
  private buf = "";
  private maxwidths: number[] = [];

  constructor(
    private readonly output: (text: string) => void,
    private readonly options: TabWriterOptions = kubectlTabWriterOptions,
  ) {}

  write(text: string): void {
    this.buf += text;
  }

  /** Formats and writes everything buffered. */
  flush(): void {
    if (this.buf === "") return;
    const text = this.buf;
    this.buf = "";
    const rawLines = text.split("\n");
    // each line's cells; after the last newline comes a partial line, whose
    // final cell counts only when it has text (flush terminates it only then)
    const lines = rawLines.map((l, i) => {
      const cells = l.split("\t");
      if (i === rawLines.length - 1 && cells.at(-1) === "") cells.pop();
      return cells;
    });
    const out: string[] = [];
    this.format(lines, 0, lines.length, [], out);
    this.output(out.join(""));
  }

  /** The remembered column widths (RememberedWidths). */
  rememberedWidths(): readonly number[] {
    return [...this.maxwidths];
  }

  /** Replaces the remembered widths (SetRememberedWidths); `[]` forgets them. */
  setRememberedWidths(widths: readonly number[]): void {
    this.maxwidths = [...widths];
  }

  private format(
    lines: readonly string[][],
    line0: number,
    line1: number,
    widths: number[],
    out: string[],
  ): void {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t]!.length - 1) continue;
      // a cell exists in this column: print the lines before this block
      this.writeLines(lines, line0, t, widths, out);
      line0 = t;
      let width = this.options.minwidth;
      for (; t < line1; t++) {
        const line = lines[t]!;
        if (column >= line.length - 1) break;
        const w = runeCount(line[column]!) + this.options.padding;
        if (w > width) width = w;
      }
      if (this.options.rememberWidths) {
        if (this.maxwidths.length < widths.length)
          this.maxwidths.push(...widths.slice(this.maxwidths.length));
        if (this.maxwidths.length === widths.length) this.maxwidths.push(width);
        else if (this.maxwidths[widths.length]! > width) width = this.maxwidths[widths.length]!;
        else if (this.maxwidths[widths.length]! < width) this.maxwidths[widths.length] = width;
      }
      widths.push(width);
      this.format(lines, line0, t, widths, out);
      widths.pop();
      line0 = t;
      t--; // the for loop's t++ resumes at the line that ended the block
    }
    this.writeLines(lines, line0, line1, widths, out);
  }

  private writeLines(
    lines: readonly string[][],
    line0: number,
    line1: number,
    widths: readonly number[],
    out: string[],
  ): void {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      for (let j = 0; j < line.length; j++) {
        const cell = line[j]!;
        out.push(cell);
        if (j < widths.length) out.push(this.options.padchar.repeat(widths[j]! - runeCount(cell)));
      }
      if (i + 1 < lines.length) out.push("\n");
    }
  }
}
