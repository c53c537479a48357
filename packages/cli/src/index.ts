/** @kubesim/cli: the `kubesim` binary's commands, importable for tests. */
export type { DemoOptions } from "./demo.js";
export { runDemo } from "./demo.js";
