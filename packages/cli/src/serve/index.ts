/** `kubesim serve` (cli/app.ts wires it as a command). */
export type { ServeCommandOptions } from "./serve.js";
export { serveFlags, serveUsage } from "./flags.js";
export { serveCommand } from "./serve.js";
