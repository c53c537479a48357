import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { NS, cluster, myApi, podsOf, run, settleRollout } from "../testdata/fixtures.js";

/** The fake app's access-log line for a readiness probe from the node at `ip`, at second `s`. */
const probe = (ip: string, s: number, path = "/ready", bytes = 48) =>
  `${ip} - - [01/Jan/2024:00:${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")} +0000] "GET ${path} HTTP/1.1" 200 ${bytes} "-" "kube-probe/1.31"`;
const start = (image: string, container: string) => [
  `Starting docker.io/library/${image} (container ${container})`,
  `Listening on :8000`,
];
const lines = (...l: string[]) => `${l.join("\n")}\n`;

/** The tutorial's three my-api pods, 30 s after they were created (seed 1). */
function tutorial() {
  const c = cluster();
  c.apiserver.create("Deployment", myApi());
  settleRollout(c);
  c.loop.advance("20s");
  // Pods by name: -995jl on node-2 (probes from 172.18.0.3 at 9, 14, …),
  // -bcz28 on node-3 (172.18.0.4 at 7, 12, …), -sss86 on node-1 (172.18.0.2 at 7, 12, …).
  const [a, b, d] = podsOf(c).map((p) => p.metadata!.name!) as [string, string, string];
  return { c, a, b, d };
}

function pod(
  name: string,
  spec: NonNullable<Pod["spec"]>,
  annotations: Record<string, string> = {},
): Pod {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: NS, annotations }, spec };
}

describe("kubectl logs", () => {
  it("prints a pod's log (the tutorial's `kubectl logs my-api-…`)", () => {
    const { c, a } = tutorial();
    expect(run(c, `logs ${a}`)).toMatchObject({
      stdout: lines(
        ...start("myapp:v1.2", "api"),
        ...[9, 14, 19, 24, 29].map((s) => probe("172.18.0.3", s)),
      ),
      stderr: "",
      exitCode: 0,
    });
  });

  it("-l app=my-api --tail=100 prints every pod's log, one after the other", () => {
    const { c } = tutorial();
    expect(run(c, "logs -l app=my-api --tail=100")).toMatchObject({
      stdout: lines(
        ...start("myapp:v1.2", "api"),
        ...[9, 14, 19, 24, 29].map((s) => probe("172.18.0.3", s)),
        ...start("myapp:v1.2", "api"),
        ...[7, 12, 17, 22, 27].map((s) => probe("172.18.0.4", s)),
        ...start("myapp:v1.2", "api"),
        ...[7, 12, 17, 22, 27].map((s) => probe("172.18.0.2", s)),
      ),
      stderr: "",
      exitCode: 0,
    });
  });

  it("a selector without --tail reads the last 10 lines of each pod; --prefix names the source", () => {
    const { c, a, b, d } = tutorial();
    c.loop.advance("30s");
    const r = run(c, "logs -l app=my-api --prefix");
    const tail = (name: string, ip: string, first: number) =>
      Array.from({ length: 10 }, (_, i) => `[pod/${name}/api] ${probe(ip, first + 5 * i)}`);
    expect(r.stdout).toBe(
      lines(
        ...tail(a, "172.18.0.3", 14),
        ...tail(b, "172.18.0.4", 12),
        ...tail(d, "172.18.0.2", 12),
      ),
    );
  });

  it("TYPE/NAME reads the first pod by kubectl's logging order and says which", () => {
    const { c, b } = tutorial();
    expect(run(c, "logs deployment/my-api --tail=2")).toMatchObject({
      stdout: lines(probe("172.18.0.4", 22), probe("172.18.0.4", 27)),
      stderr: `Found 3 pods, using pod/${b}\n`,
      exitCode: 0,
    });
    const rs = c.apiserver.list("ReplicaSet", { namespace: NS }).items[0]!.metadata!.name!;
    expect(run(c, `logs rs/${rs} --tail=1`).stderr).toBe(`Found 3 pods, using pod/${b}\n`);
  });

  it("--since, --timestamps, --tail and --limit-bytes trim what the kubelet returns", () => {
    const { c, a } = tutorial();
    expect(run(c, `logs ${a} --since=10s`).stdout).toBe(
      lines(probe("172.18.0.3", 19), probe("172.18.0.3", 24), probe("172.18.0.3", 29)),
    );
    expect(run(c, `logs ${a} --tail=2 --timestamps`).stdout).toBe(
      lines(
        `2024-01-01T00:00:24.848000000Z ${probe("172.18.0.3", 24)}`,
        `2024-01-01T00:00:29.848000000Z ${probe("172.18.0.3", 29)}`,
      ),
    );
    expect(run(c, `logs ${a} --since-time=2024-01-01T00:00:25Z`).stdout).toBe(
      lines(probe("172.18.0.3", 29)),
    );
    expect(run(c, `logs ${a} --tail=0`).stdout).toBe("");
    expect(run(c, `logs ${a} --limit-bytes=30`).stdout).toBe("Starting docker.io/library/mya");
  });

  it("defaults to the first of several containers, and takes -c, an inline name or --all-containers", () => {
    const c = cluster();
    c.apiserver.create(
      "Pod",
      pod(
        "two",
        {
          containers: [
            { name: "main", image: "nginx:1.27", ports: [{ containerPort: 8000 }] },
            { name: "side", image: "busybox:1.36" },
          ],
        },
        { "kubesim.io/behavior.side": "exit: { after: 20s, code: 3 }" },
      ),
    );
    c.loop.advance("30s");
    expect(run(c, "logs two")).toMatchObject({
      stdout: lines(...start("nginx:1.27", "main")),
      stderr: 'Defaulted container "main" out of: main, side\n',
      exitCode: 0,
    });
    const side = lines("Starting docker.io/library/busybox:1.36 (container side)");
    expect(run(c, "logs two -c side")).toMatchObject({ stdout: side, stderr: "" });
    expect(run(c, "logs two side")).toMatchObject({ stdout: side, stderr: "" });
    expect(run(c, "logs two -c side -p").stdout).toBe(
      lines(
        "Starting docker.io/library/busybox:1.36 (container side)",
        "Error: process exited with code 3",
      ),
    );
    expect(run(c, "logs two --all-containers --prefix").stdout).toBe(
      lines(
        "[pod/two/main] Starting docker.io/library/nginx:1.27 (container main)",
        "[pod/two/main] Listening on :8000",
        "[pod/two/side] Starting docker.io/library/busybox:1.36 (container side)",
      ),
    );
    c.apiserver.patch("Pod", NS, "two", "merge", {
      metadata: { annotations: { "kubectl.kubernetes.io/default-container": "side" } },
    });
    expect(run(c, "logs two")).toMatchObject({ stdout: side, stderr: "" });
    expect(run(c, "logs two -c nope")).toMatchObject({
      stderr: "error: container nope is not valid for pod two\n",
      exitCode: 1,
    });
    expect(run(c, "logs two --all-containers -c main").stderr).toBe(
      "error: --all-containers=true should not be specified with container name main\n",
    );
    expect(run(c, "logs two side -c main").stderr).toBe(
      "error: only one of -c or an inline [CONTAINER] arg is allowed\n",
    );
  });

  it("answers as the kubelet does for containers without the log asked for", () => {
    const c = cluster();
    c.apiserver.create(
      "Pod",
      pod(
        "slow",
        { containers: [{ name: "api", image: "myapp:v9" }] },
        { "kubesim.io/behavior": "pull: { duration: 30s }" },
      ),
    );
    c.apiserver.create(
      "Pod",
      pod("nowhere", {
        nodeSelector: { disk: "none" },
        containers: [{ name: "api", image: "myapp:v9" }],
      }),
    );
    c.loop.advance("2s");
    expect(run(c, "logs slow")).toMatchObject({
      stdout: "",
      stderr:
        'Error from server (BadRequest): container "api" in pod "slow" is waiting to start: ContainerCreating\n',
      exitCode: 1,
    });
    c.loop.advance("1m");
    expect(run(c, "logs slow -p")).toMatchObject({
      stderr:
        'Error from server (BadRequest): previous terminated container "api" in pod "slow" not found\n',
      exitCode: 1,
    });
    // A pod on no node has an empty log.
    expect(run(c, "logs nowhere")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    // --ignore-errors reports and goes on.
    expect(run(c, "logs slow -p --ignore-errors")).toMatchObject({
      stdout: 'error: previous terminated container "api" in pod "slow" not found\n',
      exitCode: 0,
    });
  });

  it("words its input errors as kubectl does", () => {
    const c = cluster();
    expect(run(c, "logs nope")).toMatchObject({
      stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n',
      exitCode: 1,
    });
    expect(run(c, "logs deploy/nope").stderr).toBe(
      'error: error from server (NotFound): deployments.apps "nope" not found in namespace "default"\n',
    );
    expect(run(c, "logs").stderr).toBe(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect(run(c, "logs x -l app=y").stderr).toBe(
      "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect(run(c, "logs -l app=none")).toMatchObject({
      stdout: "",
      stderr: "No resources found in default namespace.\n",
      exitCode: 0,
    });
    // Complete looks the pod up before Validate checks the flags.
    expect(run(c, "logs x --tail=-2").stderr).toBe(
      'error: error from server (NotFound): pods "x" not found in namespace "default"\n',
    );
    c.apiserver.create("Pod", pod("x", { containers: [{ name: "api", image: "myapp:v1" }] }));
    expect(run(c, "logs x --since=1m --since-time=2024-01-01T00:00:00Z").stderr).toBe(
      "error: at most one of `sinceTime` or `sinceSeconds` may be specified\n",
    );
    expect(run(c, "logs x --tail=-2").stderr).toBe(
      "error: --tail must be greater than or equal to -1\n",
    );
    expect(run(c, "logs x --limit-bytes=-1").stderr).toBe(
      "error: --limit-bytes must be greater than 0\n",
    );
    expect(run(c, "logs x --since-time=yesterday").stderr).toBe(
      'error: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"\n',
    );
    expect(run(c, "logs cm/x").stderr).toBe(
      'error: error from server (NotFound): configmaps "x" not found in namespace "default"\n',
    );
    c.apiserver.create("ConfigMap", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "x", namespace: NS },
    });
    expect(run(c, "logs cm/x").stderr).toBe(
      "error: cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n",
    );
  });

  it("waits for a controller's first pod, up to --pod-running-timeout", () => {
    const c = cluster();
    c.apiserver.create("Deployment", { ...myApi({ replicas: 0 }) });
    c.loop.settle();
    const t0 = c.loop.now();
    expect(run(c, "logs deploy/my-api --pod-running-timeout=5s")).toMatchObject({
      stderr: "error: timed out waiting for the condition\n",
      exitCode: 1,
    });
    expect(c.loop.now() - t0).toBe(5000);
    c.apiserver.patch("Deployment", NS, "my-api", "merge", { spec: { replicas: 1 } });
    // The first pod seen is not on a node yet: the API server answers with an empty log.
    expect(run(c, "logs deploy/my-api")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
  });
});
