import { describe, expect, it } from "vitest";
import { session, type Session } from "./testdata/host.js";

const deployment = (name: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: nginx
`;

function running(name = "web", replicas = 2): Session {
  const s = session({ "d.yaml": deployment(name, replicas) });
  expect(s.run("apply -f d.yaml").exitCode).toBe(0);
  s.cluster.loop.advance("60s");
  return s;
}

const podNames = (s: Session, selector = "") =>
  s.cluster.apiserver
    .list("Pod", { namespace: "default", ...(selector === "" ? {} : { labelSelector: selector }) })
    .items.map((p) => p.metadata?.name ?? "");

describe("kubectl delete", () => {
  it("deletes a pod and waits, over virtual time, until it is gone", () => {
    const s = running();
    const [pod] = podNames(s);
    const t0 = s.cluster.loop.now();
    expect(s.run(`delete pod ${pod}`)).toEqual({
      stdout: `pod "${pod}" deleted\n`,
      stderr: "",
      exitCode: 0,
    });
    expect(podNames(s)).not.toContain(pod);
    expect(s.cluster.loop.now()).toBeGreaterThanOrEqual(t0);
  });

  it("waits for finalizers over virtual time, up to --timeout", () => {
    const held =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers:\n  - example.com/hold\n";
    const s = session({ "held.yaml": held });
    s.run("apply -f held.yaml");
    const t0 = s.cluster.loop.now();
    expect(s.run("delete configmap held --timeout=5s")).toEqual({
      stdout: 'configmap "held" deleted\n',
      stderr: "error: timed out waiting for the condition on configmaps/held\n",
      exitCode: 1,
    });
    expect(s.cluster.loop.now() - t0).toBe(5000);
    // Another writer removes the finalizer 3 s later: the wait ends then.
    s.cluster.loop.after("3s", () => {
      const cm = s.cluster.apiserver.get("ConfigMap", "default", "held");
      s.cluster.apiserver.update("ConfigMap", {
        ...cm,
        metadata: { ...cm.metadata, finalizers: [] },
      });
    });
    const t1 = s.cluster.loop.now();
    expect(s.run("delete configmap held")).toEqual({
      stdout: 'configmap "held" deleted\n',
      stderr: "",
      exitCode: 0,
    });
    expect(s.cluster.loop.now() - t1).toBe(3000);
  });

  it("--wait=false returns at once, leaving the pod terminating", () => {
    const s = running();
    const [pod] = podNames(s);
    expect(s.run(`delete pod/${pod} --wait=false`).stdout).toBe(`pod "${pod}" deleted\n`);
    expect(
      s.cluster.apiserver.get("Pod", "default", pod!).metadata?.deletionTimestamp,
    ).toBeDefined();
  });

  it("deletes by label and with --all, and says when nothing matched", () => {
    const s = running();
    const pods = podNames(s).sort();
    const out = s.run("delete pods -l app=web --wait=false").stdout;
    expect(out.split("\n").filter(Boolean).sort()).toEqual(pods.map((p) => `pod "${p}" deleted`));
    expect(s.run("delete pods -l app=nothing")).toEqual({
      stdout: "No resources found\n",
      stderr: "",
      exitCode: 0,
    });
    expect(s.run("delete deployments --all").stdout).toBe('deployment.apps "web" deleted\n');
  });

  it("cascades: background removes the ReplicaSets, orphan keeps them", () => {
    const a = running("a");
    expect(a.run("delete deployment a --cascade=orphan").stdout).toBe(
      'deployment.apps "a" deleted\n',
    );
    a.cluster.loop.advance("10s");
    expect(a.cluster.apiserver.list("ReplicaSet", { namespace: "default" }).items).toHaveLength(1);
    const b = running("b");
    expect(b.run("delete deployment b").stdout).toBe('deployment.apps "b" deleted\n');
    b.cluster.loop.advance("10s");
    expect(b.cluster.apiserver.list("ReplicaSet", { namespace: "default" }).items).toHaveLength(0);
  });

  it("foreground waits for the dependents before the owner goes", () => {
    const s = running("f");
    expect(s.run("delete deployment f --cascade=foreground").stdout).toBe(
      'deployment.apps "f" deleted\n',
    );
    expect(s.cluster.apiserver.list("ReplicaSet", { namespace: "default" }).items).toHaveLength(0);
    expect(s.cluster.apiserver.list("Deployment", { namespace: "default" }).items).toHaveLength(0);
  });

  it("-f deletes what the file names; --now, --grace-period=0 --force, -o name, --dry-run", () => {
    const s = running();
    expect(s.run("delete -f d.yaml --dry-run=client").stdout).toBe(
      'deployment.apps "web" deleted (dry run)\n',
    );
    expect(s.run("delete -f d.yaml --dry-run=server").stdout).toBe(
      'deployment.apps "web" deleted (server dry run)\n',
    );
    const [p1, p2] = podNames(s);
    expect(s.run(`delete pod ${p1} --now -o name`).stdout).toBe(`pod/${p1}\n`);
    expect(s.run(`delete pod ${p2} --grace-period=0 --force`)).toEqual({
      stdout: `pod "${p2}" force deleted\n`,
      stderr:
        "warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
      exitCode: 0,
    });
    expect(s.run("delete -f d.yaml").stdout).toBe('deployment.apps "web" deleted\n');
  });

  it("reports what is missing and deletes the rest", () => {
    const s = running();
    expect(s.run("delete deployment nope web")).toEqual({
      stdout: 'deployment.apps "web" deleted\n',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
      exitCode: 1,
    });
    expect(s.run("delete deployment nope --ignore-not-found")).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
  });
});

describe("kubectl delete: bad input", () => {
  const cases: [string, string][] = [
    [
      "delete",
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    ],
    ["delete pods", "error: resource(s) were provided, but no name was specified\n"],
    ["delete foos x", 'error: the server doesn\'t have a resource type "foos"\n'],
    ["delete pods --all -l a=b", "error: cannot set --all and --selector at the same time\n"],
    [
      "delete pod x --now --grace-period=5",
      "error: --now and --grace-period cannot be specified together\n",
    ],
    [
      "delete pod x --force --grace-period=5",
      "error: --force and --grace-period greater than 0 cannot be specified together\n",
    ],
    [
      "delete pod x --cascade=sideways",
      'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n',
    ],
    ["delete pod x -o yaml", "error: unexpected -o output mode: yaml. We only support '-o name'\n"],
    ["delete -f missing.yaml", 'error: the path "missing.yaml" does not exist\n'],
    ["delete pod x", 'Error from server (NotFound): pods "x" not found\n'],
    ["delete pods x -l app=web", "error: name cannot be provided when a selector is specified\n"],
  ];
  for (const [line, stderr] of cases) {
    it(line, () => {
      const r = session().run(line);
      expect(r.stderr).toBe(stderr);
      expect(r.exitCode).toBe(1);
    });
  }
});
