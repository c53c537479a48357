import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatGoFloat, formatGoNumber, goSyntax, goValue } from "./go-format.js";
import { goJSON, goQuoteJSON } from "./json.js";

describe("goJSON: encoding/json as kubectl -o json prints", () => {
  it("indents with four spaces, sorts keys, keeps empty containers short", () => {
    expect(goJSON({ b: [], a: { y: 1, x: [true, null] }, c: {} }, "    ")).toBe(
      [
        "{",
        '    "a": {',
        '        "x": [',
        "            true,",
        "            null",
        "        ],",
        '        "y": 1',
        "    },",
        '    "b": [],',
        '    "c": {}',
        "}",
      ].join("\n"),
    );
  });

  it("escapes HTML characters, line separators and control characters as Go does", () => {
    expect(goQuoteJSON('<none> & "x"\n\t\u0001\u2028\b\f')).toBe(
      '"\\u003cnone\\u003e \\u0026 \\"x\\"\\n\\t\\u0001\\u2028\\b\\f"',
    );
  });

  it("leaves out undefined fields", () => {
    expect(goJSON({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it("reads back as the same value (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = goJSON(v, "    ");
        expect(JSON.parse(text)).toEqual(v);
      }),
    );
  });
});

describe("Go's number and value formatting", () => {
  it("formats floats as strconv 'g' with the shortest precision", () => {
    expect(formatGoFloat(0.5)).toBe("0.5");
    expect(formatGoFloat(1.25e-7)).toBe("1.25e-07");
    expect(formatGoFloat(1234567.5)).toBe("1.2345675e+06");
    expect(formatGoFloat(123456.5)).toBe("123456.5");
    expect(formatGoNumber(3)).toBe("3");
    expect(formatGoNumber(2 ** 53)).toBe("9007199254740992");
  });

  it("prints %v and %#v of unstructured values", () => {
    expect(goValue({ b: [1, "x"], a: null })).toBe("map[a:<nil> b:[1 x]]");
    expect(goSyntax({ b: [1, "x"], a: null })).toBe(
      'map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x"}}',
    );
  });
});
