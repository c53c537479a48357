/**
 * Every lesson in docs/lessons/ passes: each NN-name.yaml is played by
 * `kubesim run` in-process (loadScenario + runScenario, as the CLI does) and
 * must exit 0. Each lesson also has its text (NN-name.md), and
 * docs/lessons/README.md lists them all.
 *
 * A lesson whose `expect` holds in Kubernetes but not in kubesim is a
 * kubesim bug: it goes in KNOWN_BUGS with what is wrong, and its test
 * becomes `it.fails` until the bug is fixed (the lesson itself is not
 * weakened).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario, runScenario } from "@kubesim/cli";

const lessonsDir = fileURLToPath(new URL("../docs/lessons/", import.meta.url));

const lessons = readdirSync(lessonsDir)
  .filter((f) => /^\d\d-[a-z0-9-]+\.yaml$/.test(f))
  .sort();

/** Lesson file -> why it fails in kubesim (none today). */
const KNOWN_BUGS: Readonly<Record<string, string>> = {};

/** The tutorial's sections, in order (issue 6, section 4). */
const SECTIONS = [
  "pods",
  "deployments",
  "scaling",
  "services-and-dns",
  "ingress",
  "configmaps-and-secrets",
  "health-checks",
  "rolling-updates",
  "rollback",
];

function play(file: string): { exitCode: number; output: string } {
  let output = "";
  const result = runScenario(loadScenario(`${lessonsDir}${file}`), {
    write: (_stream, text) => (output += text),
    quiet: true,
  });
  return { exitCode: result.exitCode, output };
}

describe("docs/lessons", () => {
  it("has one lesson per section of the tutorial, numbered in order", () => {
    expect(lessons.map((f) => f.replace(/^\d\d-|\.yaml$/g, ""))).toEqual(SECTIONS);
    lessons.forEach((f, i) => expect(f.slice(0, 2)).toBe(String(i + 1).padStart(2, "0")));
  });

  it("gives each lesson a text, and the README lists every lesson", () => {
    const readme = readFileSync(`${lessonsDir}README.md`, "utf8");
    for (const f of lessons) {
      const md = f.replace(/\.yaml$/, ".md");
      expect(existsSync(`${lessonsDir}${md}`), md).toBe(true);
      expect(readFileSync(`${lessonsDir}${md}`, "utf8"), md).toContain(f);
      expect(readme, f).toContain(`(${md})`);
      expect(readme, f).toContain(`(${f})`);
    }
  });

  it("checks what each lesson claims: every lesson narrates and has expect steps", () => {
    for (const f of lessons) {
      const steps = loadScenario(`${lessonsDir}${f}`).scenario.steps;
      expect(
        steps.some((s) => "say" in s),
        f,
      ).toBe(true);
      expect(steps.filter((s) => "expect" in s).length, f).toBeGreaterThanOrEqual(3);
    }
  });

  for (const file of lessons) {
    const bug = KNOWN_BUGS[file];
    if (bug === undefined) {
      it(`${file} passes`, () => {
        const { exitCode, output } = play(file);
        expect(output).toMatch(new RegExp(`^PASS .*${file.replace(/\./g, "\\.")}: `, "m"));
        expect(exitCode, output).toBe(0);
      });
    } else {
      it.fails(`${file} passes (known kubesim bug: ${bug})`, () => {
        const { exitCode, output } = play(file);
        expect(exitCode, output).toBe(0);
      });
    }
  }
});
