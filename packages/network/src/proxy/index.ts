export type { ProxyEndpoint } from "./endpoint-selection.js";
export { ClientIPAffinity, pickIptables, usableEndpoints } from "./endpoint-selection.js";
