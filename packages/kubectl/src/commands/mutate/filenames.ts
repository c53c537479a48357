/**
 * `-f FILENAME` and `-R` as kubectl's resource builder reads them
 * (cli-runtime/pkg/resource/builder.go FilenameParam and Path,
 * visitor.go ExpandPathsToFileVisitors): `-` is standard input (source
 * "STDIN"), a file is read whatever its name, a directory contributes its
 * .json, .yaml and .yml files in lexical order (and its subdirectories' with
 * `-R`). Every path is checked before anything is read, so a missing file
 * stops the command before anything is applied.
 */
import { posix } from "node:path";
import type { FileAccess, KubectlHost } from "../../cli/types.js";
import { Aggregate, KubectlError } from "../../cli/errors.js";
import type { FlagSpec } from "../../cli/flags.js";
import type { CommandContext } from "../../cli/command.js";

/** One stream of manifests and the name kubectl gives it in messages. */
export interface ManifestSource {
  readonly source: string;
  readonly text: string;
}

export const FILE_EXTENSIONS = [".json", ".yaml", ".yml"] as const;

/** The -f / -R flags (kubectl's FileNameFlags). */
export function filenameFlags(usage: string): FlagSpec[] {
  return [
    {
      name: "filename",
      short: "f",
      type: "stringArray",
      usage: `Filename, directory, or URL to files ${usage}`,
    },
    {
      name: "recursive",
      short: "R",
      type: "bool",
      default: false,
      usage: "Process the directory used in -f, --filename recursively.",
    },
  ];
}

/** The -f values, split at commas as pflag's StringSlice splits them. */
export function filenamesOf(ctx: CommandContext): string[] {
  return ctx.flags
    .strings("filename")
    .flatMap((f) => f.split(","))
    .filter((f) => f !== "");
}

type Kind = "dir" | "file" | "missing";

function kindOf(files: FileAccess | undefined, path: string): Kind {
  if (files === undefined) return "missing";
  try {
    if (files.isDirectory(path)) return "dir";
  } catch {
    return "missing";
  }
  try {
    files.readFile(path);
    return "file";
  } catch {
    return "missing";
  }
}

/** ExpandPathsToFileVisitors: the files under a path, in filepath.Walk order. */
function expand(files: FileAccess, root: string, recursive: boolean): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of files.readDir(dir)) {
      const p = posix.join(dir, name);
      if (files.isDirectory(p)) {
        if (recursive) visit(p);
      } else if (FILE_EXTENSIONS.some((e) => posix.extname(p) === e)) out.push(p);
    }
  };
  visit(root);
  return out;
}

/**
 * The manifest streams named by -f, or the builder's errors (all of them, as
 * one aggregate) when a path does not exist or names nothing readable.
 */
export function readFilenames(
  host: KubectlHost,
  filenames: readonly string[],
  recursive: boolean,
): ManifestSource[] {
  const errs: Error[] = [];
  const out: ManifestSource[] = [];
  let stdinUsed = false;
  for (const f of filenames) {
    if (f === "-") {
      if (stdinUsed)
        errs.push(new KubectlError("standard input cannot be used for multiple arguments"));
      stdinUsed = true;
      out.push({ source: "STDIN", text: host.stdin ?? "" });
      continue;
    }
    if (f.startsWith("http://") || f.startsWith("https://")) {
      errs.push(
        new KubectlError(`unable to read URL ${JSON.stringify(f)}: kubesim has no network access`),
      );
      continue;
    }
    const kind = kindOf(host.files, f);
    if (kind === "missing") {
      errs.push(new KubectlError(`the path ${JSON.stringify(f)} does not exist`));
      continue;
    }
    const paths = kind === "file" ? [f] : expand(host.files!, f, recursive);
    for (const p of paths) out.push({ source: p, text: host.files!.readFile(p) });
    if (out.length === 0 && errs.length === 0)
      errs.push(
        new KubectlError(
          `error reading [${f}]: recognized file extensions are [${FILE_EXTENSIONS.join(" ")}]`,
        ),
      );
  }
  if (errs.length > 0) throw new Aggregate(errs);
  return out;
}
