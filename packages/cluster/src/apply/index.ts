/**
 * `kubectl apply` as a library call (client-side apply): each document is
 * created when absent, or patched from the last-applied configuration
 * annotation when present; the annotation records what was applied. Also
 * what the kubectl commands need around it: reading manifest streams as
 * kubectl's resource builder does, `create -f`, the three-way patch, and
 * kubectl's YAML and JSON printers.
 */
export type {
  ApplyFailure,
  ApplyOptions,
  ApplyOutcome,
  ApplyResult,
  CreateOptions,
  DryRun,
} from "./apply.js";
export { applyManifests, createManifests } from "./apply.js";
export type { ServerSideApplyOptions } from "./server-side.js";
export {
  CONFLICT_ADVICE,
  FIELD_MANAGER_LAST_APPLIED,
  FIELD_MANAGER_SERVER_SIDE_APPLY,
  serverSideApplyManifests,
} from "./server-side.js";
export type { ManifestObject, ManifestProblem, ReadOptions, ReadResult } from "./manifests.js";
export { readManifests, resourceName } from "./manifests.js";
export { ManifestError, isManifestError, addSourceToErr } from "./errors.js";
export { YamlSyntaxError } from "./documents.js";
export {
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  PatchComputeError,
} from "./three-way-patch.js";
export { LAST_APPLIED_CONFIG_ANNOTATION } from "./last-applied.js";
export { goJson, goJsonIndent } from "./go-json.js";
