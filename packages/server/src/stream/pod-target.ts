/**
 * Which container of which pod a log, exec or attach request addresses, and
 * the API server's refusals before it proxies to the kubelet. Mirrors
 * pkg/registry/core/pod/strategy.go: LogLocation (no container named in a
 * pod with several: `a container name must be specified for pod web,
 * choose one of: [a b]`; an unknown one: `container x is not valid for pod
 * web`; a pod not yet on a node has an empty log) and streamLocation for
 * exec and attach (the same checks, and `pod web does not have a host
 * assigned`).
 */
import { badRequest, notFound, type ApiClient } from "@kubesim/api";
import type { Container, Pod } from "kubernetes-types/core/v1";
import type { Cluster } from "kubesim";

type Kubelet = ReturnType<Cluster["kubelet"]>;

export interface PodTarget {
  readonly pod: Pod;
  readonly namespace: string;
  readonly name: string;
  readonly container: string;
  /** spec.nodeName; "" while the pod is not scheduled. */
  readonly node: string;
}

function names(containers: readonly Container[] | undefined): string {
  return (containers ?? []).map((c) => c.name).join(" ");
}

function hasContainer(pod: Pod, name: string): boolean {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some(
    (c) => c.name === name,
  );
}

/**
 * The pod (404 `pods "x" not found` when missing) and the container: the
 * one named, or the pod's only one.
 */
export function podTarget(
  client: ApiClient,
  namespace: string,
  name: string,
  container: string,
): PodTarget {
  const pod = client.get("Pod", namespace, name);
  let chosen = container;
  if (chosen === "") {
    const containers = pod.spec?.containers ?? [];
    if (containers.length === 1) chosen = containers[0]!.name;
    else if (containers.length === 0)
      throw badRequest(`a container name must be specified for pod ${name}`);
    else {
      let message = `a container name must be specified for pod ${name}, choose one of: [${names(containers)}]`;
      const init = names(pod.spec?.initContainers);
      if (init !== "") message += ` or one of the init containers: [${init}]`;
      throw badRequest(message);
    }
  } else if (!hasContainer(pod, chosen))
    throw badRequest(`container ${chosen} is not valid for pod ${name}`);
  return { pod, namespace, name, container: chosen, node: pod.spec?.nodeName ?? "" };
}

/** streamLocation: exec and attach need the pod on a node. */
export function streamTarget(
  client: ApiClient,
  namespace: string,
  name: string,
  container: string,
): PodTarget & { readonly node: string } {
  const t = podTarget(client, namespace, name, container);
  if (t.node === "") throw badRequest(`pod ${name} does not have a host assigned`);
  return t;
}

/**
 * The kubelet of the pod's node. A node that is gone is the 404 that
 * kube-apiserver's node connection lookup (pkg/kubelet/client
 * GetConnectionInfo) answers: `nodes "x" not found`.
 */
export function kubeletOf(cluster: Cluster, node: string): Kubelet {
  try {
    return cluster.kubelet(node);
  } catch {
    throw notFound({ group: "", resource: "nodes" }, node);
  }
}
