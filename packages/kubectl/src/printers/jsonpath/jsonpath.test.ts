import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JSONPath, JSONPathError } from "./jsonpath.js";
import { nodeString, type Node } from "./node.js";
import { JSONPathParseError, parseJSONPath } from "./parser.js";
import { loadJSONPathVectors } from "./testdata/vectors.js";

const v = loadJSONPathVectors();
const input = (name: string): unknown => v.inputs[name];

/** collectNode of parser_test.go: every node, depth first, filters' sides and unions' lists included. */
function collect(nodes: Node[], cur: Node): Node[] {
  nodes.push(cur);
  if (cur.type === "NodeList") for (const n of cur.nodes) collect(nodes, n);
  else if (cur.type === "NodeFilter") {
    collect(nodes, cur.left);
    collect(nodes, cur.right);
  } else if (cur.type === "NodeUnion") for (const n of cur.nodes) collect(nodes, n);
  return nodes;
}

describe("jsonpath_test.go", () => {
  it.each(v.execute.map((t) => [`${t.source.split("::")[1]}: ${t.name}`, t] as const))(
    "%s",
    (_, t) => {
      const run = () =>
        new JSONPath(t.name)
          .allowMissingKeys(t.allowMissingKeys)
          .parse(t.template)
          .execute(input(t.input));
      if (t.expectError) {
        expect(run).toThrow();
        return;
      }
      const out = run();
      if (t.sortOutput) {
        const words = (s: string) =>
          s
            .split(/\s+/)
            .filter((w) => w !== "")
            .sort();
        expect(words(out)).toEqual(words(t.expect));
      } else {
        expect(out).toBe(t.expect);
      }
    },
  );

  it.each(v.executeErrors.map((t) => [t.name, t] as const))("fails: %s", (_, t) => {
    const jp = new JSONPath(t.name).parse(t.template);
    expect(() => jp.execute(input(t.input))).toThrow(new JSONPathError(t.error));
  });
});

describe("parser_test.go", () => {
  it.each(v.parse.map((t) => [t.name, t] as const))("%s", (_, t) => {
    if (t.shouldError) {
      expect(() => parseJSONPath(t.name, t.text)).toThrow(JSONPathParseError);
      return;
    }
    const root = parseJSONPath(t.name, t.text);
    expect(collect([], root).slice(1).map(nodeString)).toEqual(t.nodes);
  });

  it.each(v.parseErrors.map((t) => [t.name, t] as const))("fails: %s", (_, t) => {
    expect(() => parseJSONPath(t.name, t.text)).toThrow(new JSONPathParseError(t.error));
  });
});

describe("kubectl's uses", () => {
  const list = {
    apiVersion: "v1",
    kind: "List",
    items: [
      { metadata: { name: "web-1", labels: { app: "web" } }, spec: { replicas: 3 } },
      { metadata: { name: "web-2", labels: { app: "web", tier: "fe" } }, spec: { replicas: 1 } },
    ],
    metadata: { resourceVersion: "" },
  };

  it("prints maps as compact JSON with sorted, HTML-escaped keys and values", () => {
    const jp = new JSONPath("out").parse("{.items[1].metadata.labels}");
    expect(jp.execute(list)).toBe('{"app":"web","tier":"fe"}');
    expect(new JSONPath("x").parse("{.a}").execute({ a: { z: "<none>", b: 1 } })).toBe(
      '{"b":1,"z":"\\u003cnone\\u003e"}',
    );
  });

  it("filters on integers as unstructured objects hold them (int64)", () => {
    const jp = new JSONPath("out").parse("{.items[?(@.spec.replicas>1)].metadata.name}");
    expect(jp.execute(list)).toBe("web-1");
    expect(() =>
      new JSONPath("out").parse("{.items[?(@.spec.replicas>1.0)]}").execute(list),
    ).toThrow("incompatible types for comparison");
  });

  it("-o jsonpath-as-json prints each action's results as an indented array", () => {
    const jp = new JSONPath("out").enableJSONOutput(true).parse("{.items[*].metadata.name}");
    expect(jp.execute(list)).toBe('[\n    "web-1",\n    "web-2"\n]\n');
  });

  it("reports an index out of range", () => {
    expect(() => new JSONPath("out").parse("{.items[5]}").execute(list)).toThrow(
      "array index out of bounds: index 5, length 2",
    );
  });

  it("a template without actions prints itself (property)", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes("{")),
        (s) => {
          expect(new JSONPath("p").parse(s).execute({})).toBe(s);
        },
      ),
    );
  });
});
