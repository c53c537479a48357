/**
 * The simulator's own verbs, shared by /sim/v1 and the CLI's shell, scenarios
 * and `kubesim ctl` (`@kubesim/server/sim`): waits and faults, without the
 * HTTP server, so a command that only needs these does not load it.
 */
export { injectFault } from "./fault.js";
export { untilDone, waitTarget } from "./until.js";
