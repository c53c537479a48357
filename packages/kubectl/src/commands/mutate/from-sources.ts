/**
 * The data sources of `create configmap` and `create secret generic`:
 * --from-literal=key=value, --from-file=[key=]path (a directory adds each of
 * its files), --from-env-file=path (KEY=VALUE lines, `#` comments).
 * Mirrors kubectl/pkg/util (ParseLiteralSource, ParseFileSource),
 * kubectl/pkg/cmd/util/env_file.go (AddFromEnvFile) and the handle*Sources
 * functions of create_configmap.go and create_secret.go.
 */
import { posix } from "node:path";
import { isEnvVarName } from "@kubesim/api";
import type { KubectlHost } from "../../cli/types.js";
import { KubectlError } from "../../cli/errors.js";

/** ParseLiteralSource: key and value of `key=value` (the value may hold `=`). */
export function parseLiteralSource(source: string): [string, string] {
  const eq = source.indexOf("=");
  if (eq <= 0) throw new KubectlError(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, eq), source.slice(eq + 1)];
}

/** ParseFileSource: `path` (key = its base name) or `key=path`. */
export function parseFileSource(source: string): [string, string] {
  const n = source.split("=").length - 1;
  if (n === 0) return [posix.basename(source), source];
  if (n === 1 && source.startsWith("="))
    throw new KubectlError(`key name for file path ${source.slice(1)} missing`);
  if (n === 1 && source.endsWith("="))
    throw new KubectlError(`file path for key name ${source.slice(0, -1)} missing`);
  if (n > 1) throw new KubectlError("key names or file paths cannot contain '='");
  const [k, p] = source.split("=");
  return [k!, p!];
}

type Entry = "file" | "dir" | "missing";

function statOf(host: KubectlHost, path: string): Entry {
  const f = host.files;
  if (f === undefined) return "missing";
  try {
    if (f.isDirectory(path)) return "dir";
    f.readFile(path);
    return "file";
  } catch {
    return "missing";
  }
}

/** Adds one key; the command decides what is valid and where it goes. */
export type AddKey = (key: string, value: string) => void;

export function addLiteralSources(sources: readonly string[], add: AddKey): void {
  for (const s of sources) {
    const [k, v] = parseLiteralSource(s);
    add(k, v);
  }
}

export function addFileSources(host: KubectlHost, sources: readonly string[], add: AddKey): void {
  for (const s of sources) {
    const [key, path] = parseFileSource(s);
    const st = statOf(host, path);
    if (st === "missing")
      throw new KubectlError(`error reading ${path}: no such file or directory`);
    if (st === "dir") {
      if (s.includes("=")) throw new KubectlError("cannot give a key name for a directory path");
      for (const name of host.files!.readDir(path)) {
        const item = posix.join(path, name);
        if (statOf(host, item) === "file") add(name, host.files!.readFile(item));
      }
    } else add(key, host.files!.readFile(path));
  }
}

/** AddFromEnvFile: KEY=VALUE per line; blank lines and `#` comments skipped; a bare KEY takes "" (no environment here). */
export function addEnvFileSources(
  host: KubectlHost,
  sources: readonly string[],
  dirMessage: string,
  add: AddKey,
): void {
  for (const path of sources) {
    const st = statOf(host, path);
    if (st === "missing")
      throw new KubectlError(`error reading ${path}: no such file or directory`);
    if (st === "dir") throw new KubectlError(dirMessage);
    const lines = host.files!.readFile(path).split("\n");
    if (lines.at(-1) === "") lines.pop();
    lines.forEach((raw, i) => {
      let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
      if (i === 0) line = line.replace(/^\uFEFF/, "");
      line = line.trimStart();
      if (line === "" || line.startsWith("#")) return;
      const eq = line.indexOf("=");
      const key = eq < 0 ? line : line.slice(0, eq);
      const errs = isEnvVarName(key);
      if (errs.length > 0)
        throw new KubectlError(`${JSON.stringify(key)} is not a valid key name: ${errs.join(";")}`);
      add(key, eq < 0 ? "" : line.slice(eq + 1));
    });
  }
}
