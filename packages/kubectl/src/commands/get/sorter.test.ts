import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { relaxedJSONPathExpression } from "./relaxed-jsonpath.js";
import { sortObjects, sortTableRows } from "./sorter.js";

const rows = (values: unknown[]) => values.map((v, i) => ({ i, object: { spec: { v } } }));

describe("--sort-by (sorter.go)", () => {
  it("relaxes the field as RelaxedJSONPathExpression does", () => {
    for (const e of ["metadata.name", ".metadata.name", "{metadata.name}", "{.metadata.name}"])
      expect(relaxedJSONPathExpression(e)).toBe("{.metadata.name}");
    expect(() => relaxedJSONPathExpression("{{a}}")).toThrow(/unexpected path string/);
  });

  it("compares numbers, strings bytewise, and quantities by value", () => {
    expect(sortTableRows(rows([3, 1, 2]), "{.spec.v}").map((r) => r.i)).toEqual([1, 2, 0]);
    expect(sortTableRows(rows(["b", "B", "a"]), "{.spec.v}").map((r) => r.i)).toEqual([1, 2, 0]);
    expect(sortTableRows(rows(["1Gi", "500Mi", "2"]), "{.spec.v}").map((r) => r.i)).toEqual([
      2, 1, 0,
    ]);
    expect(sortTableRows(rows(["100m", "1"]), "{.spec.v}").map((r) => r.i)).toEqual([0, 1]);
  });

  it("puts objects without the field first, as Go's insertion sort leaves them", () => {
    const rs = [
      { i: 0, object: { spec: { v: "b" } } },
      { i: 1, object: {} },
      { i: 2, object: { spec: { v: "a" } } },
    ];
    expect(sortTableRows(rs, "{.spec.v}").map((r) => r.i)).toEqual([1, 2, 0]);
  });

  it("refuses fields no object has, and unsortable values", () => {
    expect(() => sortTableRows(rows([1]), "{.spec.w}")).toThrow(
      'couldn\'t find any field with path "{.spec.w}" in the list of objects',
    );
    expect(() => sortTableRows(rows([true, false]), "{.spec.v}")).toThrow(/unsortable type: bool/);
    expect(() => sortObjects([{ a: 1 }], "{{")).toThrow();
  });

  it("orders like a sort by the field (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 40 }), (values) => {
        const sorted = sortObjects(
          values.map((v) => ({ v })),
          ".v",
        ).map((o) => o.v);
        expect(sorted).toEqual([...values].sort((a, b) => a - b));
      }),
    );
  });
});
