/**
 * YAML as kubectl prints it (`-o yaml`): sigs.k8s.io/yaml's JSONToYAML, that
 * is go-yaml v2 encoding the object's JSON form. Mirrors go-yaml v2's encoder
 * (encode.go stringv, resolve.go, sorted.go keyList) and emitter (emitterc.go:
 * block mappings and sequences, indentless sequences under a key, `{}` and
 * `[]` for empty ones, scalar analysis and style choice, plain, quoted and
 * literal writers, folding past column 80).
 *
 *   goYAML({ kind: "Pod", metadata: { name: "web", labels: {} } })
 *   // "kind: Pod\nmetadata:\n  labels: {}\n  name: web\n"
 *
 * Keys are sorted in go-yaml's natural order (numbers by value, non-letters
 * before letters). Strings are plain unless they would read back as another
 * type (`"true"`, `"80"`, `""`, `"2024-01-01T00:00:00Z"`: double quoted) or
 * hold characters plain style cannot (single quoted); strings with line
 * breaks become literal blocks (`|`, `|-`, `|+`).
 */
import { formatGoFloat } from "./go-format.js";

const bestIndent = 2;
const bestWidth = 80;

// ---- go-yaml resolve: would this text read back as something other than a string? ----

const resolveMap = new Set([
  "y",
  "Y",
  "yes",
  "Yes",
  "YES",
  "true",
  "True",
  "TRUE",
  "on",
  "On",
  "ON",
  "n",
  "N",
  "no",
  "No",
  "NO",
  "false",
  "False",
  "FALSE",
  "off",
  "Off",
  "OFF",
  "",
  "~",
  "null",
  "Null",
  "NULL",
  ".nan",
  ".NaN",
  ".NAN",
  ".inf",
  ".Inf",
  ".INF",
  "+.inf",
  "+.Inf",
  "+.INF",
  "-.inf",
  "-.Inf",
  "-.INF",
  // resolve.go's merge key: !!merge, so a "<<" string is quoted
  "<<",
]);
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const base60Float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const timestampForms = [
  /^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  /^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?$/,
  /^\d{4}-\d{1,2}-\d{1,2}$/,
];
/** Go's strconv.ParseInt/ParseUint(s, 0, 64) syntax (range ignored: too large is a float anyway). */
const goInt = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|0[bB][01]+|[1-9][0-9]*)$/;

function isTimestamp(s: string): boolean {
  return /^\d{4}-/.test(s) && timestampForms.some((re) => re.test(s));
}

/** resolve("", s) names a tag other than !!str (or s looks like a base-60 float). */
export function resolvesToNonString(s: string): boolean {
  if (resolveMap.has(s)) return true;
  const c = s[0]!;
  if (c === ".") return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (!(c === "+" || c === "-" || (c >= "0" && c <= "9"))) return false;
  if (isTimestamp(s)) return true;
  const plain = s.replaceAll("_", "");
  if (goInt.test(plain)) return true;
  if (yamlStyleFloat.test(plain)) return true;
  if (/^-?0b[01]+$/.test(plain)) return true;
  return base60Float.test(s);
}

// ---- character classes (emitterc.go / yamlprivateh.go) ----

const isSpace = (c: string | undefined): boolean => c === " ";
const isBreak = (c: string | undefined): boolean =>
  c === "\r" || c === "\n" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isBlank = (c: string | undefined): boolean => c === " " || c === "\t";
const isBlankz = (c: string | undefined): boolean =>
  c === undefined || c === "\0" || isBlank(c) || isBreak(c);
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

interface ScalarAnalysis {
  readonly multiline: boolean;
  readonly flowPlainAllowed: boolean;
  readonly blockPlainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  readonly blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar. */
export function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  const chars = [...value];
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith("---") || value.startsWith("...")) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      switch (c) {
        case "#":
        case ",":
        case "[":
        case "]":
        case "{":
        case "}":
        case "&":
        case "*":
        case "!":
        case "|":
        case ">":
        case "'":
        case '"':
        case "%":
        case "@":
        case "`":
          flowIndicators = true;
          blockIndicators = true;
          break;
        case "?":
        case ":":
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case "-":
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case ",":
        case "?":
        case "[":
        case "]":
        case "{":
        case "}":
          flowIndicators = true;
          break;
        case ":":
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case "#":
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  let flowPlainAllowed = true;
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
  }
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
  }
  if (flowIndicators) flowPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return {
    multiline: lineBreaks,
    flowPlainAllowed,
    blockPlainAllowed,
    singleQuotedAllowed,
    blockAllowed,
  };
}

type Style = "plain" | "single" | "double" | "literal";

// ---- go-yaml's natural key order (sorted.go keyList.Less) ----

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && /\p{Nd}/u.test(c);

/** keyList.Less for string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === "0" || br[i] === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

const compareKeys = (a: string, b: string): number =>
  yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

interface NodeContext {
  readonly root: boolean;
  readonly sequence: boolean;
  readonly mapping: boolean;
  readonly simpleKey: boolean;
}

const inSequence: NodeContext = { root: false, sequence: true, mapping: false, simpleKey: false };
const asKey: NodeContext = { root: false, sequence: false, mapping: true, simpleKey: true };
const asValue: NodeContext = { root: false, sequence: false, mapping: true, simpleKey: false };

/** The emitter's state: what has been written and where the cursor stands. */
class Emitter {
  out = "";
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private mappingContext = false;
  private simpleKeyContext = false;
  openEnded = false;

  private put(c: string): void {
    this.out += c;
    this.column++;
  }
  private putBreak(): void {
    this.out += "\n";
    this.column = 0;
    this.indention = true;
  }
  private writeIndicator(
    ind: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    for (const c of ind) this.put(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
    this.openEnded = false;
  }
  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }
  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? bestIndent : 0;
    else if (!indentless) this.indent += bestIndent;
  }
  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  /** yaml_emitter_emit_node for one value. */
  node(v: unknown, ctx: NodeContext): void {
    this.mappingContext = ctx.mapping;
    this.simpleKeyContext = ctx.simpleKey;
    if (Array.isArray(v)) this.sequence(v);
    else if (v !== null && typeof v === "object") this.mapping(v as Record<string, unknown>);
    else this.scalar(v);
  }

  private sequence(items: readonly unknown[]): void {
    if (items.length === 0) {
      this.writeIndicator("[", true, true, false);
      this.increaseIndent(true, false);
      this.popIndent();
      this.writeIndicator("]", false, false, false);
      return;
    }
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, inSequence);
    }
    this.popIndent();
  }

  private mapping(obj: Record<string, unknown>): void {
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort(compareKeys);
    if (keys.length === 0) {
      this.writeIndicator("{", true, true, false);
      this.increaseIndent(true, false);
      this.popIndent();
      this.writeIndicator("}", false, false, false);
      return;
    }
    this.increaseIndent(false, false);
    for (const key of keys) {
      this.writeIndent();
      const a = analyzeScalar(key);
      if (!a.multiline && utf8Length(key) <= 128) {
        this.node(key, asKey);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.node(key, { ...asKey, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(obj[key], asValue);
    }
    this.popIndent();
  }

  /** The encoder's scalar (stringv, intv, floatv, boolv, nilv), then emit_scalar. */
  private scalar(v: unknown): void {
    let text: string;
    let style: Style;
    if (typeof v === "string") {
      text = v;
      style = v.includes("\n") ? "literal" : resolvesToNonString(v) ? "double" : "plain";
    } else if (typeof v === "number") {
      text = Number.isInteger(v) ? String(v) : formatGoFloat(v);
      style = "plain";
    } else if (typeof v === "boolean") {
      text = v ? "true" : "false";
      style = "plain";
    } else {
      text = "null";
      style = "plain";
    }
    const a = analyzeScalar(text);
    style = this.selectStyle(style, text, a);
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case "plain":
        this.writePlain(text, allowBreaks);
        break;
      case "single":
        this.writeSingleQuoted(text, allowBreaks);
        break;
      case "double":
        this.writeDoubleQuoted(text, allowBreaks);
        break;
      case "literal":
        this.writeLiteral(text);
        break;
    }
    this.popIndent();
  }

  /** yaml_emitter_select_scalar_style (block context: flow level 0). */
  private selectStyle(style: Style, text: string, a: ScalarAnalysis): Style {
    if (this.simpleKeyContext && a.multiline) style = "double";
    if (style === "plain") {
      if (!a.blockPlainAllowed) style = "single";
      if (text.length === 0 && this.simpleKeyContext) style = "single";
    }
    if (style === "single" && !a.singleQuotedAllowed) style = "double";
    if (style === "literal" && (!a.blockAllowed || this.simpleKeyContext)) style = "double";
    return style;
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > bestWidth && !isSpace(chars[i + 1])) {
          this.writeIndent();
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (isSpace(c)) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > bestWidth &&
          i > 0 &&
          i < chars.length - 1 &&
          !isSpace(chars[i + 1])
        ) {
          this.writeIndent();
        } else {
          this.put(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === "\n") this.putBreak();
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = [...value];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (!isPrintable(c) || c === "\ufeff" || isBreak(c) || c === '"' || c === "\\") {
        this.put("\\");
        this.writeEscape(c);
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > bestWidth && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (isSpace(chars[i + 1])) this.put("\\");
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeEscape(c: string): void {
    const named: Record<string, string> = {
      "\0": "0",
      "\x07": "a",
      "\b": "b",
      "\t": "t",
      "\n": "n",
      "\x0b": "v",
      "\f": "f",
      "\r": "r",
      "\x1b": "e",
      '"': '"',
      "\\": "\\",
      "\u0085": "N",
      "\u00a0": "_",
      "\u2028": "L",
      "\u2029": "P",
    };
    const n = named[c];
    if (n !== undefined) {
      this.put(n);
      return;
    }
    const cp = c.codePointAt(0)!;
    const [letter, width] = cp <= 0xff ? ["x", 2] : cp <= 0xffff ? ["u", 4] : ["U", 8];
    this.put(letter);
    for (const d of cp.toString(16).toUpperCase().padStart(width, "0")) this.put(d);
  }

  private writeLiteral(value: string): void {
    this.writeIndicator("|", true, false, false);
    const chars = [...value];
    if (isSpace(chars[0]) || isBreak(chars[0]))
      this.writeIndicator(String(bestIndent), false, false, false);
    this.openEnded = false;
    let chomp = "";
    const last = chars.length - 1;
    if (chars.length === 0 || !isBreak(chars[last])) chomp = "-";
    else if (last === 0 || isBreak(chars[last - 1])) chomp = "+";
    if (chomp !== "") this.writeIndicator(chomp, false, false, false);
    if (chomp === "+") this.openEnded = true;
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.putBreak();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  /** The implicit document end, and the stream end's "..." after an open-ended scalar. */
  endDocument(): void {
    this.indent = -1;
    this.writeIndent();
    if (this.openEnded) {
      this.writeIndicator("...", true, false, false);
      this.writeIndent();
    }
  }
}

/** `yaml.Marshal` of a JSON-compatible value (sigs.k8s.io/yaml), with the trailing newline. */
export function goYAML(value: unknown): string {
  const e = new Emitter();
  e.node(value, { root: true, sequence: false, mapping: false, simpleKey: false });
  e.endDocument();
  return e.out;
}
