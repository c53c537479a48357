import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseShell } from "./shell-lexer.js";
import { runCommand } from "./run.js";
import { context } from "./testdata/context.js";

describe("parseShell", () => {
  it("splits commands on ;, &&, || and newlines, with their lines", () => {
    const r = parseShell("a 1; b && c\nd || e");
    if ("error" in r) throw new Error(r.error);
    expect(r.commands.map((c) => [c.connector, c.words.length, c.line])).toEqual([
      [";", 2, 1],
      [";", 1, 1],
      ["&&", 1, 1],
      [";", 1, 2],
      ["||", 1, 2],
    ]);
  });
  it("continues a command after && on the next line", () => {
    const r = parseShell("a &&\n\n b");
    if ("error" in r) throw new Error(r.error);
    expect(r.commands.map((c) => [c.connector, c.line])).toEqual([
      [";", 1],
      ["&&", 3],
    ]);
  });
  it("keeps quoting on segments", () => {
    const r = parseShell(`x"$A"'$B'$C`);
    if ("error" in r) throw new Error(r.error);
    expect(r.commands[0]!.words[0]).toEqual([
      { kind: "text", text: "x", quoted: false },
      { kind: "text", text: "", quoted: true },
      { kind: "param", name: "A", quoted: true },
      { kind: "text", text: "$B", quoted: true },
      { kind: "param", name: "C", quoted: false },
    ]);
  });
  it("treats a lone $ and $ before a non-name as text", () => {
    const r = parseShell("echo $ a$ $%");
    if ("error" in r) throw new Error(r.error);
    expect(r.commands[0]!.words.length).toBe(4);
  });
  it("reports errors with lines", () => {
    expect(parseShell("a\nb 'c")).toEqual({ error: "unterminated", quote: "'", line: 2 });
    expect(parseShell("a | b")).toEqual({ error: "unsupported", token: "|", line: 1 });
    expect(parseShell("&& a")).toEqual({ error: "syntax", token: "&&", line: 1 });
  });
  it("never throws, whatever the input", () => {
    fc.assert(fc.property(fc.string(), (s) => typeof parseShell(s) === "object"));
  });
});

describe("shell properties", () => {
  const ctx = context();
  it("echo of a single-quoted string prints it verbatim", () => {
    const text = fc.string().filter((s) => !s.includes("'"));
    fc.assert(
      fc.property(text, (s) => {
        // A leading "x" keeps echo from reading the text as its -n/-e options.
        const r = runCommand(["sh", "-c", `echo 'x${s}'`], ctx);
        return r.exitCode === 0 && r.stdout === `x${s}\n`;
      }),
    );
  });
  it("a variable set to any value reads back the same when quoted", () => {
    const value = fc.string();
    fc.assert(
      fc.property(value, (v) => {
        const r = runCommand(["sh", "-c", 'echo "x$V"'], {
          ...ctx,
          env: [...ctx.env, { name: "V", value: v }],
        });
        return r.stdout === `x${v}\n`;
      }),
    );
  });
  it("runCommand never throws and always gives an exit code", () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 4 }), (argv) => {
        const r = runCommand(["sh", "-c", argv.join(" ")], ctx);
        return Number.isInteger(r.exitCode);
      }),
    );
  });
});
