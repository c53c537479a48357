import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";
import { scanPackages, scanSource, stripComments } from "./support/determinism-scan.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("determinism scan", () => {
  it("simulation packages never read wall time or global randomness", () => {
    const findings = scanPackages(root);
    const report = findings.map((f) => `${f.file}:${f.line}: ${f.why}\n    ${f.text}`).join("\n");
    expect(report).toBe("");
  });

  it("flags each banned construct with its file and line", () => {
    const src = [
      "const a = Date.now();",
      "const b = new Date();",
      "const ok = new Date(0);",
      "const c = Math.random();",
      "setTimeout(f, 1); setInterval(f, 1); setImmediate(f);",
      "const d = performance.now();",
      "for (const k in obj) {}",
      "await Promise.race([p, q]);",
      "// Date.now() in a comment is fine",
      "/* Math.random() too */ const e = 1;",
    ].join("\n");
    const lines = scanSource("x.ts", src).map((f) => f.line);
    expect(lines).toEqual([1, 2, 4, 5, 5, 5, 6, 7, 8]);
    expect(scanSource("x.ts", src)[0]).toMatchObject({ file: "x.ts", line: 1 });
  });

  it("keeps strings intact and line numbers stable when stripping comments", () => {
    expect(stripComments('a // c\n"//not" /* x\ny */ b')).toBe('a \n"//not"   \n   b');
  });
});
