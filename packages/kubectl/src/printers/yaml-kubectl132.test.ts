import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { goYAML as printYaml } from "./yaml.js";

interface Vector {
  readonly name: string;
  readonly input: unknown;
  readonly expected: string;
}

const vectors = (
  JSON.parse(
    readFileSync(new URL("./testdata/yaml-printer-kubectl132.json", import.meta.url), "utf8"),
  ) as {
    vectors: Vector[];
  }
).vectors;

describe("goYAML against kubectl 1.32 -o yaml captures", () => {
  for (const v of vectors) {
    it(v.name, () => {
      expect(printYaml(v.input)).toBe(v.expected);
    });
  }

  it("prints nested sequences, empty collections and numbers", () => {
    expect(
      printYaml({ a: [[1, 2], [], {}], b: { c: [] }, d: 0.5, e: 1.5e-7, f: 2500000.5, g: false }),
    ).toBe(
      "a:\n- - 1\n  - 2\n- []\n- {}\nb:\n  c: []\nd: 0.5\ne: 1.5e-07\nf: 2.5000005e+06\ng: false\n",
    );
  });

  it("reads back as the same value", () => {
    for (const v of vectors) expect(parse(printYaml(v.input), { version: "1.1" })).toEqual(v.input);
  });

  it("property: any JSON object reads back (YAML 1.1) as itself", () => {
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.string({ unit: "binary" }),
        fc.constantFrom(
          "",
          "yes",
          "on",
          "~",
          "null",
          "1.5",
          "0x1F",
          "2024-01-01",
          "- a",
          "a: b",
          "#x",
          " x",
          "x ",
        ),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        tie("object"),
      ),
      object: fc.dictionary(
        fc.oneof(
          fc.string({ unit: "binary", minLength: 1 }),
          fc.constantFrom("y", "n", "<<", "1", "true"),
        ),
        tie("value"),
        { maxKeys: 4 },
      ),
    }));
    fc.assert(
      fc.property(value, (v) => {
        expect(parse(printYaml(v), { version: "1.1", merge: false, uniqueKeys: false })).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });
});
