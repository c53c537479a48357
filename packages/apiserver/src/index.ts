/**
 * @kubesim/apiserver: kube-apiserver and etcd semantics, in memory, on the sim
 * loop. The store with its indices and event log, admission (defaulting,
 * validation, strict fields), the three patch types, server-side apply and
 * managedFields, subresources (status,
 * scale, binding), graceful deletion and finalizers, namespaces, and watches;
 * Service ClusterIP/NodePort allocation, the DefaultIngressClass admission
 * plugin and the `kubernetes` Service bootstrap.
 */
export type { AllocationsSnapshot, ApiServerLogger, ApiServerOptions } from "./apiserver.js";
export {
  ApiServer,
  APISERVER_SECURE_PORT,
  DEFAULT_ADVERTISE_ADDRESS,
  DEFAULT_SERVICE_NODE_PORT_RANGE,
  DEFAULT_WATCH_WINDOW,
} from "./apiserver.js";
export type { WriteRecord } from "./internal/storage.js";
export { DEFAULT_SERVICE_CIDR } from "./internal/service-alloc/allocators.js";
export { applyJsonPatch } from "./internal/patch/json-patch.js";
export { applyMergePatch } from "./internal/patch/json-merge-patch.js";
export { applyStrategicMergePatch } from "./internal/patch/strategic-merge-patch.js";
export type { PatchLookup, PatchMeta, PatchSchema } from "./internal/patch/patch-meta.js";
export { pathTableSchema, patchSchemaForKind } from "./internal/patch/patch-meta.js";
export { unknownFields } from "./internal/schema/index.js";
/** Field sets in their fieldsV1 form, for clients that rewrite managedFields (kubectl's csaupgrade). */
export type { Fields as FieldSet } from "./internal/fieldmanager/fieldset.js";
export {
  isSubset as isFieldSubset,
  pathSet as fieldPathSet,
  union as unionFieldSets,
} from "./internal/fieldmanager/fieldset.js";
