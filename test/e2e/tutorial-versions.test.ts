/**
 * The tutorial's commands (../shared/tutorial/commands.md, and the steps
 * around them: config, rollout history/pause/resume/restart, events,
 * api-resources) with every kubectl binary installed beside the default
 * one, 1.27 to 1.33, against `kubesim serve`. Apply validates against the
 * served OpenAPI (no --validate=false). Each read prints what kubesim's
 * own kubectl prints on the same cluster (the printers are shared, so a
 * difference is a wire-level mistake); each mutation prints kubectl's own
 * line. A version whose binary is missing is skipped; exec with 1.27-1.29
 * needs SPDY/3.1 and is checked only when the server speaks it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pinnedKubectl, ROOT, startHarness, type Harness, type Run } from "./kubectl-harness.js";

const MINORS = [27, 28, 29, 30, 31, 32, 33] as const;
const SPDY = existsSync(join(ROOT, "packages/server/src/spdy/index.ts"));
const M = "docs/tutorial/manifests";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Output with Go-style ages (`2m45s`, `2y330d`) masked and column padding collapsed. */
const withoutAges = (text: string): string =>
  text.replace(/\b\d+[ydhms](\d+[dhms])?\b/g, "<age>").replace(/ {2,}/g, "  ");

/**
 * kubesim's describe is kubectl 1.31's. Older clients print less: the pod
 * template's Node-Selectors and Tolerations came in 1.30; a Service's
 * Internal Traffic Policy line, and endpoints sorted by address (read from
 * EndpointSlices in slice order before), in 1.31.
 */
function olderDescribe(text: string, minor: number): string {
  let out = text;
  if (minor < 30) out = out.replace(/^ {2}(Node-Selectors|Tolerations): +<none>\n/gm, "");
  if (minor < 31)
    out = out
      .replace(/^Internal Traffic Policy: .*\n/m, "")
      .replace(/^Endpoints: .*$/m, (line) => `Endpoints: ${line.split(/ +/).length} words`);
  return out;
}

const ok = (stdout: string): Run => ({ stdout, stderr: "", code: 0 });

describe.each(MINORS)("the tutorial with kubectl 1.%i", (minor) => {
  const binary = pinnedKubectl(minor);
  it.skipIf(binary === undefined)("every command, with kubectl's own output", async () => {
    const k = await startHarness();
    h = k;
    const run = (...args: string[]) => k.kubectl(args, { binary: binary!, timeoutMs: 30_000 });
    /** The real kubectl prints exactly what kubesim's kubectl prints. */
    const same = async (line: string): Promise<string> => {
      const real = await run(...line.split(" "));
      const own = k.kubesimKubectl(line);
      expect({ line, ...real }).toEqual({
        line,
        stdout: own.stdout,
        stderr: own.stderr,
        code: own.code,
      });
      return real.stdout;
    };

    expect(await run("apply", "-f", `${M}/config.yaml`)).toEqual(
      ok("configmap/app-config created\nsecret/db-secret created\n"),
    );
    expect(await run("apply", "-f", `${M}/full-deployment.yaml`)).toEqual(
      ok("deployment.apps/my-api created\nservice/my-api created\n"),
    );
    k.server.advance(60_000);
    expect(await run("rollout", "status", "deployment/my-api")).toEqual(
      ok('deployment "my-api" successfully rolled out\n'),
    );
    const pods = await same("get pods");
    expect(pods.split("\n").filter((l) => / 1\/1 +Running /.test(l))).toHaveLength(3);
    await same("get pods,deployments,services");
    await same("get pods -o wide");
    await same("get pods -l app=my-api --show-labels");
    await same("get deployment my-api -o yaml");
    await same("get service my-api -o json");
    await same("get deployment my-api -o jsonpath={.status.readyReplicas}");

    expect(await run("scale", "deployment", "my-api", "--replicas=5")).toEqual(
      ok("deployment.apps/my-api scaled\n"),
    );
    k.server.advance(60_000);
    expect(await same("get deployment my-api -o jsonpath={.status.readyReplicas}")).toBe("5");

    expect(await run("set", "image", "deployment/my-api", "api=myapp:v1.3")).toEqual(
      ok("deployment.apps/my-api image updated\n"),
    );
    k.server.advance(180_000);
    expect(await run("rollout", "status", "deployment/my-api")).toEqual(
      ok('deployment "my-api" successfully rolled out\n'),
    );
    await same("rollout history deployment/my-api");
    expect(await run("rollout", "undo", "deployment/my-api")).toEqual(
      ok("deployment.apps/my-api rolled back\n"),
    );
    k.server.advance(180_000);
    expect(await run("rollout", "status", "deployment/my-api")).toEqual(
      ok('deployment "my-api" successfully rolled out\n'),
    );
    expect(
      (
        await run(
          "get",
          "deploy",
          "my-api",
          "-o",
          "jsonpath={.spec.template.spec.containers[0].image}",
        )
      ).stdout,
    ).toBe("myapp:v1.2");
    await same("get rs");

    const pod = (await same("get pods -o name")).split("\n")[0]!.replace("pod/", "");
    expect((await same(`logs ${pod}`)).length).toBeGreaterThan(0);
    // kubectl reads the selected pods' logs from a Go map (LogsForObject), so
    // the pods come in any order: compare the lines.
    const sorted = (text: string) => text.split("\n").sort();
    const logs = await run("logs", "-l", "app=my-api", "--tail=100");
    expect(logs.code).toBe(0);
    expect(sorted(logs.stdout)).toEqual(
      sorted(k.kubesimKubectl("logs -l app=my-api --tail=100").stdout),
    );
    // kubectl ages Events against its own wall clock (the harness's cluster starts in 2024).
    const describe = await run("describe", "pod", pod);
    expect(withoutAges(describe.stdout)).toBe(
      withoutAges(k.kubesimKubectl(`describe pod ${pod}`).stdout),
    );
    expect(describe.stdout).toMatch(/^ +Liveness: +http-get /m);
    expect(describe.stdout).toMatch(/^ +Normal +Scheduled /m);
    for (const what of ["deployment", "service"]) {
      const real = await run("describe", what, "my-api");
      expect(olderDescribe(withoutAges(real.stdout), minor)).toBe(
        olderDescribe(withoutAges(k.kubesimKubectl(`describe ${what} my-api`).stdout), minor),
      );
    }

    if (minor >= 30 || SPDY) {
      const env = await run("exec", pod, "--", "env");
      expect(env.code).toBe(0);
      expect(env.stdout).toMatch(/^DATABASE_URL=postgresql:\/\/\.\.\.$/m);
    }

    expect(await run("rollout", "pause", "deployment/my-api")).toEqual(
      ok("deployment.apps/my-api paused\n"),
    );
    expect(await run("rollout", "resume", "deployment/my-api")).toEqual(
      ok("deployment.apps/my-api resumed\n"),
    );
    expect(await run("rollout", "restart", "deployment/my-api")).toEqual(
      ok("deployment.apps/my-api restarted\n"),
    );
    k.server.advance(180_000);
    expect(await run("rollout", "status", "deployment/my-api")).toEqual(
      ok('deployment "my-api" successfully rolled out\n'),
    );
    // kubectl sorts Events with Go's unstable sort, and many share an instant here.
    const events = await run("events");
    expect(sorted(withoutAges(events.stdout))).toEqual(
      sorted(withoutAges(k.kubesimKubectl("events").stdout)),
    );
    await same("api-resources");

    expect(await run("delete", "deployment", "my-api")).toEqual(
      ok('deployment.apps "my-api" deleted\n'),
    );
    k.server.advance(60_000);
    expect(await run("get", "pods,replicasets")).toEqual({
      stdout: "",
      stderr: "No resources found in default namespace.\n",
      code: 0,
    });
    expect(await run("get", "deployment", "my-api")).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): deployments.apps "my-api" not found\n',
      code: 1,
    });
  });
});
