/**
 * events.k8s.io/v1 with the real kubectl (1.27, 1.31, 1.33 pinned): the
 * tutorial's Deployment applied and run for 30 s of virtual time, then
 * `kubectl get events.events.k8s.io` lists the rows `kubectl get events`
 * lists, `-o yaml` through events.v1.events.k8s.io shows the events.k8s.io
 * field names, and `kubectl get events` / `kubectl describe pod` still read
 * core/v1 (kube-apiserver's group priority puts the core group first).
 */
import { afterEach, describe, expect, it } from "vitest";
import { pinnedKubectl, startHarness, type Harness } from "./kubectl-harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The rows of a table, without the LAST SEEN column (ages) and sorted: kubectl sorts Events unstably. */
const rows = (table: string): string[] =>
  table
    .trimEnd()
    .split("\n")
    .map((l) => l.replace(/^\S+\s+/, ""))
    .sort();

for (const minor of [27, 31, 33]) {
  const binary = pinnedKubectl(minor);
  describe.skipIf(binary === undefined)(`events.k8s.io/v1 with kubectl 1.${minor}`, () => {
    it("lists the same events as core/v1, shows events.k8s.io fields, and leaves `get events` core", async () => {
      h = await startHarness();
      const k = (args: string) => h!.kubectl(args.split(" "), { binary: binary! });
      const applied = await k("apply -f docs/tutorial/manifests/deployment.yaml");
      expect(applied.stderr).toBe("");
      h.server.advance(30_000);

      const core = await k("get events");
      expect(core.code).toBe(0);
      expect(core.stdout.split("\n")[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
      const v1 = await k("get events.events.k8s.io");
      expect(v1.stderr).toBe("");
      expect(rows(v1.stdout)).toEqual(rows(core.stdout));
      expect(rows(v1.stdout).length).toBeGreaterThan(10);

      const yaml = await k("get events.v1.events.k8s.io -o yaml");
      expect(yaml.code).toBe(0);
      expect(yaml.stdout).toMatch(/^- apiVersion: events\.k8s\.io\/v1$/m);
      expect(yaml.stdout).toMatch(/^ {2}note: /m);
      expect(yaml.stdout).toMatch(/^ {2}regarding:$/m);
      expect(yaml.stdout).toMatch(/^ {2}reportingController: /m);
      expect(yaml.stdout).not.toMatch(/^ {2}involvedObject:/m);

      // The core resource keeps the short name and the core version.
      const coreYaml = await k("get ev -o yaml");
      expect(coreYaml.stdout).toMatch(/^- apiVersion: v1$/m);
      expect(coreYaml.stdout).toMatch(/^ {2}involvedObject:$/m);

      const pod = (await k("get pods -o name")).stdout.split("\n")[0]!;
      const described = await k(`describe ${pod}`);
      expect(described.code).toBe(0);
      expect(described.stdout).toMatch(/Events:\n +Type +Reason +Age +From +Message\n/);
      expect(described.stdout).toMatch(
        /Normal +Scheduled +.*default-scheduler +Successfully assigned/,
      );
    });

    it("creates an events.k8s.io/v1 Event from a manifest and refuses an invalid one in upstream's words", async () => {
      h = await startHarness();
      const k = (args: string) => h!.kubectl(args.split(" "), { binary: binary! });
      const created = await k("create -f test/e2e/testdata/events-v1-event.yaml");
      expect(created).toEqual({
        stdout: "event.events.k8s.io/hello.1 created\n",
        stderr: "",
        code: 0,
      });
      const core = await k("get events --field-selector reason=Hello");
      expect(core.stdout).toMatch(/Normal +Hello +node\/node-1 +Hello from events\.k8s\.io\n$/);
      const refused = await k("create -f test/e2e/testdata/events-v1-invalid.yaml");
      expect(refused.code).toBe(1);
      // Without eventTime the legacy checks take the old-style path: only the strict eventTime check fails.
      expect(refused.stderr).toBe('The Event "bad.1" is invalid: eventTime: Required value\n');
    });

    it("watches events.k8s.io/v1 Events as they come", async () => {
      h = await startHarness();
      const w = h.start(["get", "events.events.k8s.io", "-w"], { binary: binary! });
      await w.waitFor(/LAST SEEN/);
      expect(
        (
          await h.kubectl(["apply", "-f", "docs/tutorial/manifests/deployment.yaml"], {
            binary: binary!,
          })
        ).code,
      ).toBe(0);
      h.server.advance(30_000);
      await w.waitFor(/Scheduled +pod\/my-api-/);
      w.stop();
    });
  });
}
