import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBadRequest } from "../errors.js";
import { parseSelector } from "./parse.js";
import type { Operator, Requirement, Selector } from "./selector.js";
import { selectorOf } from "./selector.js";

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isBadRequest(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error("expected a BadRequest");
}

const r = (key: string, operator: Operator, values: string[] = []): Requirement => ({
  key,
  operator,
  values,
});
const plain = (sel: Selector): Requirement[] =>
  sel.requirements.map((x) => ({ key: x.key, operator: x.operator, values: [...x.values] }));

describe("parseSelector (TestSelectorParse)", () => {
  it.each([
    "x=a,y=b,z=c",
    "",
    "x!=a,y=b",
    "x=",
    "x= ",
    "x=,z= ",
    "x= ,z= ",
    "!x",
    "x>1",
    "x>1,z<5",
  ])("parses %j and prints it back without blanks", (s) =>
    expect(parseSelector(s).toString()).toBe(s.replaceAll(" ", "")),
  );

  it.each(["x=a||y=b", "x==a==b", "!x=a", "x<a"])("refuses %j", (s) => {
    expect(() => parseSelector(s)).toThrow();
  });

  it("is deterministic: the order of terms does not matter (TestDeterministicParse)", () => {
    expect(parseSelector("x=a,a=x").toString()).toBe(parseSelector("a=x,x=a").toString());
  });

  it("parses the kubectl example from the brief", () => {
    const sel = parseSelector("app=web,tier!=db,env in (a,b),env notin (c),!legacy,has-key");
    expect(sel.toString()).toBe("app=web,env in (a,b),env notin (c),has-key,!legacy,tier!=db");
    expect(sel.matches({ app: "web", env: "a", "has-key": "" })).toBe(true);
    expect(sel.matches({ app: "web", env: "a", "has-key": "", legacy: "1" })).toBe(false);
    expect(sel.matches({ app: "web", env: "c", "has-key": "" })).toBe(false);
    expect(sel.matches({ app: "web", env: "a", "has-key": "", tier: "db" })).toBe(false);
  });

  it("reads in/notin as values where a value is expected (TestSelectorMatches)", () => {
    expect(parseSelector("notin=in").matches({ notin: "in" })).toBe(true);
  });
});

describe("parseSelector (TestSetSelectorParser)", () => {
  // [input, expected requirements] for the valid cases
  const good: ReadonlyArray<[string, Requirement[]]> = [
    ["", []],
    ["\rx", [r("x", "exists")]],
    [
      "this-is-a-dns.domain.com/key-with-dash",
      [r("this-is-a-dns.domain.com/key-with-dash", "exists")],
    ],
    [
      "this-is-another-dns.domain.com/key-with-dash in (so,what)",
      [r("this-is-another-dns.domain.com/key-with-dash", "in", ["so", "what"])],
    ],
    [
      "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
      [r("0.1.2.domain/99", "notin", ["10.10.100.1", "tick.tack.clock"])],
    ],
    ["foo  in\t (abc)", [r("foo", "in", ["abc"])]],
    ["x notin\n (abc)", [r("x", "notin", ["abc"])]],
    ["x  notin\t\t\t(abc,def)", [r("x", "notin", ["abc", "def"])]],
    ["x in (abc,def)", [r("x", "in", ["abc", "def"])]],
    ["x in (abc,)", [r("x", "in", ["", "abc"])]],
    ["x in (abc,abc)", [r("x", "in", ["abc"])]],
    ["x in ()", [r("x", "in", [""])]],
    ["x in (a,,,)", [r("x", "in", ["", "a"])]],
    [
      "x notin (abc,,def),bar,z in (),w",
      [
        r("bar", "exists"),
        r("w", "exists"),
        r("x", "notin", ["", "abc", "def"]),
        r("z", "in", [""]),
      ],
    ],
    ["x,y in (a)", [r("x", "exists"), r("y", "in", ["a"])]],
    ["x=a", [r("x", "=", ["a"])]],
    ["x>1", [r("x", "gt", ["1"])]],
    ["x<7", [r("x", "lt", ["7"])]],
    ["x=a,y!=b", [r("x", "=", ["a"]), r("y", "!=", ["b"])]],
    [
      "x=a,y!=b,z in (h,i,j)",
      [r("x", "=", ["a"]), r("y", "!=", ["b"]), r("z", "in", ["h", "i", "j"])],
    ],
    ["x notin ( )", [r("x", "notin", [""])]],
    ["x notin (, a)", [r("x", "notin", ["", "a"])]],
    ["a ", [r("a", "exists")]],
    ["a in (x,y,notin, z,in)", [r("a", "in", ["in", "notin", "x", "y", "z"])]],
    ["x==a", [r("x", "==", ["a"])]],
    ["x!=", [r("x", "!=", [""])]],
  ];
  it.each(good)("%j", (s, want) => expect(plain(parseSelector(s))).toEqual(want));

  // The invalid cases, with upstream's messages.
  const bad: ReadonlyArray<[string, string]> = [
    [
      "x=a||y=b",
      "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
    ["x,,y", "found ',', expected: identifier after ','"],
    [",x,y", "found ',', expected: !, identifier, or 'end of string'"],
    [
      "x nott in (y)",
      "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt",
    ],
    ["a in (xyz),", "found '', expected: identifier after ','"],
    ["a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'"],
    ["a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ["a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ["a (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ["(", "found '(', expected: !, identifier, or 'end of string'"],
    ["x in a", "unable to parse requirement: found 'a' expected: '('"],
    ["x in (a", "unable to parse requirement: found '', expected: ',' or ')'"],
    ["x in (a=b)", "unable to parse requirement: found '=', expected: ',' or ')'"],
    ["x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ["x in (a,=)", "unable to parse requirement: found '=', expected: ',', or identifier"],
    ["x=(", "unable to parse requirement: found '(', expected: identifier"],
    ["!=x", "found '!=', expected: !, identifier, or 'end of string'"],
    ["!(", "unable to parse requirement: found '(', expected: identifier"],
    ["!!x", "unable to parse requirement: found '!', expected: identifier"],
    ["!x=a", "found '=', expected: ',' or 'end of string'"],
    ["x==a==b", "found '==', expected: ',' or 'end of string'"],
    [
      "x<a",
      "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    [
      "x>99999999999999999999",
      "unable to parse requirement: values[0]: Invalid value: \"99999999999999999999\": for 'Gt', 'Lt' operators, the value must be an integer",
    ],
    [
      "-bad",
      "unable to parse requirement: <nil>: Invalid value: \"-bad\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
    [
      "a/b/c=d",
      "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
    // several key messages join with "; "
    [
      "Example.com/ in (a)",
      "unable to parse requirement: <nil>: Invalid value: \"Example.com/\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'); name part must be non-empty; name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
    // v1.31–v1.34: ",," consumes its second comma, so "(a,,)" meets ")" where a value is expected
    ["x in (a,,)", "unable to parse requirement: found ')', expected: ',', or identifier"],
    ["x in (a,,,,,,)", "unable to parse requirement: found ')', expected: ',', or identifier"],
  ];
  it.each(bad)("refuses %j", (s, msg) =>
    expect(badRequestMessage(() => parseSelector(s))).toBe(msg),
  );

  it("reads a NUL where a token starts as the end of the input, as upstream's byte lexer does", () => {
    expect(parseSelector("a=b,c\u0000").toString()).toBe("a=b,c");
    expect(parseSelector("a=b \u0000 garbage ((").toString()).toBe("a=b");
  });
});

// ---- properties ----

const keys = ["a", "b", "app", "x.io/tier", "k8s.io/z-1", "in", "notin"];
const values = ["", "v", "web", "1", "10", "in", "notin", "a.b_c-d"];

/** A random valid requirement over a small vocabulary, so that label maps hit it often. */
const requirementArb: fc.Arbitrary<Requirement> = fc.oneof(
  fc.record({
    key: fc.constantFrom(...keys),
    operator: fc.constantFrom<Operator>("=", "==", "!="),
    values: fc.constantFrom(...values).map((v) => [v]),
  }),
  fc.record({
    key: fc.constantFrom(...keys),
    operator: fc.constantFrom<Operator>("in", "notin"),
    values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    key: fc.constantFrom(...keys),
    operator: fc.constantFrom<Operator>("exists", "!"),
    values: fc.constant([]),
  }),
  fc.record({
    key: fc.constantFrom(...keys),
    operator: fc.constantFrom<Operator>("gt", "lt"),
    values: fc.constantFrom("0", "1", "10", "123").map((v) => [v]),
  }),
);
const selectorArb = fc.array(requirementArb, { maxLength: 5 }).map(selectorOf);
const labelsArb = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), {
  maxKeys: 5,
});

const blank = fc.constantFrom("", " ", "  ", "\t", "\n");
/** Writes a requirement in any of the spellings the parser accepts. */
const spelled = (req: Requirement): fc.Arbitrary<string> =>
  fc.tuple(blank, blank, blank).map(([s1, s2, s3]) => {
    const v = req.values;
    switch (req.operator) {
      case "exists":
        return `${s1}${req.key}${s2}`;
      case "!":
        return `${s1}!${s2}${req.key}${s3}`;
      case "in":
      case "notin":
        return `${s1}${req.key} ${s2}${req.operator}${s3}(${v.join(`${s2},${s3}`)})`;
      case "gt":
        return `${s1}${req.key}${s2}>${s3}${v[0]}`;
      case "lt":
        return `${s1}${req.key}${s2}<${s3}${v[0]}`;
      default:
        return `${s1}${req.key}${s2}${req.operator}${s3}${v[0]}`;
    }
  });
const selectorStringArb = fc
  .array(requirementArb, { maxLength: 5 })
  .chain((reqs) => fc.tuple(...reqs.map(spelled)))
  .map((parts) => parts.join(","));

describe("properties", () => {
  it("print(parse(s)) is a fixed point of print∘parse", () => {
    fc.assert(
      fc.property(selectorStringArb, (s) => {
        const printed = parseSelector(s).toString();
        expect(parseSelector(printed).toString()).toBe(printed);
      }),
      { numRuns: 300 },
    );
  });

  it("parse(print(sel)) matches exactly the label sets sel matches", () => {
    fc.assert(
      fc.property(
        selectorArb,
        fc.array(labelsArb, { minLength: 1, maxLength: 10 }),
        (sel, sets) => {
          const back = parseSelector(sel.toString());
          for (const labels of sets) expect(back.matches(labels)).toBe(sel.matches(labels));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("parsing any spelling gives the selector of its requirements", () => {
    fc.assert(
      fc.property(
        fc
          .array(requirementArb, { maxLength: 5 })
          .chain((reqs) => fc.tuple(fc.constant(reqs), fc.tuple(...reqs.map(spelled)))),
        labelsArb,
        ([reqs, parts], labels) => {
          expect(parseSelector(parts.join(",")).matches(labels)).toBe(
            selectorOf(reqs).matches(labels),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
