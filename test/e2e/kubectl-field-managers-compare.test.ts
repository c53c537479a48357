/**
 * The field managers kubesim's in-process kubectl writes as are the real
 * kubectl's: `create deployment` (kubectl-create), `set image` (kubectl-set),
 * `label` (kubectl-label), `annotate` (kubectl-annotate), then a server-side
 * apply of another image fails naming the manager that set it. The same
 * command lines run on two `kubesim serve` instances, one through the pinned
 * kubectl 1.31 and one through kubesim's kubectl; their output, the conflict
 * and the managers listed in metadata.managedFields must be identical.
 *
 * The pinned binary is called through a link named `kubectl`, so that the
 * manager kube-apiserver takes from its User-Agent is `kubectl`, as for
 * kubectl installed under its own name.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubectl as inProcessKubectl } from "@kubesim/kubectl";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { pinnedKubectl, ROOT, startHarness, type Harness, type Run } from "./kubectl-harness.js";

const K131 = pinnedKubectl(31);
const linkDir = mkdtempSync(join(tmpdir(), "kubesim-field-managers-kubectl-"));
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
  isDirectory: () => false,
  readDir: () => [],
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

const MANAGERS = "get deployment web -o jsonpath={.metadata.managedFields[*].manager}";
const APPLY = "apply --server-side -f test/e2e/testdata/field-managers-web.yaml";

describe.skipIf(K131 === undefined)("field managers: kubesim's kubectl = kubectl 1.31", () => {
  it("create deployment, set image, label, annotate, then a server-side apply conflict", async () => {
    real = await startHarness();
    own = await startHarness();
    expect((await same("create deployment web --image=nginx:1.25")).stdout).toBe(
      "deployment.apps/web created\n",
    );
    expect((await same("set image deployment/web nginx=nginx:1.26")).stdout).toBe(
      "deployment.apps/web image updated\n",
    );
    expect((await same("label deployment web tier=frontend")).stdout).toBe(
      "deployment.apps/web labeled\n",
    );
    expect((await same("annotate deployment web owner=team-a")).stdout).toBe(
      "deployment.apps/web annotated\n",
    );
    const conflict = await same(APPLY);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(
      /^error: Apply failed with 1 conflict: conflict with "kubectl-set" using apps\/v1: \.spec\.template\.spec\.containers\[name="nginx"\]\.image\n/,
    );
    const managers = (await same(MANAGERS)).stdout.split(" ");
    for (const m of ["kubectl-create", "kubectl-set", "kubectl-label", "kubectl-annotate"])
      expect(managers).toContain(m);
    // --force-conflicts takes the image: the applier "kubectl" joins the list.
    await same(`${APPLY} --force-conflicts`);
    expect((await same(MANAGERS)).stdout.split(" ")).toContain("kubectl");
  }, 60_000);
});
