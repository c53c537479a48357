import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { kubesim } from "../cli/app.js";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function cli(argv: string[], cwd: string) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await kubesim(argv, {
    stdout,
    stderr,
    stdin: Readable.from([]),
    env: {},
    cwd,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const rollout = {
  kind: "kubesim.io/RolloutCase",
  seed: 3,
  nodes: 2,
  images: [
    { image: "app:v1", behavior: { ready: { after: "1s" } }, healthy: true },
    { image: "app:v2", behavior: { ready: { after: "2s" } }, healthy: true },
  ],
  deployment: {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", labels: { app: "web" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "app", image: "app:v1", ports: [{ containerPort: 8080 }] }] },
      },
    },
  },
  service: {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
  },
  steps: [{ action: { type: "setImage", image: "app:v2" }, waitMs: 10_000 }],
  convergeTimeoutMs: 600_000,
};

describe("kubesim replay", () => {
  it("re-runs a case and prints its timeline, exit 0 without a violation", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-replay-"));
    writeFileSync(join(dir, "CASE.json"), JSON.stringify(rollout));
    const r = await cli(["replay", "CASE.json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("case CASE.json: seed 3, 2 nodes, 1 steps\n");
    expect(r.stdout).toMatch(/\+0\.000s {2}step {8}#1 set image app=app:v2\n/);
    expect(r.stdout).toContain("Scaled up replica set web-");
    expect(r.stdout).toMatch(/no violation; trace hash [0-9a-f]{64}\n$/);
    // Deterministic: the same file prints the same timeline.
    expect((await cli(["replay", "CASE.json"], dir)).stdout).toBe(r.stdout);
  });

  it("exits 2 for a file that is not a case, and 1 for a usage error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-replay-"));
    writeFileSync(join(dir, "x.json"), JSON.stringify({ kind: "Pod" }));
    expect(await cli(["replay", "x.json"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: x.json: not a rollout case: kind is "Pod", want "kubesim.io/RolloutCase"\n',
    });
    const none = await cli(["replay"], dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      "error: must specify exactly one case file\nSee 'kubesim replay --help' for usage.\n",
    );
  });
});
