/**
 * The container side of a terminal (`tty=true`): what a pty's line
 * discipline does between kubectl's raw-mode keystrokes and the shell, in
 * canonical mode with echo (termios ICANON, ECHO, ICRNL, ONLCR). Typed
 * characters are echoed; Enter (CR) echoes CRLF and hands the line to the
 * shell; DEL/BS erase a character (`\b \b`), Ctrl-U the line; Ctrl-C
 * discards the line (the shell then prints a fresh prompt); Ctrl-D on an
 * empty line is end of input; escape sequences (arrow keys) are dropped.
 * Output LF becomes CRLF.
 */

export interface TerminalInput {
  /** What the terminal echoes, in order. */
  readonly echo: string;
  /** Complete lines, without their newline. */
  readonly lines: readonly string[];
  /** Ctrl-C was typed (after the lines). */
  readonly interrupt: boolean;
  /** Ctrl-D on an empty line (after the lines). */
  readonly eof: boolean;
}

export class LineDiscipline {
  private line = "";
  private escape: "" | "esc" | "csi" = "";

  input(data: string): TerminalInput {
    let echo = "";
    const lines: string[] = [];
    for (const ch of data) {
      if (this.escape === "esc") {
        this.escape = ch === "[" || ch === "O" ? "csi" : "";
        continue;
      }
      if (this.escape === "csi") {
        if (/[@-~]/.test(ch)) this.escape = "";
        continue;
      }
      switch (ch) {
        case "\x1b":
          this.escape = "esc";
          break;
        case "\r":
        case "\n":
          echo += "\r\n";
          lines.push(this.line);
          this.line = "";
          break;
        case "\x7f":
        case "\b":
          if (this.line !== "") {
            this.line = [...this.line].slice(0, -1).join("");
            echo += "\b \b";
          }
          break;
        case "\x15":
          echo += "\b \b".repeat([...this.line].length);
          this.line = "";
          break;
        case "\x03":
          this.line = "";
          return { echo: `${echo}^C\r\n`, lines, interrupt: true, eof: false };
        case "\x04":
          if (this.line === "") return { echo, lines, interrupt: false, eof: true };
          break;
        default:
          if (ch < " " && ch !== "\t") break;
          this.line += ch;
          echo += ch;
      }
    }
    return { echo, lines, interrupt: false, eof: false };
  }
}

/** ONLCR: LF to CRLF (a CRLF already there stays one). */
export function onlcr(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}
