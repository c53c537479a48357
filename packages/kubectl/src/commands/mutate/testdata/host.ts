/**
 * Test support: a small cluster and an in-memory file tree for -f, and a
 * runner that returns kubectl's stdout, stderr and exit code.
 */
import { Cluster } from "kubesim";
import type { CommandResult, FileAccess, KubectlHost } from "../../../cli/types.js";
import { kubectl } from "../../../run.js";

/** Files by path; directories are implied by the paths under them. */
export function memoryFiles(tree: Readonly<Record<string, string>>): FileAccess {
  const norm = (p: string) => p.replace(/^\.\//, "").replace(/\/+$/, "");
  const isDir = (p: string) => {
    const d = norm(p);
    return Object.keys(tree).some((f) => f.startsWith(`${d}/`));
  };
  return {
    readFile(path) {
      const t = tree[norm(path)];
      if (t === undefined || isDir(path))
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
          code: "ENOENT",
        });
      return t;
    },
    isDirectory: isDir,
    readDir(path) {
      const d = norm(path);
      const names = new Set<string>();
      for (const f of Object.keys(tree))
        if (f.startsWith(`${d}/`)) names.add(f.slice(d.length + 1).split("/")[0]!);
      return [...names].sort();
    },
  };
}

export function smallCluster(nodes = 1): Cluster {
  return Cluster.create({ seed: 7, nodes, dns: false, ingress: false });
}

export interface Session {
  readonly cluster: Cluster;
  run(line: string, extra?: Partial<KubectlHost>): CommandResult;
}

export function session(
  files: Readonly<Record<string, string>> = {},
  cluster: Cluster | undefined = undefined,
): Session {
  const fs = memoryFiles(files);
  const c = cluster ?? smallCluster();
  return {
    cluster: c,
    run: (line, extra = {}) => kubectl(line, { cluster: c, files: fs, ...extra }),
  };
}
