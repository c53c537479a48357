/**
 * Test helpers for the patch modules: deep freezing (the store's objects are
 * deeply frozen) and the JSON values fast-check draws. Used by *.test.ts only.
 */
import fc from "fast-check";

/** Freezes a JSON value and everything in it; returns it. */
export function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** Object keys for generated documents: short, and never a `$` directive. */
export const plainKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("a", "b", "c", "spec", "metadata", "name", "__proto__"),
  fc.string({ minLength: 1, maxLength: 4 }).filter((k) => !k.startsWith("$")),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer({ min: -5, max: 5 }),
  fc.boolean(),
);

/** JSON objects of depth <= 3 without arrays and without nulls. */
export const arrayFreeObject: fc.Arbitrary<Record<string, unknown>> = fc.letrec((tie) => ({
  obj: fc.dictionary(plainKey, fc.oneof({ depthSize: "small" }, scalar, tie("obj")), {
    maxKeys: 4,
    noNullPrototype: true,
  }),
})).obj as fc.Arbitrary<Record<string, unknown>>;

/** Any JSON object of small depth, arrays and nulls included. */
export const anyObject: fc.Arbitrary<Record<string, unknown>> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    scalar,
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    tie("obj"),
  ),
  obj: fc.dictionary(plainKey, tie("value"), { maxKeys: 4, noNullPrototype: true }),
})).obj as fc.Arbitrary<Record<string, unknown>>;
