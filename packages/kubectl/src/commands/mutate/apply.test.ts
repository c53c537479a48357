import { describe, expect, it } from "vitest";
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

const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: my-api
spec:
  selector:
    app: my-api
  ports:
  - port: 80
    targetPort: 8080
`;

describe("kubectl apply -f", () => {
  it("prints created, unchanged, configured as kubectl does", () => {
    const s = session({
      "deploy.yaml": deployment("myapp:v1.2"),
      "v13.yaml": deployment("myapp:v1.3"),
    });
    expect(s.run("apply -f deploy.yaml")).toEqual({
      stdout: "deployment.apps/my-api created\n",
      stderr: "",
      exitCode: 0,
    });
    expect(s.run("kubectl apply -f deploy.yaml").stdout).toBe("deployment.apps/my-api unchanged\n");
    expect(s.run("apply -f v13.yaml").stdout).toBe("deployment.apps/my-api configured\n");
  });

  it("applies a directory in file order, -R descends, only manifest extensions count", () => {
    const s = session({
      "k8s/b-service.yaml": service,
      "k8s/a-deploy.yaml": deployment("a:1"),
      "k8s/notes.txt": "not yaml: [",
      "k8s/config/cm.yml": configMap("cfg"),
    });
    expect(s.run("apply -f k8s/").stdout).toBe(
      "deployment.apps/my-api created\nservice/my-api created\n",
    );
    expect(s.run("apply -R -f k8s").stdout).toBe(
      "deployment.apps/my-api unchanged\nservice/my-api unchanged\nconfigmap/cfg created\n",
    );
  });

  it("reads standard input with -f -", () => {
    const s = session();
    expect(s.run("apply -f -", { stdin: `${configMap("a")}---\n${configMap("b")}` }).stdout).toBe(
      "configmap/a created\nconfigmap/b created\n",
    );
  });

  it("dry runs say so and store nothing", () => {
    const s = session({ "cm.yaml": configMap("dry") });
    expect(s.run("apply -f cm.yaml --dry-run=client").stdout).toBe(
      "configmap/dry created (dry run)\n",
    );
    expect(s.run("apply -f cm.yaml --dry-run=server").stdout).toBe(
      "configmap/dry created (server dry run)\n",
    );
    expect(s.run("get configmap dry").exitCode).not.toBe(0);
    expect(
      s.cluster.apiserver
        .list("ConfigMap", { namespace: "default" })
        .items.map((c) => c.metadata?.name),
    ).not.toContain("dry");
  });

  it("prints names with -o name and the objects with -o yaml", () => {
    const s = session({
      "all.yaml": `${configMap("a")}---\n${configMap("b")}`,
      "one.yaml": configMap("c"),
    });
    expect(s.run("apply -f all.yaml -o name").stdout).toBe("configmap/a\nconfigmap/b\n");
    const yaml = s.run("apply -f one.yaml -o yaml --dry-run=client").stdout;
    expect(yaml).toBe(
      'apiVersion: v1\ndata:\n  a: "1"\nkind: ConfigMap\nmetadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"default"}}\n  name: c\n  namespace: default\n',
    );
    const list = s.run("apply -f all.yaml -o yaml").stdout;
    expect(list.startsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n")).toBe(true);
    expect(list.endsWith("kind: List\nmetadata: {}\n")).toBe(true);
  });
});

describe("kubectl apply: bad input", () => {
  it("a missing file: nothing is applied", () => {
    const s = session({ "cm.yaml": configMap("a") });
    expect(s.run("apply -f cm.yaml -f missing.yaml")).toEqual({
      stdout: "",
      stderr: 'error: the path "missing.yaml" does not exist\n',
      exitCode: 1,
    });
    expect(
      s.cluster.apiserver
        .list("ConfigMap", { namespace: "default" })
        .items.map((c) => c.metadata?.name),
    ).not.toContain("a");
  });

  it("invalid YAML: kubectl's message with the line", () => {
    const s = session({ "bad.yaml": "apiVersion: v1\nkind: Pod\nmetadata: name: x\n" });
    expect(s.run("apply -f bad.yaml")).toEqual({
      stdout: "",
      stderr:
        "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 3: mapping values are not allowed in this context\n",
      exitCode: 1,
    });
  });

  it("an unknown kind", () => {
    const s = session({ "foo.yaml": "apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n" });
    expect(s.run("apply -f foo.yaml")).toEqual({
      stdout: "",
      stderr:
        'error: resource mapping not found for name: "x" namespace: "" from "foo.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
      exitCode: 1,
    });
  });

  it("a validation failure (one error prints as CheckErr prints Invalid)", () => {
    const s = session({ "d.yaml": deployment("a:1", -1) });
    expect(s.run("apply -f d.yaml")).toEqual({
      stdout: "",
      stderr:
        'The Deployment "my-api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
      exitCode: 1,
    });
  });

  it("several documents: the valid ones apply, each invalid one is reported, none half-applied", () => {
    const text = [
      configMap("one"),
      deployment("a:1", -1),
      "apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n",
      configMap("two"),
    ].join("---\n");
    const s = session({ "all.yaml": text });
    expect(s.run("apply -f all.yaml")).toEqual({
      stdout: "configmap/one created\nconfigmap/two created\n",
      stderr:
        'resource mapping not found for name: "x" namespace: "" from "all.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n' +
        'Error from server (Invalid): error when creating "all.yaml": Deployment.apps "my-api" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
      exitCode: 1,
    });
    expect(s.cluster.apiserver.list("Deployment", { namespace: "default" }).items).toEqual([]);
  });

  it("an unknown flag, no -f, stray arguments, a bad --dry-run", () => {
    const s = session();
    expect(s.run("apply --bogus").stderr).toBe(
      "error: unknown flag: --bogus\nSee 'kubectl apply --help' for usage.\n",
    );
    expect(s.run("apply").stderr).toBe("error: must specify one of -f and -k\n");
    expect(s.run("apply -f x.yaml extra").stderr).toBe(
      "error: Unexpected args: [extra]\nSee 'kubectl apply -h' for help and examples\n",
    );
    expect(s.run("apply -f x.yaml --dry-run=maybe").stderr).toBe(
      'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n',
    );
  });

  it("an empty file", () => {
    const s = session({ "empty.yaml": "# nothing\n" });
    expect(s.run("apply -f empty.yaml").stderr).toBe("error: no objects passed to apply\n");
  });
});

describe("kubectl apply: strict field validation", () => {
  const withUnknownField = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "1"\nbogus: true\n`;
  it("refuses unknown fields by default and takes them with --validate=false", () => {
    const s = session({ "x.yaml": withUnknownField });
    const strict = s.run("apply -f x.yaml");
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toMatch(
      /^Error from server \(BadRequest\): error when creating "x\.yaml": .*unknown field "bogus"/,
    );
    expect(s.run("apply -f x.yaml --validate=false").stdout).toBe("configmap/x created\n");
    expect(s.run("apply -f x.yaml --validate=maybe").stderr).toBe(
      'error: invalid - validate option "maybe"; must be one of: strict (or true), warn, ignore (or false)\n',
    );
  });

  it("an unknown command", () => {
    expect(session().run("appply -f x.yaml")).toEqual({
      stdout: "",
      // cobra's legacyArgs and findSuggestions, printed by CheckErr (no "Run 'kubectl --help'" line:
      // kubectl runs cobra with SilenceErrors)
      stderr: 'error: unknown command "appply" for "kubectl"\n\nDid you mean this?\n\tapply\n',
      exitCode: 1,
    });
  });
});
