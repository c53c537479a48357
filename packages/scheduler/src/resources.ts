/**
 * Pod requests and node allocatable as the scheduler counts them
 * (component-helpers resource.PodRequests, framework.Resource): shared with
 * the kubelet's admission, so they live in @kubesim/api's scheduling helpers.
 */
import { scheduling } from "@kubesim/api";

export type Resource = scheduling.Resource;
export type PodRequests = scheduling.PodRequests;
export const {
  DefaultMilliCPURequest,
  DefaultMemoryRequest,
  DefaultMaxPods,
  emptyResource,
  cloneResource,
  isScalarResourceName,
  podRequests,
  nodeAllocatable,
} = scheduling;
