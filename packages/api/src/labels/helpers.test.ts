import fc from "fast-check";
import type { LabelSelector, LabelSelectorRequirement } from "kubernetes-types/meta/v1";
import { describe, expect, it } from "vitest";
import { isBadRequest, isInvariantError } from "../errors.js";
import {
  formatLabelSelector,
  labelSelectorAsSelector,
  selectorAsLabelSelector,
} from "./helpers.js";
import { parseSelector } from "./parse.js";
import { everything, matchesNothing, nothing } from "./selector.js";

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isBadRequest(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error("expected a BadRequest");
}

describe("labelSelectorAsSelector (metav1 helpers.go)", () => {
  it("selects nothing for a missing selector and everything for an empty one", () => {
    expect(matchesNothing(labelSelectorAsSelector(undefined))).toBe(true);
    expect(matchesNothing(labelSelectorAsSelector(null))).toBe(true);
    expect(labelSelectorAsSelector(null).matches({})).toBe(false);
    expect(labelSelectorAsSelector({})).toBe(everything());
    expect(
      labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).matches({ a: "b" }),
    ).toBe(true);
  });

  it("turns matchLabels into = and matchExpressions into set terms, sorted by key", () => {
    const sel = labelSelectorAsSelector({
      matchLabels: { tier: "web", app: "shop" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod", "canary"] },
        { key: "app", operator: "NotIn", values: ["old"] },
        { key: "zone", operator: "Exists" },
        { key: "legacy", operator: "DoesNotExist" },
      ],
    });
    // matchLabels come first, so app=shop precedes app notin (old)
    expect(sel.toString()).toBe(
      "app=shop,app notin (old),env in (canary,prod),!legacy,tier=web,zone",
    );
    expect(sel.matches({ app: "shop", tier: "web", env: "prod", zone: "a" })).toBe(true);
    expect(sel.matches({ app: "shop", tier: "web", env: "prod", zone: "a", legacy: "" })).toBe(
      false,
    );
  });

  it("refuses invalid selectors with upstream's messages", () => {
    expect(
      badRequestMessage(() =>
        labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "Foo" }] }),
      ),
    ).toBe('"Foo" is not a valid label selector operator');
    // an empty list is nil after upstream's append([]string(nil), ...): it prints as null
    expect(
      badRequestMessage(() =>
        labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "In" }] }),
      ),
    ).toBe("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
    expect(
      badRequestMessage(() =>
        labelSelectorAsSelector({
          matchExpressions: [{ key: "a", operator: "NotIn", values: [] }],
        }),
      ),
    ).toBe("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
    expect(
      badRequestMessage(() =>
        labelSelectorAsSelector({
          matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }],
        }),
      ),
    ).toBe(
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    );
    expect(
      badRequestMessage(() => labelSelectorAsSelector({ matchLabels: { "-a": "b" } })),
    ).toMatch(/^key: Invalid value: "-a": name part must consist of/);
    expect(badRequestMessage(() => labelSelectorAsSelector({ matchLabels: { a: "b c" } }))).toMatch(
      /^values\[0\]\[a\]: Invalid value: "b c": a valid label must be an empty string/,
    );
  });

  it("refuses the Gt/Lt spellings: only In, NotIn, Exists and DoesNotExist are LabelSelector operators", () => {
    expect(
      badRequestMessage(() =>
        labelSelectorAsSelector({
          matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }],
        }),
      ),
    ).toBe('"Gt" is not a valid label selector operator');
  });
});

describe("selectorAsLabelSelector (ParseToLabelSelector)", () => {
  it("puts = and == in matchLabels and the rest in matchExpressions", () => {
    expect(
      selectorAsLabelSelector(parseSelector("app=web,env in (b,a),!legacy,x==1,zone")),
    ).toEqual({
      matchLabels: { app: "web", x: "1" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["a", "b"] },
        { key: "legacy", operator: "DoesNotExist" },
        { key: "zone", operator: "Exists" },
      ],
    });
    expect(selectorAsLabelSelector(parseSelector("a notin (x)"))).toEqual({
      matchExpressions: [{ key: "a", operator: "NotIn", values: ["x"] }],
    });
  });

  it("gives {} for everything()", () => {
    expect(selectorAsLabelSelector(everything())).toEqual({});
  });

  it("refuses what a LabelSelector cannot say", () => {
    expect(badRequestMessage(() => selectorAsLabelSelector(parseSelector("a!=b")))).toBe(
      '"!=" is not a valid label selector operator',
    );
    expect(badRequestMessage(() => selectorAsLabelSelector(parseSelector("a>1")))).toBe(
      '"gt" isn\'t supported in label selectors',
    );
    expect(() => selectorAsLabelSelector(nothing())).toThrow();
    try {
      selectorAsLabelSelector(nothing());
    } catch (e) {
      expect(isInvariantError(e)).toBe(true);
    }
  });

  it("keeps the last value of repeated = terms on one key, as upstream's map does", () => {
    expect(selectorAsLabelSelector(parseSelector("a=1,a=2"))).toEqual({ matchLabels: { a: "2" } });
  });
});

describe("formatLabelSelector", () => {
  it("prints the selector, <none> or <error>", () => {
    expect(formatLabelSelector({ matchLabels: { app: "web" } })).toBe("app=web");
    expect(formatLabelSelector({})).toBe("<none>");
    expect(formatLabelSelector(undefined)).toBe("<none>");
    expect(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "Foo" }] })).toBe(
      "<error>",
    );
  });
});

// ---- properties ----

const keys = ["a", "b", "app", "x.io/tier"];
const values = ["", "v", "web", "1"];
const requirementArb: fc.Arbitrary<LabelSelectorRequirement> = fc.oneof(
  fc.record({
    key: fc.constantFrom(...keys),
    operator: fc.constantFrom("In", "NotIn"),
    values: fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom("Exists", "DoesNotExist") }),
);
const labelSelectorArb: fc.Arbitrary<LabelSelector> = fc.record(
  {
    matchLabels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), {
      maxKeys: 3,
    }),
    matchExpressions: fc.array(requirementArb, { maxLength: 4 }),
  },
  { requiredKeys: [] },
);
const labelsArb = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), {
  maxKeys: 4,
});

describe("properties", () => {
  it("LabelSelector -> selector -> LabelSelector -> selector preserves matching", () => {
    fc.assert(
      fc.property(
        labelSelectorArb,
        fc.array(labelsArb, { minLength: 1, maxLength: 8 }),
        (ls, sets) => {
          const sel = labelSelectorAsSelector(ls);
          const back = labelSelectorAsSelector(selectorAsLabelSelector(sel));
          for (const labels of sets) expect(back.matches(labels)).toBe(sel.matches(labels));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the string of a LabelSelector parses to a selector that matches the same sets", () => {
    // Values de-duplicated: see the next test for why.
    const dedup = (ls: LabelSelector): LabelSelector => ({
      ...ls,
      matchExpressions: (ls.matchExpressions ?? []).map((e) =>
        e.values === undefined ? e : { ...e, values: [...new Set(e.values)] },
      ),
    });
    fc.assert(
      fc.property(
        labelSelectorArb.map(dedup),
        fc.array(labelsArb, { minLength: 1, maxLength: 8 }),
        (ls, sets) => {
          const sel = labelSelectorAsSelector(ls);
          const parsed = parseSelector(sel.toString());
          for (const labels of sets) expect(parsed.matches(labels)).toBe(sel.matches(labels));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps upstream's quirk: three empty values print as '(,,)', which v1.31's parser refuses", () => {
    const sel = labelSelectorAsSelector({
      matchExpressions: [{ key: "a", operator: "In", values: ["", "", ""] }],
    });
    expect(sel.toString()).toBe("a in (,,)");
    expect(() => parseSelector(sel.toString())).toThrow("found ')', expected: ',', or identifier");
  });

  it("a LabelSelector matches exactly when every matchLabel and expression holds (the API's meaning)", () => {
    fc.assert(
      fc.property(labelSelectorArb, labelsArb, (ls, labels) => {
        const has = (k: string): boolean => Object.hasOwn(labels, k);
        const expected =
          Object.entries(ls.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
          (ls.matchExpressions ?? []).every((e) => {
            switch (e.operator) {
              case "In":
                return has(e.key) && e.values!.includes(labels[e.key]!);
              case "NotIn":
                return !has(e.key) || !e.values!.includes(labels[e.key]!);
              case "Exists":
                return has(e.key);
              default:
                return !has(e.key);
            }
          });
        expect(labelSelectorAsSelector(ls).matches(labels)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
