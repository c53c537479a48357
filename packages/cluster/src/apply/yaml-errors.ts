/**
 * go-yaml's error wording for a YAML document the `yaml` package refused.
 * kubectl converts each document with sigs.k8s.io/yaml (go-yaml v2), whose
 * messages read `yaml: line 3: mapping values are not allowed in this context`;
 * the `yaml` package finds the same faults but names them its own way. This
 * maps its error codes to go-yaml's messages and reproduces go-yaml's line
 * rule (gopkg.in/yaml.v2 decode.go, parser.fail): a scanner error reports the
 * 1-based line of the fault, a parser error the 0-based one (so the line
 * before), and a fault on the first line reports no line at all.
 *
 * The table was checked against kubectl 1.32 on the same inputs (see
 * testdata/yaml-errors.json).
 */

/** A YAML document that does not parse: kubectl's message plus where the fault is. */
export interface GoYamlError {
  /** go-yaml's text, e.g. `yaml: line 3: mapping values are not allowed in this context`. */
  readonly message: string;
  /** 1-based line and column of the fault within the document, as the `yaml` package found it. */
  readonly line: number;
  readonly column: number;
}

type Stage = "scanner" | "parser" | "none";

interface Where {
  readonly offset: number;
  readonly stage: Stage;
  readonly text: string;
}

/** 0-based line and column of an offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 0;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: end - start };
}

function lines(text: string): string[] {
  return text.split("\n");
}

function indentOf(l: string): number {
  return l.length - l.trimStart().length;
}

function isBlank(l: string): boolean {
  const t = l.trim();
  return t === "" || t.startsWith("#");
}

/**
 * Whether the collection enclosing column `col` of line `line` (0-based) is a
 * block sequence go-yaml would ask a `-` of: the nearest line above at that
 * indentation or less starts with `- ` and is not an indentless sequence
 * (dashes at the same column as their parent key, which go-yaml treats as
 * part of the mapping).
 */
function inSequence(all: readonly string[], line: number, col: number): boolean {
  for (let i = line - 1; i >= 0; i--) {
    const l = all[i]!;
    if (isBlank(l)) continue;
    const ind = indentOf(l);
    if (ind > col) continue;
    const t = l.trimStart();
    if (!(t === "-" || t.startsWith("- "))) return false;
    // An indentless sequence: a key at the dash's column above it.
    for (let j = i - 1; j >= 0; j--) {
      const p = all[j]!;
      if (isBlank(p)) continue;
      const pi = indentOf(p);
      const pt = p.trimStart();
      if (pi === ind && (pt === "-" || pt.startsWith("- "))) continue;
      return !(pi === ind && /:\s*(#.*)?$/.test(pt));
    }
    return true;
  }
  return false;
}

/** Whether a line (0-based) sits among the keys of a block mapping (a key line at its indentation just above). */
function inBlockMapping(all: readonly string[], line: number): boolean {
  const ind = indentOf(all[line] ?? "");
  for (let i = line - 1; i >= 0; i--) {
    const l = all[i]!;
    if (isBlank(l)) continue;
    const li = indentOf(l);
    if (li > ind) continue;
    if (li < ind) return false;
    return /^[^#-][^#]*:(\s|$)/.test(l.trimStart());
  }
  return false;
}

/**
 * Whether the tab at `offset` sits in the indentation of a line that follows
 * a plain scalar ending its line, at or left of that scalar's key: go-yaml's
 * plain-scalar scanner reads on across the line break and stops at the tab
 * ("found a tab character that violates indentation", scannerc.go
 * yaml_parser_scan_plain_scalar). Anywhere else a tab that starts a line is
 * no token at all ("found character that cannot start any token").
 */
function continuesPlainScalar(text: string, offset: number): boolean {
  const { line, col } = lineCol(text, offset);
  const all = lines(text);
  if (!/^[ \t]*$/.test((all[line] ?? "").slice(0, col))) return false;
  let prev = line - 1;
  while (prev >= 0 && all[prev]!.trim() === "") prev--;
  if (prev < 0) return false;
  const before = all[prev]!.replace(/\s+$/, "");
  if (col > indentOf(before)) return false;
  const body = before.trimStart().replace(/^(- )+/, "");
  const m = /^(?:[^"'#][^#]*?:\s+|"[^"]*":\s+|'[^']*':\s+)?(.*)$/.exec(body);
  const scalar = (m?.[1] ?? body).replace(/^&\S+\s+/, "");
  if (scalar === "" || scalar.endsWith(":") || / #/.test(scalar)) return false;
  return !/^["'|>[{*!#&-]/.test(scalar) || /^-\S/.test(scalar);
}

/** Offset of the next `:` that introduces a value, at or after `from`. */
function nextValueColon(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === ":" && (i + 1 === text.length || /\s/.test(text[i + 1]!))) return i;
  }
  return from;
}

function expectedKeyOrDash(text: string, offset: number): string {
  const { line, col } = lineCol(text, offset);
  const all = lines(text);
  // A fault inside a line's indentation is about the token that starts the line.
  const at = Math.max(col, indentOf(all[line] ?? ""));
  return inSequence(all, line, at)
    ? "did not find expected '-' indicator"
    : "did not find expected key";
}

/** What go-yaml says, and where it says it, for one of the `yaml` package's error codes. */
function translate(
  text: string,
  code: string,
  message: string,
  pos: readonly [number, number],
): Where {
  const [start, end] = pos;
  switch (code) {
    case "BLOCK_AS_IMPLICIT_KEY":
      return {
        offset: nextValueColon(text, start),
        stage: "scanner",
        text: "mapping values are not allowed in this context",
      };
    case "MULTILINE_IMPLICIT_KEY":
    case "MISSING_CHAR": {
      if (code === "MISSING_CHAR" && /^Missing closing .?quote/.test(message))
        return { offset: text.length, stage: "scanner", text: "found unexpected end of stream" };
      if (code === "MISSING_CHAR" && !message.startsWith("Implicit map keys"))
        return { offset: start, stage: "parser", text: expectedKeyOrDash(text, start) };
      const { line } = lineCol(text, start);
      const all = lines(text);
      const t = (all[line] ?? "").trimStart();
      if (t === "-" || t.startsWith("- "))
        return { offset: start, stage: "parser", text: "did not find expected key" };
      if (inBlockMapping(all, line)) {
        // The scanner gives up on the line after the key.
        const next = text.indexOf("\n", start);
        return {
          offset: next < 0 ? text.length : next + 1,
          stage: "scanner",
          text: "could not find expected ':'",
        };
      }
      return {
        offset: nextValueColon(text, Math.max(start, end)),
        stage: "scanner",
        text: "mapping values are not allowed in this context",
      };
    }
    case "TAB_AS_INDENT":
      if (continuesPlainScalar(text, start))
        return {
          offset: start,
          stage: "scanner",
          text: "found a tab character that violates indentation",
        };
      return {
        offset: start,
        stage: "scanner",
        text: "found character that cannot start any token",
      };
    case "BAD_SCALAR_START":
      return {
        offset: start,
        stage: "scanner",
        text: "found character that cannot start any token",
      };
    case "BAD_INDENT":
      if (message.startsWith("Flow map"))
        return { offset: start, stage: "parser", text: "did not find expected ',' or '}'" };
      if (message.startsWith("Flow sequence"))
        return { offset: start, stage: "parser", text: "did not find expected ',' or ']'" };
      return { offset: start, stage: "parser", text: expectedKeyOrDash(text, start) };
    case "UNEXPECTED_TOKEN":
    case "UNEXPECTED_FLOW_ITEM":
      return { offset: start, stage: "parser", text: expectedKeyOrDash(text, start) };
    default:
      return { offset: start, stage: "parser", text: message.replace(/\.$/, "") };
  }
}

/** go-yaml's message for the first error the `yaml` package found in a document. */
export function goYamlError(
  text: string,
  error: {
    readonly code: string;
    readonly message: string;
    readonly pos: readonly [number, number];
  },
): GoYamlError {
  const where = translate(text, error.code, error.message, error.pos);
  const at = lineCol(text, where.offset);
  const fault = lineCol(text, error.pos[0]);
  let reported = 0;
  if (where.stage === "scanner" && at.line !== 0) reported = at.line + 1;
  if (where.stage === "parser") reported = at.line;
  const prefix = reported === 0 ? "yaml: " : `yaml: line ${reported}: `;
  return { message: prefix + where.text, line: fault.line + 1, column: fault.col + 1 };
}

/** go-yaml's message for an alias whose anchor is not defined (never carries a line). */
export function goYamlUnknownAnchor(name: string): string {
  return `yaml: unknown anchor '${name}' referenced`;
}
