import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isBadRequest } from "./errors.js";
import {
  escapeFieldValue,
  everythingFieldSelector,
  fieldRequiresExactMatch,
  fieldSelectorFromSet,
  oneTermEqualSelector,
  parseFieldSelector,
  splitTerm,
  splitTerms,
  transformFieldSelector,
  unescapeFieldValue,
} from "./fields.js";

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isBadRequest(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error("expected a BadRequest");
}

describe("splitTerms (TestSplitTerms)", () => {
  const cases: ReadonlyArray<[string, string[]]> = [
    ["a", ["a"]],
    ["a=avalue", ["a=avalue"]],
    ["a=avalue,b=bvalue", ["a=avalue", "b=bvalue"]],
    ["a=avalue,b==bvalue,c!=cvalue", ["a=avalue", "b==bvalue", "c!=cvalue"]],
    ["", []],
    ["a=a,", ["a=a", ""]],
    [",a=a", ["", "a=a"]],
    ["k=\\,,k2=v2", ["k=\\,", "k2=v2"]],
    ["k=\\\\,k2=v2", ["k=\\\\", "k2=v2"]],
    ["k=\\\\\\,,k2=v2", ["k=\\\\\\,", "k2=v2"]],
    ["k=\\a\\b\\", ["k=\\a\\b\\"]],
    ["k=\\", ["k=\\"]],
    ["함=수,목=록", ["함=수", "목=록"]],
  ];
  it.each(cases)("%j", (s, terms) => expect(splitTerms(s)).toEqual(terms));
});

describe("splitTerm (TestSplitTerm)", () => {
  const cases: ReadonlyArray<
    [string, { field: string; operator: string; value: string } | undefined]
  > = [
    ["a=value", { field: "a", operator: "=", value: "value" }],
    ["b==value", { field: "b", operator: "==", value: "value" }],
    ["c!=value", { field: "c", operator: "!=", value: "value" }],
    ["", undefined],
    ["a", undefined],
    ["k=\\,", { field: "k", operator: "=", value: "\\," }],
    ["k=\\=", { field: "k", operator: "=", value: "\\=" }],
    ["k=\\\\\\a\\b\\=\\,\\", { field: "k", operator: "=", value: "\\\\\\a\\b\\=\\,\\" }],
    ["함=수", { field: "함", operator: "=", value: "수" }],
  ];
  it.each(cases)("%j", (term, want) => expect(splitTerm(term)).toEqual(want));
});

describe("escapeFieldValue / unescapeFieldValue (TestEscapeValue)", () => {
  const cases: ReadonlyArray<[string, string]> = [
    ["", ""],
    ["a", "a"],
    ["=", "\\="],
    [",", "\\,"],
    ["\\", "\\\\"],
    ["\\=\\,\\", "\\\\\\=\\\\\\,\\\\"],
  ];
  it.each(cases)("%j <-> %j", (raw, escaped) => {
    expect(escapeFieldValue(raw)).toBe(escaped);
    expect(unescapeFieldValue(escaped)).toBe(raw);
  });

  it.each([
    ["\\", "invalid field selector: invalid escape sequence: \\"],
    ["\\\\\\", "invalid field selector: invalid escape sequence: \\"],
    ["\\a", "invalid field selector: invalid escape sequence: \\a"],
    // upstream prints the rune with %v: its code point
    ["a=b", "invalid field selector: unescaped character in value: 61"],
    ["a,b", "invalid field selector: unescaped character in value: 44"],
  ])("refuses %j", (s, msg) => expect(badRequestMessage(() => unescapeFieldValue(s))).toBe(msg));

  it("round-trips any string (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "\\", ",", "=", "!", " ", "é") }), (s) => {
        expect(unescapeFieldValue(escapeFieldValue(s))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseFieldSelector (TestSelectorParse, TestSelectorMatches)", () => {
  it.each(["x=a,y=b,z=c", "", "x!=a,y=b", "x=a||y\\=b", "x=a\\=\\=b"])("prints %j back", (s) =>
    expect(parseFieldSelector(s).toString()).toBe(s),
  );

  it.each([
    ["x=a||y=b", "invalid field selector: unescaped character in value: 61"],
    ["x==a==b", "invalid field selector: unescaped character in value: 61"],
    ["x=a,b", "invalid selector: 'x=a,b'; can't understand 'b'"],
    ["x in (a)", "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    ["x in (a,b,c)", "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
    ["x", "invalid selector: 'x'; can't understand 'x'"],
    ["x=a\\b", "invalid field selector: invalid escape sequence: \\b"],
  ])("refuses %j", (s, msg) => expect(badRequestMessage(() => parseFieldSelector(s))).toBe(msg));

  it("is deterministic (TestDeterministicParse) and reads == as =", () => {
    expect(parseFieldSelector("x=a,a=x").toString()).toBe(parseFieldSelector("a=x,x=a").toString());
    expect(parseFieldSelector("b==1").toString()).toBe("b=1");
    expect(parseFieldSelector("b==1").requirements).toEqual([
      { field: "b", operator: "=", value: "1" },
    ]);
  });

  it("skips empty terms", () => {
    expect(parseFieldSelector(",a=1,,").toString()).toBe("a=1");
    expect(parseFieldSelector(",").isEmpty()).toBe(true);
  });

  it("matches as upstream's tests do", () => {
    const match = (s: string, f: Record<string, string>): boolean =>
      parseFieldSelector(s).matches(f);
    expect(match("", { x: "y" })).toBe(true);
    expect(match("x=y", { x: "y" })).toBe(true);
    expect(match("x=y,z=w", { x: "y", z: "w" })).toBe(true);
    expect(match("x!=y,z!=w", { x: "z", z: "a" })).toBe(true);
    expect(match("notin=in", { notin: "in" })).toBe(true);
    expect(match("x=y", { x: "z" })).toBe(false);
    expect(match("x=y,z=w", { x: "w", z: "w" })).toBe(false);
    expect(match("x!=y,z!=w", { x: "z", z: "w" })).toBe(false);
    const fieldset = { foo: "bar", baz: "blah", complex: "=value\\,\\" };
    expect(match("foo=bar", fieldset)).toBe(true);
    expect(match("foo=bar,baz=blah", fieldset)).toBe(true);
    expect(match("foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\", fieldset)).toBe(true);
    expect(match("foo=blah", fieldset)).toBe(false);
    expect(match("foo=bar,foobar=bar,baz=blah", fieldset)).toBe(false);
  });

  it("reads a missing field as ''", () => {
    expect(parseFieldSelector("spec.nodeName=").matches({})).toBe(true);
    expect(parseFieldSelector("spec.nodeName!=").matches({})).toBe(false);
    expect(parseFieldSelector("spec.nodeName!=").matches({ "spec.nodeName": "n1" })).toBe(true);
    expect(parseFieldSelector("constructor=").matches({})).toBe(true);
  });

  it("parse(print(sel)) has the same terms as sel, and printing is a fixed point (property)", () => {
    const text = fc.string({
      unit: fc.constantFrom("a", "b", "\\", ",", "=", "!", ".", " "),
      maxLength: 6,
    });
    // field names hold no operator characters: upstream never unescapes them
    const field = fc.string({
      unit: fc.constantFrom("a", "b", ".", "x"),
      minLength: 1,
      maxLength: 5,
    });
    const term = fc.record({
      field,
      operator: fc.constantFrom<"=" | "!=">("=", "!="),
      value: text,
    });
    const key = (r: { field: string; operator: string; value: string }): string =>
      `${r.field}\u0000${r.operator}\u0000${r.value}`;
    fc.assert(
      fc.property(fc.array(term, { maxLength: 4 }), (terms) => {
        const printed = terms
          .map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`)
          .join(",");
        const sel = parseFieldSelector(printed);
        expect(sel.requirements.map(key).sort()).toEqual(terms.map(key).sort());
        expect(parseFieldSelector(sel.toString()).toString()).toBe(sel.toString());
      }),
      { numRuns: 300 },
    );
  });
});

describe("selectors from values (TestEverything, TestSetMatches, TestOneTermEqualSelector)", () => {
  it("everything matches all and is empty", () => {
    expect(everythingFieldSelector().matches({ x: "y" })).toBe(true);
    expect(everythingFieldSelector().isEmpty()).toBe(true);
  });

  it("oneTermEqualSelector", () => {
    expect(oneTermEqualSelector("x", "y").matches({ x: "y" })).toBe(true);
    expect(oneTermEqualSelector("x", "y").matches({ x: "z" })).toBe(false);
    expect(oneTermEqualSelector("metadata.name", "a,b").toString()).toBe("metadata.name=a\\,b");
  });

  it("fieldSelectorFromSet", () => {
    const set = { foo: "bar", baz: "blah" };
    expect(fieldSelectorFromSet({}).matches(set)).toBe(true);
    expect(fieldSelectorFromSet({}).isEmpty()).toBe(true);
    expect(fieldSelectorFromSet({ foo: "bar", baz: "blah" }).matches(set)).toBe(true);
    expect(fieldSelectorFromSet({ foo: "=blah" }).matches(set)).toBe(false);
    expect(fieldSelectorFromSet({ foo: "=bar", foobar: "bar", baz: "blah" }).matches(set)).toBe(
      false,
    );
    expect(fieldSelectorFromSet({ b: "1", a: "2" }).toString()).toBe("a=2,b=1");
  });
});

describe("fieldRequiresExactMatch (TestRequiresExactMatch)", () => {
  it.each([
    ["", "test", undefined],
    ["a=b", "test", undefined],
    ["test=b", "test", "b"],
    ["test=", "test", ""],
    ["test!=b", "test", undefined],
    ["a=,test=b", "test", "b"],
  ])("%j on %j", (s, field, want) =>
    expect(fieldRequiresExactMatch(parseFieldSelector(s), field)).toBe(want),
  );
});

describe("transformFieldSelector (TestTransform)", () => {
  const id = (f: string, v: string): [string, string] => [f, v];
  it.each([
    ["", id, "", true],
    ["a=b,c=d", id, "a=b,c=d", false],
    [
      "a=b,c=d",
      (f: string, v: string): [string, string] => (f === "a" ? ["e", "f"] : [f, v]),
      "e=f,c=d",
      false,
    ],
    ["a=b", (): [string, string] => ["", ""], "", true],
    [
      "a=b,c=d,e=f",
      (f: string, v: string): [string, string] => (f === "c" ? ["", ""] : [f, v]),
      "a=b,e=f",
      false,
    ],
  ] as const)("%j", (s, fn, out, empty) => {
    const result = transformFieldSelector(parseFieldSelector(s), fn);
    expect(result.toString()).toBe(out);
    expect(result.isEmpty()).toBe(empty);
  });
});
