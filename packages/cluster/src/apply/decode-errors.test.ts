import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readManifests } from "./manifests.js";

interface Vector {
  readonly name: string;
  readonly file: string;
  readonly input: string;
  readonly expected: string;
}

const vectors = (
  JSON.parse(readFileSync(new URL("./testdata/decode-errors.json", import.meta.url), "utf8")) as {
    vectors: Vector[];
  }
).vectors;

describe("documents kubectl refuses before sending anything (kubectl 1.32 wording)", () => {
  for (const v of vectors) {
    it(v.name, () => {
      const { objects, problems } = readManifests(v.input, { source: v.file });
      expect(objects).toEqual([]);
      expect(problems.map((p) => `error: ${p.error.message}`)).toEqual([v.expected]);
    });
  }

  it("names unknown kinds as the RESTMapper does", () => {
    const text =
      "apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n---\n" +
      "apiVersion: apps/v2\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n---\n" +
      "kind: Deployment\nmetadata:\n  name: d\n";
    const { problems } = readManifests(text, { source: "file.yaml" });
    expect(problems.map((p) => p.error.message)).toEqual([
      'resource mapping not found for name: "x" namespace: "" from "file.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first',
      'resource mapping not found for name: "web" namespace: "prod" from "file.yaml": no matches for kind "Deployment" in version "apps/v2"\nensure CRDs are installed first',
      'resource mapping not found for name: "d" namespace: "" from "file.yaml": no matches for kind "Deployment" in group ""\nensure CRDs are installed first',
    ]);
    expect(problems.map((p) => p.document)).toEqual([0, 1, 2]);
  });

  it("keeps the line and column of a YAML fault, counted within its document", () => {
    const text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Pod\nmetadata: name: x\n";
    const { objects, problems } = readManifests(text, { source: "two.yaml" });
    expect(objects.map((o) => o.name)).toEqual(["a"]);
    expect(problems[0]!.document).toBe(1);
    expect(problems[0]!.error.position).toEqual({ line: 3, column: 11 });
    expect(problems[0]!.error.message).toBe(
      "error parsing two.yaml: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context",
    );
  });

  it("stops reading a stream at its first YAML fault, as kubectl's StreamVisitor does", () => {
    const doc = (n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n`;
    const text = `${doc("a")}---\nbad: [\n---\n${doc("c")}`;
    const { objects, problems } = readManifests(text, { source: "s.yaml" });
    expect(objects.map((o) => o.name)).toEqual(["a"]);
    expect(problems).toHaveLength(1);
  });

  it("refuses an object whose namespace contradicts -n", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: prod\n";
    const { problems } = readManifests(text, { namespace: "dev", enforceNamespace: true });
    expect(problems[0]!.stage).toBe("namespace");
    expect(problems[0]!.error.message).toBe(
      `the namespace from the provided object "prod" does not match the namespace "dev". You must pass '--namespace=prod' to perform this operation.`,
    );
  });
});

describe("JSON streams (json.Decoder, as YAMLOrJSONDecoder picks it for a leading `{`)", () => {
  it("reads the values before a syntax error and reports the error with its stream offset", () => {
    // kubectl 1.32: `unable to recognize ...` for the ConfigMap (no server), then
    // `error parsing json-then-yaml.json: json: offset 71: invalid character '-' in numeric literal`.
    const text =
      '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}\n---\nkind: x\n';
    const { objects, problems } = readManifests(text, { source: "json-then-yaml.json" });
    expect(
      objects.map((o) => (o.object as { metadata?: { name?: string } }).metadata?.name),
    ).toEqual(["x"]);
    expect(problems.map((p) => p.error.message)).toEqual([
      "error parsing json-then-yaml.json: json: offset 71: invalid character '-' in numeric literal",
    ]);
  });

  it("reads several concatenated objects", () => {
    const text =
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n' +
      ' {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"},"data":{"k":"v"}}';
    const { objects, problems } = readManifests(text, { source: "two.json" });
    expect(problems).toEqual([]);
    expect(
      objects.map((o) => (o.object as { metadata?: { name?: string } }).metadata?.name),
    ).toEqual(["a", "b"]);
  });
});
