import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { expand, mappingFuncFor } from "./expansion.js";
import type { ExpansionVectors } from "./testdata/vectors.js";
import { loadJson } from "./testdata/vectors.js";

const table = loadJson<ExpansionVectors>("expansion-vectors.json");
const toMap = (o: Readonly<Record<string, string>>): Map<string, string> =>
  new Map(Object.entries(o));

describe("expand (expand_test.go doExpansionTest)", () => {
  for (const [contextName, contexts] of Object.entries(table.contexts)) {
    const mapping = mappingFuncFor(...contexts.map(toMap));
    for (const v of table.vectors) {
      it(`${contextName}: ${v.name}`, () => {
        expect(expand(v.input, mapping)).toBe(v.expected);
      });
    }
  }
});

describe("TestMapReference", () => {
  it("expands each value against the values declared before it", () => {
    const declared = new Map(table.mapReference.env.map((e) => [e.name, e.value]));
    const mapping = mappingFuncFor(declared);
    for (const e of table.mapReference.env) declared.set(e.name, expand(e.value, mapping));
    expect(Object.fromEntries(declared)).toEqual(table.mapReference.expected);
  });
});

describe("mappingFuncFor", () => {
  it("takes the first context that defines the name", () => {
    const m = mappingFuncFor(
      new Map([["A", "1"]]),
      new Map([
        ["A", "2"],
        ["B", "3"],
      ]),
    );
    expect(m("A")).toBe("1");
    expect(m("B")).toBe("3");
    expect(m("C")).toBe("$(C)");
  });
  it("maps a name defined as empty to the empty string", () => {
    expect(mappingFuncFor(new Map([["E", ""]]))("E")).toBe("");
  });
});

describe("expand properties", () => {
  const none = mappingFuncFor();
  const anyMapping = fc
    .dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }))
    .map((o) => mappingFuncFor(toMap(o)));

  it("leaves a string without `$` unchanged", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes("$")),
        anyMapping,
        (s, m) => expand(s, m) === s,
      ),
    );
  });

  it("turns `$$` into `$`, whatever surrounds it", () => {
    const noDollar = fc.string().filter((s) => !s.includes("$"));
    fc.assert(
      fc.property(noDollar, noDollar, anyMapping, (a, b, m) => {
        // `a$$b` can only expand the `$$`: b has no `$` to start a reference.
        return expand(`${a}$$${b}`, m) === `${a}$${b}`;
      }),
    );
  });

  it("escapes every reference when each `$` is doubled", () => {
    fc.assert(
      fc.property(
        fc.string(),
        anyMapping,
        (s, m) =>
          expand(
            s.replaceAll("$", () => "$$"),
            m,
          ) === s,
      ),
    );
  });

  it("keeps unresolved references literally, so an empty mapping is the identity on `$(…)`", () => {
    const name = fc.string().filter((s) => !s.includes(")"));
    fc.assert(fc.property(name, (n) => expand(`$(${n})`, none) === `$(${n})`));
  });

  it("replaces a defined reference by its value, without expanding the value again", () => {
    const name = fc.string({ minLength: 1 }).filter((s) => !s.includes(")"));
    fc.assert(
      fc.property(name, fc.string(), (n, value) => {
        const m = mappingFuncFor(new Map([[n, value]]));
        return expand(`<$(${n})>`, m) === `<${value}>`;
      }),
    );
  });
});
