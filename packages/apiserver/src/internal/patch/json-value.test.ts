import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { objectFrom, toMap } from "./json-value.js";

describe("toMap / objectFrom", () => {
  it("round-trip any object, keys in order, as Object.entries / Object.fromEntries do (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const m = toMap(o);
        expect([...m]).toEqual(Object.entries(o));
        const back = objectFrom(m);
        expect(back).toEqual(Object.fromEntries(Object.entries(o)));
        expect(Object.keys(back)).toEqual(Object.keys(o));
        expect(objectFrom(Object.entries(o))).toEqual(back);
      }),
    );
  });

  it('keeps "__proto__" an ordinary own key, as Go maps do', () => {
    const m = new Map<string, unknown>([
      ["a", 1],
      ["__proto__", { polluted: true }],
    ]);
    const o = objectFrom(m) as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(["a", "__proto__"]);
    expect(Object.getOwnPropertyDescriptor(o, "__proto__")?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
