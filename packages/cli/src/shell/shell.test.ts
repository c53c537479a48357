import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { style } from "../cli/color.js";
import { loadScenario } from "../scenario/load.js";
import { runScenario } from "../scenario/runner.js";
import { Shell } from "./shell.js";

const testdata = fileURLToPath(new URL("../scenario/testdata/", import.meta.url));
const small = { seed: 1, nodes: 2, dns: false, ingress: false };

function shell(cwd = testdata): Shell {
  return new Shell({ cluster: small, cwd });
}

describe("Shell", () => {
  it("runs kubectl commands with or without the word kubectl", () => {
    const sh = shell();
    const a = sh.exec("kubectl get nodes");
    const b = sh.exec("get nodes");
    expect(a).toEqual({
      output:
        "NAME     STATUS   ROLES    AGE   VERSION\n" +
        "node-1   Ready    <none>   0s    v1.31.0\n" +
        "node-2   Ready    <none>   0s    v1.31.0\n",
      exitCode: 0,
      exit: false,
    });
    expect(b).toEqual(a);
  });

  it("shows the virtual time in the prompt, and advances it", () => {
    const sh = shell();
    expect(sh.prompt()).toBe("[+0s] kubesim> ");
    expect(sh.exec("advance 1m30s")).toEqual({ output: "", exitCode: 0, exit: false });
    expect(sh.prompt()).toBe("[+1m30s] kubesim> ");
    const coloured = new Shell({ cluster: small, style: style(true) });
    expect(coloured.prompt()).toBe("\x1b[2m[+0s]\x1b[22m \x1b[1mkubesim\x1b[22m> ");
  });

  it("applies files relative to its folder, waits for a rollout, and lists pods", () => {
    const sh = shell();
    expect(sh.exec("apply -f deployment.yaml").output).toBe("deployment.apps/my-api created\n");
    expect(sh.exec("until rollout my-api").output).toBe(
      'deployment "my-api" successfully rolled out (after 0s)\n',
    );
    const pods = sh.exec("get pods --no-headers -o name");
    expect(pods.exitCode).toBe(0);
    expect(pods.output.trim().split("\n")).toHaveLength(3);
  });

  it("streams output through onOutput as it is printed", () => {
    const chunks: [string, string][] = [];
    const sh = new Shell({
      cluster: small,
      cwd: testdata,
      onOutput: (s, t) => chunks.push([s, t]),
    });
    const r = sh.exec("get deployment nope");
    expect(r.exitCode).toBe(1);
    expect(chunks).toEqual([
      ["stderr", 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ]);
    expect(r.output).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it("says which words it does not know, in kubectl's style", () => {
    const sh = shell();
    expect(sh.exec("frobnicate pods")).toEqual({
      output: 'error: unknown command "frobnicate" for "kubesim shell"\nRun \'help\' for usage.\n',
      exitCode: 1,
      exit: false,
    });
    expect(sh.exec("kubectl frobnicate").output).toBe(
      'error: unknown command "frobnicate" for "kubectl"\n',
    );
    expect(sh.exec("get pods --frob").output).toBe(
      "error: unknown flag: --frob\nSee 'kubectl get --help' for usage.\n",
    );
    expect(sh.exec("until rollout").exitCode).toBe(1);
    // Only what can be replayed is kept: the failing get, with its exit code.
    expect(sh.steps).toEqual([{ kubectl: "get pods --frob", exitCode: 1 }]);
  });

  it("injects faults and reports a wait that timed out", () => {
    const sh = shell();
    sh.exec("apply -f deployment.yaml");
    sh.exec("advance 10s");
    const del = sh.exec("fault pod delete -l app=my-api");
    expect(del.output).toMatch(/^pod "my-api-[a-z0-9]+-[a-z0-9]{5}" deleted\n$/);
    expect(sh.exec("fault node stop node-2").output).toBe('node "node-2" stopped\n');
    const wait = sh.exec("until pod nope Ready --timeout 5s");
    expect(wait).toEqual({
      output:
        'error: timed out after 5s waiting for pod "nope" Ready=True (last seen: pods "nope" not found)\n',
      exitCode: 1,
      exit: false,
    });
    expect(sh.prompt()).toBe("[+15s] kubesim> ");
    expect(sh.exec("fault pod delete nope").output).toBe(
      'Error from server (NotFound): pods "nope" not found\n',
    );
  });

  it("prints the trace", () => {
    const sh = shell();
    sh.exec("fault node stop node-1");
    const t = sh.exec("trace --type fault");
    expect(t.output).toBe("+0s        fault  stopNode node=node-1\n");
    expect(sh.exec("trace --tail 1 --type nothing").output).toBe("(no nothing entries)\n");
  });

  it("sends traffic and summarises it", () => {
    const sh = new Shell({ cluster: { seed: 1, nodes: 1 }, cwd: testdata });
    sh.exec("apply -f deployment.yaml");
    sh.exec("kubectl expose deployment my-api --port 80 --target-port 8080");
    sh.exec("advance 5s");
    expect(sh.exec("traffic start http://my-api/ --rate 10").output).toBe(
      "traffic started: GET http://my-api/ at 10/s from outside the cluster\n",
    );
    expect(sh.exec("traffic start http://my-api/ --rate 10").output).toBe(
      'error: traffic "http://my-api/" is already running (stop it, or give the new one a name)\n',
    );
    sh.exec("advance 1s");
    expect(sh.exec("traffic stop").output).toMatch(
      /^traffic stopped: http:\/\/my-api\/: sent 11, /,
    );
    expect(sh.exec("traffic summary").output).toMatch(
      /^GET http:\/\/my-api\/ at 10\/s from outside/,
    );
    expect(sh.exec("traffic summary other").output).toBe('error: no traffic named "other"\n');
  });

  it("prints help, and leaves on exit", () => {
    const sh = shell();
    expect(sh.exec("help").output).toMatch(/^kubesim shell: kubectl commands/);
    expect(sh.exec("help fault").output).toMatch(/^fault WHAT/);
    expect(sh.exec("help nothing")).toEqual({
      output: "error: no help for \"nothing\"\nSee 'help' for usage.\n",
      exitCode: 1,
      exit: false,
    });
    expect(sh.exec("exit")).toEqual({ output: "", exitCode: 0, exit: true });
  });

  it("saves what was done as a scenario that kubesim run replays to the same state", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-shell-"));
    const sh = shell();
    const lines = [
      "apply -f deployment.yaml",
      "until rollout my-api",
      "kubectl scale deployment my-api --replicas=4",
      "get deployment nope",
      "until pod nope Ready --timeout 3s",
      "fault pod delete -l app=my-api",
      "say Healing.",
      "advance 20s",
      "get pods",
    ];
    const outputs = lines.map((l) => sh.exec(l).output);
    expect(sh.exec(`save ${dir}/saved/session.yaml`).output).toBe(
      `saved 9 steps to ${dir}/saved/session.yaml; replay with: kubesim run ${dir}/saved/session.yaml\n`,
    );
    const text = readFileSync(join(dir, "saved/session.yaml"), "utf8");
    expect(text).toContain("  - kubectl: apply -f ");
    expect(text).toContain("deployment.yaml\n");
    expect(text).toContain("  - kubectl: get deployment nope\n    exitCode: 1\n");
    expect(text).toContain("  - advance: 3s\n");

    let replay = "";
    const r = runScenario(loadScenario(join(dir, "saved/session.yaml")), {
      write: (_s, t) => (replay += t),
    });
    expect(r.exitCode).toBe(0);
    // The last `get pods` prints the same table: same seed, same steps, same cluster.
    expect(replay).toContain(outputs[outputs.length - 1]);
    expect(r.session.elapsed()).toBe(sh.session.elapsed());
  });

  it("loads a scenario into its cluster, and refuses an invalid one", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-load-"));
    writeFileSync(
      join(dir, "s.yaml"),
      "steps:\n  - kubectl: create deployment web --image=nginx\n  - expect: { object: deployment/web }\n",
    );
    writeFileSync(join(dir, "bad.yaml"), "steps:\n  - advance: soon\n");
    const sh = shell(dir);
    const r = sh.exec("load s.yaml");
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe(
      "[+0s] $ kubectl create deployment web --image=nginx\n" +
        "deployment.apps/web created\n" +
        "[+0s] $ expect\n" +
        "✓ deployment/web exists\n",
    );
    expect(sh.steps).toHaveLength(2);
    expect(sh.exec("load bad.yaml")).toEqual({
      output:
        "error: bad.yaml is not a valid scenario:\n" +
        '  bad.yaml:2:14: steps[0].advance: invalid duration "soon" (use Go\'s form: "30s", "1m30s", "500ms")\n',
      exitCode: 2,
      exit: false,
    });
  });

  it("completes commands, resource types, names and sim words", () => {
    const sh = shell();
    sh.exec("apply -f deployment.yaml");
    sh.exec("advance 5s");
    expect(sh.complete("ad")).toEqual([["advance"], "ad"]);
    expect(sh.complete("ro")[0]).toContain("rollout");
    expect(sh.complete("rollout st")).toEqual([["status"], "st"]);
    expect(sh.complete("get deploy")[0]).toEqual([
      "deploy",
      "deployment",
      "deployments",
      "deployments.apps",
    ]);
    expect(sh.complete("kubectl get deployments ")).toEqual([["my-api"], ""]);
    expect(sh.complete("describe deploy/m")).toEqual([["deploy/my-api"], "deploy/m"]);
    expect(sh.complete("get nodes node-")).toEqual([["node-1", "node-2"], "node-"]);
    expect(sh.complete("get pods -o j")).toEqual([["json", "jsonpath="], "j"]);
    expect(sh.complete("apply -f dep")).toEqual([["deployment.yaml"], "dep"]);
    expect(sh.complete("until ")[0]).toEqual(["deleted", "deployment", "node", "pod", "rollout"]);
    expect(sh.complete("until rollout ")).toEqual([["my-api"], ""]);
    expect(sh.complete("until pod my-api-x R")).toEqual([["Ready", "Ready=False", "Running"], "R"]);
    expect(sh.complete("fault node stop ")).toEqual([["node-1", "node-2"], ""]);
    expect(sh.complete("fault pod delete my")[0]).toHaveLength(3);
    expect(sh.complete("help tr")).toEqual([["trace", "traffic"], "tr"]);
    expect(sh.complete("get pods --show-l")).toEqual([["--show-labels"], "--show-l"]);
  });
});
