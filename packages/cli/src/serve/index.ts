/** `kubesim serve` (cli/app.ts wires it as a command). */
export type { ServeCommandOptions } from "./serve.js";
export { serveCommand, serveFlags, serveUsage } from "./serve.js";
