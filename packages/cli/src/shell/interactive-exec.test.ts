import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Cluster } from "kubesim";
import { plain } from "../cli/color.js";
import { openInteractiveExec, parseInteractiveExec } from "./interactive-exec.js";
import { runRepl } from "./repl.js";

describe("parseInteractiveExec", () => {
  it("recognizes exec -it with a lone shell, in kubectl's flag spellings", () => {
    expect(parseInteractiveExec("kubectl exec -it web -- /bin/bash")).toEqual({
      pod: "web",
      shell: "/bin/bash",
    });
    expect(parseInteractiveExec("exec -i -t pod/web -c api -n prod -- sh")).toEqual({
      pod: "web",
      shell: "sh",
      container: "api",
      namespace: "prod",
    });
    expect(parseInteractiveExec("exec --stdin --tty web --container=api -- sh")).toMatchObject({
      container: "api",
    });
  });

  it("leaves everything else to kubectl", () => {
    expect(parseInteractiveExec("exec web -- sh")).toBeUndefined(); // no -it
    expect(parseInteractiveExec("exec -it web -- ls /")).toBeUndefined(); // not a shell
    expect(parseInteractiveExec("exec -it web -- sh -c ls")).toBeUndefined();
    expect(parseInteractiveExec("get pods")).toBeUndefined();
  });
});

function clusterWithPod(): Cluster {
  const c = Cluster.create({ nodes: 1, dns: false, ingress: false });
  c.create("Pod", {
    metadata: { name: "web" },
    spec: { containers: [{ name: "api", image: "ubuntu:24.04" }] },
  });
  c.runUntil({ pod: "web", phase: "Running" });
  return c;
}

describe("openInteractiveExec", () => {
  it("drives the container's shell line by line until it exits", () => {
    const c = clusterWithPod();
    const s = openInteractiveExec(c, "kubectl exec -it web -- /bin/bash", "default")!;
    expect(s.prompt).toBe("root@web:/# ");
    expect(s.feed("echo hello")).toEqual({ output: "hello\n", exited: false });
    expect(s.feed("exit").exited).toBe(true);
  });

  it("gives up (so kubectl prints its error) for a pod that does not exist", () => {
    expect(openInteractiveExec(clusterWithPod(), "exec -it nope -- sh", "default")).toBeUndefined();
  });
});

describe("the REPL attaches to the container for exec -it", () => {
  it("hands the typed lines to the container's shell, then comes back", async () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (d: Buffer) => (text += d.toString()));
    const dir = mkdtempSync(join(tmpdir(), "kubesim-repl-"));
    const file = join(dir, "pod.yaml");
    writeFileSync(
      file,
      "apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec: { containers: [{ name: api, image: ubuntu:24.04 }] }\n",
    );
    const lines = [
      `apply -f ${file}`,
      "until pod web Ready",
      "exec -it web -- bash",
      "echo inside",
      "exit",
      "get pods",
      "exit",
    ];
    const code = await runRepl({
      shell: { seed: 1, nodes: 1, dns: false, ingress: false } as never,
      style: plain,
      input: Readable.from(lines.map((l) => `${l}\n`)),
      output: out,
      errorOutput: out,
      env: {},
    });
    expect(code).toBe(0);
    expect(text).toContain("inside\n");
    expect(text).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb\s+1\/1\s+Running/);
  });
});
