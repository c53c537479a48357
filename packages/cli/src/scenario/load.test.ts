import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  invalidScenarioReport,
  isScenarioError,
  loadScenario,
  parseScenario,
  type Problem,
} from "./load.js";

const testdata = fileURLToPath(new URL("./testdata/", import.meta.url));

function problems(text: string): readonly Problem[] {
  try {
    parseScenario(text, { source: "s.yaml", baseDir: testdata });
  } catch (e) {
    if (isScenarioError(e)) return e.problems;
    throw e;
  }
  throw new Error("no problems");
}

describe("parseScenario", () => {
  it("reads every step kind into its typed form, with each step's line", () => {
    const loaded = loadScenario(join(testdata, "rollout.yaml"));
    expect(loaded.scenario.name).toBe("Deploy and scale");
    expect(loaded.scenario.cluster).toEqual({ seed: 7, nodes: 2, dns: false, ingress: false });
    expect(loaded.scenario.steps[1]).toEqual({ apply: { file: "deployment.yaml" } });
    expect(loaded.stepLines.slice(0, 3)).toEqual([8, 9, 11]);
    expect(loaded.baseDir).toBe(testdata.replace(/\/$/, ""));
  });

  it("takes apply as YAML text, a manifest, a list, or a file", () => {
    const s = parseScenario(
      [
        "steps:",
        "  - apply: 'kind: ConfigMap'",
        "  - apply: { kind: ConfigMap, metadata: { name: a } }",
        "  - apply: [{ kind: ConfigMap }]",
        "  - apply: { file: deployment.yaml, namespace: prod }",
        "    exitCode: 1",
      ].join("\n"),
      { baseDir: testdata },
    ).scenario.steps;
    expect(s).toEqual([
      { apply: { yaml: "kind: ConfigMap" } },
      { apply: { objects: [{ kind: "ConfigMap", metadata: { name: "a" } }] } },
      { apply: { objects: [{ kind: "ConfigMap" }] } },
      { apply: { file: "deployment.yaml", namespace: "prod" }, exitCode: 1 },
    ]);
  });

  it("names the field, line and column of every problem at once", () => {
    expect(
      problems(
        [
          "name: x", // 1
          "cluster: { nodes: -1, sed: 3 }", // 2
          "steps:", // 3
          "  - advance: 30", // 4
          "  - until: { rollout: a, timeout: 5 minutes }", // 5
          "  - fault: { stopNode: a, startNode: b }", // 6
          "  - traffic: { start: { url: x, rate: 0 } }", // 7
          "  - expect: [{ output: { contains: 3 } }, { events: { count: '>> 2' } }]", // 8
          "  - expect: { objects: pods }", // 9
          "  - kubectl: { run: x }", // 10
          "  - wait: 3s", // 11
          "  - {}", // 12
          "  - apply: 3", // 13
        ].join("\n"),
      ).map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`),
    ).toEqual([
      "2:19 cluster.nodes: Too small: expected number to be >=0",
      '2:23 cluster: unknown field "sed"',
      '4:14 steps[0].advance: expected a duration such as "30s" or "1m30s"',
      '5:35 steps[1].until.timeout: invalid duration "5 minutes" (use Go\'s form: "30s", "1m30s", "500ms")',
      '6:12 steps[2].fault: a fault takes one of "stopNode" and "startNode", not both',
      "7:39 steps[3].traffic.start.rate: rate is requests per second and must be > 0",
      "8:36 steps[4].expect[0].output.contains: expected a text or a list of texts",
      '8:62 steps[4].expect[1].events.count: expected a number or a comparison such as ">=1", "<5" or "!=0"',
      '9:13 steps[5].expect.count: expected a number or a comparison such as ">=1", "<5" or "!=0"',
      "10:14 steps[6].kubectl: expected string, received object",
      '11:5 steps[7]: unknown step "wait" (known: apply, kubectl, advance, until, fault, traffic, expect, say)',
      "12:5 steps[8]: step is empty; expected one of: apply, kubectl, advance, until, fault, traffic, expect, say",
      "13:12 steps[9].apply: expected YAML text, a manifest (with kind), a list of manifests, or { file: PATH }",
    ]);
  });

  it("reports YAML syntax errors with their line and column", () => {
    expect(problems("steps:\n  - kubectl: get pods\n   - bad: [\n")).toEqual([
      {
        path: "",
        message: "invalid YAML: All sequence items must start at the same column",
        line: 3,
        column: 4,
      },
      {
        path: "",
        message:
          "invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
        line: 4,
        column: 1,
      },
    ]);
    expect(problems("steps: []\nsteps: []\n")[0]).toMatchObject({
      message: "invalid YAML: Map keys must be unique",
      line: 2,
    });
    expect(problems("")).toEqual([
      { path: "", message: "the file is empty; a scenario needs steps" },
    ]);
    expect(problems("steps: []")[0]).toMatchObject({
      path: "steps",
      message: "a scenario needs at least one step",
    });
  });

  it("checks the image catalogue and the files steps name", () => {
    const p = problems(
      [
        "cluster:",
        "  images:",
        '    "myapp:v2": { redy: true }',
        "steps:",
        "  - apply: { file: nope.yaml }",
      ].join("\n"),
    );
    expect(p.map((x) => `${x.line} ${x.path}: ${x.message}`)).toEqual([
      expect.stringMatching(/^3 cluster\.images\["myapp:v2"\]\.redy: unknown field/),
      '5 steps[0].apply.file: the path "nope.yaml" does not exist (paths are relative to the scenario\'s folder)',
    ]);
  });

  it("says when the file is missing or a folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-load-"));
    writeFileSync(join(dir, "ok.yaml"), "steps: [{ advance: 1s }]\n");
    expect(loadScenario("ok.yaml", dir).scenario.steps).toEqual([{ advance: "1s" }]);
    try {
      loadScenario("missing.yaml", dir);
    } catch (e) {
      if (!isScenarioError(e)) throw e;
      expect(invalidScenarioReport(e)).toBe(
        'error: missing.yaml is not a valid scenario:\n  missing.yaml: the path "missing.yaml" does not exist\n',
      );
    }
    expect(() => loadScenario(".", dir)).toThrow('"." is a directory, not a scenario file');
  });
});
