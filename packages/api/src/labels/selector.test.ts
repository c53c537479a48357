import { describe, expect, it } from "vitest";
import { isBadRequest } from "../errors.js";
import type { Operator, Requirement } from "./selector.js";
import {
  equalityRequirements,
  everything,
  matchesNothing,
  newRequirement,
  nothing,
  requirementErrors,
  requirementString,
  selectorFromSet,
  selectorOf,
} from "./selector.js";
import { parseSelector } from "./parse.js";

/** The BadRequest message `fn` throws. */
function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isBadRequest(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error("expected a BadRequest");
}

const req = (key: string, operator: Operator, values: string[] = []): Requirement =>
  newRequirement(key, operator, values);

describe("newRequirement (TestRequirementConstructor)", () => {
  // [key, operator, values, expected error fields (empty: valid)]
  const cases: ReadonlyArray<[string, string, string[], string[]]> = [
    ["x1", "in", [], ["values"]],
    ["x2", "notin", [], ["values"]],
    ["x3", "in", ["foo"], []],
    ["x4", "notin", ["foo"], []],
    ["x5", "=", ["bar", "foo"], ["values"]],
    ["x6", "exists", [], []],
    ["x7", "!", [], []],
    ["x8", "exists", ["foo"], ["values"]],
    ["x9", "in", ["bar"], []],
    ["x11", "gt", ["1"], []],
    ["x12", "lt", ["6"], []],
    ["x13", "gt", [], ["values"]],
    ["x14", "gt", ["bar"], ["values[0]"]],
    ["x15", "lt", ["bar"], ["values[0]"]],
    ["a".repeat(254), "exists", [], ["key"]],
    ["x16", "=", ["a".repeat(254)], ["values[0][x16]"]],
    ["x17", "=", ["a b"], ["values[0][x17]"]],
    ["x18", "unsupportedOp", [], ["operator"]],
  ];
  it.each(cases)("%s %s %j", (key, op, values, fields) => {
    expect(requirementErrors(key, op, values).map((e) => e.field)).toEqual(fields);
  });

  it("throws upstream's aggregate message as 400 BadRequest", () => {
    expect(badRequestMessage(() => newRequirement("x", "in", []))).toBe(
      "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
    );
    expect(badRequestMessage(() => newRequirement("x", "=", ["a", "b"]))).toBe(
      'values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value',
    );
    expect(badRequestMessage(() => newRequirement("x", "exists", ["a"]))).toBe(
      'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist',
    );
    expect(badRequestMessage(() => newRequirement("x", "gt", ["1", "b"]))).toBe(
      "[values: Invalid value: []string{\"1\", \"b\"}: for 'Gt', 'Lt' operators, exactly one value is required, " +
        "values[1]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer]",
    );
    expect(badRequestMessage(() => newRequirement("x", "foo" as Operator, []))).toBe(
      'operator: Unsupported value: "foo": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"',
    );
  });

  it("prints each distinct message once in an aggregate", () => {
    // both values fail the same way at different paths: two messages
    expect(badRequestMessage(() => newRequirement("k", "in", ["-a", "-a"]))).toMatch(
      /^\[values\[0\]\[k\]: Invalid value: "-a": .*, values\[1\]\[k\]: Invalid value: "-a": .*\]$/,
    );
  });

  it("keeps the values as given (unsorted)", () => {
    expect(newRequirement("x", "in", ["b", "a"]).values).toEqual(["b", "a"]);
  });
});

describe("requirementString and Selector.toString (TestToString)", () => {
  const cases: ReadonlyArray<[Requirement[], string]> = [
    [
      [req("x", "in", ["abc", "def"]), req("y", "notin", ["jkl"]), req("z", "exists")],
      "x in (abc,def),y notin (jkl),z",
    ],
    [
      [req("x", "notin", ["abc", "def"]), req("y", "!=", ["jkl"]), req("z", "!")],
      "x notin (abc,def),y!=jkl,!z",
    ],
    [
      [req("x", "notin", ["abc"]), req("y", "in", ["jkl", "mno"]), req("z", "notin", [""])],
      "x notin (abc),y in (jkl,mno),z notin ()",
    ],
    [
      [req("x", "=", ["abc"]), req("y", "==", ["jkl"]), req("z", "!=", ["a"]), req("z", "exists")],
      "x=abc,y==jkl,z!=a,z",
    ],
    [[req("x", "gt", ["2"]), req("y", "lt", ["8"]), req("z", "exists")], "x>2,y<8,z"],
  ];
  it.each(cases)("%#", (reqs, out) => expect(selectorOf(reqs).toString()).toBe(out));

  it("sorts set values in the string without touching the requirement", () => {
    const r = req("x", "in", ["b", "a", "c"]);
    expect(requirementString(r)).toBe("x in (a,b,c)");
    expect(r.values).toEqual(["b", "a", "c"]);
  });

  it("sorts requirements by key, keeping the order of requirements on one key", () => {
    const sel = selectorOf([req("z", "exists"), req("a", "=", ["1"]), req("z", "!=", ["q"])]);
    expect(sel.toString()).toBe("a=1,z,z!=q");
  });
});

describe("matching (TestRequirementSelectorMatching, TestSelectorMatches)", () => {
  const cases: ReadonlyArray<[Record<string, string>, Requirement[], boolean]> = [
    [{ x: "foo", y: "baz" }, [req("x", "in", ["foo"]), req("y", "notin", ["alpha"])], true],
    [{ x: "foo", y: "baz" }, [req("x", "in", ["foo"]), req("y", "in", ["alpha"])], false],
    [{ y: "" }, [req("x", "notin", [""]), req("y", "exists")], true],
    [{ y: "" }, [req("x", "!"), req("y", "exists")], true],
    [{ y: "" }, [req("x", "notin", [""]), req("y", "!")], false],
    [{ y: "baz" }, [req("x", "in", [""])], false],
    [{ z: "2" }, [req("z", "gt", ["1"])], true],
    [{ z: "v2" }, [req("z", "gt", ["1"])], false],
    [{ z: "0" }, [req("z", "lt", ["1"])], true],
    // exact beyond 2^53: 9007199254740993 > 9007199254740992
    [{ z: "9007199254740993" }, [req("z", "gt", ["9007199254740992"])], true],
    [{ x: "a" }, [req("x", "!=", ["b"])], true],
    [{}, [req("x", "!=", ["b"])], true],
    [{}, [req("x", "=", ["b"])], false],
  ];
  it.each(cases)("%j %#", (labels, reqs, want) =>
    expect(selectorOf(reqs).matches(labels)).toBe(want),
  );

  it("does not mistake inherited properties for labels", () => {
    expect(selectorOf([req("constructor", "exists")]).matches({})).toBe(false);
    expect(selectorOf([req("toString", "!")]).matches({})).toBe(true);
  });

  it("treats a missing label set as empty", () => {
    expect(selectorOf([req("x", "!")]).matches(undefined)).toBe(true);
    expect(selectorOf([req("x", "exists")]).matches(undefined)).toBe(false);
  });
});

describe("everything, nothing, selectorFromSet (TestEverything, TestSetMatches, TestSetIsEmpty)", () => {
  it("everything() matches all and is empty", () => {
    expect(everything().matches({ x: "y" })).toBe(true);
    expect(everything().isEmpty()).toBe(true);
    expect(everything().toString()).toBe("");
  });

  it("nothing() matches none, is not empty and prints as ''", () => {
    expect(nothing().matches({})).toBe(false);
    expect(nothing().matches({ x: "y" })).toBe(false);
    expect(nothing().isEmpty()).toBe(false);
    expect(nothing().toString()).toBe("");
    expect(matchesNothing(nothing())).toBe(true);
    expect(matchesNothing(everything())).toBe(false);
    expect(matchesNothing(parseSelector("a,!a"))).toBe(false);
  });

  it("selectorFromSet matches exactly the supersets of the set", () => {
    const labels = { foo: "bar", baz: "blah" };
    expect(selectorFromSet({}).matches(labels)).toBe(true);
    expect(selectorFromSet({}).isEmpty()).toBe(true);
    expect(selectorFromSet(undefined).isEmpty()).toBe(true);
    expect(selectorFromSet({ foo: "bar" }).matches(labels)).toBe(true);
    expect(selectorFromSet({ foo: "bar", baz: "blah" }).matches(labels)).toBe(true);
    expect(selectorFromSet({ foo: "=blah" }).matches(labels)).toBe(false);
    expect(selectorFromSet({ foo: "bar", foobar: "bar" }).matches(labels)).toBe(false);
  });

  it("selectorFromSet prints sorted by key (TestSetSelectorString)", () => {
    expect(selectorFromSet({}).toString()).toBe("");
    expect(selectorFromSet({ app: "foo" }).toString()).toBe("app=foo");
    expect(selectorFromSet({ app: "foo", a: "b" }).toString()).toBe("a=b,app=foo");
  });
});

describe("equalityRequirements (RequiresExactMatch, for store indexes)", () => {
  it("lists the =, == and one-value in terms", () => {
    expect(
      equalityRequirements(parseSelector("app=web,env in (a),tier!=db,x in (a,b),y==1,z")),
    ).toEqual([
      ["app", "web"],
      ["env", "a"],
      ["y", "1"],
    ]);
    expect(equalityRequirements(everything())).toEqual([]);
    expect(equalityRequirements(nothing())).toEqual([]);
  });

  it("names only necessary conditions: every matching set contains every pair", () => {
    const sel = parseSelector("a=1,b in (2),c notin (3)");
    for (const labels of [
      { a: "1", b: "2" },
      { a: "1", b: "2", c: "4" },
    ]) {
      expect(sel.matches(labels)).toBe(true);
      for (const [k, v] of equalityRequirements(sel)) expect(labels[k as "a" | "b"]).toBe(v);
    }
  });
});
