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
    const events = lines
      .filter((l) => /^\[\+[\d.]+s\] (ADDED|MODIFIED|DELETED)/.test(l))
      .map((l) => l.split(/\s+/).slice(0, 3).join(" "));
    // apply: the Deployment, then its first ReplicaSet (revision 1), then 3 pods
    expect(events[0]).toBe("[+0.000s] ADDED deployment/my-api");
    expect(events[1]).toMatch(
      /^\[\+0\.000s\] ADDED replicaset\/my-api-[bcdfghjklmnpqrstvwxz2456789]+$/,
    );
    expect(events.filter((e) => /^\[\+0\.000s\] ADDED pod\//.test(e))).toHaveLength(3);
    // set image: a second ReplicaSet appears at +2s
    const rsAdded = events.filter((e) => / ADDED replicaset\//.test(e));
    expect(rsAdded.map((e) => e.slice(0, 9))).toEqual(["[+0.000s]", "[+2.000s]"]);
    // delete: everything goes at +4s, the Deployment first
    const deleted = events.filter((e) => / DELETED /.test(e) && e.startsWith("[+4.000s]"));
    expect(deleted[0]).toBe("[+4.000s] DELETED deployment/my-api");
    expect(deleted.filter((e) => e.includes("replicaset/"))).toHaveLength(2);
    const text = lines.join("\n");
    expect(text).toContain("revision=2");
    expect(text).toContain(
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
