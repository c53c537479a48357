import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadYAMLVectors } from "./testdata/format-vectors.js";
import { goYAML, resolvesToNonString, yamlKeyLess } from "./yaml.js";

const cases = loadYAMLVectors();

describe("goYAML: JSONToYAML vectors", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    expect(goYAML(JSON.parse(c.json))).toBe(c.yaml);
  });
});

describe("goYAML: what kubectl -o yaml shows", () => {
  it("prints an object's keys in order, timestamps and booleans-as-strings quoted", () => {
    expect(
      goYAML({
        kind: "Pod",
        apiVersion: "v1",
        metadata: { name: "web", creationTimestamp: "2024-01-01T00:00:00Z", labels: {} },
        status: { conditions: [{ type: "Ready", status: "True", lastProbeTime: null }] },
      }),
    ).toBe(
      [
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        '  creationTimestamp: "2024-01-01T00:00:00Z"',
        "  labels: {}",
        "  name: web",
        "status:",
        "  conditions:",
        "  - lastProbeTime: null",
        '    status: "True"',
        "    type: Ready",
        "",
      ].join("\n"),
    );
  });

  it("resolves like go-yaml v2", () => {
    for (const s of [
      "",
      "true",
      "Yes",
      "off",
      "~",
      "null",
      "12",
      "-3",
      "+4",
      "0x1f",
      "0o7",
      "1e3",
      ".5",
      "1_000",
      "2024-01-02",
    ])
      expect(resolvesToNonString(s), s).toBe(true);
    for (const s of [
      "web",
      "1.2.3",
      "v1",
      "-",
      "10.244.0.1",
      "2024-01-02x",
      "nginx:1.25",
      "80/TCP",
    ])
      expect(resolvesToNonString(s), s).toBe(false);
  });

  it("orders keys naturally", () => {
    expect(yamlKeyLess("node-2", "node-10")).toBe(true);
    expect(yamlKeyLess("a", "a.b")).toBe(true);
    expect(yamlKeyLess("a.b", "ab")).toBe(true);
    expect(yamlKeyLess("B", "a")).toBe(true);
  });

  it("reads back as the same value (property)", () => {
    // strings of the characters objects carry (go-yaml and the npm parser differ on oddities like ".")
    const str = fc.string({
      unit: fc.constantFrom(
        "a",
        "Z",
        "0",
        "7",
        " ",
        ":",
        "-",
        "#",
        "/",
        "_",
        '"',
        "'",
        "\n",
        "y",
        "n",
      ),
    });
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        str,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(str, tie("value"), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.dictionary(str, json, { maxKeys: 4 }), (obj) => {
        const text = goYAML(obj);
        expect(parse(text, { version: "1.1", uniqueKeys: false })).toEqual(obj);
      }),
      { numRuns: 300 },
    );
  });
});
