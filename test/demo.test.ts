import { describe, expect, it } from "vitest";
import { runDemo } from "@kubesim/cli";

function capture(seed: number): { lines: string[]; hash: string } {
  const lines: string[] = [];
  const hash = runDemo({ seed, write: (l) => lines.push(l) });
  return { lines, hash };
}

describe("kubesim demo", () => {
  it("prints the watch events each write causes, in commit order, on virtual time", () => {
    const { lines } = capture(1);
    const events = lines.filter((l) => /^\[\+[\d.]+s\] (ADDED|MODIFIED|DELETED)/.test(l));
    expect(events.map((l) => l.split(/\s+/).slice(0, 3).join(" "))).toEqual([
      "[+0.000s] ADDED deployment/my-api",
      "[+1.000s] MODIFIED deployment/my-api",
      "[+2.000s] MODIFIED deployment/my-api",
      "[+4.000s] DELETED deployment/my-api",
    ]);
    expect(events[1]).toContain("replicas=5");
    expect(events[1]).toContain("generation=2");
    expect(events[2]).toContain("image=myapp:v1.3");
    expect(lines.join("\n")).toContain(
      'Error from server (Invalid): Deployment.apps "my-api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });

  it("is deterministic: the same seed gives the same output and trace hash", () => {
    const a = capture(7);
    const b = capture(7);
    expect(b.lines).toEqual(a.lines);
    expect(b.hash).toBe(a.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
