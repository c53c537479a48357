/**
 * The Service and Pod event handlers the Endpoints and EndpointSlice
 * controllers share (endpoints_controller.go and endpointslice_controller.go
 * onServiceUpdate / onServiceDelete / addPod / updatePod / deletePod): a
 * service change queues the service; a pod change queues, after the batch
 * period, every service whose selector the pod matched before or matches now.
 */
import type { Pod, Service } from "kubernetes-types/core/v1";
import {
  metaNamespaceKey,
  unwrapTombstone,
  type Lister,
  type RateLimitingQueue,
  type ResourceEventHandler,
} from "@kubesim/runtime";
import type { Millis } from "@kubesim/sim";
import { getPodServiceMemberships, getServicesToUpdateOnPodChange } from "./pod-util.js";

export function serviceEventHandler(
  queue: RateLimitingQueue<string>,
): ResourceEventHandler<Service> {
  return {
    onAdd: (svc) => queue.add(metaNamespaceKey(svc)),
    onUpdate: (_old, cur) => queue.add(metaNamespaceKey(cur)),
    onDelete: (obj) => queue.add(metaNamespaceKey(unwrapTombstone(obj))),
  };
}

export function podEventHandler(
  queue: RateLimitingQueue<string>,
  services: Lister<Service>,
  batchPeriod: Millis,
): ResourceEventHandler<Pod> {
  const enqueue = (keys: Iterable<string>) => {
    for (const k of keys) queue.addAfter(k, batchPeriod);
  };
  return {
    onAdd: (pod) => enqueue(getPodServiceMemberships(services, pod)),
    onUpdate: (old, cur) => enqueue(getServicesToUpdateOnPodChange(services, old, cur)),
    onDelete: (obj) => enqueue(getPodServiceMemberships(services, unwrapTombstone(obj))),
  };
}
