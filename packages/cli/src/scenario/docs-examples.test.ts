/**
 * Every example in docs/scenarios.md runs: scenarios pass; one marked
 * `# fails` fails with the output the page shows; one marked `# invalid` is
 * refused with the problems the page shows.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { invalidScenarioReport, isScenarioError, parseScenario } from "./load.js";
import { runScenario } from "./runner.js";

const docsDir = fileURLToPath(new URL("../../../../docs/", import.meta.url));
const page = readFileSync(`${docsDir}scenarios.md`, "utf8");

interface Block {
  readonly info: string;
  readonly text: string;
  readonly line: number;
}

function fencedBlocks(md: string): Block[] {
  const out: Block[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(md); m !== null; m = re.exec(md))
    out.push({ info: m[1]!, text: m[2]!, line: md.slice(0, m.index).split("\n").length });
  return out;
}

const blocks = fencedBlocks(page);
const examples = blocks
  .map((b, i) => ({
    ...b,
    next: blocks[i + 1],
    shown: blocks.slice(i + 1).find((x) => x.info === "text" || x.info === "yaml"),
  }))
  .filter((b) => b.info === "yaml");

function run(text: string, quiet = true): { exitCode: number; output: string } {
  const loaded = parseScenario(text, { source: "scenario.yaml", baseDir: docsDir });
  let output = "";
  const r = runScenario(loaded, { write: (_s, t) => (output += t), quiet });
  return { exitCode: r.exitCode, output };
}

describe("docs/scenarios.md", () => {
  it("has examples of every step kind", () => {
    const all = examples.map((e) => e.text).join("\n");
    for (const k of ["apply", "kubectl", "advance", "until", "fault", "traffic", "expect", "say"])
      expect(all).toContain(`- ${k}:`);
  });

  for (const ex of examples) {
    const kind = ex.text.startsWith("# fails")
      ? "fails"
      : ex.text.startsWith("# invalid")
        ? "invalid"
        : "passes";
    it(`the example at line ${ex.line} ${kind === "passes" ? "passes" : kind === "fails" ? "fails as shown" : "is refused as shown"}`, () => {
      if (kind === "invalid") {
        let report = "";
        try {
          parseScenario(ex.text, { source: "scenario.yaml", baseDir: docsDir });
        } catch (e) {
          if (!isScenarioError(e)) throw e;
          report = invalidScenarioReport(e);
        }
        expect(ex.shown?.info).toBe("text");
        expect(report).toBe(ex.shown!.text);
        return;
      }
      if (kind === "passes") {
        // A passing example followed at once by a text block shows what `kubesim run` prints.
        const shows = ex.next?.info === "text";
        const { exitCode, output } = run(ex.text, !shows);
        if (shows) expect(output).toBe(ex.next!.text);
        else expect(output).toMatch(/^PASS /);
        expect(exitCode).toBe(0);
      } else {
        const { exitCode, output } = run(ex.text);
        expect(exitCode).toBe(1);
        expect(ex.shown?.info).toBe("text");
        expect(output).toBe(ex.shown!.text);
      }
    });
  }
});
