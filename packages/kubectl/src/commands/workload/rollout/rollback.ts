/**
 * RollbackerFor (kubectl pkg/polymorphichelpers/rollbacker.go): the kinds
 * `kubectl rollout undo` can roll back. The Deployment rollback itself
 * (DeploymentRollbacker) is the library's `rollbackDeployment`, in
 * packages/cluster/src/rollout-undo.ts.
 */
import type { KindInfo } from "@kubesim/api";
import { goQuote } from "../../../printers/go-format.js";
import { groupKindString } from "../../../printers/name.js";

/** RollbackerFor: Deployments only in kubesim. */
export function rollbackerFor(info: KindInfo): Error | undefined {
  if (info.kind === "Deployment" && info.group === "apps") return undefined;
  return new Error(`no rollbacker has been implemented for ${goQuote(groupKindString(info))}`);
}
