import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { kubesim } from "./app.js";

class Capture extends Writable {
  text = "";
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const testdata = fileURLToPath(new URL("../scenario/testdata/", import.meta.url));

async function cli(
  argv: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await kubesim(argv, {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: options.env ?? {},
    cwd: options.cwd ?? testdata,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe("kubesim", () => {
  it("prints its help", async () => {
    const r = await cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^kubesim: Kubernetes' control plane in miniature/);
    expect(r.stdout).toContain("  shell   An interactive prompt");
    expect((await cli([])).stdout).toBe(r.stdout);
    expect((await cli(["help"])).stdout).toBe(r.stdout);
    const run = await cli(["run", "--help"]);
    expect(run.stdout).toContain("  kubesim run FILE.yaml... [--seed N] [--quiet]");
    expect(run.stdout).toContain("  -q, --quiet         print only failures and the result\n");
    expect((await cli(["help", "run"])).stdout).toBe(run.stdout);
  });

  it("refuses unknown commands and flags in kubectl's words, with exit code 1", async () => {
    expect(await cli(["sell"])).toEqual({
      code: 1,
      stdout: "",
      stderr: `error: unknown command "sell" for "kubesim"\nRun 'kubesim --help' for usage.\n`,
    });
    expect(await cli(["--verbose"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: unknown flag: --verbose\nSee 'kubesim --help' for usage.\n",
    });
    expect((await cli(["run", "x.yaml", "--sed", "3"])).stderr).toBe(
      "error: unknown flag: --sed\nSee 'kubesim run --help' for usage.\n",
    );
    expect((await cli(["run", "--kubeconfig", "x"])).stderr).toBe(
      "error: unknown flag: --kubeconfig\nSee 'kubesim run --help' for usage.\n",
    );
    expect((await cli(["shell", "--nodes", "many"])).stderr).toBe(
      `error: invalid argument "many" for "--nodes" flag: strconv.ParseInt: parsing "many": invalid syntax\nSee 'kubesim shell --help' for usage.\n`,
    );
    expect(await cli(["run"])).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error: must specify at least one scenario file\nSee 'kubesim run --help' for usage.\n",
    });
    expect((await cli(["help", "nope"])).stderr).toBe(
      `error: unknown help topic "nope"\nSee 'kubesim --help' for usage.\n`,
    );
  });

  it("runs scenarios: 0 when they pass, 1 when one fails, 2 when one is not a scenario", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-app-"));
    writeFileSync(join(dir, "ok.yaml"), "cluster: { nodes: 1 }\nsteps: [{ advance: 1s }]\n");
    writeFileSync(join(dir, "fail.yaml"), "steps:\n  - expect: { objects: pods, count: 1 }\n");
    writeFileSync(join(dir, "bad.yaml"), "steps:\n  - advance: never\n");
    expect(await cli(["run", "-q", "ok.yaml"], { cwd: dir })).toEqual({
      code: 0,
      stdout: "PASS ok.yaml: 1 step, 1s of virtual time\n",
      stderr: "",
    });
    const two = await cli(["run", "--quiet", "ok.yaml", "fail.yaml"], { cwd: dir });
    expect(two.code).toBe(1);
    expect(two.stdout).toBe(
      "PASS ok.yaml: 1 step, 1s of virtual time\n" +
        "FAIL fail.yaml:2: steps[0] (expect)\n  expect: count of pods is 1\n  expected: 1\n  actual:   0\n",
    );
    const three = await cli(["run", "-q", "ok.yaml", "bad.yaml", "fail.yaml", "missing.yaml"], {
      cwd: dir,
    });
    expect(three.code).toBe(2);
    expect(three.stderr).toBe(
      "error: bad.yaml is not a valid scenario:\n" +
        `  bad.yaml:2:14: steps[0].advance: invalid duration "never" (use Go's form: "30s", "1m30s", "500ms")\n` +
        "error: missing.yaml is not a valid scenario:\n" +
        '  missing.yaml: the path "missing.yaml" does not exist\n',
    );
  });

  it("colours a terminal unless NO_COLOR is set", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-app-"));
    writeFileSync(join(dir, "ok.yaml"), "cluster: { nodes: 1 }\nsteps: [{ advance: 1s }]\n");
    const tty = async (env: NodeJS.ProcessEnv) => {
      const stdout = new Capture(true);
      await kubesim(["run", "-q", "ok.yaml"], {
        stdout,
        stderr: new Capture(true),
        stdin: Readable.from([]),
        env,
        cwd: dir,
      });
      return stdout.text;
    };
    expect(await tty({})).toContain("\x1b[");
    expect(await tty({ NO_COLOR: "1" })).toBe("PASS ok.yaml: 1 step, 1s of virtual time\n");
  });

  it("runs a shell over standard input", async () => {
    const r = await cli(["shell", "--nodes", "1", "--no-dns", "--no-ingress", "--seed", "5"], {
      stdin: "get nodes\nadvance 10s\nfoo\nget nodes --no-headers\nexit\nget pods\n",
    });
    expect(r.stdout).toBe(
      "NAME     STATUS   ROLES    AGE   VERSION\nnode-1   Ready    <none>   0s    v1.31.0\n" +
        "node-1   Ready   <none>   10s   v1.31.0\n",
    );
    expect(r.stderr).toBe(
      `error: unknown command "foo" for "kubesim shell"\nRun 'help' for usage.\n`,
    );
    expect(r.code).toBe(0);
  });
});

describe("the kubesim binary", () => {
  const root = fileURLToPath(new URL("../../../../", import.meta.url));
  const bin = (args: string[]) =>
    spawnSync(process.execPath, ["packages/cli/bin/kubesim.mjs", ...args], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });

  it("runs a scenario file end to end, with its exit code", () => {
    const ok = bin(["run", "packages/cli/src/scenario/testdata/rollout.yaml"]);
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(
      "[+0s] $ kubectl apply -f deployment.yaml\ndeployment.apps/my-api created\n",
    );
    expect(ok.stdout).toMatch(
      /\nPASS packages\/cli\/src\/scenario\/testdata\/rollout\.yaml: 8 steps, 30s of virtual time\n$/,
    );

    const dir = mkdtempSync(join(tmpdir(), "kubesim-bin-"));
    writeFileSync(join(dir, "fail.yaml"), "steps:\n  - expect: { object: deployment/my-api }\n");
    const fail = bin(["run", "-q", join(dir, "fail.yaml")]);
    expect(fail.status).toBe(1);
    expect(fail.stdout).toContain(
      '  Error from server (NotFound): deployments.apps "my-api" not found\n',
    );

    const bad = bin(["run", join(dir, "nothing.yaml")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("is not a valid scenario");

    const unknown = bin(["frob"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(
      `error: unknown command "frob" for "kubesim"\nRun 'kubesim --help' for usage.\n`,
    );
  });
});
