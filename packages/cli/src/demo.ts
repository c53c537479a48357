/**
 * `kubesim demo`: the tutorial played on a simulated cluster (demo/play.ts
 * runs it; demo/acts.ts is the script).
 */
export type { DemoOptions, DemoResult } from "./demo/play.js";
export { runDemo } from "./demo/play.js";
