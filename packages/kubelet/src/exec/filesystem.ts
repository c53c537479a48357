/**
 * The fake container's file tree, read-only: a skeleton of the usual top-level directories, the
 * files the kubelet mounts (/etc/hostname, /etc/hosts, /etc/resolv.conf, as
 * pkg/kubelet/kubelet_pods.go makeMounts does), the binaries the fake image has under /bin, and
 * whatever files the caller adds. Directories are implied by file paths.
 */

export type Entry = "file" | "dir";

const skeleton = [
  "/bin",
  "/dev",
  "/etc",
  "/home",
  "/proc",
  "/root",
  "/sys",
  "/tmp",
  "/usr",
  "/var",
];

/** "/a/./b/../c" → "/a/c"; relative paths are taken from `cwd`. */
export function resolvePath(path: string, cwd: string): string {
  const abs = path.startsWith("/") ? path : `${cwd}/${path}`;
  const parts: string[] = [];
  for (const p of abs.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return "/" + parts.join("/");
}

export class FileSystem {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(["/"]);

  constructor(files: Readonly<Record<string, string>>, binaries: readonly string[]) {
    for (const d of skeleton) this.addDir(d);
    for (const b of binaries) this.addFile(`/bin/${b}`, "");
    for (const path of Object.keys(files)) this.addFile(resolvePath(path, "/"), files[path]!);
  }

  private addDir(dir: string): void {
    for (let d = dir; d !== "/"; d = d.slice(0, d.lastIndexOf("/")) || "/") this.dirs.add(d);
  }

  private addFile(path: string, content: string): void {
    if (path === "/") return;
    this.files.set(path, content);
    this.addDir(path.slice(0, path.lastIndexOf("/")) || "/");
  }

  stat(path: string): Entry | undefined {
    if (this.dirs.has(path)) return "dir";
    return this.files.has(path) ? "file" : undefined;
  }

  read(path: string): string | undefined {
    return this.files.get(path);
  }

  /** The names directly under `dir`, sorted. */
  list(dir: string): string[] {
    const prefix = dir === "/" ? "/" : `${dir}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p === dir || !p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      if (!rest.includes("/")) names.add(rest);
    }
    return [...names].sort();
  }
}
