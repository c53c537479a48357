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

/** podHasContainerWithName: containers, init containers and ephemeral containers. */
function hasContainer(pod: Pod, name: string): boolean {
  const spec = pod.spec;
  return [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ].some((c) => c.name === name);
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

/**
 * What the kubelet answers an exec or attach for a container it does not
 * run (pkg/kubelet/server/server.go getExec: 404 `pod does not exist`;
 * kubelet GetExec/GetAttach: `container not found ("api")`, a 500), or
 * undefined when the container runs. A node that is gone throws
 * kubeletOf's 404.
 */
export function kubeletRefusal(
  cluster: Cluster,
  target: PodTarget,
): { readonly code: number; readonly message: string } | undefined {
  const kubelet = kubeletOf(cluster, target.node);
  let running;
  try {
    running = kubelet.execTarget(target.namespace, target.name, target.container);
  } catch {
    return { code: 404, message: "pod does not exist" };
  }
  if (running === undefined)
    return { code: 500, message: `container not found (${JSON.stringify(target.container)})` };
  return undefined;
}
