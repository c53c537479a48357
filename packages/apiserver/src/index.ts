/**
 * @kubesim/apiserver: kube-apiserver and etcd semantics, in memory, on the sim
 * loop. The store with its indices and event log, admission (defaulting,
 * validation, strict fields), the three patch types, subresources (status,
 * scale, binding), graceful deletion and finalizers, namespaces, and watches.
 */
export type { ApiServerLogger, ApiServerOptions } from "./apiserver.js";
export { ApiServer, DEFAULT_WATCH_WINDOW } from "./apiserver.js";
export { applyJsonPatch } from "./internal/patch/json-patch.js";
export { applyMergePatch } from "./internal/patch/json-merge-patch.js";
export { applyStrategicMergePatch } from "./internal/patch/strategic-merge-patch.js";
export { unknownFields } from "./internal/schema/index.js";
