#!/usr/bin/env node
/**
 * The `kubesim` binary. Commands: demo (more arrive with later issues).
 */
import { parseArgs } from "node:util";
import { runDemo } from "./demo.js";

const usage = `Usage: kubesim <command> [flags]

Commands:
  demo [--seed N]   write a Deployment to the in-memory API server and print the watch events
`;

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case "demo": {
      const { values } = parseArgs({
        args: [...rest],
        options: { seed: { type: "string", default: "1" } },
      });
      runDemo({ seed: Number(values.seed), write: (l) => console.log(l) });
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(usage);
      return 0;
    default:
      console.error(`error: unknown command "${command}" for "kubesim"\n\n${usage}`);
      return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
