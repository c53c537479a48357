/**
 * Node affinity (component-helpers scheduling/corev1/nodeaffinity and the
 * nodeaffinity plugin's PreFilter): shared with the kubelet's admission, so it
 * lives in @kubesim/api's scheduling helpers.
 */
import { scheduling } from "@kubesim/api";

export type RequiredNodeAffinity = scheduling.RequiredNodeAffinity;
export type PreferredNodeAffinity = scheduling.PreferredNodeAffinity;
export const {
  ObjectNameField,
  requiredNodeAffinity,
  matchesRequiredNodeAffinity,
  preferredNodeAffinity,
  preferredNodeAffinityScore,
  preFilterNodeNames,
} = scheduling;
