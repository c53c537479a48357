/**
 * docs/custom-controller.md shows its code from docs/custom-controller/: each
 * ```ts block follows a `<!-- file: custom-controller/NAME -->` marker and must
 * be that file word for word; every file of the folder is shown. The files
 * themselves are type-checked, linted and run (vitest includes docs/).
 */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

const docs = new URL("../docs/", import.meta.url);
const markdown = readFileSync(new URL("custom-controller.md", docs), "utf8");

/** Every fenced ts block, with the file its marker names (undefined: no marker). */
function codeBlocks(md: string): { file: string | undefined; code: string }[] {
  const blocks: { file: string | undefined; code: string }[] = [];
  const fence = /(?:<!-- file: (\S+) -->\n\n)?```ts\n([\s\S]*?)```\n/g;
  for (const m of md.matchAll(fence)) blocks.push({ file: m[1], code: m[2]! });
  return blocks;
}

describe("docs/custom-controller.md", () => {
  const blocks = codeBlocks(markdown);

  it("shows every file of docs/custom-controller/, each once", () => {
    const files = readdirSync(new URL("custom-controller/", docs))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `custom-controller/${f}`)
      .sort();
    expect(blocks.map((b) => b.file).sort()).toEqual(files);
  });

  it.each(blocks.map((b) => [b.file ?? "(a block without a file marker)", b.code]))(
    "shows %s exactly as it is",
    (file, code) => {
      expect(code).toBe(readFileSync(new URL(file, docs), "utf8"));
    },
  );

  it("finds blocks, markers and drift", () => {
    const md = "<!-- file: a.ts -->\n\n```ts\nx\n```\ntext\n```ts\ny\n```\n";
    expect(codeBlocks(md)).toEqual([
      { file: "a.ts", code: "x\n" },
      { file: undefined, code: "y\n" },
    ]);
  });
});
