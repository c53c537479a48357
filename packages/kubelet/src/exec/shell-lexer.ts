/**
 * Parses one shell input (a `sh -c` string or an interactive line) into simple commands joined
 * by `;`, `&&`, `||` and newlines: the subset of the POSIX shell grammar kubesim's shell runs.
 * Words keep their quoting so that expansion ($VAR, ${VAR}, $?, ~) and field splitting can
 * happen when each command runs, after the commands before it (`A=1; echo $A`).
 *
 * Pipes, redirections, background jobs, subshells and command substitution are reported as
 * `unsupported` rather than misread.
 */

/** A piece of a word: literal text, or a parameter to expand (`$HOME`, `${HOME}`, `$?`). */
export type Segment =
  | { readonly kind: "text"; readonly text: string; readonly quoted: boolean }
  | {
      readonly kind: "param";
      readonly name: string;
      readonly quoted: boolean;
      /** `${NAME:-word}` and friends: the operator and its (literal) word. */
      readonly alt?: { readonly op: AltOp; readonly word: string };
    }
  | { readonly kind: "tilde" };

/** `:-` / `-` use the word when unset (or empty); `:+` / `+` when set (and not empty). */
export type AltOp = ":-" | "-" | ":+" | "+";

export type Word = readonly Segment[];

export type Connector = ";" | "&&" | "||";

export interface SimpleCommand {
  /** How this command joins the one before it (";" for the first). */
  readonly connector: Connector;
  readonly words: readonly Word[];
  /** 1-based line of the input the command starts on. */
  readonly line: number;
}

export type ParseError =
  | { readonly error: "unterminated"; readonly quote: "'" | '"' | "}"; readonly line: number }
  | { readonly error: "syntax"; readonly token: string; readonly line: number }
  | { readonly error: "eof"; readonly line: number }
  | { readonly error: "unsupported"; readonly token: string; readonly line: number }
  | { readonly error: "substitution"; readonly text: string; readonly line: number };

export type ParseResult = { readonly commands: readonly SimpleCommand[] } | ParseError;

const isNameStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const specialParams = new Set([
  "?",
  "$",
  "#",
  "!",
  "@",
  "*",
  "-",
  "0",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
]);

/** Parses `input`; never throws. */
export function parseShell(input: string): ParseResult {
  const commands: SimpleCommand[] = [];
  let words: Word[] = [];
  let segments: Segment[] = [];
  let text = "";
  let textQuoted = false;
  let inWord = false;
  let connector: Connector = ";";
  let pendingOp: Connector | undefined;
  let line = 1;
  let commandLine = 1;
  let i = 0;

  const flushText = (): void => {
    if (text !== "" || textQuoted) segments.push({ kind: "text", text, quoted: textQuoted });
    text = "";
    textQuoted = false;
  };
  const addText = (s: string, quoted: boolean): void => {
    if (text !== "" && textQuoted !== quoted) flushText();
    text += s;
    textQuoted = textQuoted || quoted;
    inWord = true;
  };
  const endWord = (): void => {
    flushText();
    if (inWord) words.push(segments);
    segments = [];
    inWord = false;
  };
  /** Ends the current command at an operator; an operator with no command before it is an error. */
  const endCommand = (op: Connector | "newline"): ParseError | undefined => {
    endWord();
    if (words.length === 0) {
      // A blank line is nothing; after `&&`/`||` the command continues on the next line.
      return op === "newline" ? undefined : { error: "syntax", token: op, line };
    }
    commands.push({ connector, words, line: commandLine });
    words = [];
    connector = op === "newline" ? ";" : op;
    pendingOp = op === "newline" ? undefined : op;
    return undefined;
  };

  /** Reads a parameter after `$` at input[i]; returns undefined after appending a literal `$`. */
  const readParam = (quoted: boolean): ParseError | undefined => {
    const next = input[i + 1];
    if (next === "{") {
      const close = input.indexOf("}", i + 2);
      if (close < 0) return { error: "unterminated", quote: "}", line };
      const body = input.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#!@*0-9-])(?:(:-|-|:\+|\+)(.*))?$/s.exec(body);
      if (m === null) return { error: "substitution", text: input.slice(i, close + 1), line };
      flushText();
      const name = m[1]!;
      const op = m[2] as AltOp | undefined;
      segments.push(
        op === undefined
          ? { kind: "param", name, quoted }
          : { kind: "param", name, quoted, alt: { op, word: m[3]! } },
      );
      inWord = true;
      i = close + 1;
      return undefined;
    }
    if (next === "(") return { error: "unsupported", token: "$(", line };
    if (isNameStart(next)) {
      let j = i + 1;
      while (isNameChar(input[j])) j++;
      flushText();
      segments.push({ kind: "param", name: input.slice(i + 1, j), quoted });
      inWord = true;
      i = j;
      return undefined;
    }
    if (next !== undefined && specialParams.has(next)) {
      flushText();
      segments.push({ kind: "param", name: next, quoted });
      inWord = true;
      i += 2;
      return undefined;
    }
    addText("$", quoted);
    i += 1;
    return undefined;
  };

  while (i < input.length) {
    const c = input[i]!;
    if (!inWord && words.length === 0 && /\S/.test(c) && c !== "#") commandLine = line;
    if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === "\n") {
      const err = endCommand("newline");
      if (err !== undefined) return err;
      line++;
      i++;
    } else if (c === "#" && !inWord) {
      while (i < input.length && input[i] !== "\n") i++;
    } else if (c === ";") {
      if (input[i + 1] === ";") return { error: "syntax", token: ";;", line };
      const err = endCommand(";");
      if (err !== undefined) return err;
      i++;
    } else if (c === "&" || c === "|") {
      if (input[i + 1] !== c) return { error: "unsupported", token: c, line };
      const err = endCommand(c === "&" ? "&&" : "||");
      if (err !== undefined) return err;
      i += 2;
    } else if (c === "<" || c === ">" || c === "(" || c === ")" || c === "`") {
      return { error: "unsupported", token: c, line };
    } else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) return { error: "unterminated", quote: "'", line };
      const body = input.slice(i + 1, close);
      addText(body, true);
      line += body.split("\n").length - 1;
      i = close + 1;
    } else if (c === '"') {
      i++;
      addText("", true);
      for (;;) {
        const d = input[i];
        if (d === undefined) return { error: "unterminated", quote: '"', line };
        if (d === '"') {
          i++;
          break;
        }
        if (d === "\\" && i + 1 < input.length && '$`"\\\n'.includes(input[i + 1]!)) {
          if (input[i + 1] !== "\n") addText(input[i + 1]!, true);
          else line++;
          i += 2;
        } else if (d === "$") {
          const err = readParam(true);
          if (err !== undefined) return err;
        } else if (d === "`") {
          return { error: "unsupported", token: "`", line };
        } else {
          if (d === "\n") line++;
          addText(d, true);
          i++;
        }
      }
    } else if (c === "\\") {
      const next = input[i + 1];
      if (next === "\n") line++;
      else if (next !== undefined) addText(next, true);
      i += 2;
    } else if (c === "$") {
      const err = readParam(false);
      if (err !== undefined) return err;
    } else if (
      c === "~" &&
      !inWord &&
      (input[i + 1] === undefined || /[\s/;&|]/.test(input[i + 1]!))
    ) {
      segments.push({ kind: "tilde" });
      inWord = true;
      i++;
    } else {
      addText(c, false);
      i++;
    }
  }
  endWord();
  if (words.length > 0) commands.push({ connector, words, line: commandLine });
  else if (pendingOp === "&&" || pendingOp === "||") return { error: "eof", line };
  return { commands };
}
