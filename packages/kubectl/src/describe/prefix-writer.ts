/**
 * describe.go's PrefixWriter and tabbedString: every describer writes lines
 * at an indentation level (two spaces a level) into a tabwriter, and the
 * tab-separated `Name:\tvalue` blocks come out aligned.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go (PrefixWriter,
 * prefixWriter, nestedPrefixWriter, tabbedString, LEVEL_0..LEVEL_4) and
 * cli-runtime printers.WriteEscaped (ESC and CR made visible). A prefix
 * writer over a plain buffer (NewPrefixWriter(buf), as `rollout history
 * --revision` uses it) keeps the tabs as tabs.
 */
import { TabWriter } from "../printers/tabwriter.js";

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** printers.WriteEscaped: "\x1b" prints as "^[", "\r" as "\\r" (terminal escape attacks). */
export function escapeTerminal(s: string): string {
  if (!s.includes("\x1b") && !s.includes("\r")) return s;
  return s.replaceAll("\x1b", "^[").replaceAll("\r", "\\r");
}

export interface PrefixWriter {
  /** Writes `text` after `level` × two spaces (the text carries its own tabs and newline). */
  write(level: number, text: string): void;
  /** Writes `text` and a newline, with no indentation. */
  writeLine(text: string): void;
  /** Ends the current column blocks (describe's Events table aligns on its own). */
  flush(): void;
}

class TabPrefixWriter implements PrefixWriter {
  constructor(private readonly out: TabWriter) {}
  write(level: number, text: string): void {
    this.out.write(escapeTerminal("  ".repeat(level) + text));
  }
  writeLine(text: string): void {
    this.out.write(escapeTerminal(`${text}\n`));
  }
  flush(): void {
    this.out.flush();
  }
}

/** NewNestedPrefixWriter: every write `indent` levels deeper. */
export function nestedPrefixWriter(w: PrefixWriter, indent: number): PrefixWriter {
  return {
    write: (level, text) => w.write(level + indent, text),
    writeLine: (text) => w.write(indent, `${text}\n`),
    flush: () => w.flush(),
  };
}

/** tabbedString: runs `f` against a describe tabwriter and returns the aligned text. */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  const tw = TabWriter.forDescribe();
  f(new TabPrefixWriter(tw));
  return tw.take();
}

class PlainPrefixWriter implements PrefixWriter {
  text = "";
  write(level: number, text: string): void {
    this.text += escapeTerminal("  ".repeat(level) + text);
  }
  writeLine(text: string): void {
    this.text += escapeTerminal(`${text}\n`);
  }
  flush(): void {}
}

/** NewPrefixWriter over a plain buffer: runs `f` and returns its text, tabs unaligned. */
export function plainString(f: (w: PrefixWriter) => void): string {
  const w = new PlainPrefixWriter();
  f(w);
  return w.text;
}
