/**
 * The field managers kubesim's in-process kubectl writes as are the real
 * kubectl's: `create deployment` (kubectl-create), `set image` (kubectl-set),
 * `label` (kubectl-label), `annotate` (kubectl-annotate), then a server-side
 * apply of another image fails naming the manager that set it. The same
 * command lines run on two `kubesim serve` instances, one through the pinned
 * kubectl 1.31 and one through kubesim's kubectl; their output, the conflict
 * and the managers listed in metadata.managedFields must be identical.
 */
import { describe, expect, it } from "vitest";
import { kubectlComparison } from "./kubectl-compare.js";

const cmp = kubectlComparison();

const MANAGERS = "get deployment web -o jsonpath={.metadata.managedFields[*].manager}";
const APPLY = "apply --server-side -f test/e2e/testdata/field-managers-web.yaml";

describe.skipIf(!cmp.available)("field managers: kubesim's kubectl = kubectl 1.31", () => {
  it("create deployment, set image, label, annotate, then a server-side apply conflict", async () => {
    await cmp.start();
    expect((await cmp.same("create deployment web --image=nginx:1.25")).stdout).toBe(
      "deployment.apps/web created\n",
    );
    expect((await cmp.same("set image deployment/web nginx=nginx:1.26")).stdout).toBe(
      "deployment.apps/web image updated\n",
    );
    expect((await cmp.same("label deployment web tier=frontend")).stdout).toBe(
      "deployment.apps/web labeled\n",
    );
    expect((await cmp.same("annotate deployment web owner=team-a")).stdout).toBe(
      "deployment.apps/web annotated\n",
    );
    const conflict = await cmp.same(APPLY);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(
      /^error: Apply failed with 1 conflict: conflict with "kubectl-set" using apps\/v1: \.spec\.template\.spec\.containers\[name="nginx"\]\.image\n/,
    );
    const managers = (await cmp.same(MANAGERS)).stdout.split(" ");
    for (const m of ["kubectl-create", "kubectl-set", "kubectl-label", "kubectl-annotate"])
      expect(managers).toContain(m);
    // --force-conflicts takes the image: the applier "kubectl" joins the list.
    await cmp.same(`${APPLY} --force-conflicts`);
    expect((await cmp.same(MANAGERS)).stdout.split(" ")).toContain("kubectl");
  }, 60_000);
});
