/**
 * kubesim's own `kubectl apply --server-side` prints what the real kubectl
 * prints. The same command lines run on two `kubesim serve` instances: one
 * through the pinned kubectl 1.31, one through kubesim's in-process kubectl,
 * and stdout, stderr and the exit code must be identical, for: a server dry
 * run, the first apply, an unchanged re-apply, the conflict after `kubectl
 * scale`, `--force-conflicts`, the refused flag combinations, and the move
 * from client-side to server-side apply (the managedFields that result).
 */
import { describe, expect, it } from "vitest";
import { kubectlComparison } from "./kubectl-compare.js";
import type { Harness } from "./kubectl-harness.js";

const cmp = kubectlComparison();

/** metadata.managedFields of the Deployment, as the real kubectl shows them on one server. */
async function managedFields(h: Harness): Promise<string> {
  const yaml = (
    await h.kubectl(["get", "deployment", "my-api", "-o", "yaml", "--show-managed-fields"], {
      binary: cmp.binary,
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

describe.skipIf(!cmp.available)(
  "kubectl apply --server-side: kubesim's kubectl = kubectl 1.31",
  () => {
    it("dry run, create, unchanged, conflict after scale, --force-conflicts", async () => {
      await cmp.start();
      expect((await cmp.same(`${SSA} --dry-run=server`)).stdout).toBe(
        "deployment.apps/my-api serverside-applied (server dry run)\n",
      );
      expect((await cmp.same(SSA)).stdout).toBe("deployment.apps/my-api serverside-applied\n");
      expect((await cmp.same(SSA)).stdout).toBe("deployment.apps/my-api serverside-applied\n");
      expect((await cmp.same(`apply --server-side ${BOTH} -o name`)).stdout).toBe(
        "deployment.apps/my-api\nservice/my-api\n",
      );
      await cmp.same("scale deployment my-api --replicas=5");
      const conflict = await cmp.same(SSA);
      expect(conflict.code).toBe(1);
      expect(conflict.stderr).toMatch(
        /^error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1: \.spec\.replicas\nPlease review the fields above/,
      );
      // Two documents, one refused: the other is applied, the error comes last.
      await cmp.same(`apply --server-side ${BOTH}`);
      await cmp.same(`${SSA} --dry-run=server --force-conflicts`);
      expect((await cmp.same(`${SSA} --force-conflicts`)).stdout).toBe(
        "deployment.apps/my-api serverside-applied\n",
      );
      await cmp.same("get deployment my-api -o jsonpath={.spec.replicas}");
      expect(await managedFields(cmp.own())).toBe(await managedFields(cmp.real()));
    }, 60_000);

    it("refuses the flag combinations kubectl refuses", async () => {
      await cmp.start();
      for (const line of [
        `apply ${DEPLOYMENT} --force-conflicts`,
        `${SSA} --dry-run=client`,
        `${SSA} --force`,
        `apply ${DEPLOYMENT} --dry-run=server --force`,
        `${SSA} --prune --all`,
        `${SSA} --prune`,
        `apply ${DEPLOYMENT} --all -l app=x`,
      ]) {
        const r = await cmp.same(line);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^error: /);
      }
    }, 60_000);

    it("moves the client-side applier's fields to kubectl as kubectl does", async () => {
      await cmp.start();
      expect((await cmp.same(`apply ${DEPLOYMENT}`)).stdout).toBe(
        "deployment.apps/my-api created\n",
      );
      expect(await managedFields(cmp.own())).toBe(await managedFields(cmp.real()));
      await cmp.same(SSA);
      expect(await managedFields(cmp.own())).toBe(await managedFields(cmp.real()));
      await cmp.same(`apply --server-side -f docs/tutorial/manifests/full-deployment.yaml`);
      await cmp.same(`apply --server-side --field-manager=ci ${DEPLOYMENT}`);
      expect(await managedFields(cmp.own())).toBe(await managedFields(cmp.real()));
    }, 60_000);
  },
);
