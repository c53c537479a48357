import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubectl } from "@kubesim/kubectl";
import { Cluster } from "kubesim";
import { describe, expect, it } from "vitest";
import { cliHost } from "./host.js";

const manifest = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "1"\n`;

describe("cliHost", () => {
  it("reads -f files and folders from node:fs, relative to its folder, and stdin for -f -", () => {
    const dir = mkdtempSync(join(tmpdir(), "kubesim-host-"));
    mkdirSync(join(dir, "manifests"));
    writeFileSync(join(dir, "manifests", "a.yaml"), manifest("a"));
    writeFileSync(join(dir, "manifests", "b.yaml"), manifest("b"));
    const cluster = Cluster.create({ seed: 1, nodes: 0, dns: false, ingress: false });
    const chunks: string[] = [];
    const host = cliHost({
      cluster,
      cwd: dir,
      stdin: manifest("c"),
      onOutput: (_s, t) => chunks.push(t),
    });
    expect(kubectl("apply -f manifests", host).stdout).toBe(
      "configmap/a created\nconfigmap/b created\n",
    );
    expect(kubectl("apply -f -", host).stdout).toBe("configmap/c created\n");
    expect(kubectl("apply -f nope.yaml", host).stderr).toBe(
      'error: the path "nope.yaml" does not exist\n',
    );
    expect(chunks.join("")).toBe(
      "configmap/a created\nconfigmap/b created\nconfigmap/c created\n" +
        'error: the path "nope.yaml" does not exist\n',
    );
  });
});
