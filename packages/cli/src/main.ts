#!/usr/bin/env node
/**
 * The `kubesim` binary: `kubesim demo`, `kubesim shell`, `kubesim run
 * FILE.yaml`, `kubesim --help` (cli/app.ts has them all).
 */
import { kubesim } from "./cli/app.js";

process.exitCode = await kubesim(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
