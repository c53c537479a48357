import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { goTextVectors } from "../describe/testdata/vectors.js";
import { TabWriter } from "./tabwriter.js";
import { loadTabVectors } from "./testdata/format-vectors.js";

const v = loadTabVectors();

describe("TabWriter: liggitt/tabwriter cases", () => {
  it.each(v.cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
    let out = "";
    const w = new TabWriter((s) => (out += s), {
      minwidth: c.minwidth,
      padding: c.padding,
      padchar: c.padchar,
      rememberWidths: false,
    });
    w.write(c.src);
    w.flush();
    expect(out).toBe(c.expected);
  });

  it("TestMultiWrite: remembered widths carry over flushes and writers", () => {
    let out = "";
    let w = new TabWriter((s) => (out += s));
    for (const step of v.multiWrite.steps) {
      if (step.transferWidths) {
        const widths = w.rememberedWidths();
        w = new TabWriter((s) => (out += s));
        w.setRememberedWidths(widths);
      }
      if (step.resetWidths) w.setRememberedWidths([]);
      out = "";
      for (const s of step.write) w.write(s);
      w.flush();
      expect(out).toBe(step.output);
      if (step.widths) expect(w.rememberedWidths()).toEqual(step.widths);
    }
  });
});

describe("TabWriter: properties", () => {
  const cell = fc.string({ unit: fc.constantFrom("a", "b", "é", "-", "1") });
  it("pads every cell but the last of a line to one column width", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1 }),
        (rows) => {
          let out = "";
          const w = new TabWriter((s) => (out += s));
          for (const r of rows) w.write(`${r.join("\t")}\n`);
          w.flush();
          const lines = out.split("\n").slice(0, -1);
          expect(lines).toHaveLength(rows.length);
          const w0 = Math.max(6, ...rows.map((r) => [...r[0]!].length + 3));
          for (const [i, line] of lines.entries()) {
            expect([...line].slice(0, w0).join("")).toBe(rows[i]![0]!.padEnd(w0, " "));
          }
        },
      ),
    );
  });
});

const vectors = goTextVectors().filter((v) => v.kind !== "wrap");

function runWriter(kind: "describe" | "table", chunks: readonly string[]): string {
  const w = kind === "describe" ? TabWriter.forDescribe() : TabWriter.forTables();
  for (const c of chunks) {
    if (c === "\u0000FLUSH") w.flush();
    else w.write(c);
  }
  return w.take();
}

describe("TabWriter: outputs of Go's text/tabwriter and liggitt/tabwriter on the same writes", () => {
  it("has the copied vectors", () => {
    expect(vectors).toHaveLength(80);
  });
  it.each(vectors.map((v) => [`${v.kind} ${v.name}`, v] as const))("%s", (_, v) => {
    expect(runWriter(v.kind as "describe" | "table", v.chunks)).toBe(v.expected);
  });
});

describe("TabWriter rules kubectl's layouts rely on", () => {
  it("pads every cell of a column block to the widest plus the padding; the last cell is not padded", () => {
    const w = TabWriter.forDescribe();
    w.write("Name:\tweb\nNamespace:\tdefault\n");
    expect(w.take()).toBe("Name:       web\nNamespace:  default\n");
  });

  it("a line without a tab ends the block (describe's section headings)", () => {
    const w = TabWriter.forDescribe();
    w.write("A:\t1\nContainers:\n  LongerName:\t2\n");
    expect(w.take()).toBe("A:  1\nContainers:\n  LongerName:  2\n");
  });

  it("flush() ends the block too (the Events table aligns on its own)", () => {
    const w = TabWriter.forDescribe();
    w.write("Name:\tx\n");
    w.flush();
    w.write("Events:\t<none>\n");
    expect(w.take()).toBe("Name:  x\nEvents:  <none>\n");
  });

  it("a trailing tab pads the last column too (kubectl top's trailing spaces)", () => {
    const w = TabWriter.forTables();
    w.write("NAME\tCPU\t\nweb\t1m\t\n");
    expect(w.take()).toBe("NAME   CPU   \nweb    1m    \n");
  });

  it("RememberWidths: columns never shrink across flushes (kubectl events --watch)", () => {
    const w = TabWriter.forTables();
    w.write("LAST SEEN\tTYPE\tMESSAGE\n");
    w.write("10s (x3 over 2m)\tNormal\tfirst\n");
    const first = w.take();
    w.write("1s\tNormal\tsecond\n");
    expect(first + w.take()).toBe(
      "LAST SEEN          TYPE     MESSAGE\n" +
        "10s (x3 over 2m)   Normal   first\n" +
        "1s                 Normal   second\n",
    );
  });

  it("counts code points, not UTF-16 units or bytes", () => {
    const w = TabWriter.forDescribe();
    w.write("é\tx\nab\ty\n");
    expect(w.take()).toBe("é   x\nab  y\n");
  });

  const cell = fc.stringMatching(/^[a-z<>:=.\- ]{0,12}$/);
  it("property: in a block of lines with the same cell count, every column starts at the same offset", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((n) =>
          fc.array(fc.array(cell, { minLength: n, maxLength: n }), {
            minLength: 1,
            maxLength: 8,
          }),
        ),
        (rows) => {
          const w = TabWriter.forDescribe();
          for (const r of rows) w.write(`${r.join("\t")}\n`);
          const lines = w.take().split("\n").slice(0, -1);
          expect(lines).toHaveLength(rows.length);
          // Column j starts where the padded cells before it end: the same on every line.
          const n = rows[0]!.length;
          let offset = 0;
          for (let j = 0; j < n - 1; j++) {
            const width = Math.max(...rows.map((r) => r[j]!.length)) + 2;
            rows.forEach((r, i) =>
              expect(lines[i]!.slice(offset, offset + r[j]!.length)).toBe(r[j]),
            );
            offset += width;
          }
          rows.forEach((r, i) => expect(lines[i]!.slice(offset)).toBe(r[n - 1]));
        },
      ),
    );
  });

  it("property: text without tabs comes out unchanged", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[^\t\v\f]{0,20}$/), { maxLength: 6 }), (parts) => {
        const w = TabWriter.forTables();
        for (const p of parts) w.write(p);
        expect(w.take()).toBe(parts.join(""));
      }),
    );
  });
});
