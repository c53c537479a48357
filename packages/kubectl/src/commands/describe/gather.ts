/**
 * What each describer reads besides the object, fetched from the API server
 * as kubectl's describers fetch it (the object, its events, and per kind:
 * the deployment's ReplicaSets, the controller's pods, the Service's
 * EndpointSlices, the node's pods and Lease, the Ingress backends'
 * Services), then handed to the pure describers in src/describe/.
 * Mirrors the Describe methods of staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (PodDescriber, DeploymentDescriber, ReplicaSetDescriber, ServiceDescriber,
 * EndpointsDescriber, NodeDescriber, IngressDescriber, ConfigMapDescriber,
 * SecretDescriber, NamespaceDescriber, IngressClassDescriber,
 * EndpointSliceDescriber, genericDescriber).
 */
import {
  isApiError,
  labelSelectorAsSelector,
  type KindInfo,
  type KindName,
  type KubeObject,
} from "@kubesim/api";
import type { Cluster } from "kubesim";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type {
  ConfigMap,
  Endpoints,
  Event,
  Namespace,
  Node,
  Pod,
  Secret,
  Service,
} from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Ingress, IngressClass } from "kubernetes-types/networking/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { describeConfigMap } from "../../describe/configmap.js";
import { deploymentReplicaSets, describeDeployment } from "../../describe/deployment.js";
import { describeEndpoints } from "../../describe/endpoints.js";
import { describeEndpointSlice } from "../../describe/endpointslice.js";
import { searchEvents } from "../../describe/events.js";
import { describeGeneric } from "../../describe/generic.js";
import { describeIngress } from "../../describe/ingress.js";
import { describeIngressClass } from "../../describe/ingressclass.js";
import { describeNamespace } from "../../describe/namespace.js";
import { describeNode, nodeEvents, nodeNonTerminatedPods } from "../../describe/node.js";
import { describePod, podEvents } from "../../describe/pod.js";
import { describeReplicaSet, podStatusForController } from "../../describe/replicaset.js";
import { describeSecret } from "../../describe/secret.js";
import { describeService, serviceEndpointSlices } from "../../describe/service.js";

export interface DescriberSettings {
  readonly showEvents: boolean;
}

/** The events of `namespace` ("" or undefined: all namespaces). */
function listEvents(cluster: Cluster, namespace: string | undefined): readonly Event[] {
  return cluster.apiserver.list(
    "Event",
    namespace === undefined || namespace === "" ? {} : { namespace },
  ).items;
}

/** searchEvents for an object: its reference's name, namespace, kind and uid. */
function objectEvents(cluster: Cluster, kind: string, meta: ObjectMeta | undefined): Event[] {
  const namespace = meta?.namespace ?? "";
  return searchEvents(listEvents(cluster, namespace), {
    name: meta?.name ?? "",
    namespace,
    kind,
    uid: meta?.uid ?? "",
  });
}

/**
 * Describes one object the way `kubectl describe` does; throws the API
 * server's error when the object cannot be read.
 */
export function describeObject(
  cluster: Cluster,
  info: KindInfo,
  namespace: string | undefined,
  name: string,
  settings: DescriberSettings,
): string {
  const api = cluster.apiserver;
  const now = cluster.loop.now();
  const ns = info.namespaced ? namespace : undefined;
  const obj = api.get(info.kind as KindName, ns, name) as KubeObject;
  const meta = (obj as { metadata?: ObjectMeta }).metadata;
  const events = (kind: string) =>
    settings.showEvents ? objectEvents(cluster, kind, meta) : undefined;
  const inNs = { namespace: meta?.namespace ?? "" };
  switch (info.kind) {
    case "Pod": {
      const pod = obj as Pod;
      const ev = settings.showEvents
        ? podEvents(pod, listEvents(cluster, inNs.namespace))
        : undefined;
      return describePod(pod, ev, now);
    }
    case "Deployment": {
      const d = obj as Deployment;
      let rss = { old: [], new: undefined } as ReturnType<typeof deploymentReplicaSets>;
      try {
        const selector = labelSelectorAsSelector(d.spec?.selector).toString();
        rss = deploymentReplicaSets(
          d,
          api.list("ReplicaSet", { ...inNs, labelSelector: selector }).items,
        );
      } catch (e) {
        if (!isApiError(e)) throw e;
      }
      return describeDeployment(d, rss, events("Deployment"), now);
    }
    case "ReplicaSet": {
      const rs = obj as ReplicaSet;
      const selector = labelSelectorAsSelector(rs.spec?.selector).toString();
      const pods = api.list("Pod", { ...inNs, labelSelector: selector }).items;
      return describeReplicaSet(
        rs,
        podStatusForController(pods, rs.metadata?.uid),
        events("ReplicaSet"),
        now,
      );
    }
    case "Service": {
      const svc = obj as Service;
      const slices = api.list("EndpointSlice", {
        ...inNs,
        labelSelector: `kubernetes.io/service-name=${name}`,
      }).items;
      return describeService(svc, serviceEndpointSlices(svc, slices), events("Service"), now);
    }
    case "Endpoints":
      return describeEndpoints(obj as Endpoints, events("Endpoints"), now);
    case "Node": {
      const node = obj as Node;
      const pods = nodeNonTerminatedPods(node, api.list("Pod").items);
      let lease: Parameters<typeof describeNode>[2];
      try {
        lease = api.get("Lease", "kube-node-lease", name);
      } catch (e) {
        if (!isApiError(e)) throw e;
        lease = { error: e.message };
      }
      const ev = settings.showEvents ? nodeEvents(node, listEvents(cluster, undefined)) : undefined;
      return describeNode(node, pods, lease, ev, now);
    }
    case "Ingress": {
      const ing = obj as Ingress;
      const lookup = {
        services: api.list("Service", inNs).items,
        endpointSlices: api.list("EndpointSlice", inNs).items,
      };
      return describeIngress(ing, lookup, events("Ingress"), now);
    }
    case "ConfigMap":
      return describeConfigMap(obj as ConfigMap, events("ConfigMap"), now);
    case "Secret":
      return describeSecret(obj as Secret);
    case "Namespace":
      return describeNamespace(obj as Namespace);
    case "IngressClass":
      return describeIngressClass(obj as IngressClass, events("IngressClass"), now);
    case "EndpointSlice":
      return describeEndpointSlice(obj as EndpointSlice, events("EndpointSlice"), now);
    default:
      return describeGeneric(obj as { metadata?: ObjectMeta }, events(info.kind), now);
  }
}
