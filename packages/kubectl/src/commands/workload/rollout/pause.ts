/**
 * `kubectl rollout pause RESOURCE` and `kubectl rollout resume RESOURCE`.
 * Mirrors kubectl pkg/polymorphichelpers/objectpauser.go and objectresumer.go:
 * `{"spec":{"paused":true}}` / `{"spec":{"paused":null}}`, refused with
 * `is already paused` / `is not paused`, and only for Deployments.
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import { rolloutPatchCommand } from "./patch-rollout.js";

export const rolloutPauseCommand = rolloutPatchCommand({
  path: ["rollout", "pause"],
  short: "Mark the provided resource as paused",
  usage: `Usage:
  kubectl rollout pause RESOURCE

Examples:
  # Mark the nginx deployment as paused
  # Any current state of the deployment will continue its function; new updates
  # to the deployment will not have an effect as long as the deployment is paused
  kubectl rollout pause deployment/nginx`,
  patchFor: (_ctx, kind, obj) => {
    if (kind !== "Deployment") return { error: "pausing is not supported" };
    if ((obj as Deployment).spec?.paused === true) return { error: "is already paused" };
    return { patch: { spec: { paused: true } } };
  },
  done: "paused",
  unchanged: () => ({ print: "already paused" }),
});

export const rolloutResumeCommand = rolloutPatchCommand({
  path: ["rollout", "resume"],
  short: "Resume a paused resource",
  usage: `Usage:
  kubectl rollout resume RESOURCE

Examples:
  # Resume an already paused deployment
  kubectl rollout resume deployment/nginx`,
  patchFor: (_ctx, kind, obj) => {
    if (kind !== "Deployment") return { error: "resuming is not supported" };
    if ((obj as Deployment).spec?.paused !== true) return { error: "is not paused" };
    return { patch: { spec: { paused: null } } };
  },
  done: "resumed",
  unchanged: () => ({ print: "already resumed" }),
});
