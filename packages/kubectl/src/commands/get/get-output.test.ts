import { describe, expect, it } from "vitest";
import { createPod, lines, run, smallCluster } from "./testdata/fixtures.js";

function withConfigMaps() {
  const c = smallCluster();
  for (const [name, data] of [
    ["app-config", { LOG_LEVEL: "info", "greeting.txt": "hello\nworld\n" }],
    ["flags", { enabled: "true", port: "8080" }],
  ] as const) {
    c.apiserver.create("ConfigMap", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name, namespace: "default", labels: { app: "my-api" } },
      data,
    });
  }
  c.loop.advance("1m");
  const meta = (name: string) => c.apiserver.get("ConfigMap", "default", name).metadata!;
  return { c, meta };
}

describe("kubectl get -o yaml|json", () => {
  it("prints one object alone, keys sorted, strings quoted as go-yaml quotes them", () => {
    const { c, meta } = withConfigMaps();
    const m = meta("app-config");
    expect(run(c, "get cm app-config -o yaml")).toEqual({
      stdout: lines(
        "apiVersion: v1",
        "data:",
        "  LOG_LEVEL: info",
        "  greeting.txt: |",
        "    hello",
        "    world",
        "kind: ConfigMap",
        "metadata:",
        '  creationTimestamp: "2024-01-01T00:00:00Z"',
        "  labels:",
        "    app: my-api",
        "  name: app-config",
        "  namespace: default",
        `  resourceVersion: "${m.resourceVersion}"`,
        `  uid: ${m.uid}`,
      ),
      stderr: "",
      exitCode: 0,
    });
  });

  it("wraps lists (and several names) in a List with an empty resourceVersion", () => {
    const { c, meta } = withConfigMaps();
    const yaml = run(c, "get cm -o yaml").stdout;
    expect(yaml.startsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n")).toBe(true);
    expect(yaml.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    expect(yaml).toContain('    enabled: "true"\n    port: "8080"\n');
    const m = meta("flags");
    const json = run(c, "get cm flags app-config -o json").stdout;
    expect(json.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n        {\n')).toBe(true);
    expect(json).toContain(
      [
        "        {",
        '            "apiVersion": "v1",',
        '            "data": {',
        '                "enabled": "true",',
        '                "port": "8080"',
        "            },",
        '            "kind": "ConfigMap",',
        '            "metadata": {',
        '                "creationTimestamp": "2024-01-01T00:00:00Z",',
        '                "labels": {',
        '                    "app": "my-api"',
        "                },",
        '                "name": "flags",',
        '                "namespace": "default",',
        `                "resourceVersion": "${m.resourceVersion}",`,
        `                "uid": "${m.uid}"`,
        "            }",
        "        },",
      ].join("\n"),
    );
    expect(
      json.endsWith(
        '    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
      ),
    ).toBe(true);
    expect(
      JSON.parse(json).items.map((i: { metadata: { name: string } }) => i.metadata.name),
    ).toEqual(["flags", "app-config"]);
  });

  it("prints an empty List for nothing, with no message", () => {
    const c = smallCluster();
    expect(run(c, "get pods -o yaml")).toEqual({
      stdout: lines(
        "apiVersion: v1",
        "items: []",
        "kind: List",
        "metadata:",
        '  resourceVersion: ""',
      ),
      stderr: "",
      exitCode: 0,
    });
  });

  it("sorts a List's items with --sort-by", () => {
    const { c } = withConfigMaps();
    const names = JSON.parse(run(c, "get cm -o json --sort-by=.data.LOG_LEVEL").stdout).items.map(
      (i: { metadata: { name: string } }) => i.metadata.name,
    );
    expect(names).toEqual(["flags", "app-config"]);
  });
});

describe("kubectl get -o name|jsonpath|custom-columns", () => {
  it("prints kind/name lines", () => {
    const { c } = withConfigMaps();
    expect(run(c, "get cm,pods -o name").stdout).toBe(
      lines("configmap/app-config", "configmap/flags"),
    );
    expect(run(c, "get ns default -o name").stdout).toBe(lines("namespace/default"));
  });

  it("runs JSONPath templates on the List or the object", () => {
    const { c } = withConfigMaps();
    expect(run(c, "get cm -o jsonpath='{.items[*].metadata.name}'").stdout).toBe(
      "app-config flags",
    );
    expect(
      run(
        c,
        `get cm -o 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.data.port}{"\\n"}{end}'`,
      ).stdout,
    ).toBe("app-config\t\nflags\t8080\n");
    expect(run(c, "get cm flags -o jsonpath={.data}").stdout).toBe(
      '{"enabled":"true","port":"8080"}',
    );
    expect(
      run(c, "get cm -o jsonpath='{.items[?(@.data.port==\"8080\")].metadata.name}'").stdout,
    ).toBe("flags");
    expect(run(c, "get cm flags -o jsonpath-as-json={.metadata.name}").stdout).toBe(
      '[\n    "flags"\n]\n',
    );
    expect(run(c, "get cm flags -o jsonpath --template={.kind}").stdout).toBe("ConfigMap");
    expect(
      run(c, "get cm -o jsonpath-file=t.txt", {
        files: {
          readFile: () => "{.items[0].metadata.name}",
          isDirectory: () => false,
          readDir: () => [],
        },
      }).stdout,
    ).toBe("app-config");
  });

  it("reports template errors as kubectl does", () => {
    const { c } = withConfigMaps();
    expect(run(c, "get cm -o jsonpath='{.items[0'").stderr).toBe(
      "error: error parsing jsonpath {.items[0, unterminated array\n",
    );
    expect(run(c, "get cm -o jsonpath").stderr).toBe(
      "error: template format specified but no template given\n",
    );
    const r = run(c, "get cm flags -o jsonpath={.data[3]}");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: error executing jsonpath "{.data[3]}": Error executing template: map[string]interface {} is not array or slice. ' +
        "Printing more information for debugging the template:\n" +
        "\ttemplate was:\n\t\t{.data[3]}\n" +
        "\tobject given to jsonpath engine was:\n" +
        `\t\t${r.stderr.split("\n")[4]!.slice(2)}\n\n\n`,
    );
    expect(r.stderr.split("\n")[4]).toMatch(
      /^\t\tmap\[string\]interface \{\}\{"apiVersion":"v1", "data":/,
    );
  });

  it("prints custom columns, <none> for missing values, joined multiple values", () => {
    const c = smallCluster();
    createPod(c, "web-1", { app: "web" });
    c.apiserver.create("Pod", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "two", namespace: "default" },
      spec: {
        containers: [
          { name: "a", image: "nginx:1.25" },
          { name: "b", image: "busybox" },
        ],
      },
    });
    expect(
      run(
        c,
        "get pods -o custom-columns=NAME:.metadata.name,APP:.metadata.labels.app,IMAGES:.spec.containers[*].image",
      ).stdout,
    ).toBe(
      lines(
        "NAME    APP      IMAGES",
        "two     <none>   nginx:1.25,busybox",
        "web-1   web      nginx:1.25",
      ),
    );
    expect(run(c, "get pod web-1 -o custom-columns=N:metadata.name --no-headers").stdout).toBe(
      lines("web-1"),
    );
    expect(run(c, "get pods -o custom-columns=NAME").stderr).toBe(
      "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n",
    );
    expect(run(c, "get pods -o custom-columns=").stderr).toBe(
      "error: custom-columns format specified but no custom columns given\n",
    );
    const files = {
      readFile: () => "NAME          IMAGE\n.metadata.name   .spec.containers[0].image\n",
      isDirectory: () => false,
      readDir: () => [],
    };
    expect(run(c, "get pod web-1 -o custom-columns-file=cols.txt", { files }).stdout).toBe(
      lines("NAME    IMAGE", "web-1   nginx:1.25"),
    );
  });
});
