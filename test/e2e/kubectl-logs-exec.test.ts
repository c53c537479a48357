/**
 * The real kubectl's `logs` and `exec` against `kubesim serve`, per pinned
 * version (kubectl.1.27 … kubectl.1.33), on the tutorial's manifests:
 * `logs POD`, `logs -l app=my-api --tail=100`, `logs -f` (lines appear as
 * virtual time passes), `logs --previous` after a crash, `exec POD -- env`
 * (the Secret's DATABASE_URL, decoded), `exec POD -- sh -c 'exit 3'`
 * (kubectl exits 3), `exec -i` fed through stdin and `exec -it` under
 * `script` for a terminal.
 *
 * Logs are plain HTTP and work with every version. Exec and attach are
 * served over WebSocket (v5.channel.k8s.io), which kubectl speaks from 1.30
 * on; 1.27–1.29 speak only SPDY/3.1, so their exec tests run only once
 * the server has an SPDY transport (packages/server/src/spdy).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MANIFESTS,
  pinnedKubectl,
  ROOT,
  SCRIPT,
  startHarness,
  type Harness,
} from "./kubectl-harness.js";

const VERSIONS = ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"] as const;
const WEBSOCKET_EXEC = new Set(["1.30", "1.31", "1.32", "1.33"]);
const SPDY = existsSync(join(ROOT, "packages/server/src/spdy/index.ts"));

/** Sorted lines, for outputs whose pod order is a Go map's. */
const lines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .sort();

for (const version of VERSIONS) {
  const pinned = pinnedKubectl(version);
  const binary = pinned ?? "";

  describe.skipIf(pinned === undefined)(`kubectl ${version}: logs and exec`, () => {
    let h: Harness;
    /** A pod of the Deployment (probed: its log grows). */
    let deployed: string;
    const kubectl = (args: readonly string[], input?: string) =>
      h.kubectl(args, { binary, ...(input === undefined ? {} : { input }) });

    beforeAll(async () => {
      h = await startHarness({ followPollMs: 20 });
      h.server.pacer.run(() => {
        for (const f of ["config.yaml", "pod.yaml", "full-deployment.yaml"])
          h.server.cluster.apply(readFileSync(join(MANIFESTS, f), "utf8"));
      });
      h.server.advance(30_000);
      deployed = h.server.pacer.run(
        () =>
          h.server.cluster.client
            .list("Pod", { namespace: "default", labelSelector: "app=my-api" })
            .items.map((p) => p.metadata?.name ?? "")
            .sort()[0]!,
      );
    });
    afterAll(async () => {
      await h?.close();
    });

    it("logs POD prints what kubesim's kubectl prints", async () => {
      const real = await kubectl(["logs", "my-api"]);
      expect(real).toEqual({ ...h.kubesimKubectl("logs my-api"), code: 0 });
      expect(real.stdout).toContain("Listening on :8000\n");
      const one = await kubectl(["logs", deployed, "--tail=2", "--timestamps"]);
      expect(one.stdout).toBe(h.kubesimKubectl(`logs ${deployed} --tail=2 --timestamps`).stdout);
      expect(one.stdout.split("\n")).toHaveLength(3);
    });

    it("logs -l app=my-api --tail=100: every pod's lines", async () => {
      const real = await kubectl(["logs", "-l", "app=my-api", "--tail=100"]);
      expect(real.code).toBe(0);
      expect(lines(real.stdout)).toEqual(
        lines(h.kubesimKubectl("logs -l app=my-api --tail=100").stdout),
      );
      expect(lines(real.stdout).filter((l) => l.includes('"GET /health'))).not.toHaveLength(0);
    });

    it("logs -f: new lines appear as virtual time passes, until interrupted", async () => {
      const before = h.kubesimKubectl(`logs ${deployed}`).stdout;
      const f = h.start(["logs", "-f", deployed], { binary });
      await f.waitFor(/kube-probe/);
      expect(f.stdout()).toBe(before);
      h.server.advance(10_000);
      const after = h.kubesimKubectl(`logs ${deployed}`).stdout;
      expect(after.length).toBeGreaterThan(before.length);
      const last = after.trimEnd().split("\n").pop()!;
      await f.waitFor(new RegExp(last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      expect(f.stdout()).toBe(after);
      f.stop();
      await f.exited;
    });

    it("logs --previous: not found before a crash, the old instance's log after", async () => {
      const none = await kubectl(["logs", "--previous", "my-api"]);
      expect(none).toEqual({
        stdout: "",
        stderr:
          'Error from server (BadRequest): previous terminated container "api" in pod "my-api" not found\n',
        code: 1,
      });
      const before = h.kubesimKubectl("logs my-api").stdout;
      h.server.pacer.run(() => {
        const pod = h.server.cluster.client.get("Pod", "default", "my-api");
        h.server.cluster.kubelet(pod.spec!.nodeName!).killContainer("default", "my-api", "api");
      });
      h.server.advance(15_000);
      const prev = await kubectl(["logs", "-p", "my-api"]);
      expect(prev).toEqual({ stdout: before, stderr: "", code: 0 });
      const missing = await kubectl(["logs", "nope"]);
      // kubectl's own wording from 1.30 on (measured); 1.27–1.29 print the server's Status.
      expect(missing).toEqual({
        stdout: "",
        stderr: WEBSOCKET_EXEC.has(version)
          ? 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n'
          : 'Error from server (NotFound): pods "nope" not found\n',
        code: 1,
      });
    });

    const execWorks = WEBSOCKET_EXEC.has(version) || SPDY;
    const execName = execWorks
      ? "exec"
      : "exec (needs SPDY/3.1, which kubectl <= 1.29 alone speaks: skipped until the server has it)";

    describe.skipIf(!execWorks)(execName, () => {
      it("exec POD -- env shows the Secret's DATABASE_URL, decoded", async () => {
        const r = await kubectl(["exec", "my-api", "--", "env"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain("\nDATABASE_URL=postgresql://...\n");
        expect(r).toEqual({ ...h.kubesimKubectl("exec my-api -- env"), code: 0 });
      });

      it("exec POD -- sh -c 'exit 3': kubectl exits 3", async () => {
        const r = await kubectl(["exec", "my-api", "--", "sh", "-c", "exit 3"]);
        expect(r).toEqual({ stdout: "", stderr: "command terminated with exit code 3\n", code: 3 });
        const ls = await kubectl(["exec", deployed, "--", "ls", "/nope"]);
        expect(ls).toEqual({
          stdout: "",
          stderr: "ls: /nope: No such file or directory\ncommand terminated with exit code 1\n",
          code: 1,
        });
      });

      it("exec with a container the pod lacks", async () => {
        const r = await kubectl(["exec", "my-api", "-c", "nope", "--", "env"]);
        expect(r).toEqual({
          stdout: "",
          stderr: "Error from server (BadRequest): container nope is not valid for pod my-api\n",
          code: 1,
        });
      });

      it("exec -i POD -- sh, fed through stdin", async () => {
        const r = await kubectl(
          ["exec", "-i", "my-api", "--", "sh"],
          "echo $DATABASE_URL\ncd /tmp\npwd\nexit 5\n",
        );
        expect(r).toEqual({
          stdout: "postgresql://...\n/tmp\n",
          stderr: "command terminated with exit code 5\n",
          code: 5,
        });
        const eof = await kubectl(["exec", "-i", "my-api", "--", "sh"], "hostname\n");
        expect(eof).toEqual({ stdout: "my-api\n", stderr: "", code: 0 });
      });

      it.skipIf(SCRIPT === undefined)(
        "exec -it POD -- sh on a terminal (under script)",
        async () => {
          const t = h.start(["exec", "-it", "my-api", "--", "sh"], { binary, terminal: true });
          await t.waitFor(/\/ # $/);
          t.write("echo $DATABASE_URL\r");
          await t.waitFor(/postgresql:\/\/\.\.\.\r\n\/ # $/);
          t.write("exit 7\r");
          expect(await t.exited).toBe(7);
          expect(t.stdout()).toBe(
            "/ # echo $DATABASE_URL\r\npostgresql://...\r\n/ # exit 7\r\ncommand terminated with exit code 7\r\n",
          );
        },
      );
    });
  });
}
