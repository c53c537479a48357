/**
 * A manifest stream that starts with `{` read as kubectl reads it: a
 * sequence of JSON values decoded one after another by Go's json.Decoder
 * (k8s.io/apimachinery/pkg/util/yaml YAMLOrJSONDecoder sniffs the first
 * non-space byte; GuessJSONStream). A syntax error reads as
 * `json: offset 68: invalid character '}' looking for beginning of object key string`
 * (JSONSyntaxError around encoding/json's SyntaxError), the offset counting
 * bytes from the start of the stream up to and including the bad one; a
 * value cut short reads `unexpected EOF`. The error texts are
 * encoding/json's scanner's (scanner.go), checked against kubectl 1.31 on
 * the same inputs (testdata/json-stream.json).
 */

/** One decoded value, or where and why decoding stopped. */
export type JsonStreamItem =
  { readonly value: unknown } | { readonly error: string; readonly offset: number };

/** Whether kubectl would decode this stream as JSON: its first non-space character is `{`. */
export function looksLikeJsonStream(text: string): boolean {
  return /^\s*\{/u.test(text);
}

class JsonSyntax extends Error {
  constructor(
    readonly text: string,
    readonly offset: number,
  ) {
    super(text);
  }
}

const UNEXPECTED_EOF = "unexpected EOF";

/** strconv.Quote's escapes for a byte read as a rune. */
function goQuoteByte(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const named: Readonly<Record<number, string>> = {
    7: "\\a",
    8: "\\b",
    9: "\\t",
    10: "\\n",
    11: "\\v",
    12: "\\f",
    13: "\\r",
    0x5c: "\\\\",
  };
  const hex = (n: number, w: number) => n.toString(16).padStart(w, "0");
  let s: string;
  if (named[c] !== undefined) s = named[c];
  else if (c < 0x20 || c === 0x7f) s = `\\x${hex(c, 2)}`;
  else if ((c >= 0x80 && c <= 0xa0) || c === 0xad) s = `\\u${hex(c, 4)}`;
  else s = String.fromCharCode(c);
  return `'${s}'`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** A byte scanner over one stream, following encoding/json's scanner states. */
class Scanner {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}

  private peek(): number {
    if (this.pos >= this.b.length) throw new JsonSyntax(UNEXPECTED_EOF, this.b.length);
    return this.b[this.pos]!;
  }

  private fail(context: string): never {
    const c = this.b[this.pos]!;
    throw new JsonSyntax(`invalid character ${goQuoteByte(c)} ${context}`, this.pos + 1);
  }

  skipSpace(): void {
    while (this.pos < this.b.length && isSpace(this.b[this.pos]!)) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.b.length;
  }

  value(): void {
    this.skipSpace();
    const c = this.peek();
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || isDigit(c)) return this.number();
    if (c === 0x74) return this.literal("true");
    if (c === 0x66) return this.literal("false");
    if (c === 0x6e) return this.literal("null");
    this.fail("looking for beginning of value");
  }

  private object(): void {
    this.pos++;
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() !== 0x22) this.fail("looking for beginning of object key string");
      this.string();
      this.skipSpace();
      if (this.peek() !== 0x3a) this.fail("after object key");
      this.pos++;
      this.value();
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c === 0x7d) return;
      if (c !== 0x2c) {
        this.pos--;
        this.fail("after object key:value pair");
      }
    }
  }

  private array(): void {
    this.pos++;
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c === 0x5d) return;
      if (c !== 0x2c) {
        this.pos--;
        this.fail("after array element");
      }
    }
  }

  private string(): void {
    this.pos++;
    for (;;) {
      const c = this.peek();
      if (c === 0x22) {
        this.pos++;
        return;
      }
      if (c < 0x20) this.fail("in string literal");
      this.pos++;
      if (c !== 0x5c) continue;
      const e = this.peek();
      if (e === 0x75) {
        this.pos++;
        for (let i = 0; i < 4; i++) {
          if (!isHex(this.peek())) this.fail("in \\u hexadecimal character escape");
          this.pos++;
        }
      } else if ('"\\/bfnrt'.includes(String.fromCharCode(e))) this.pos++;
      else this.fail("in string escape code");
    }
  }

  private digits(): void {
    while (this.pos < this.b.length && isDigit(this.b[this.pos]!)) this.pos++;
  }

  private number(): void {
    if (this.peek() === 0x2d) {
      this.pos++;
      if (!isDigit(this.peek())) this.fail("in numeric literal");
    }
    if (this.peek() === 0x30) this.pos++;
    else this.digits();
    if (this.pos < this.b.length && this.b[this.pos] === 0x2e) {
      this.pos++;
      if (!isDigit(this.peek())) this.fail("after decimal point in numeric literal");
      this.digits();
    }
    const e = this.b[this.pos];
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const s = this.peek();
      if (s === 0x2b || s === 0x2d) this.pos++;
      if (!isDigit(this.peek())) this.fail("in exponent of numeric literal");
      this.digits();
    }
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) {
      if (this.peek() !== word.charCodeAt(i))
        this.fail(`in literal ${word} (expecting '${word[i]}')`);
      this.pos++;
    }
  }
}

/**
 * The values of a JSON stream, in order; decoding stops at the first syntax
 * error, which is the last item (as json.Decoder stops).
 */
export function readJsonStream(text: string): JsonStreamItem[] {
  const bytes = Buffer.from(text, "utf8");
  const scanner = new Scanner(bytes);
  const out: JsonStreamItem[] = [];
  for (;;) {
    scanner.skipSpace();
    if (scanner.atEnd()) return out;
    const start = scanner.pos;
    try {
      scanner.value();
    } catch (e) {
      if (!(e instanceof JsonSyntax)) throw e;
      const error = e.text === UNEXPECTED_EOF ? e.text : `json: offset ${e.offset}: ${e.text}`;
      out.push({ error, offset: e.offset });
      return out;
    }
    out.push({ value: JSON.parse(bytes.subarray(start, scanner.pos).toString("utf8")) });
  }
}
