/** `kubesim ctl` (cli/app.ts wires it as a command). */
export type { CtlOptions } from "./ctl.js";
export { ctlCommand, ctlHelp } from "./ctl.js";
export type { SimClient } from "./client.js";
export { ConnectionError, simClient } from "./client.js";
export type { Endpoint, KubeconfigOptions } from "./kubeconfig.js";
export { KubeconfigError, resolveEndpoint } from "./kubeconfig.js";
