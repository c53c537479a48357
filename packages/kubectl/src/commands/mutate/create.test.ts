import { describe, expect, it } from "vitest";
import { session } from "./testdata/host.js";

/** Real kubectl 1.32 output for the same commands with --dry-run=client -o yaml (no server needed). */
const kubectlDeploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: my-api
  name: my-api
spec:
  replicas: 3
  selector:
    matchLabels:
      app: my-api
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: my-api
    spec:
      containers:
      - image: myapp:v1
        name: myapp
        ports:
        - containerPort: 8080
        resources: {}
status: {}
`;

describe("kubectl create generators (outputs checked against kubectl 1.32)", () => {
  it("create deployment --dry-run=client -o yaml", () => {
    const s = session();
    expect(
      s.run(
        "create deployment my-api --image=myapp:v1 --replicas=3 --port=8080 --dry-run=client -o yaml",
      ).stdout,
    ).toBe(kubectlDeploymentYaml);
  });

  it("create deployment -o json keeps Go's struct order and -n", () => {
    const out = session().run(
      "create deployment d --image=a --image=b --dry-run=client -o json -n dev",
    ).stdout;
    expect(JSON.parse(out)).toEqual({
      kind: "Deployment",
      apiVersion: "apps/v1",
      metadata: { name: "d", namespace: "dev", creationTimestamp: null, labels: { app: "d" } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "d" } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: "d" } },
          spec: {
            containers: [
              { name: "a", image: "a", resources: {} },
              { name: "b", image: "b", resources: {} },
            ],
          },
        },
        strategy: {},
      },
      status: {},
    });
    expect(out.startsWith('{\n    "kind": "Deployment",\n    "apiVersion": "apps/v1",\n')).toBe(
      true,
    );
  });

  it("creates a deployment that the controllers run", () => {
    const s = session();
    expect(s.run("create deployment web --image=nginx --replicas=2")).toEqual({
      stdout: "deployment.apps/web created\n",
      stderr: "",
      exitCode: 0,
    });
    s.cluster.loop.advance("30s");
    const d = s.cluster.apiserver.get("Deployment", "default", "web");
    expect(d.spec?.template.spec?.containers[0]?.name).toBe("nginx");
    expect(d.status?.replicas).toBe(2);
    expect(s.run("create deployment web --image=nginx").stderr).toBe(
      'error: failed to create deployment: deployments.apps "web" already exists\n',
    );
  });

  it("create configmap from literals, files, directories and env files", () => {
    const s = session({
      "conf/app.properties": "mode=fast\n",
      "conf/log.level": "debug",
      "app.env": "A=1\n# comment\n\nB=two words\nC\n",
    });
    expect(
      s.run(
        "create configmap app-config --from-literal=color=blue --from-file=conf --from-file=key=conf/log.level",
      ).stdout,
    ).toBe("configmap/app-config created\n");
    expect(s.cluster.apiserver.get("ConfigMap", "default", "app-config").data).toEqual({
      "app.properties": "mode=fast\n",
      color: "blue",
      key: "debug",
      "log.level": "debug",
    });
    expect(
      s.run("create configmap env --from-env-file=app.env --dry-run=client -o yaml").stdout,
    ).toBe(
      'apiVersion: v1\ndata:\n  A: "1"\n  B: two words\n  C: ""\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: env\n',
    );
  });

  it("create configmap --append-hash names it as kubectl does", () => {
    expect(
      session().run("create configmap x --from-literal=a=b --append-hash --dry-run=client -o name")
        .stdout,
    ).toBe("configmap/x-64686gkt6c\n");
  });

  it("create secret generic encodes values in base64", () => {
    const s = session();
    expect(
      s.run("create secret generic s --from-literal=pw=hunter2 --dry-run=client -o yaml").stdout,
    ).toBe(
      "apiVersion: v1\ndata:\n  pw: aHVudGVyMg==\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\n",
    );
    expect(
      s.run("create secret generic s --from-literal=a=b --append-hash --dry-run=client -o name")
        .stdout,
    ).toBe("secret/s-7fd2tm89d8\n");
    expect(s.run("create secret generic db --from-literal=user=admin").stdout).toBe(
      "secret/db created\n",
    );
    expect(s.cluster.apiserver.get("Secret", "default", "db").data).toEqual({ user: "YWRtaW4=" });
  });

  it("creates in the context's namespace, or the one -n names", () => {
    const s = session();
    s.run("create namespace dev");
    expect(s.run("create configmap c --from-literal=a=b", { namespace: "dev" }).stdout).toBe(
      "configmap/c created\n",
    );
    expect(s.cluster.apiserver.get("ConfigMap", "dev", "c").data).toEqual({ a: "b" });
    expect(s.run("create deployment web --image=nginx -n dev").stdout).toBe(
      "deployment.apps/web created\n",
    );
    expect(s.cluster.apiserver.get("Deployment", "dev", "web").metadata?.namespace).toBe("dev");
  });

  it("create namespace", () => {
    const s = session();
    expect(s.run("create namespace dev").stdout).toBe("namespace/dev created\n");
    expect(s.run("create ns dev").stderr).toBe(
      'Error from server (AlreadyExists): namespaces "dev" already exists\n',
    );
    expect(s.run("create namespace dev2 --dry-run=client -o yaml").stdout).toBe(
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: dev2\nspec: {}\nstatus: {}\n",
    );
  });

  it("create -f creates each object and refuses existing ones", () => {
    const cm = (n: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\n`;
    const s = session({ "cms.yaml": `${cm("a")}---\n${cm("b")}` });
    expect(s.run("create -f cms.yaml").stdout).toBe("configmap/a created\nconfigmap/b created\n");
    expect(s.run("create -f cms.yaml")).toEqual({
      stdout: "",
      stderr:
        'Error from server (AlreadyExists): error when creating "cms.yaml": configmaps "a" already exists\n' +
        'Error from server (AlreadyExists): error when creating "cms.yaml": configmaps "b" already exists\n',
      exitCode: 1,
    });
    expect(
      s.cluster.apiserver.get("ConfigMap", "default", "a").metadata?.annotations,
    ).toBeUndefined();
  });
});

describe("kubectl create: bad input (kubectl 1.32 wording)", () => {
  const cases: [string, string][] = [
    [
      "create configmap x --from-literal==b",
      "error: invalid literal source =b, expected key=value\n",
    ],
    [
      "create configmap x --from-literal=a",
      "error: invalid literal source a, expected key=value\n",
    ],
    [
      "create configmap x --from-literal=a=1 --from-literal=a=2",
      'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "x"\n',
    ],
    [
      "create configmap x --from-file=nofile",
      "error: error reading nofile: no such file or directory\n",
    ],
    [
      "create configmap x --from-literal=b\\ c=1",
      `error: "b c" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n`,
    ],
    [
      "create secret generic s --from-literal=b\\ c=1",
      `error: "b c" is not valid key name for a Secret a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n`,
    ],
    [
      "create secret generic s --from-literal=a=1 --from-literal=a=2",
      "error: cannot add key a, another key by that name already exists\n",
    ],
    [
      "create configmap e --from-env-file=bad.env",
      `error: "B " is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n`,
    ],
    [
      "create configmap e --from-env-file=bad.env --from-literal=a=b",
      "error: from-env-file cannot be combined with from-file or from-literal\n",
    ],
    [
      "create deployment --image=x",
      "error: exactly one NAME is required, got 0\nSee 'kubectl create deployment -h' for help and examples\n",
    ],
    ["create deployment x", 'error: required flag(s) "image" not set\n'],
    ["create -f nothere.yaml", 'error: the path "nothere.yaml" does not exist\n'],
    [
      "create deployment x --image=a --port=http",
      'error: invalid argument "http" for "--port" flag: strconv.ParseInt: parsing "http": invalid syntax\nSee \'kubectl create deployment --help\' for usage.\n',
    ],
  ];
  for (const [line, stderr] of cases) {
    it(line, () => {
      const r = session({ "bad.env": "A=1\n  B = 2 \n" }).run(
        `${line}${line.includes("-f ") ? "" : " --dry-run=client"}`,
      );
      expect(r.stderr).toBe(stderr);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toBe("");
    });
  }
});
