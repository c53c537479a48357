/**
 * The kubelet's admission of a pod bound to its node
 * (pkg/kubelet/lifecycle/predicate.go predicateAdmitHandler.Admit, on the
 * scheduler's AdmissionCheck): resources against allocatable (pods, cpu,
 * memory, ephemeral-storage) with what the admitted pods already request,
 * node affinity and nodeSelector, host ports, then untolerated NoExecute
 * taints. The first failure names the reason; the kubelet then rejects the
 * pod (phase Failed, "Pod was rejected: <message>").
 */
import { scheduling } from "@kubesim/api";
import type { Node, Pod } from "kubernetes-types/core/v1";

export type AdmitResult =
  | { readonly admit: true }
  | { readonly admit: false; readonly reason: string; readonly message: string };

const predicate = (name: string, desc: string): AdmitResult => ({
  admit: false,
  reason: name,
  message: `Predicate ${name} failed: ${desc}`,
});

function insufficient(
  resource: string,
  requested: number,
  used: number,
  capacity: number,
): AdmitResult {
  const reasons: Record<string, string> = {
    cpu: "OutOfcpu",
    memory: "OutOfmemory",
    "ephemeral-storage": "OutOfephemeral-storage",
    pods: "OutOfpods",
  };
  return {
    admit: false,
    reason: reasons[resource] ?? `OutOf${resource}`,
    message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
  };
}

function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])])
    for (const p of c.ports ?? [])
      if ((p.hostPort ?? 0) > 0)
        out.push(`${p.protocol ?? "TCP"}/${p.hostIP ?? "0.0.0.0"}/${p.hostPort}`);
  return out;
}

function portsConflict(a: string[], b: string[]): boolean {
  for (const x of a) {
    const [proto, ip, port] = x.split("/");
    for (const y of b) {
      const [p2, ip2, port2] = y.split("/");
      if (proto === p2 && port === port2 && (ip === ip2 || ip === "0.0.0.0" || ip2 === "0.0.0.0"))
        return true;
    }
  }
  return false;
}

/** Admit `pod` on `node`, where `admitted` are the node's other active pods. */
export function canAdmitPod(pod: Pod, node: Node, admitted: readonly Pod[]): AdmitResult {
  const alloc = scheduling.nodeAllocatable(node);
  if (admitted.length + 1 > alloc.allowedPodNumber)
    return insufficient("pods", 1, admitted.length, alloc.allowedPodNumber);
  const want = scheduling.podRequests(pod).requests;
  const used = { cpu: 0, memory: 0, storage: 0 };
  for (const p of admitted) {
    const r = scheduling.podRequests(p).requests;
    used.cpu += r.milliCPU;
    used.memory += r.memory;
    used.storage += r.ephemeralStorage;
  }
  if (want.milliCPU > 0 && want.milliCPU > alloc.milliCPU - used.cpu)
    return insufficient("cpu", want.milliCPU, used.cpu, alloc.milliCPU);
  if (want.memory > 0 && want.memory > alloc.memory - used.memory)
    return insufficient("memory", want.memory, used.memory, alloc.memory);
  if (want.ephemeralStorage > 0 && want.ephemeralStorage > alloc.ephemeralStorage - used.storage)
    return insufficient(
      "ephemeral-storage",
      want.ephemeralStorage,
      used.storage,
      alloc.ephemeralStorage,
    );
  if (!scheduling.matchesRequiredNodeAffinity(scheduling.requiredNodeAffinity(pod), node))
    return predicate("NodeAffinity", "node(s) didn't match Pod's node affinity/selector");
  const ports = hostPorts(pod);
  if (ports.length > 0 && admitted.some((p) => portsConflict(ports, hostPorts(p))))
    return predicate("NodePorts", "node(s) didn't have free ports for the requested pod ports");
  const untolerated = scheduling.findMatchingUntoleratedTaint(
    node.spec?.taints ?? [],
    pod.spec?.tolerations,
    (t) => t.effect === "NoExecute",
  );
  if (untolerated !== undefined)
    return predicate("TaintToleration", "node(s) had taints that the pod didn't tolerate");
  return { admit: true };
}
