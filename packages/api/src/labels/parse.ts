/**
 * The label selector string parser. Mirrors the Lexer and Parser of
 * k8s.io/apimachinery/pkg/labels/selector.go (labels.Parse), v1.31–v1.34.
 *
 * Grammar (upstream's):
 *
 *   <selector>     ::= <requirement> | <requirement> "," <selector>
 *   <requirement>  ::= [!] KEY [ <set-based> | <exact-match> | <numeric> ]
 *   <set-based>    ::= ( "in" | "notin" ) "(" VALUE { "," VALUE } ")"
 *   <exact-match>  ::= ( "=" | "==" | "!=" ) VALUE
 *   <numeric>      ::= ( ">" | "<" ) INTEGER
 *
 * Blanks (space, tab, CR, LF) separate tokens and are otherwise ignored:
 * `"x= ,z= "` is `x=,z=`. A bare KEY means "exists", `!KEY` "does not exist".
 * Empty values are allowed: `x=`, `x in ()`, `x in (a,)`. Set values are
 * de-duplicated and sorted. `in` and `notin` are keywords only where an
 * operator is expected, so `notin=in` selects label notin with value "in".
 *
 * Errors are 400 BadRequest with upstream's messages, e.g.
 *   "x in (a"  -> found '', expected: ',' or ')'   (wrapped: unable to parse requirement: ...)
 *   "-bad"     -> unable to parse requirement: <nil>: Invalid value: "-bad": name part must consist of ...
 *   "x=a,"     -> found '', expected: identifier after ','
 *
 * The result is sorted by key (stably), so parse(s).toString() is canonical.
 */
import { badRequest, fieldErrorString } from "../errors.js";
import type { Operator, Requirement, Selector } from "./selector.js";
import { aggregateMessage, labelKeyError, requirementErrors, selectorOf } from "./selector.js";
import { compareBytewise } from "./gostring.js";

type Token =
  | "error"
  | "eos"
  | ")"
  | ","
  | "!"
  | "=="
  | "="
  | ">"
  | "ident"
  | "in"
  | "<"
  | "!="
  | "notin"
  | "(";

interface Item {
  readonly tok: Token;
  readonly lit: string;
}

/** string2token: every literal the lexer knows (identifiers aside). */
const literalTokens: ReadonlyMap<string, Token> = new Map<string, Token>([
  [")", ")"],
  [",", ","],
  ["!", "!"],
  ["==", "=="],
  ["=", "="],
  [">", ">"],
  ["in", "in"],
  ["<", "<"],
  ["!=", "!="],
  ["notin", "notin"],
  ["(", "("],
]);

/** The binary operators, in the order upstream lists them in "expected: ..." messages. */
const binaryOperators = "in, notin, =, ==, !=, gt, lt";

const END = "\0";
const isWhitespace = (ch: string): boolean =>
  ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
const isSpecialSymbol = (ch: string): boolean =>
  ch === "=" || ch === "!" || ch === "(" || ch === ")" || ch === "," || ch === ">" || ch === "<";

/**
 * Splits the input into tokens. Like upstream's byte reader, a NUL character
 * reads as the end of the input where a token would start.
 */
class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  private read(): string {
    if (this.pos < this.s.length) return this.s[this.pos++]!;
    return END;
  }

  private unread(): void {
    this.pos--;
  }

  lex(): Item {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === END) return { tok: "eos", lit: "" };
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIdOrKeyword();
  }

  /** The longest run of non-blank, non-special characters: an identifier, `in` or `notin`. */
  private scanIdOrKeyword(): Item {
    let buffer = "";
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
    }
    return { tok: literalTokens.get(buffer) ?? "ident", lit: buffer };
  }

  /** The longest run of special characters that is still a token: `!=` before `!`. */
  private scanSpecialSymbol(): Item {
    let buffer = "";
    let last: Item | undefined;
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (!isSpecialSymbol(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
      const tok = literalTokens.get(buffer);
      if (tok !== undefined) last = { tok, lit: buffer };
      else if (last !== undefined) {
        this.unread();
        break;
      }
    }
    return last ?? { tok: "error", lit: `error expected: keyword found '${buffer}'` };
  }
}

/** A syntax error, carrying upstream's message (before any "unable to parse requirement" prefix). */
class SyntaxFailure {
  constructor(readonly message: string) {}
}

/** Where a token is read: in "values" context, `in` and `notin` are plain identifiers. */
type Context = "keyAndOperator" | "values";

class Parser {
  private readonly items: Item[] = [];
  private position = 0;

  constructor(input: string) {
    const lexer = new Lexer(input);
    for (;;) {
      const item = lexer.lex();
      this.items.push(item);
      if (item.tok === "eos") break;
    }
  }

  private lookahead(ctx: Context): Item {
    return this.contextual(this.items[this.position]!, ctx);
  }

  private consume(ctx: Context): Item {
    return this.contextual(this.items[this.position++]!, ctx);
  }

  private contextual(item: Item, ctx: Context): Item {
    if (ctx === "values" && (item.tok === "in" || item.tok === "notin")) {
      return { tok: "ident", lit: item.lit };
    }
    return item;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead("values");
      if (tok === "eos") return requirements;
      if (tok !== "ident" && tok !== "!") {
        throw new SyntaxFailure(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof SyntaxFailure) {
          throw new SyntaxFailure(`unable to parse requirement: ${e.message}`);
        }
        throw e;
      }
      const next = this.consume("values");
      if (next.tok === "eos") return requirements;
      if (next.tok !== ",") {
        throw new SyntaxFailure(`found '${next.lit}', expected: ',' or 'end of string'`);
      }
      const after = this.lookahead("values");
      if (after.tok !== "ident" && after.tok !== "!") {
        throw new SyntaxFailure(`found '${after.lit}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred !== undefined) return this.requirement(key, inferred, []);
    const operator = this.parseOperator();
    const values =
      operator === "in" || operator === "notin" ? this.parseValues() : this.parseExactValue();
    return this.requirement(key, operator, [...values].sort(compareBytewise));
  }

  /** NewRequirement, with the parser's (nil) field path. */
  private requirement(key: string, operator: Operator, values: string[]): Requirement {
    const errs = requirementErrors(key, operator, values);
    if (errs.length > 0) throw new SyntaxFailure(aggregateMessage(errs));
    return Object.freeze({ key, operator, values: Object.freeze(values) });
  }

  /**
   * `[!] KEY`, inferring "exists" when the key stands alone. The key is checked
   * here against a nil path, which upstream prints as `<nil>`.
   */
  private parseKeyAndInferOperator(): [string, "exists" | "!" | undefined] {
    let operator: "exists" | "!" | undefined;
    let item = this.consume("values");
    if (item.tok === "!") {
      operator = "!";
      item = this.consume("values");
    }
    if (item.tok !== "ident") throw new SyntaxFailure(`found '${item.lit}', expected: identifier`);
    const keyErr = labelKeyError(item.lit, "<nil>");
    if (keyErr !== undefined) throw new SyntaxFailure(fieldErrorString(keyErr));
    const next = this.lookahead("values").tok;
    if ((next === "eos" || next === ",") && operator !== "!") operator = "exists";
    return [item.lit, operator];
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume("keyAndOperator");
    switch (tok) {
      case "in":
        return "in";
      case "notin":
        return "notin";
      case "=":
        return "=";
      case "==":
        return "==";
      case "!=":
        return "!=";
      case ">":
        return "gt";
      case "<":
        return "lt";
      default:
        throw new SyntaxFailure(`found '${lit}', expected: ${binaryOperators}`);
    }
  }

  /** `( VALUE {, VALUE} )`: the values as a set. `()` is the set of one empty value. */
  private parseValues(): Set<string> {
    const open = this.consume("values");
    if (open.tok !== "(") throw new SyntaxFailure(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead("values");
    if (tok === "ident" || tok === ",") {
      const set = this.parseIdentifiersList();
      // parseIdentifiersList only returns with ")" next.
      this.consume("values");
      return set;
    }
    if (tok === ")") {
      this.consume("values");
      return new Set([""]);
    }
    throw new SyntaxFailure(`found '${lit}', expected: ',', ')' or identifier`);
  }

  /**
   * A comma-separated list of possibly empty identifiers: `a,,b` holds "".
   * This is the v1.31–v1.34 parser, which on ",," consumes the second comma
   * itself; so "(a,,)" is an error there while "(a,,,)" is accepted (v1.35
   * fixed this; kubesim keeps the behaviour of the version it reports).
   */
  private parseIdentifiersList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume("values");
      if (tok === "ident") {
        set.add(lit);
        const next = this.lookahead("values");
        if (next.tok === ",") continue;
        if (next.tok === ")") return set;
        throw new SyntaxFailure(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok === ",") {
        if (set.size === 0) set.add(""); // "(,"
        const next = this.lookahead("values").tok;
        if (next === ")") {
          set.add(""); // ",)"
          return set;
        }
        if (next === ",") {
          this.consume("values");
          set.add(""); // ",,"
        }
        continue;
      }
      throw new SyntaxFailure(`found '${lit}', expected: ',', or identifier`);
    }
  }

  /** The one value after `=`, `==`, `!=`, `>` or `<`; nothing before "," or the end is "". */
  private parseExactValue(): Set<string> {
    const next = this.lookahead("values").tok;
    if (next === "eos" || next === ",") return new Set([""]);
    const { tok, lit } = this.consume("values");
    if (tok === "ident") return new Set([lit]);
    throw new SyntaxFailure(`found '${lit}', expected: identifier`);
  }
}

/**
 * labels.Parse: the kubectl `-l` / `?labelSelector=` form, e.g.
 * `app=web,tier!=db,env in (a,b),env notin (c),!legacy,has-key`.
 * Throws a 400 BadRequest ApiError with upstream's message.
 */
export function parseSelector(s: string): Selector {
  let requirements: Requirement[];
  try {
    requirements = new Parser(s).parse();
  } catch (e) {
    if (e instanceof SyntaxFailure) throw badRequest(e.message);
    throw e;
  }
  return selectorOf(requirements);
}
