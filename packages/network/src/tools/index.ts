/**
 * The HTTP client programs users run in pods through `kubectl exec`: curl
 * 8.5.0 and BusyBox 1.36.1 wget, as pure functions of their arguments over
 * the simulated HTTP client (dataplane/types.ts HttpClient).
 */
export { curl } from "./curl.js";
export type { ToolOptions } from "./curl.js";
export { wget } from "./wget.js";
