/**
 * `kubesim demo` (issue 6, done-means 2): the tutorial played in six acts.
 * Runs it in-process and checks each act's key lines, the narration's
 * reasons, the ReplicaSet timeline, and that no request failed under
 * traffic; then runs it again through the command line (`--step` with
 * standard input not a terminal, colour forced) and expects the same text.
 * Nothing here is timed: the demo's speed is a benchmark's business.
 */
import { readFileSync } from "node:fs";
import { Readable, Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { kubesim, runDemo, stripColor } from "@kubesim/cli";
import { tutorialManifests } from "../packages/cli/src/demo/manifests.js";

class Capture extends Writable {
  text = "";
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Run {
  text: string;
  acts: string[];
  pauses: number[];
  result: Awaited<ReturnType<typeof runDemo>>;
}

async function play(seed: number): Promise<Run> {
  let text = "";
  const pauses: number[] = [];
  const result = await runDemo({
    seed,
    write: (t) => (text += t),
    pause: (next) => {
      pauses.push(next.act);
      return Promise.resolve();
    },
  });
  // The text of act N runs from its header to the next one.
  const acts = text.split(/\n(?=Act \d\. )/).slice(1);
  return { text, acts, pauses, result };
}

/** The rows of an act's ReplicaSet chart: [time, ...cells, ready], cut where the header's columns start. */
function chart(act: string): string[][] {
  const lines = act.split("\n");
  const start = lines.findIndex((l) => l.startsWith("ReplicaSet sizes over virtual time"));
  if (start < 0) return [];
  const header = lines[start + 1]!;
  const cuts = [...header.matchAll(/\S+/g)].map((m) => m.index);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 3)) {
    if (!/^ {2}\+/.test(l)) break;
    rows.push(cuts.map((c, i) => l.slice(c, cuts[i + 1]).trim()));
  }
  return rows;
}

describe("kubesim demo", () => {
  let run: Run;
  beforeAll(async () => {
    run = await play(1);
  });

  it("plays six acts, pausing before each but the first when asked", () => {
    expect(run.acts.map((a) => a.split("\n")[0])).toEqual([
      "Act 1. Deploy my-api with its Service, ConfigMap, Secret and Ingress",
      "Act 2. A container crashes, a pod is deleted: Kubernetes heals both",
      "Act 3. Scale up to 5 replicas",
      "Act 4. Rolling update to myapp:v1.3 under traffic (maxSurge 1, maxUnavailable 0)",
      "Act 5. A release that never becomes ready stalls its rollout",
      "Act 6. Roll back with rollout undo",
    ]);
    expect(run.pauses).toEqual([2, 3, 4, 5, 6]);
    for (const act of run.acts)
      expect(act, act.split("\n")[0]).toContain("What happened, and why (from the Events):");
  });

  it("act 1 applies the tutorial's manifests and reaches the pods through the Service and the Ingress", () => {
    const a = run.acts[0]!;
    for (const line of [
      "$ kubectl apply -f config.yaml\nconfigmap/app-config created\nsecret/db-secret created\n",
      "$ kubectl apply -f full-deployment.yaml\ndeployment.apps/my-api created\nservice/my-api created\n",
      "$ kubectl apply -f ingress.yaml\ningress.networking.k8s.io/my-ingress created\n",
      "EOF\npod/client created\n",
      '$ kubectl rollout status deployment/my-api\nWaiting for deployment spec update to be observed...\nWaiting for deployment "my-api" rollout to finish: 0 out of 3 new replicas have been updated...\n',
      'deployment "my-api" successfully rolled out\n',
      "deployment.apps/my-api   3/3     3            3           ",
      "my-ingress   nginx   api.example.com   172.18.255.200   80      ",
    ])
      expect(a).toContain(line);
    expect(a).toMatch(
      /\$ kubectl exec client -- wget -qO- http:\/\/my-api\/health\nHello from my-api-\w+-\w+ \(myapp:v1\.2\)\n/,
    );
    expect(a).toMatch(/through the Ingress\nHello from my-api-\w+-\w+ \(myapp:v1\.2\)\n/);
    expect(a).toMatch(
      /The Deployment controller scaled up ReplicaSet (my-api-\w+) \(myapp:v1\.2\) from 0 to\s+3, because Deployment my-api asks for 3 replicas and no ReplicaSet had its pod template\s+yet\./,
    );
    expect(a).toMatch(
      /The ReplicaSet controller created pod my-api-\w+-\w+, because the Deployment\s+controller scaled ReplicaSet my-api-\w+ to 3\./,
    );
    expect(a).toMatch(
      /The kubelet's readiness probe of pod my-api-\S+ failed: HTTP probe failed\s+with statuscode: 503/,
    );
    expect(chart(a).at(-1)).toEqual([expect.stringMatching(/^\+/), "███ 3/3", "3"]);
  });

  it("act 2: the kubelet restarts the killed container, the ReplicaSet replaces the deleted pod", () => {
    const a = run.acts[1]!;
    const killed = /\$ fault pod kill (my-api-\S+)/.exec(a)?.[1];
    expect(killed).toBeDefined();
    expect(a).toContain(`pod "${killed}": container killed (exit code 137)`);
    expect(a).toMatch(new RegExp(`\n${killed}\\s+0/1\\s+Running\\s+1 \\(2s ago\\)`));
    expect(a).toMatch(new RegExp(`\n${killed}\\s+1/1\\s+Running\\s+1 \\(`));
    expect(a).toMatch(
      new RegExp(
        `started container api of pod ${killed} again\\s+\\(restart 1\\), because the container had exited and the pod's restartPolicy is Always\\.`,
      ),
    );
    const deleted = /\$ kubectl delete pod (my-api-\S+)/.exec(a)?.[1];
    expect(a).toContain(`pod "${deleted}" deleted\n`);
    expect(a).toMatch(
      new RegExp(
        `The ReplicaSet controller created pod my-api-\\S+, because pod\\s+${deleted}\\s+was deleted and ReplicaSet my-api-\\w+ still wants 3\\s+pods\\.`,
      ),
    );
    expect(chart(a).at(-1)?.slice(1)).toEqual(["███ 3/3", "3"]);
  });

  it("act 3 scales to 5", () => {
    const a = run.acts[2]!;
    expect(a).toContain(
      "$ kubectl scale deployment my-api --replicas=5\ndeployment.apps/my-api scaled\n",
    );
    expect(a).toMatch(
      /from 3\s+to 5, because Deployment my-api now asks for 5 replicas \(spec\.replicas\)\./,
    );
    expect(chart(a).at(-1)?.slice(1)).toEqual(["█████ 5/5", "5"]);
  });

  it("act 4 rolls out v1.3 one pod at a time under traffic, and no request fails", () => {
    const a = run.acts[3]!;
    expect(a).toContain(
      "$ kubectl set image deployment/my-api api=myapp:v1.3\ndeployment.apps/my-api image updated\n",
    );
    for (let i = 0; i < 5; i++)
      expect(a).toContain(
        `Waiting for deployment "my-api" rollout to finish: ${i} out of 5 new replicas have been updated...\n`,
      );
    expect(a).toMatch(/maxSurge 1 allows 5 \+ 1 = 6\s+pods during the rollout\./);
    expect(a).toMatch(/maxUnavailable 0 needs only 5 − 0 = 5\./);
    expect(a).toMatch(
      /GET http:\/\/my-api\/health at 10\/s from pod [\d.]+ on node-\d\nsent \d+ over 1m\d+s: \d+ succeeded, 0 failed \(0\.0%\)/,
    );
    expect(a).toMatch(
      /GET http:\/\/api\.example\.com\/api\/ at 10\/s from outside \(a client\)\nsent \d+ over 1m\d+s: \d+ succeeded, 0 failed \(0\.0%\)/,
    );
    expect(a).toMatch(/\n0 of \d+ requests failed during the rollout\.\n/);
    // One v1.3 pod at a time: the old ReplicaSet goes 5, 4, 3, 2, 1, 0 and ready pods never drop below 5.
    const rows = chart(a);
    expect(rows.map((r) => r[1]!.replace(/^\S* /, "").split("/")[1])).toEqual([
      "5",
      "5",
      "4",
      "3",
      "2",
      "1",
      "0",
    ]);
    expect(rows.at(-1)?.slice(2)).toEqual(["█████ 5/5", "5"]);
    for (const r of rows) expect(Number(r.at(-1))).toBeGreaterThanOrEqual(5);
  });

  it("act 5: a v1.4 that never becomes ready stalls at the progress deadline", () => {
    const a = run.acts[4]!;
    expect(a).toContain(
      'Waiting for deployment "my-api" rollout to finish: 1 out of 5 new replicas have been updated...\nerror: deployment "my-api" exceeded its progress deadline\n',
    );
    expect(a).toMatch(/\nmy-api-\w+-\w+\s+0\/1\s+Running\s+0\s+10m\n/);
    expect(a).toContain("my-api   5/5     1            5           12m\n");
    expect(a).toMatch(
      /Progressing=False \(ProgressDeadlineExceeded\):\s+ReplicaSet "my-api-\w+" has timed out progressing\./,
    );
    expect(a).toMatch(/readiness probe of pod my-api-\S+ failed \(\d+ times, until/);
    const rows = chart(a);
    expect(rows.at(-1)?.slice(1)).toEqual(["█████ 5/5", "░     0/1", "5"]);
  });

  it("act 6 rolls back, and over the whole run no request failed", () => {
    const a = run.acts[5]!;
    expect(a).toContain(
      "$ kubectl rollout undo deployment/my-api\ndeployment.apps/my-api rolled back\n",
    );
    expect(a).toContain(
      "REVISION  CHANGE-CAUSE\n1         <none>\n3         <none>\n4         <none>\n",
    );
    expect(a).toMatch(
      /from 1 to\s+0, because its pods are not available and the template is myapp:v1\.3 again/,
    );
    expect(a).toMatch(/traffic stopped: in-cluster: sent \d+, \d+ succeeded, 0 failed\n/);
    expect(a).toMatch(/traffic stopped: through-ingress: sent \d+, \d+ succeeded, 0 failed\n/);
    expect(a).toMatch(
      /\n0 of \d+ requests failed from the rollout to v1\.3 through the rollback\.\n/,
    );
    expect(chart(a).at(-1)?.slice(1)).toEqual(["█████ 5/5", "0/0", "5"]);
    expect(run.result.failed).toBe(0);
    expect(run.result.sent).toBeGreaterThan(10_000);
    expect(run.text).toContain(`Trace hash ${run.result.hash.slice(0, 16)} (same seed, same run).`);
  });

  it("applies the tutorial's manifests as docs/tutorial/manifests has them", () => {
    for (const [name, text] of Object.entries(tutorialManifests))
      expect(text, name).toBe(
        readFileSync(new URL(`../docs/tutorial/manifests/${name}`, import.meta.url), "utf8"),
      );
  });

  it("`kubesim demo --step` with stdin not a terminal plays straight through, the same text for the same seed", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await kubesim(["demo", "--step", "--seed", "1"], {
      stdout,
      stderr,
      stdin: Readable.from([]),
      env: { FORCE_COLOR: "1" },
      cwd: "/",
    });
    expect(code).toBe(0);
    expect(stderr.text).toBe("");
    expect(stdout.text).toContain("\x1b[1m");
    expect(stripColor(stdout.text)).toBe(run.text);
  });

  it("`kubesim demo --help` shows its flags; stray arguments are refused", async () => {
    const out = new Capture();
    const err = new Capture();
    const io = { stdout: out, stderr: err, stdin: Readable.from([]), env: {}, cwd: "/" };
    expect(await kubesim(["demo", "--help"], io)).toBe(0);
    expect(out.text).toContain("  kubesim demo [--seed N] [--step]");
    expect(out.text).toContain("--step");
    expect(await kubesim(["demo", "now"], io)).toBe(1);
    expect(err.text).toContain('error: unexpected argument "now"');
  });
});
