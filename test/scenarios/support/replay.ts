/**
 * The determinism replay of the scenario tests (issue 8): every
 * test/scenarios/*.test.ts file runs twice in the same worker, and every
 * cluster it creates must end with the same trace hash in both runs.
 *
 * This is a vitest setup file (vitest.config.ts `setupFiles`), so a new
 * scenario test file is replayed without doing anything. For other test files
 * it does nothing. For a scenario test file it
 *
 * - registers a describe block, `REPLAY`, that imports the file a second time
 *   (a query string makes it a new module), so each of its tests runs twice:
 *   first inside `REPLAY`, then as itself. Each run has its own module state
 *   and its own clusters, created at collection time (a describe-level
 *   cluster) or in a test.
 * - wraps `Cluster.create` to note each new cluster under a key: the test (or,
 *   at collection time, the describe block) that made it, without `REPLAY`,
 *   and its position among that test's clusters. A cluster made in a test is
 *   hashed after the test; one made at collection time after the last test.
 * - after the file's last test, compares the two runs key by key, and fails
 *   the file with every difference.
 * - seeds fast-check once per file, so both runs draw the same cases.
 *
 * The cost is one more run of each scenario test (their imports are shared).
 */
import { TestRunner, afterAll, afterEach, describe, expect } from "vitest";

/** The name of the describe block that holds the second copy of a file's tests. */
export const REPLAY = "determinism replay (first of two runs)";

/**
 * The scenario test files that are replayed (and the fixture in
 * test/scenarios/testdata/, which the suite leaves out, that fails its replay).
 */
export const REPLAYED = /\/test\/scenarios\/(?:testdata\/)?[^/]+\.test\.ts$/;

/** One run's trace hashes: key → hash, in the order the clusters were made. */
export type RunHashes = Map<string, string>;

/** What differs between two runs of a file (empty when they agree). */
export function compareRuns(first: RunHashes, second: RunHashes): string[] {
  const problems: string[] = [];
  for (const [key, hash] of first) {
    const other = second.get(key);
    if (other === undefined) problems.push(`${key}: made in the first run only`);
    else if (other !== hash)
      problems.push(`${key}: trace hash ${hash.slice(0, 12)} then ${other.slice(0, 12)}`);
  }
  for (const key of second.keys())
    if (!first.has(key)) problems.push(`${key}: made in the second run only`);
  return problems;
}

/** A test or describe block: its name and the block it is in (none at the top). */
export interface Named {
  readonly name: string;
  readonly suite?: Named | undefined;
}

/**
 * A task's names from the top down, without `REPLAY`, and whether it belongs
 * to the `REPLAY` copy (a top-level describe block).
 */
export function keyOf(task: Named | undefined): { key: string; replay: boolean } {
  const names: string[] = [];
  for (let t = task; t !== undefined; t = t.suite) names.unshift(t.name);
  const replay = names[0] === REPLAY;
  return { key: names.slice(replay ? 1 : 0).join(" > "), replay };
}

interface Made {
  readonly key: string;
  readonly replay: boolean;
  readonly inTest: boolean;
  readonly hash: () => string;
}

async function install(path: string): Promise<void> {
  const [{ Cluster }, fc] = await Promise.all([import("kubesim"), import("fast-check")]);
  // Test code may read the wall clock: one seed per file, the same for both runs.
  const seed = fc.readConfigureGlobal().seed ?? Date.now() ^ (Math.random() * 0x100000000);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });

  const runs: [RunHashes, RunHashes] = [new Map(), new Map()];
  const counts = new Map<string, number>();
  let pending: Made[] = [];
  const record = (m: Made): void => {
    runs[m.replay ? 0 : 1].set(m.key, m.hash());
  };

  const create = Cluster.create.bind(Cluster);
  Cluster.create = (...args: Parameters<typeof Cluster.create>) => {
    const cluster = create(...args);
    const test = TestRunner.getCurrentTest();
    const at = keyOf(test ?? TestRunner.getCurrentSuite()?.suite);
    const where = at.key === "" ? "the file" : at.key;
    const base = test === undefined ? `collecting ${where}` : where;
    const counted = `${at.replay ? "R" : "O"}\0${base}`;
    const n = counts.get(counted) ?? 0;
    counts.set(counted, n + 1);
    pending.push({
      key: `${base} #${n + 1}`,
      replay: at.replay,
      inTest: test !== undefined,
      hash: () => cluster.trace.hash(),
    });
    return cluster;
  };

  afterEach(() => {
    for (const m of pending) if (m.inTest) record(m);
    pending = pending.filter((m) => !m.inTest);
  });

  afterAll(() => {
    Cluster.create = create;
    for (const m of pending) record(m);
    const problems = compareRuns(...runs);
    expect(
      problems,
      `${path}: two runs with the same seeds must give the same traces (fast-check seed ${seed})`,
    ).toEqual([]);
  });

  describe(REPLAY, async () => {
    await import(/* @vite-ignore */ `${path}?determinism-replay`);
  });
}

const path = expect.getState().testPath;
if (path !== undefined && REPLAYED.test(path)) await install(path);
