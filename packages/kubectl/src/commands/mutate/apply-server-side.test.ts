import { describe, expect, it } from "vitest";
import { CONFLICT_ADVICE } from "kubesim";
import { session } from "./testdata/host.js";

const deployment = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-api
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: my-api
  template:
    metadata:
      labels:
        app: my-api
    spec:
      containers:
      - name: api
        image: ${image}
`;

const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n`;

interface Entry {
  manager: string;
  operation: string;
  subresource?: string;
}

function managers(s: ReturnType<typeof session>): string[] {
  const d = s.cluster.apiserver.get("Deployment", "default", "my-api");
  return ((d.metadata?.managedFields ?? []) as Entry[]).map(
    (e) => `${e.manager} ${e.operation}${e.subresource === undefined ? "" : ` ${e.subresource}`}`,
  );
}

describe("kubectl apply --server-side", () => {
  it("sends an apply patch as `kubectl` and prints serverside-applied", () => {
    const s = session({ "d.yaml": deployment("a:1"), "d2.yaml": deployment("a:2") });
    expect(s.run("apply --server-side -f d.yaml")).toEqual({
      stdout: "deployment.apps/my-api serverside-applied\n",
      stderr: "",
      exitCode: 0,
    });
    expect(managers(s)).toEqual(["kubectl Apply"]);
    // No last-applied annotation: server-side apply does not write it.
    const meta = s.cluster.apiserver.get("Deployment", "default", "my-api").metadata;
    expect(meta?.annotations?.["kubectl.kubernetes.io/last-applied-configuration"]).toBeUndefined();
    expect(s.run("apply --server-side -f d.yaml").stdout).toBe(
      "deployment.apps/my-api serverside-applied\n",
    );
    expect(s.run("apply --server-side -f d2.yaml").stdout).toBe(
      "deployment.apps/my-api serverside-applied\n",
    );
    const d = s.cluster.apiserver.get("Deployment", "default", "my-api");
    expect(d.spec?.template.spec?.containers[0]?.image).toBe("a:2");
  });

  it("--dry-run=server stores nothing and says so", () => {
    const s = session({ "d.yaml": deployment("a:1") });
    expect(s.run("apply --server-side --dry-run=server -f d.yaml").stdout).toBe(
      "deployment.apps/my-api serverside-applied (server dry run)\n",
    );
    expect(() => s.cluster.apiserver.get("Deployment", "default", "my-api")).toThrow(/not found/);
  });

  it("--field-manager names the applier; -o name and -o yaml print as for client-side apply", () => {
    const s = session({ "d.yaml": deployment("a:1"), "cm.yaml": configMap });
    expect(s.run("apply --server-side --field-manager=ci -f d.yaml -o name").stdout).toBe(
      "deployment.apps/my-api\n",
    );
    expect(managers(s)).toEqual(["ci Apply"]);
    const yaml = s.run("apply --server-side -f cm.yaml -o yaml").stdout;
    expect(yaml).toContain("kind: ConfigMap\n");
    expect(yaml).not.toContain("managedFields");
  });

  it("a conflict after kubectl scale prints kubectl's error; --force-conflicts takes the field", () => {
    const s = session({ "d.yaml": deployment("a:1") });
    s.run("apply --server-side -f d.yaml");
    expect(s.run("scale deployment my-api --replicas=5").stdout).toBe(
      "deployment.apps/my-api scaled\n",
    );
    expect(managers(s)).toEqual(["kubectl Apply", "kubectl Update scale"]);
    expect(s.run("apply --server-side -f d.yaml")).toEqual({
      stdout: "",
      stderr: `error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas\n${CONFLICT_ADVICE}\n`,
      exitCode: 1,
    });
    expect(s.cluster.apiserver.get("Deployment", "default", "my-api").spec?.replicas).toBe(5);
    expect(s.run("apply --server-side --force-conflicts -f d.yaml").stdout).toBe(
      "deployment.apps/my-api serverside-applied\n",
    );
    expect(s.cluster.apiserver.get("Deployment", "default", "my-api").spec?.replicas).toBe(2);
    expect(managers(s)).toEqual(["kubectl Apply"]);
  });

  it("the other documents still apply when one conflicts", () => {
    const s = session({ "all.yaml": `${deployment("a:1")}---\n${configMap}` });
    s.run("apply --server-side -f all.yaml");
    s.run("scale deployment my-api --replicas=5");
    const r = s.run("apply --server-side -f all.yaml");
    expect(r.stdout).toBe("configmap/cfg serverside-applied\n");
    expect(r.stderr).toMatch(/^error: Apply failed with 1 conflict: /);
    expect(r.exitCode).toBe(1);
  });

  it("moves the client-side applier's fields to kubectl and keeps the annotation", () => {
    const s = session({ "d.yaml": deployment("a:1") });
    expect(s.run("apply -f d.yaml").stdout).toBe("deployment.apps/my-api created\n");
    expect(managers(s)).toEqual(["kubectl-client-side-apply Update"]);
    expect(s.run("apply --server-side -f d.yaml")).toEqual({
      stdout: "deployment.apps/my-api serverside-applied\n",
      stderr: "",
      exitCode: 0,
    });
    expect(managers(s)).toEqual(["kubectl-last-applied Apply", "kubectl Apply"]);
    const meta = s.cluster.apiserver.get("Deployment", "default", "my-api").metadata;
    expect(meta?.annotations?.["kubectl.kubernetes.io/last-applied-configuration"]).toContain(
      '"image":"a:1"',
    );
    // kubectl owns what it applies; the fields only the client-side applier had (the
    // defaulted strategy) lost their manager when the configuration was applied again.
    const kubectlEntry = (meta?.managedFields as { manager: string; fieldsV1: object }[]).find(
      (e) => e.manager === "kubectl",
    );
    expect(JSON.stringify(kubectlEntry?.fieldsV1)).toContain('"f:image"');
    expect(JSON.stringify(kubectlEntry?.fieldsV1)).not.toContain('"f:strategy"');
    const d = s.cluster.apiserver.get("Deployment", "default", "my-api");
    expect(d.spec?.strategy?.type).toBe("RollingUpdate");
  });

  it("refuses the flag combinations kubectl refuses", () => {
    const s = session({ "d.yaml": deployment("a:1") });
    const refusals: [string, string][] = [
      ["apply -f d.yaml --force-conflicts", "--force-conflicts only works with --server-side"],
      [
        "apply --server-side -f d.yaml --dry-run=client",
        "--dry-run=client doesn't work with --server-side (did you mean --dry-run=server instead?)",
      ],
      ["apply --server-side -f d.yaml --force", "--force cannot be used with --server-side"],
      ["apply -f d.yaml --dry-run=server --force", "--dry-run=server cannot be used with --force"],
      ["apply -f d.yaml --all -l app=x", "cannot set --all and --selector at the same time"],
      [
        "apply --server-side -f d.yaml --prune --all",
        "--prune is in alpha and doesn't currently work on objects created by server-side apply",
      ],
      [
        "apply --server-side -f d.yaml --prune",
        "all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector",
      ],
    ];
    for (const [line, message] of refusals)
      expect(s.run(line), line).toEqual({ stdout: "", stderr: `error: ${message}\n`, exitCode: 1 });
    expect(() => s.cluster.apiserver.get("Deployment", "default", "my-api")).toThrow(/not found/);
  });

  it("the server's refusals are printed as the server's errors", () => {
    const bad = deployment("a:1").replace("  replicas: 2\n", "  replica: 2\n");
    const s = session({ "bad.yaml": bad });
    const r = s.run("apply --server-side -f bad.yaml");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /^Error from server \(BadRequest\): .*\.spec\.replica: field not declared in schema\n$/,
    );
  });
});
