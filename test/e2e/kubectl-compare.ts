/**
 * Runs the same kubectl command lines two ways, each on its own `kubesim
 * serve`: through the pinned real kubectl 1.31 and through kubesim's
 * in-process kubectl; `same(line)` asserts identical stdout, stderr and exit
 * code. Call `kubectlComparison()` at a test file's top level: it registers
 * the hooks that stop both servers after each test.
 *
 * The pinned binary is called through a link named `kubectl`, so that the
 * manager kube-apiserver takes from its User-Agent is `kubectl`, as for
 * kubectl installed under its own name.
 */
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect } from "vitest";
import { pinnedKubectl, startHarness, type Harness, type Run } from "./kubectl-harness.js";

export interface KubectlComparison {
  /** Whether kubectl 1.31 is installed (describe.skipIf(!available)). */
  readonly available: boolean;
  /** The link to kubectl 1.31, named `kubectl`. */
  readonly binary: string;
  /** The server the real kubectl talks to (after `start()`). */
  readonly real: () => Harness;
  /** The server kubesim's kubectl runs in (after `start()`). */
  readonly own: () => Harness;
  /** Starts both servers (stopped after the test). */
  start(): Promise<void>;
  /** Runs `line` through both, asserts the same output, and returns it. */
  same(line: string): Promise<Run>;
}

export function kubectlComparison(): KubectlComparison {
  const k131 = pinnedKubectl(31);
  const linkDir = mkdtempSync(join(tmpdir(), "kubesim-compare-kubectl-"));
  const binary = join(linkDir, "kubectl");
  if (k131 !== undefined) symlinkSync(k131, binary);
  let real: Harness | undefined;
  let own: Harness | undefined;
  afterEach(async () => {
    await real?.close();
    await own?.close();
    real = own = undefined;
  });
  afterAll(() => rmSync(linkDir, { recursive: true, force: true }));
  const started = (h: Harness | undefined): Harness => {
    if (h === undefined) throw new Error("start() first");
    return h;
  };
  return {
    available: k131 !== undefined,
    binary,
    real: () => started(real),
    own: () => started(own),
    async start() {
      real = await startHarness();
      own = await startHarness();
    },
    async same(line) {
      const r = await started(real).kubectl(line.split(" "), { binary });
      const o = started(own).kubesimKubectl(line);
      expect(o.stderr).toBe(r.stderr);
      expect(o.stdout).toBe(r.stdout);
      expect(o.code).toBe(r.code);
      return r;
    },
  };
}
