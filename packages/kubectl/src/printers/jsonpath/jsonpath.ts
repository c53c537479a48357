/**
 * kubectl's JSONPath templates over unstructured objects: Parse, FindResults,
 * Execute and PrintResults of staging/src/k8s.io/client-go/util/jsonpath/jsonpath.go.
 *
 *   new JSONPath("out").allowMissingKeys(true).parse("{range .items[*]}{.metadata.name}{'\n'}{end}")
 *     .execute(list)   // "web-1\nweb-2\n"
 *
 * Values are JSON values; `undefined` stands for Go's invalid reflect.Value
 * (what a range over nothing evaluates against) and `null` for a JSON null.
 * Results of one action print separated by spaces; maps and arrays print as
 * compact JSON, strings as they are, null as `null`.
 */
import { goJSON } from "../json.js";
import { formatGoNumber, goTypeName, goValue } from "../go-format.js";
import { compare, type Operand } from "./compare.js";
import type { ListNode, Node } from "./node.js";
import { parseJSONPath } from "./parser.js";

/** An evaluation failure, with upstream's message. */
export class JSONPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JSONPathError";
  }
}

const fail = (message: string): never => {
  throw new JSONPathError(message);
};

/** A value as walked: the JSON value and, for literals, the kind the template gave it. */
interface Value {
  readonly v: unknown;
  readonly kind?: "int" | "float" | "string" | "bool";
}

const val = (v: unknown): Value => ({ v });

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Children for `*` and `..`: map values, array items, a string's bytes. */
function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v))
    return Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .map((k) => v[k]);
  if (typeof v === "string") return [...new TextEncoder().encode(v)];
  return [];
}

export class JSONPath {
  private root: ListNode | undefined;
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode = -1;
  private missingKeysAllowed = false;
  private outputJSON = false;

  constructor(readonly name: string) {}

  /** Missing fields give no result instead of an error (kubectl's default for -o jsonpath). */
  allowMissingKeys(allow: boolean): this {
    this.missingKeysAllowed = allow;
    return this;
  }

  /** `-o jsonpath-as-json`: each action's results print as an indented JSON array. */
  enableJSONOutput(v: boolean): this {
    this.outputJSON = v;
    return this;
  }

  /** Parses the template; throws JSONPathParseError. */
  parse(text: string): this {
    this.root = parseJSONPath(this.name, text);
    return this;
  }

  /** The template's text for `data`. */
  execute(data: unknown): string {
    let out = "";
    for (const results of this.findResults(data)) out += this.printResults(results);
    return out;
  }

  /** One result list per action (and per range iteration). */
  findResults(data: unknown): unknown[][] {
    if (this.root === undefined) fail(`${this.name} is an incomplete jsonpath template`);
    this.beginRange = 0;
    this.inRange = 0;
    this.endRange = 0;
    this.lastEndNode = -1;
    return this.find(data, 0).map((rs) => rs.map((r) => r.v));
  }

  private find(data: unknown, from: number): Value[][] {
    const nodes = this.root!.nodes;
    const cur = [val(data)];
    const full: Value[][] = [];
    for (let i = from; i < nodes.length; i++) {
      const results = this.walk(cur, nodes[i]!);
      // an end node closes the current range block
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = i;
        break;
      }
      // a range node starts a loop over its results
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const r of results) full.push(...this.find(r.v, i + 1));
        } else {
          // still walk the range's nodes, so the position moves to its end
          this.find(undefined, i + 1);
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (k === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  /** The text of one action's results. */
  printResults(results: readonly unknown[]): string {
    if (this.outputJSON) return `${goJSON(results, "    ")}\n`;
    return results
      .map((r) => {
        if (r !== null && typeof r === "object") return goJSON(r);
        return this.evalToText(r);
      })
      .join(" ");
  }

  private evalToText(v: unknown): string {
    if (v === undefined) return "<no value>";
    if (v === null) return "null";
    if (typeof v === "number") return formatGoNumber(v);
    return String(v);
  }

  private walk(value: Value[], node: Node): Value[] {
    switch (node.type) {
      case "NodeList":
        return this.evalList(value, node);
      case "NodeText":
        return [{ v: node.text, kind: "string" }];
      case "NodeField":
        return this.evalField(value, node.value);
      case "NodeArray":
        return this.evalArray(value, node.params);
      case "NodeFilter":
        return this.evalFilter(value, node);
      case "NodeInt":
        return value.map(() => ({ v: node.value, kind: "int" as const }));
      case "NodeFloat":
        return value.map(() => ({ v: node.value, kind: "float" as const }));
      case "NodeBool":
        return value.map(() => ({ v: node.value, kind: "bool" as const }));
      case "NodeWildcard":
        return value.flatMap((x) => (x.v === null ? [] : children(x.v).map(val)));
      case "NodeRecursive":
        return this.evalRecursive(value);
      case "NodeUnion":
        return node.nodes.flatMap((l) => this.evalList(value, l));
      case "NodeIdentifier":
        return this.evalIdentifier(value, node.name);
    }
  }

  private evalList(value: Value[], node: ListNode): Value[] {
    let cur = value;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: Value[], name: string): Value[] {
    switch (name) {
      case "range":
        this.beginRange++;
        return input;
      case "end":
        if (this.inRange > 0) {
          this.endRange++;
          return [];
        }
        return fail("not in range, nothing to end");
      default:
        return fail(`unrecognized identifier ${name}`);
    }
  }

  private evalField(input: Value[], field: string): Value[] {
    const results: Value[] = [];
    if (input.length === 0) return results;
    for (const { v } of input) {
      if (v === null) continue;
      if (isMap(v) && Object.hasOwn(v, field) && v[field] !== undefined)
        results.push(val(v[field]));
    }
    if (results.length === 0 && !this.missingKeysAllowed) fail(`${field} is not found`);
    return results;
  }

  private evalArray(
    input: Value[],
    node: readonly [
      { value: number; known: boolean; derived: boolean },
      { value: number; known: boolean; derived: boolean },
      { value: number; known: boolean; derived: boolean },
    ],
  ): Value[] {
    const result: Value[] = [];
    for (const { v } of input) {
      if (v === null) continue;
      if (!Array.isArray(v)) {
        return fail(
          `${v === undefined ? "<invalid reflect.Value>" : goTypeName(v)} is not array or slice`,
        );
      }
      const len = v.length;
      let start = node[0].known ? node[0].value : 0;
      if (start < 0) start += len;
      let end = node[1].known ? node[1].value : len;
      if (end < 0 || (end === 0 && node[1].derived)) end += len;
      if (end !== start) {
        if (start >= len || start < 0)
          fail(`array index out of bounds: index ${start}, length ${len}`);
        if (end > len || end < 0)
          fail(`array index out of bounds: index ${end - 1}, length ${len}`);
        if (start > end) fail(`starting index ${start} is greater than ending index ${end}`);
      } else {
        return result;
      }
      let step = 1;
      if (node[2].known) {
        if (node[2].value <= 0) fail("step must be > 0");
        step = node[2].value;
      }
      const slice = v.slice(start, end);
      for (let i = 0; i < slice.length; i += step) result.push(val(slice[i]));
    }
    return result;
  }

  private evalRecursive(input: Value[]): Value[] {
    const result: Value[] = [];
    for (const { v } of input) {
      if (v === null || v === undefined) continue;
      const kids = children(v);
      if (kids.length !== 0) {
        result.push(val(v));
        result.push(...this.evalRecursive(kids.map(val)));
      }
    }
    return result;
  }

  private evalFilter(
    input: Value[],
    node: { readonly left: ListNode; readonly right: ListNode; readonly operator: string },
  ): Value[] {
    const results: Value[] = [];
    for (const { v } of input) {
      if (!Array.isArray(v)) fail(`${goValue(v)} is not array or slice and cannot be filtered`);
      for (const item of v as unknown[]) {
        const temp = [val(item)];
        if (node.operator === "exists") {
          let lefts: Value[] = [];
          try {
            lefts = this.evalList(temp, node.left);
          } catch (e) {
            if (!(e instanceof JSONPathError)) throw e;
          }
          if (lefts.length > 0) results.push(val(item));
          continue;
        }
        const lefts = this.evalList(temp, node.left);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) fail("can only compare one element at a time");
        const rights = this.evalList(temp, node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) fail("can only compare one element at a time");
        let pass: boolean;
        try {
          pass = compare(node.operator, operand(lefts[0]!), operand(rights[0]!));
        } catch (e) {
          return fail((e as Error).message);
        }
        if (pass) results.push(val(item));
      }
    }
    return results;
  }
}

const operand = (x: Value): Operand =>
  x.kind === undefined ? { value: x.v } : { value: x.v, kind: x.kind };
