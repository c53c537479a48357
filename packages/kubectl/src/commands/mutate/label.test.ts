import { describe, expect, it } from "vitest";
import { running } from "./testdata/workloads.js";

describe("kubectl label", () => {
  it("adds, refuses to overwrite without --overwrite, overwrites, removes", () => {
    const s = running();
    expect(s.run("label deployment my-api tier=backend")).toEqual({
      stdout: "deployment.apps/my-api labeled\n",
      stderr: "",
      exitCode: 0,
    });
    expect(s.run("label deployment my-api app=web")).toEqual({
      stdout: "",
      stderr: "error: 'app' already has a value (my-api), and --overwrite is false\n",
      exitCode: 1,
    });
    expect(s.run("label deployment my-api app=web --overwrite").stdout).toBe(
      "deployment.apps/my-api labeled\n",
    );
    expect(s.run("label deployment my-api tier-").stdout).toBe(
      "deployment.apps/my-api unlabeled\n",
    );
    expect(s.run("label deployment my-api app=web --overwrite").stdout).toBe(
      "deployment.apps/my-api not labeled\n",
    );
    expect(s.run("label deployment my-api ghost-").stdout).toBe(
      'label "ghost" not found.\ndeployment.apps/my-api not labeled\n',
    );
    expect(s.cluster.apiserver.get("Deployment", "default", "my-api").metadata?.labels).toEqual({
      app: "web",
    });
  });

  it("labels every pod matching a selector", () => {
    const s = running();
    const pods = s.cluster.apiserver
      .list("Pod", { namespace: "default" })
      .items.map((p) => p.metadata?.name);
    const out = s.run("label pods -l app=my-api canary=true").stdout;
    expect(out).toBe(pods.map((p) => `pod/${p} labeled\n`).join(""));
    expect(
      s.cluster.apiserver.list("Pod", { namespace: "default", labelSelector: "canary=true" }).items,
    ).toHaveLength(pods.length);
  });

  it("bad input", () => {
    const s = running();
    expect(s.run("label deployment my-api").stderr).toBe(
      "error: at least one label update is required\n",
    );
    expect(s.run("label tier=x").stderr).toBe(
      "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n",
    );
    expect(s.run("label deployment my-api a=b=c").stderr).toBe(
      "error: invalid label spec: a=b=c\n",
    );
    expect(s.run("label deployment my-api a=b a-").stderr).toBe(
      "error: can not both modify and remove a label in the same command\n",
    );
    expect(s.run("label deployment nope a=b").stderr).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    expect(s.run("label deployment my-api a=b\\ c").stderr).toBe(
      `error: invalid label value: "a=b c": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n`,
    );
  });
});

describe("kubectl annotate", () => {
  it("annotates, refuses to overwrite, removes", () => {
    const s = running();
    expect(s.run("annotate deployment my-api note=hello").stdout).toBe(
      "deployment.apps/my-api annotated\n",
    );
    expect(s.run("annotate deployment my-api note=again")).toEqual({
      stdout: "",
      stderr:
        "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (hello)\n",
      exitCode: 1,
    });
    expect(s.run("annotate deployment my-api note=again --overwrite").stdout).toBe(
      "deployment.apps/my-api annotated\n",
    );
    expect(
      s.cluster.apiserver.get("Deployment", "default", "my-api").metadata?.annotations?.["note"],
    ).toBe("again");
    expect(s.run("annotate deployment my-api note-").stdout).toBe(
      "deployment.apps/my-api annotated\n",
    );
    expect(
      s.cluster.apiserver.get("Deployment", "default", "my-api").metadata?.annotations?.["note"],
    ).toBeUndefined();
    expect(s.run("annotate deployment my-api").stderr).toBe(
      "error: at least one annotation update is required\n",
    );
  });
});
