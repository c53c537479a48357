import { describe, expect, it } from "vitest";
import { LineDiscipline, onlcr } from "./terminal.js";

describe("the pty line discipline", () => {
  it("echoes, hands over lines at CR, erases, kills the line, drops escapes", () => {
    const t = new LineDiscipline();
    expect(t.input("ls")).toEqual({ echo: "ls", lines: [], interrupt: false, eof: false });
    expect(t.input(" -l\r")).toEqual({
      echo: " -l\r\n",
      lines: ["ls -l"],
      interrupt: false,
      eof: false,
    });
    expect(t.input("ab\x7f\x7f\x7fc\x1b[Ad\r").lines).toEqual(["cd"]);
    expect(t.input("xyz\x15pwd\n")).toEqual({
      echo: "xyz\b \b\b \b\b \bpwd\r\n",
      lines: ["pwd"],
      interrupt: false,
      eof: false,
    });
  });

  it("Ctrl-C discards the line; Ctrl-D ends input only on an empty line", () => {
    const t = new LineDiscipline();
    expect(t.input("sleep 9\x03")).toEqual({
      echo: "sleep 9^C\r\n",
      lines: [],
      interrupt: true,
      eof: false,
    });
    expect(t.input("x\x04").eof).toBe(false);
    expect(t.input("\r\x04")).toEqual({ echo: "\r\n", lines: ["x"], interrupt: false, eof: true });
  });

  it("ONLCR turns LF into CRLF once", () => {
    expect(onlcr("a\nb\r\nc")).toBe("a\r\nb\r\nc");
  });
});
