/**
 * kubesim's own `kubectl apply --server-side` prints what the real kubectl
 * prints. The same command lines run on two `kubesim serve` instances: one
 * through the pinned kubectl 1.31, one through kubesim's in-process kubectl,
 * and stdout, stderr and the exit code must be identical, for: a server dry
 * run, the first apply, an unchanged re-apply, the conflict after `kubectl
 * scale`, `--force-conflicts`, the refused flag combinations, and the move
 * from client-side to server-side apply (the managedFields that result).
 *
 * The pinned binary is called through a link named `kubectl`, so that the
 * manager kube-apiserver takes from its User-Agent (for `kubectl scale`) is
 * `kubectl`, as for kubectl installed under its own name.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubectl as inProcessKubectl } from "@kubesim/kubectl";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { pinnedKubectl, ROOT, startHarness, type Harness, type Run } from "./kubectl-harness.js";

const K131 = pinnedKubectl(31);
const linkDir = mkdtempSync(join(tmpdir(), "kubesim-ssa-kubectl-"));
const KUBECTL = join(linkDir, "kubectl");
if (K131 !== undefined) symlinkSync(K131, KUBECTL);

let real: Harness | undefined;
let own: Harness | undefined;
afterEach(async () => {
  await real?.close();
  await own?.close();
  real = own = undefined;
});
afterAll(() => rmSync(linkDir, { recursive: true, force: true }));

/** node:fs for `-f`, relative to the repository (the real kubectl's working directory). */
const files = {
  readFile: (p: string) => readFileSync(join(ROOT, p), "utf8"),
  isDirectory: (p: string) => {
    try {
      return statSync(join(ROOT, p)).isDirectory();
    } catch {
      return false;
    }
  },
  readDir: (p: string) => readdirSync(join(ROOT, p)).sort(),
};

function ownKubectl(h: Harness, line: string): Run {
  const r = h.server.pacer.run(() => inProcessKubectl(line, { cluster: h.server.cluster, files }));
  return { stdout: r.stdout, stderr: r.stderr, code: r.exitCode };
}

/** Runs `line` on both and asserts the same output; returns it. */
async function same(line: string): Promise<Run> {
  const r = await real!.kubectl(line.split(" "), { binary: KUBECTL });
  const o = ownKubectl(own!, line);
  expect(o.stderr).toBe(r.stderr);
  expect(o.stdout).toBe(r.stdout);
  expect(o.code).toBe(r.code);
  return r;
}

/** metadata.managedFields of the Deployment, as the real kubectl shows them on one server. */
async function managedFields(h: Harness): Promise<string> {
  const yaml = (
    await h.kubectl(["get", "deployment", "my-api", "-o", "yaml", "--show-managed-fields"], {
      binary: KUBECTL,
    })
  ).stdout;
  const start = yaml.indexOf("  managedFields:\n");
  const end = yaml.indexOf("\n  name: my-api\n");
  expect(start).toBeGreaterThan(0);
  return yaml.slice(start, end);
}

const DEPLOYMENT = "-f docs/tutorial/manifests/deployment.yaml";
const BOTH = `${DEPLOYMENT} -f docs/tutorial/manifests/service.yaml`;
const SSA = `apply --server-side ${DEPLOYMENT}`;

describe.skipIf(K131 === undefined)(
  "kubectl apply --server-side: kubesim's kubectl = kubectl 1.31",
  () => {
    it("dry run, create, unchanged, conflict after scale, --force-conflicts", async () => {
      real = await startHarness();
      own = await startHarness();
      expect((await same(`${SSA} --dry-run=server`)).stdout).toBe(
        "deployment.apps/my-api serverside-applied (server dry run)\n",
      );
      expect((await same(SSA)).stdout).toBe("deployment.apps/my-api serverside-applied\n");
      expect((await same(SSA)).stdout).toBe("deployment.apps/my-api serverside-applied\n");
      expect((await same(`apply --server-side ${BOTH} -o name`)).stdout).toBe(
        "deployment.apps/my-api\nservice/my-api\n",
      );
      await same("scale deployment my-api --replicas=5");
      const conflict = await same(SSA);
      expect(conflict.code).toBe(1);
      expect(conflict.stderr).toMatch(
        /^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas\nPlease review the fields above/,
      );
      // Two documents, one refused: the other is applied, the error comes last.
      await same(`apply --server-side ${BOTH}`);
      await same(`${SSA} --dry-run=server --force-conflicts`);
      expect((await same(`${SSA} --force-conflicts`)).stdout).toBe(
        "deployment.apps/my-api serverside-applied\n",
      );
      await same("get deployment my-api -o jsonpath={.spec.replicas}");
      expect(await managedFields(own)).toBe(await managedFields(real));
    }, 60_000);

    it("refuses the flag combinations kubectl refuses", async () => {
      real = await startHarness();
      own = await startHarness();
      for (const line of [
        `apply ${DEPLOYMENT} --force-conflicts`,
        `${SSA} --dry-run=client`,
        `${SSA} --force`,
        `apply ${DEPLOYMENT} --dry-run=server --force`,
        `${SSA} --prune --all`,
        `${SSA} --prune`,
        `apply ${DEPLOYMENT} --all -l app=x`,
      ]) {
        const r = await same(line);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^error: /);
      }
    }, 60_000);

    it("moves the client-side applier's fields to kubectl as kubectl does", async () => {
      real = await startHarness();
      own = await startHarness();
      expect((await same(`apply ${DEPLOYMENT}`)).stdout).toBe("deployment.apps/my-api created\n");
      expect(await managedFields(own)).toBe(await managedFields(real));
      await same(SSA);
      expect(await managedFields(own)).toBe(await managedFields(real));
      await same(`apply --server-side -f docs/tutorial/manifests/full-deployment.yaml`);
      await same(`apply --server-side --field-manager=ci ${DEPLOYMENT}`);
      expect(await managedFields(own)).toBe(await managedFields(real));
    }, 60_000);
  },
);
