import fc from "fast-check";
import { describe, expect, it } from "vitest";
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
