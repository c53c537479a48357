import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { style, stripColor } from "../cli/color.js";
import { parseScenario } from "./load.js";
import { runScenario, type RunOptions } from "./runner.js";

const testdata = fileURLToPath(new URL("./testdata/", import.meta.url));
const head = "cluster: { seed: 1, nodes: 2, dns: false, ingress: false }\nsteps:\n";

function run(steps: string, options: Partial<RunOptions> = {}) {
  let out = "";
  const loaded = parseScenario(head + steps, { source: "t.yaml", baseDir: testdata });
  const r = runScenario(loaded, { write: (_s, t) => (out += t), ...options });
  return { ...r, out };
}

const deployed = `  - apply: { file: deployment.yaml }
  - until: { rollout: my-api }
`;

describe("runScenario", () => {
  it("prints each step as its shell line with the virtual time, then its output", () => {
    const r = run(`${deployed}  - say: Now wait.
  - advance: 1m
  - kubectl: get deploy my-api
  - expect: { output: { contains: "3/3" } }
`);
    expect(r.exitCode).toBe(0);
    expect(r.out).toBe(
      "t.yaml (t.yaml: seed 1, 2 nodes)\n\n" +
        "[+0s] $ kubectl apply -f deployment.yaml\n" +
        "deployment.apps/my-api created\n" +
        "[+0s] $ until rollout my-api\n" +
        'deployment "my-api" successfully rolled out (after 0s)\n' +
        "\nNow wait.\n" +
        "[+0s] $ advance 1m\n" +
        "[+1m0s] $ kubectl get deploy my-api\n" +
        "NAME     READY   UP-TO-DATE   AVAILABLE   AGE\n" +
        "my-api   3/3     3            3           60s\n" +
        "[+1m0s] $ expect\n" +
        '✓ output contains "3/3"\n' +
        "\nPASS t.yaml: 6 steps, 1m0s of virtual time\n",
    );
  });

  it("is quiet with --quiet, and colours only when asked", () => {
    expect(run(deployed, { quiet: true }).out).toBe("PASS t.yaml: 2 steps, 0s of virtual time\n");
    const c = run(deployed, { quiet: true, style: style(true) }).out;
    expect(c).toContain("\x1b[32m");
    expect(stripColor(c)).toBe("PASS t.yaml: 2 steps, 0s of virtual time\n");
  });

  it("stops at the first failing step, naming the file, line and step, expected against actual", () => {
    const r = run(
      `${deployed}  - expect:
      - object: deployment/my-api
        path: spec.replicas
        equals: 3
      - object: deployment/my-api
        path: status.availableReplicas
        equals: 4
  - say: never printed
`,
      { quiet: true },
    );
    expect(r.exitCode).toBe(1);
    expect(r.steps).toBe(3);
    expect(r.out).toBe(
      "FAIL t.yaml:9: steps[2] (expect)\n" +
        "  expect: deployment/my-api status.availableReplicas equals 4\n" +
        "  expected: 4\n" +
        "  actual:   3\n",
    );
  });

  it("fails a kubectl step that exits non-zero, unless exitCode says so", () => {
    const bad = run("  - kubectl: get deployment nope\n", { quiet: true });
    expect(bad.exitCode).toBe(1);
    expect(bad.out).toBe(
      "FAIL t.yaml:3: steps[0] (kubectl: kubectl get deployment nope)\n" +
        "  the command exited with code 1, expected 0\n" +
        "  output:\n" +
        '  | Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    const ok = run(
      "  - kubectl: get deployment nope\n    exitCode: 1\n  - expect: { output: { exitCode: 1, contains: NotFound } }\n",
      { quiet: true },
    );
    expect(ok.exitCode).toBe(0);
  });

  it("fails an apply of an invalid manifest with kubectl's error", () => {
    const r = run("  - apply: { kind: Nope, apiVersion: v1, metadata: { name: x } }\n");
    expect(r.exitCode).toBe(1);
    expect(r.out).toContain("kubectl apply -f -  # nope/x\n");
    expect(r.out).toContain(
      'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Nope" in version "v1"',
    );
    expect(r.out).toContain("FAIL t.yaml:3: steps[0] (apply: kubectl apply -f -  # nope/x)");
  });

  it("fails an until that times out, with what it last saw", () => {
    const r = run("  - until: { deployment: web, condition: Available, timeout: 30s }\n", {
      quiet: true,
    });
    expect(r.out).toBe(
      "FAIL t.yaml:3: steps[0] (until: until deployment web Available --timeout 30s)\n" +
        '  error: timed out after 30s waiting for deployment "web" condition Available=True (last seen: deployments.apps "web" not found)\n',
    );
    expect(r.elapsed).toBe(30_000);
  });

  it("checks objects, counts, output, events and traffic, and shows what it found when they fail", () => {
    const fails = (e: string) =>
      run(`${deployed}  - kubectl: get pods\n  - expect: ${e}\n`, { quiet: true }).out;
    expect(fails("{ object: deployment/web }")).toContain(
      '  Error from server (NotFound): deployments.apps "web" not found\n',
    );
    expect(fails("{ object: deployment/my-api, exists: false }")).toContain(
      "  deployment/my-api exists\n",
    );
    expect(fails("{ object: deployment/my-api, path: spec.paused, exists: true }")).toContain(
      "  expected: a value\n  actual:   <absent>\n",
    );
    expect(fails("{ object: deployment/my-api, path: metadata.name, matches: '^web' }")).toContain(
      '  expected to match: /^web/\n  actual:   "my-api"\n',
    );
    expect(fails("{ object: deployment/my-api, path: spec.replicas, compare: '> 3' }")).toContain(
      "  expected: > 3\n  actual:   3\n",
    );
    expect(fails("{ objects: pods, selector: app=other, count: '>=1' }")).toContain(
      "  expected: >= 1\n  actual:   0\n",
    );
    expect(fails("{ output: { contains: CrashLoopBackOff } }")).toContain(
      '  expected the output to contain: "CrashLoopBackOff"\n  output:\n  | NAME ',
    );
    expect(fails("{ output: { notContains: Running } }")).toContain(
      'expected the output not to contain: "Running"',
    );
    expect(fails("{ events: { reason: BackOff } }")).toContain(
      "  expect: events BackOff: count >= 1\n  expected: >= 1\n  actual:   0\n  latest Events:\n",
    );
    expect(fails("{ events: { reason: ScalingReplicaSet, count: 2 } }")).toContain(
      "  matching Events:\n    Normal ScalingReplicaSet deployment/my-api: Scaled up replica set my-api-",
    );
    expect(fails("{ traffic: { failed: 0 } }")).toContain("  no traffic was started\n");
    expect(
      run(`${deployed}  - expect:
      - object: deployment/my-api
        path: spec.template.spec.containers[*].name
        contains: api
      - object: deployment/my-api
        path: "{.metadata.annotations['deployment.kubernetes.io/revision']}"
        equals: 1
      - object: deployment/my-api
        path: spec.replicas
        notEquals: 2
      - objects: pods
        count: "!=0"
      - events: { object: deployment/my-api, message: "from 0 to 3", count: 1 }
      - events: { type: Warning, count: 0 }
`).exitCode,
    ).toBe(0);
  });

  it("runs faults and traffic", () => {
    const r = run(
      `  - apply: { file: deployment.yaml }
  - apply: |
      apiVersion: v1
      kind: Service
      metadata: { name: my-api }
      spec:
        selector: { app: my-api }
        ports: [{ port: 80, targetPort: 8080 }]
  - until: { rollout: my-api }
  - advance: 5s
  - traffic: { start: { url: "http://my-api.default.svc.cluster.local/", rate: 10, name: web } }
  - advance: 2s
  - fault: { killContainer: { selector: app=my-api } }
  - fault: { restartController: kube-scheduler }
  - fault: { dropWatches: true }
  - fault: { slowApiServer: 1s, for: 10s }
  - advance: 1s
  - traffic: { stop: web }
  - expect: { traffic: { name: web, sent: 31 } }
`,
    );
    expect(r.out).toMatch(/pod "my-api-[a-z0-9-]+": container killed\n/);
    expect(r.out).toContain("kube-scheduler restarted with empty caches\n");
    expect(r.out).toMatch(/the API server ended \d+ watches\n/);
    expect(r.out).toContain("watch events now arrive 1s late for 10s\n");
    expect(r.out).toContain("traffic stopped: web: sent 31, 0 succeeded, 31 failed");
    expect(r.exitCode).toBe(0);
  });

  it("is deterministic, and --seed overrides the scenario's seed", () => {
    const steps = `${deployed}  - kubectl: get pods\n`;
    const a = run(steps).out;
    expect(run(steps).out).toBe(a);
    const b = run(steps, { seed: 99 }).out;
    expect(b).toContain("(t.yaml: seed 99, 2 nodes)");
    expect(b.replace("seed 99", "seed 1")).not.toBe(a);
  });

  it("reports progress before each step", () => {
    const seen: string[] = [];
    run(deployed, { quiet: true, progress: (i, n, line) => seen.push(`${i}/${n} ${line}`) });
    expect(seen).toEqual(["1/2 kubectl apply -f deployment.yaml", "2/2 until rollout my-api"]);
  });
});
