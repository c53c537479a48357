/**
 * A deliberately broken Deployment controller: it plans as if maxUnavailable
 * were 100%, so a rolling update may take every old pod down at once. The real
 * plan (deployment/controller.ts syncDeployment) runs on a copy of the
 * Deployment whose strategy says so; the real controller is unchanged.
 */
import type { DeploymentSyncHook } from "kubesim";

export const ignoreMaxUnavailable: DeploymentSyncHook = (input, real) => {
  const d = input.deployment;
  const ru = d.spec?.strategy?.rollingUpdate;
  if (d.spec?.strategy?.type === "Recreate" || d.spec === undefined) return real(input);
  return real({
    ...input,
    deployment: {
      ...d,
      spec: {
        ...d.spec,
        strategy: { type: "RollingUpdate", rollingUpdate: { ...ru, maxUnavailable: "100%" } },
      },
    },
  });
};
