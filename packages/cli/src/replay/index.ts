/**
 * `kubesim replay CASE.json`: re-runs a rollout case that a failing property
 * of @kubesim/testing wrote, on the built-in controllers, and prints its
 * timeline (steps, faults, Events, ReplicaSet sizes) and the violations.
 * Exit codes: 0 no violation, 1 a violation, 2 a file that is not a case.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { formatTimeline, parseCase, replay, type RolloutCase } from "@kubesim/testing";

export interface ReplayIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
}

export function replayCommand(file: string, io: ReplayIo): number {
  let c: RolloutCase;
  try {
    c = parseCase(readFileSync(resolve(io.cwd, file), "utf8"));
  } catch (e) {
    io.stderr.write(`error: ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const r = replay(c);
  io.stdout.write(
    `case ${file}: seed ${c.seed}, ${c.nodes} nodes, ${c.steps.length} steps${c.controller === undefined ? "" : ` (recorded against controller ${c.controller}; replayed on the built-in controllers)`}\n`,
  );
  io.stdout.write(`${formatTimeline(r.timeline)}\n`);
  if (r.violations.length === 0) {
    io.stdout.write(`no violation; trace hash ${r.traceHash}\n`);
    return 0;
  }
  for (const v of r.violations) io.stdout.write(`VIOLATION ${v.invariant}: ${v.message}\n`);
  io.stdout.write(`trace hash ${r.traceHash}\n`);
  return 1;
}
