/**
 * `kubectl rollout restart RESOURCE`. Mirrors kubectl
 * pkg/polymorphichelpers/objectrestarter.go and pkg/cmd/rollout/rollout_restart.go:
 * stamps the pod template with `kubectl.kubernetes.io/restartedAt` (the sim
 * clock's time, RFC 3339 to the second), which changes the template and so
 * starts a rollout. A paused Deployment is refused; a second restart within the
 * same second would be an empty patch, which kubectl refuses too.
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import { rfc3339 } from "kubesim";
import { rolloutPatchCommand } from "./patch-rollout.js";

export const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

export const rolloutRestartCommand = rolloutPatchCommand({
  path: ["rollout", "restart"],
  short: "Restart a resource",
  usage: `Usage:
  kubectl rollout restart RESOURCE

Examples:
  # Restart all deployments in the test-namespace namespace
  kubectl rollout restart deployment -n test-namespace

  # Restart a deployment
  kubectl rollout restart deployment/nginx

  # Restart deployments with the app=nginx label
  kubectl rollout restart deployment --selector=app=nginx`,
  patchFor: (ctx, kind, obj) => {
    if (kind !== "Deployment") return { error: "restarting is not supported" };
    const d = obj as Deployment;
    if (d.spec?.paused === true)
      return { error: "can't restart paused deployment (run rollout resume first)" };
    const at = rfc3339(ctx.cluster.loop.now());
    if (d.spec?.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] === at) return {};
    return {
      patch: {
        spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: at } } } },
      },
    };
  },
  done: "restarted",
  unchanged: (name) => ({
    error: `failed to create patch for ${name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
  }),
});
