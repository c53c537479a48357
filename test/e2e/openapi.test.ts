/**
 * The real kubectl 1.27 … 1.33 (the pinned binaries of the Google Cloud SDK)
 * against the OpenAPI documents of `kubesim serve`: `apply -f`, `create -f`,
 * `replace -f` and `diff -f` validate by default (1.27/1.28 read
 * /openapi/v2 as protobuf, 1.29+ /openapi/v3), find the patch operation's
 * `fieldValidation` parameter and leave validation to the server, which
 * refuses an unknown field in kube-apiserver's words; a re-apply computes
 * its strategic merge patch with the published merge keys and removes what
 * the manifest dropped; `kubectl explain` renders the served schemas.
 *
 * Expected explain outputs (testdata/) are whole outputs. They were checked
 * against kubectl's explain template (staging/src/k8s.io/kubectl/pkg/
 * explain/v2/templates/plaintext.tmpl) and are also what kubesim's own
 * explain, which mirrors that template, prints for the same descriptions.
 * kubectl 1.27–1.29 print one blank line after `FIELD:` where 1.30+ print
 * two: 1.30's template added the enum line (`extractEnum`) and its newline.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { kindInfo } from "@kubesim/api";
import { explain, explainSchema } from "@kubesim/kubectl";
import { afterEach, describe, expect, it } from "vitest";
import { pinnedKubectl, startHarness, type Harness } from "./kubectl-harness.js";

const TESTDATA = join(fileURLToPath(import.meta.url), "../testdata");
const expected = (name: string) => readFileSync(join(TESTDATA, name), "utf8");

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MINORS = [27, 28, 29, 30, 31, 32, 33];

/** The explain text of 1.30+ as 1.27–1.29 print it (one blank line after FIELD:). */
const beforeEnums = (text: string) => text.replace(/^(FIELD: .*\n)\n\n/m, "$1\n");

const BAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bad
spec:
  replica: 3
  selector:
    matchLabels: {app: bad}
  template:
    metadata:
      labels: {app: bad}
    spec:
      containers: [{name: a, image: nginx}]
`;

describe("the expected explain outputs", () => {
  it("are what kubectl's explain template prints, as kubesim's own explain renders it", () => {
    expect(explain(explainSchema, kindInfo("Pod")!, [], false)).toBe(expected("explain-pods.txt"));
    expect(explain(explainSchema, kindInfo("Deployment")!, ["spec", "strategy"], false)).toBe(
      expected("explain-deployment.spec.strategy.txt"),
    );
  });
});

describe.each(MINORS)("kubectl 1.%i against the served OpenAPI", (minor) => {
  const binary = pinnedKubectl(minor);
  const run = (args: string[]) => h!.kubectl(args, { binary: binary! });

  it.skipIf(binary === undefined)(
    "apply -f validates, creates, re-applies with merge keys; create/replace refuse an unknown field",
    async () => {
      h = await startHarness();
      expect(await run(["apply", "-f", "docs/tutorial/manifests/deployment.yaml"])).toEqual({
        stdout: "deployment.apps/my-api created\n",
        stderr: "",
        code: 0,
      });
      expect(await run(["apply", "-f", "docs/tutorial/manifests/full-deployment.yaml"])).toEqual({
        stdout: "deployment.apps/my-api configured\nservice/my-api created\n",
        stderr: "",
        code: 0,
      });
      const live = () =>
        JSON.parse(h!.kubesimKubectl("get deployment my-api -o json").stdout) as {
          spec: {
            strategy: unknown;
            template: { spec: { containers: Record<string, unknown>[] } };
          };
        };
      expect(live().spec.template.spec.containers[0]!["env"]).toHaveLength(2);
      expect(await run(["apply", "-f", "docs/tutorial/manifests/deployment.yaml"])).toEqual({
        stdout: "deployment.apps/my-api configured\n",
        stderr: "",
        code: 0,
      });
      const after = live();
      const container = after.spec.template.spec.containers[0]!;
      expect(after.spec.template.spec.containers).toHaveLength(1);
      expect(container["env"]).toBeUndefined();
      expect(container["livenessProbe"]).toBeUndefined();
      expect(container["resources"] ?? {}).toEqual({});
      expect(after.spec.strategy).toEqual({
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
      });
      expect(await run(["diff", "-f", "docs/tutorial/manifests/deployment.yaml"])).toEqual({
        stdout: "",
        stderr: "",
        code: 0,
      });
      expect(await run(["replace", "-f", "docs/tutorial/manifests/deployment.yaml"])).toEqual({
        stdout: "deployment.apps/my-api replaced\n",
        stderr: "",
        code: 0,
      });

      const bad = join(h.dir, "bad.yaml");
      writeFileSync(bad, BAD);
      const refused = (verb: string) => ({
        stdout: "",
        stderr: `Error from server (BadRequest): error when ${verb} "${bad}": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n`,
        code: 1,
      });
      expect(await run(["apply", "-f", bad])).toEqual(refused("creating"));
      expect(await run(["create", "-f", bad])).toEqual(refused("creating"));
      writeFileSync(bad, BAD.replaceAll("bad", "my-api"));
      expect(await run(["replace", "-f", bad])).toEqual(refused("replacing"));
    },
  );

  it.skipIf(binary === undefined)(
    "explain pods and explain deployment.spec.strategy print kubectl's layout",
    async () => {
      h = await startHarness();
      const shape = minor < 30 ? beforeEnums : (t: string) => t;
      expect(await run(["explain", "pods"])).toEqual({
        stdout: expected("explain-pods.txt"),
        stderr: "",
        code: 0,
      });
      expect(await run(["explain", "deployment.spec.strategy"])).toEqual({
        stdout: shape(expected("explain-deployment.spec.strategy.txt")),
        stderr: "",
        code: 0,
      });
      const ports = await run(["explain", "pod.spec.containers.ports"]);
      expect(ports.code).toBe(0);
      expect(ports.stdout).toContain("FIELD: ports <[]ContainerPort>\n");
      expect(ports.stdout).toContain("  containerPort\t<integer> -required-\n");
      const missing = await run(["explain", "deployment.spec.replica"]);
      // The template prints the header before the schema lookup throws.
      expect(missing).toEqual({
        stdout: "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n",
        stderr: 'error: field "replica" does not exist\n',
        code: 1,
      });
    },
  );
});
