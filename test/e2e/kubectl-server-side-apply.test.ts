/**
 * `kubectl apply --server-side` with the REAL kubectl against `kubesim
 * serve`: create and re-apply print `serverside-applied`, a conflict after
 * `kubectl scale` prints kubectl's conflict error (the server's 409 message
 * and kubectl's advice), `--force-conflicts` takes the field, and
 * `kubectl get -o yaml --show-managed-fields` shows the managers; a server
 * dry run stores nothing and `kubectl diff --server-side` compares the
 * dry-run result with the live object.
 *
 * The binaries are pinned (kubectl.1.31 first, then every 1.27–1.33 found),
 * so the field manager named by kubectl scale's User-Agent is the binary's
 * name (`kubectl.1.31/v1.31.x ...` → "kubectl.1.31"), as kube-apiserver
 * names it. Each test skips when its binary is missing.
 *
 * kubectl validates against the served OpenAPI (server-side field validation).
 */
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./kubectl-harness.js";

const BIN = "/usr/lib/google-cloud-sdk/bin";
const VERSIONS = ["1.31", "1.27", "1.28", "1.29", "1.30", "1.32", "1.33"];

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SSA = ["apply", "--server-side", "-f", "docs/tutorial/manifests/deployment.yaml"];

const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`;

for (const v of VERSIONS) {
  const binary = `${BIN}/kubectl.${v}`;
  describe.skipIf(!existsSync(binary))(`kubectl ${v} apply --server-side`, () => {
    it("creates, re-applies, conflicts after scale, forces, and shows the managers", async () => {
      h = await startHarness();
      const k = (args: readonly string[]) => h!.kubectl(args, { binary });
      // A server dry run stores nothing: the apply that follows still creates.
      expect(await k([...SSA, "--dry-run=server"])).toEqual({
        stdout: "deployment.apps/my-api serverside-applied (server dry run)\n",
        stderr: "",
        code: 0,
      });
      expect(await k(SSA)).toEqual({
        stdout: "deployment.apps/my-api serverside-applied\n",
        stderr: "",
        code: 0,
      });
      h.server.advance(30_000);
      expect(await k(SSA)).toEqual({
        stdout: "deployment.apps/my-api serverside-applied\n",
        stderr: "",
        code: 0,
      });
      // kubectl diff --server-side: a dry-run apply, compared with the live object.
      const DIFF = ["diff", "--server-side", "-f", "docs/tutorial/manifests/deployment.yaml"];
      expect(await k(DIFF)).toEqual({ stdout: "", stderr: "", code: 0 });
      const diff = await k([...DIFF.slice(0, 3), "docs/tutorial/manifests/full-deployment.yaml"]);
      expect(diff.code).toBe(1);
      expect(diff.stdout).toContain("-      maxSurge: 25%\n");
      expect(diff.stdout).toContain("+      maxSurge: 1\n");
      expect((await k(["scale", "deployment", "my-api", "--replicas=5"])).stdout).toBe(
        "deployment.apps/my-api scaled\n",
      );
      const conflict = await k(SSA);
      expect(conflict.code).toBe(1);
      expect(conflict.stdout).toBe("");
      expect(conflict.stderr).toBe(
        `error: Apply failed with 1 conflict: conflict with "kubectl.${v}" with subresource "scale" using apps/v1: .spec.replicas\n${CONFLICT_ADVICE}`,
      );
      expect(await k([...SSA, "--force-conflicts"])).toEqual({
        stdout: "deployment.apps/my-api serverside-applied\n",
        stderr: "",
        code: 0,
      });
      const yaml = (await k(["get", "deployment", "my-api", "-o", "yaml", "--show-managed-fields"]))
        .stdout;
      expect(yaml).toContain("  managedFields:\n");
      expect(yaml).toContain("    manager: kubectl\n    operation: Apply\n");
      expect(yaml).toContain("    manager: kube-controller-manager\n    operation: Update\n");
      expect(yaml).toContain("    subresource: status\n");
      expect(yaml).not.toContain(`manager: kubectl.${v}`);
      expect(yaml).toContain("spec:\n  progressDeadlineSeconds: 600\n  replicas: 3\n");
      const hidden = (await k(["get", "deployment", "my-api", "-o", "yaml"])).stdout;
      expect(hidden).not.toContain("managedFields");
      // kubesim's own kubectl hides them the same way.
      expect(h.kubesimKubectl("get deployment my-api -o yaml").stdout).not.toContain(
        "managedFields",
      );
    }, 60_000);
  });
}

const K131 = `${BIN}/kubectl.1.31`;
describe.skipIf(!existsSync(K131))("kubectl 1.31: from client-side to server-side apply", () => {
  it("migrates the client-side applier's fields to kubectl (kubectl-last-applied keeps the annotation)", async () => {
    h = await startHarness();
    const k = (args: readonly string[]) => h!.kubectl(args, { binary: K131 });
    const csa = ["apply", "-f", "docs/tutorial/manifests/deployment.yaml"];
    expect((await k(csa)).stdout).toBe("deployment.apps/my-api created\n");
    h.server.advance(30_000);
    // kubectl applies, sees the client-side applier's entry, rewrites managedFields
    // (csaupgrade, a JSON patch) and applies again: nothing may be lost on the way.
    expect(await k(SSA)).toEqual({
      stdout: "deployment.apps/my-api serverside-applied\n",
      stderr: "",
      code: 0,
    });
    const show = ["get", "deployment", "my-api", "-o", "yaml", "--show-managed-fields"];
    const yaml = (await k(show)).stdout;
    expect(yaml).not.toContain("manager: kubectl-client-side-apply");
    expect(yaml).toContain("    manager: kubectl\n    operation: Apply\n");
    expect(yaml).toContain("    manager: kubectl-last-applied\n    operation: Apply\n");
    expect(yaml).toContain("kubectl.kubernetes.io/last-applied-configuration");
    expect(yaml).toContain("      app: my-api\n  strategy:\n");
    // kubectl now owns what the client-side applier had (the defaulted strategy too).
    const full = await k([
      "apply",
      "--server-side",
      "-f",
      "docs/tutorial/manifests/full-deployment.yaml",
    ]);
    expect(full.stderr).toBe("");
    expect(full.stdout).toContain("deployment.apps/my-api serverside-applied\n");
    // Another applier of the same values shares the fields: no conflict.
    const ci = await k([
      ...SSA.slice(0, 2),
      "--field-manager=ci",
      "-f",
      "docs/tutorial/manifests/full-deployment.yaml",
    ]);
    expect(ci.stderr).toBe("");
    expect(ci.code).toBe(0);
  }, 60_000);
});
