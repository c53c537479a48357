/**
 * The files kubectl's `-f` reads, from the real file system (node:fs), with
 * relative paths taken from a base folder: the working directory in
 * `kubesim shell`, the scenario's folder in `kubesim run`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { FileAccess } from "@kubesim/kubectl";

export function nodeFiles(baseDir: string): FileAccess {
  const at = (path: string): string => resolve(baseDir, path);
  return {
    readFile: (path) => readFileSync(at(path), "utf8"),
    isDirectory: (path) => statSync(at(path)).isDirectory(),
    readDir: (path) => readdirSync(at(path)).sort(),
  };
}
