/**
 * The parser of kubectl's JSONPath templates (`{.metadata.name}`,
 * `{range .items[*]}{.metadata.name}{"\n"}{end}`, `{.items[?(@.x=="y")]}`).
 * Mirrors staging/src/k8s.io/client-go/util/jsonpath/parser.go, with its
 * error messages.
 */
import { newList, type ListNode, type Node, type ParamsEntry } from "./node.js";

/** A template that does not parse; the message is upstream's. */
export class JSONPathParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JSONPathParseError";
  }
}

const fail = (message: string): never => {
  throw new JSONPathParseError(message);
};

const eof = -1;
const leftDelim = "{";
const rightDelim = "}";
const dictKeyRex = /^'([^']*)'$/;
const sliceOperatorRex = /^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$/;
const filterRex = /^([^!<>=]+)([!<>=]+)(.+?)$/s;

const isSpace = (r: string | number): boolean => r === " " || r === "\t";
const isEndOfLine = (r: string | number): boolean => r === "\r" || r === "\n";
const isAlphaNumeric = (r: string | number): boolean =>
  typeof r === "string" && (r === "_" || /^[\p{L}\p{Nd}]$/u.test(r));
const isDigit = (r: string | number): boolean => typeof r === "string" && /^\p{Nd}$/u.test(r);
function isTerminator(r: string | number): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === eof || (typeof r === "string" && ".,[]$@{}".includes(r));
}

/** Go's %#U: `U+002A '*'`. */
function runeU(r: string): string {
  const cp = r.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase().padStart(4, "0");
  return /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(r) ? `U+${hex} '${r}'` : `U+${hex}`;
}

/** Go's strconv.UnquoteChar loop for a quoted string, extended to single quotes (UnquoteExtend). */
export function unquoteExtend(s: string): string {
  const syntax = (): never => fail("invalid syntax");
  if (s.length < 2) syntax();
  const quote = s[0]!;
  if (quote !== s.at(-1) || (quote !== '"' && quote !== "'")) syntax();
  const body = [...s.slice(1, -1)];
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) syntax();
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return syntax();
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
    };
    if (simple[e] !== undefined) out += simple[e];
    else if (e === "'" || e === '"') {
      if (e !== quote) syntax();
      out += e;
    } else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n).join("");
      if (hex.length !== n || !/^[0-9a-fA-F]+$/.test(hex)) syntax();
      i += n;
      const v = parseInt(hex, 16);
      if (e !== "x" && v > 0x10ffff) syntax();
      out += String.fromCodePoint(v);
    } else if (e >= "0" && e <= "7") {
      const oct = body.slice(i, i + 3).join("");
      if (!/^[0-7]{3}$/.test(oct)) syntax();
      const v = parseInt(oct, 8);
      if (v > 255) syntax();
      i += 2;
      out += String.fromCharCode(v);
    } else syntax();
  }
  return out;
}

export class Parser {
  readonly root: ListNode = newList();
  private input = "";
  private pos = 0;
  private start = 0;
  private width = 0;

  constructor(readonly name: string) {}

  /** Parses `text`; throws JSONPathParseError. */
  parse(text: string): this {
    this.input = text;
    this.pos = 0;
    this.start = 0;
    this.parseText(this.root);
    return this;
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): string | number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return eof;
    }
    const r = String.fromCodePoint(this.input.codePointAt(this.pos)!);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }

  private peek(): string | number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith(leftDelim, this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: "NodeText", text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === eof) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: "NodeText", text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += leftDelim.length;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith(rightDelim)) {
        this.pos += rightDelim.length;
        this.consumeText();
        this.parseText(this.root);
        return;
      }
      if (rest.startsWith("[?(")) {
        this.parseFilter(cur);
        continue;
      }
      if (rest.startsWith("..")) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === eof || isEndOfLine(r)) fail("unclosed action");
      else if (r === " ") this.consumeText();
      else if (r === "@" || r === "$") this.consumeText();
      else if (r === "[") this.parseArray(cur);
      else if (r === '"' || r === "'") this.parseQuote(cur, r);
      else if (r === ".") this.parseField(cur);
      else if (r === "+" || r === "-" || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else fail(`unrecognized character in action: ${runeU(r as string)}`);
    }
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === "true" || value === "false")
      cur.nodes.push({ type: "NodeBool", value: value === "true" });
    else cur.nodes.push({ type: "NodeIdentifier", name: value });
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === "NodeRecursive") fail("invalid multiple recursive descent");
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: "NodeRecursive" });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    let r = this.peek();
    if (r === "+" || r === "-") this.next();
    for (;;) {
      r = this.next();
      if (r !== "." && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) {
      cur.nodes.push({ type: "NodeInt", value: Number(value) });
      return;
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
      cur.nodes.push({ type: "NodeFloat", value: Number(value) });
      return;
    }
    fail(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === eof || r === "\n") fail("unterminated array");
      if (r === "]") break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === "*") text = ":";

    // union operator
    const strs = text.split(",");
    if (strs.length > 1) {
      const union: ListNode[] = [];
      for (const s of strs) union.push(parseAction("union", `[${s.trim()}]`));
      cur.nodes.push({ type: "NodeUnion", nodes: union });
      return;
    }
    // dict key
    const dict = dictKeyRex.exec(text);
    if (dict !== null) {
      cur.nodes.push(...parseAction("arraydict", `.${dict[1]}`).nodes);
      return;
    }
    // slice operator
    const m = sliceOperatorRex.exec(text);
    if (m === null) return void fail(`invalid array index ${text}`);
    const values = [m[1] ?? "", m[2] ?? "", m[3] ?? ""];
    const params: ParamsEntry[] = [];
    for (let i = 0; i < 3; i++) {
      let v = values[i]!;
      if (v !== "") {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === "") params.push({ value: 0, known: false, derived: false });
        else {
          if (!/^[+-]?\d+$/.test(v)) fail(`array index ${v} is not a number`);
          params.push({ value: Number(v), known: true, derived: false });
        }
      } else if (i === 1) {
        params.push({ value: params[0]!.value + 1, known: true, derived: true });
      } else {
        params.push({ value: 0, known: false, derived: false });
      }
    }
    cur.nodes.push({
      type: "NodeArray",
      params: params as [ParamsEntry, ParamsEntry, ParamsEntry],
    });
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = "";
    for (;;) {
      const r = this.next();
      if (r === eof || r === "\n") fail("unterminated filter");
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== "\\" && r === pair) end = true;
      } else if (r === ")") {
        if (begin === end) break;
      }
    }
    if (this.next() !== "]") fail("unclosed array expect ]");
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = filterRex.exec(text);
    if (m === null) {
      cur.nodes.push({
        type: "NodeFilter",
        left: parseAction("text", text),
        right: newList(),
        operator: "exists",
      });
    } else {
      cur.nodes.push({
        type: "NodeFilter",
        left: parseAction("left", m[1]!),
        right: parseAction("right", m[3]!),
        operator: m[2]!,
      });
    }
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === eof || r === "\n") fail("unterminated quoted string");
      if (r === end && this.input[this.pos - 2] !== "\\") break;
    }
    const value = this.consumeText();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (e) {
      return void fail(`unquote string ${value} error ${(e as Error).message}`);
    }
    cur.nodes.push({ type: "NodeText", text: s });
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance());
    const value = this.consumeText();
    if (value === "*") cur.nodes.push({ type: "NodeWildcard" });
    else cur.nodes.push({ type: "NodeField", value: value.replaceAll("\\", "") });
  }

  /** Scans to the next unescaped terminator. */
  private advance(): boolean {
    const r = this.next();
    if (r === "\\") this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** The nodes of one action, as parseAction parses `{text}`. */
function parseAction(name: string, text: string): ListNode {
  const p = new Parser(name).parse(`${leftDelim}${text}${rightDelim}`);
  return p.root.nodes[0] as ListNode;
}

/** Parses a template into its root list. */
export function parseJSONPath(name: string, text: string): ListNode {
  return new Parser(name).parse(text).root;
}

export type { Node };
