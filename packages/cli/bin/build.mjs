/**
 * The `kubesim` command's compiled form: packages/cli/src/main.ts and every
 * workspace package it imports, bundled by esbuild into one ES module,
 * dist/bin/kubesim.mjs (git-ignored), with a source map beside it. Running
 * that file starts in a fraction of the time tsx takes to compile the
 * TypeScript sources as they load (docs/performance.md, `kubesim serve`).
 *
 * Third-party code is bundled too (a CommonJS package loaded through node's
 * module loader costs more than its bytes in the bundle), except pino and ws,
 * which load files of their own by name at run time; those stay imports of
 * the files node_modules holds.
 *
 * dist/bin/build.json records each file the bundle was built from, with its
 * mtime and size, plus the files that decide how imports resolve (package.json
 * files, the lockfile, node_modules/.modules.yaml, tsconfig.base.json, this
 * file). The bundle is stale when any of them differs or is gone: a stat of
 * each, a few milliseconds. A file that changed while the bundle was being
 * built is recorded as changed, so the next start builds again.
 *
 *   node packages/cli/bin/build.mjs            # build if stale
 *   node packages/cli/bin/build.mjs --force    # build
 */
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const RECORD_VERSION = 1;

/** Imports left to node_modules: their packages read files of their own at run time. */
const EXTERNAL = /^(pino|ws)(\/|$)/;

/**
 * Where the bundle's parts are. `cliDir` defaults to this package; tests pass
 * another folder (with `root`, the workspace its files are recorded against).
 * @param {{ cliDir?: string, root?: string, outDir?: string }} [options]
 */
export function cliLayout(options = {}) {
  const cliDir = options.cliDir ?? fileURLToPath(new URL("..", import.meta.url));
  const root = options.root ?? resolve(cliDir, "../..");
  const outDir = options.outDir ?? join(cliDir, "dist", "bin");
  return {
    root,
    entry: join(cliDir, "src", "main.ts"),
    outDir,
    bundle: join(outDir, "kubesim.mjs"),
    record: join(outDir, "build.json"),
  };
}

/** The files besides the bundle's own inputs that decide what it contains. */
function settingsFiles(layout) {
  const files = [
    fileURLToPath(import.meta.url),
    join(layout.root, "package.json"),
    join(layout.root, "tsconfig.base.json"),
    join(layout.root, "pnpm-lock.yaml"),
    join(layout.root, "node_modules", ".modules.yaml"),
  ];
  const packages = join(layout.root, "packages");
  let names = [];
  try {
    names = readdirSync(packages);
  } catch {
    // a layout without a packages folder (tests)
  }
  for (const name of names.sort()) files.push(join(packages, name, "package.json"));
  return files;
}

/** [mtimeMs, size] of a file, or null when it does not exist. */
function stamp(file) {
  try {
    const s = statSync(file);
    return [s.mtimeMs, s.size];
  } catch {
    return null;
  }
}

/**
 * Why the bundle must be built again, or undefined when it is up to date.
 * @param {ReturnType<typeof cliLayout>} layout
 * @returns {string | undefined}
 */
export function staleReason(layout) {
  let record;
  try {
    record = JSON.parse(readFileSync(layout.record, "utf8"));
  } catch {
    return "never built";
  }
  if (record.version !== RECORD_VERSION || record.entry !== relative(layout.root, layout.entry))
    return "built by another version of the build";
  if (stamp(layout.bundle) === null) return "the bundle is gone";
  for (const [file, was] of Object.entries(record.files)) {
    const now = stamp(resolve(layout.root, file));
    if (now === null ? was !== null : was === null || now[0] !== was[0] || now[1] !== was[1])
      return `${file} changed`;
  }
  return undefined;
}

/** Writes a file whole or not at all: other processes may be reading or writing it too. */
function writeAtomically(file, contents) {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, file);
}

/**
 * Deletes the chunks of earlier builds, once they are an hour old: a command
 * started from an earlier build may still import one it has not loaded yet.
 */
function removeOldChunks(outDir, keep) {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(outDir)) {
    const file = join(outDir, name);
    if (!/^chunk-.*\.mjs(\.map)?$/.test(name) || keep.has(file)) continue;
    const s = stamp(file);
    if (s !== null && s[0] < hourAgo) rmSync(file, { force: true });
  }
}

/**
 * Bundles the CLI and records what it was built from.
 * @param {ReturnType<typeof cliLayout>} layout
 */
export async function buildCli(layout) {
  const esbuild = await import("esbuild");
  const startedAt = Date.now();
  const outDir = layout.outDir;
  // esbuild runs as a child process; stopped once built, so a command that
  // builds first (the launcher) does not keep it for its whole run.
  const result = await esbuild
    .build({
      absWorkingDir: layout.root,
      entryPoints: [layout.entry],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // Each command's implementation is a dynamic import (src/cli/app.ts):
      // split there, a command loads only the chunks it needs.
      splitting: true,
      outdir: outDir,
      entryNames: "kubesim",
      chunkNames: "chunk-[hash]",
      outExtension: { ".js": ".mjs" },
      write: false,
      sourcemap: "linked",
      sourcesContent: false,
      conditions: ["@kubesim/source"],
      metafile: true,
      logLevel: "error",
      // CommonJS packages in the bundle require node's own modules.
      banner: {
        js: 'import { createRequire as __kubesimCreateRequire } from "node:module";\nconst require = __kubesimCreateRequire(import.meta.url);',
      },
      plugins: [
        {
          name: "kubesim-external",
          setup(build) {
            build.onResolve({ filter: EXTERNAL }, async (args) => {
              if (args.pluginData === "kubesim-external") return undefined;
              const found = await build.resolve(args.path, {
                kind: args.kind,
                importer: args.importer,
                resolveDir: args.resolveDir,
                pluginData: "kubesim-external",
              });
              if (found.errors.length > 0) return { errors: found.errors };
              // The package as the importing workspace package sees it (pnpm
              // links it there, not beside the bundle), relative to the bundle.
              const path = relative(outDir, found.path).split(sep).join("/");
              return { path: path.startsWith(".") ? path : `./${path}`, external: true };
            });
          },
        },
      ],
    })
    .finally(() => esbuild.stop());
  mkdirSync(outDir, { recursive: true });
  // The chunks (named by their contents) and the maps first, the entry last:
  // a process starting meanwhile runs the old entry or the new one, whole.
  const last = (f) => (f.path === layout.bundle ? 2 : f.path.endsWith(".mjs") ? 1 : 0);
  const outputs = [...result.outputFiles].sort((a, b) => last(a) - last(b));
  for (const f of outputs) writeAtomically(f.path, f.contents);
  removeOldChunks(outDir, new Set(outputs.map((f) => f.path)));

  const recorded = {};
  const inputs = Object.keys(result.metafile.inputs)
    .map((f) => (isAbsolute(f) ? f : resolve(layout.root, f)))
    .filter((f) => !f.split(sep).includes("node_modules"));
  for (const file of [...inputs, ...settingsFiles(layout)]) {
    const s = stamp(file);
    // Changed after the build began: maybe after esbuild read it.
    recorded[relative(layout.root, file).split(sep).join("/")] =
      s !== null && s[0] >= startedAt ? [0, -1] : s;
  }
  writeAtomically(
    layout.record,
    `${JSON.stringify({ version: RECORD_VERSION, entry: relative(layout.root, layout.entry), startedAt, files: recorded })}\n`,
  );
  return { ms: Date.now() - startedAt, inputs: inputs.length, metafile: result.metafile };
}

/**
 * The bundle's path, built first if it is stale.
 * @param {ReturnType<typeof cliLayout>} layout
 */
export async function ensureBuilt(layout) {
  if (staleReason(layout) !== undefined) await buildCli(layout);
  return layout.bundle;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const layout = cliLayout();
  const why = process.argv.includes("--force") ? "--force" : staleReason(layout);
  if (why === undefined) {
    process.stdout.write(`${relative(process.cwd(), layout.bundle)} is up to date\n`);
  } else {
    const { ms, inputs } = await buildCli(layout);
    process.stdout.write(
      `built ${relative(process.cwd(), layout.bundle)} from ${inputs} files in ${ms} ms (${why})\n`,
    );
  }
}
