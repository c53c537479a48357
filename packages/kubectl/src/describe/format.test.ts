import { describe, expect, it } from "vitest";
import {
  printLabelsMultiline,
  printTaintsMultiline,
  printTolerationsMultiline,
  rfc1123z,
  taintString,
  ZERO_TIME_RFC1123Z,
} from "./format.js";
import { escapeTerminal, tabbedString } from "./prefix-writer.js";

describe("rfc1123z", () => {
  it("formats time.RFC1123Z in UTC", () => {
    expect(rfc1123z("2024-01-01T00:00:00Z")).toBe("Mon, 01 Jan 2024 00:00:00 +0000");
    expect(rfc1123z("2021-02-28T13:04:05.123456Z")).toBe("Sun, 28 Feb 2021 13:04:05 +0000");
  });
  it("prints Go's zero time for an unset or unreadable time", () => {
    expect(rfc1123z(undefined)).toBe(ZERO_TIME_RFC1123Z);
    expect(rfc1123z(null)).toBe("Mon, 01 Jan 0001 00:00:00 +0000");
    expect(rfc1123z("yesterday")).toBe(ZERO_TIME_RFC1123Z);
  });
});

describe("multi-line blocks", () => {
  it("labels: sorted, aligned under the first, <none> when empty", () => {
    const out = tabbedString((w) => {
      printLabelsMultiline(w, "Labels", { tier: "web", app: "my-api" });
      printLabelsMultiline(w, "Node-Selectors", {});
    });
    expect(out).toBe(
      "Labels:          app=my-api\n                 tier=web\nNode-Selectors:  <none>\n",
    );
  });

  it("taints: Taint.ToString, sorted by effect then key", () => {
    expect(taintString({ key: "k", effect: "NoSchedule" })).toBe("k:NoSchedule");
    expect(taintString({ key: "k", value: "v", effect: "NoExecute" })).toBe("k=v:NoExecute");
    expect(taintString({ key: "k", value: "v", effect: "" })).toBe("k=v:");
    expect(taintString({ key: "k", effect: "" })).toBe("k");
    const out = tabbedString((w) =>
      printTaintsMultiline(w, "Taints", [
        { key: "node.kubernetes.io/unreachable", effect: "NoSchedule" },
        { key: "node.kubernetes.io/unreachable", effect: "NoExecute" },
        { key: "dedicated", value: "gpu", effect: "NoSchedule" },
      ]),
    );
    expect(out).toBe(
      "Taints:  node.kubernetes.io/unreachable:NoExecute\n" +
        "         dedicated=gpu:NoSchedule\n" +
        "         node.kubernetes.io/unreachable:NoSchedule\n",
    );
  });

  it("tolerations: key=value:effect, op=Exists, for Ns", () => {
    const out = tabbedString((w) =>
      printTolerationsMultiline(w, "Tolerations", [
        {
          key: "node.kubernetes.io/not-ready",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 300,
        },
        { operator: "Exists" },
        { key: "dedicated", operator: "Equal", value: "gpu", effect: "NoSchedule" },
        { key: "b", operator: "Exists" },
      ]),
    );
    expect(out).toBe(
      "Tolerations:  op=Exists\n" +
        "              b op=Exists\n" +
        "              dedicated=gpu:NoSchedule\n" +
        "              node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n",
    );
  });
});

describe("escapeTerminal (printers.WriteEscaped)", () => {
  it("makes ESC and CR visible", () => {
    expect(escapeTerminal("a\x1b[31mred\rb")).toBe("a^[[31mred\\rb");
    expect(escapeTerminal("plain")).toBe("plain");
  });
  it("applies to everything a describer prints (TestDescribeTerminalEscape)", () => {
    const out = tabbedString((w) => printLabelsMultiline(w, "Labels", { name: "\x1b[31mbad" }));
    expect(out).toBe("Labels:  name=^[[31mbad\n");
  });
});
