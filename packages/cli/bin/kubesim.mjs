#!/usr/bin/env node
/**
 * The `kubesim` command (`pnpm kubesim ...`): runs the compiled CLI,
 * dist/bin/kubesim.mjs, building it first when a source file has changed
 * since it was built (build.mjs). Stack traces name the TypeScript sources.
 */
import { pathToFileURL } from "node:url";
import { cliLayout, ensureBuilt } from "./build.mjs";

process.setSourceMapsEnabled(true);
let bundle;
try {
  bundle = await ensureBuilt(cliLayout());
} catch (e) {
  process.stderr.write(
    `kubesim: building the command failed: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
