/**
 * `kubectl describe node`: roles, labels, taints, the node lease,
 * conditions, addresses, capacity, system info, the non-terminated pods with
 * their requests and limits as a share of allocatable, the allocated totals
 * and events.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeNode,
 * describeNodeLease, describeNodeResource, getPodsTotalRequestsAndLimits,
 * findNodeRoles, NodeDescriber's two event searches: by uid and by name).
 */
import type { Quantity } from "@kubesim/api";
import { tryParseQuantity } from "@kubesim/api";
import type { Millis } from "kubesim";
import type { Lease } from "kubernetes-types/coordination/v1";
import type { Event, Node, Pod } from "kubernetes-types/core/v1";
import { findNodeRoles } from "../printers/node.js";
import { translateTimestampSince } from "../printers/timestamp.js";
import { quantityString } from "./containers.js";
import { describeEvents, searchEvents } from "./events.js";
import {
  compareStrings,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTaintsMultiline,
  rfc1123z,
} from "./format.js";
import { podRequestsAndLimits, totalOf, type ResourceTotals } from "./pod-resources.js";
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from "./prefix-writer.js";

/** The node's events: kubelets name the node by its name as uid, controllers by its uid. */
export function nodeEvents(node: Node, events: readonly Event[]): Event[] {
  const name = node.metadata?.name ?? "";
  const q = { name, namespace: "", kind: "Node" };
  return [
    ...searchEvents(events, { ...q, uid: node.metadata?.uid ?? "" }),
    ...searchEvents(events, { ...q, uid: name }),
  ];
}

/** The pods describe node lists: on the node, neither Succeeded nor Failed. */
export function nodeNonTerminatedPods(node: Node, pods: readonly Pod[]): Pod[] {
  const name = node.metadata?.name;
  return pods.filter(
    (p) =>
      p.spec?.nodeName === name && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed",
  );
}

/** Go's int64(float64): truncation; NaN and ±Inf give math.MinInt64 on amd64. */
function goInt64(x: number): string {
  if (!Number.isFinite(x)) return "-9223372036854775808";
  return String(Math.trunc(x));
}

/** float64(a) / float64(b) * 100 as describe computes a share. */
const share = (a: bigint, b: bigint): string => goInt64((Number(a) / Number(b)) * 100);

function allocatableOf(node: Node): Record<string, string> {
  const alloc = node.status?.allocatable ?? {};
  const list = Object.keys(alloc).length > 0 ? alloc : (node.status?.capacity ?? {});
  return Object.fromEntries(Object.entries(list).map(([k, v]) => [k, String(v)]));
}

const quantityOf = (list: Record<string, string>, name: string): Quantity =>
  tryParseQuantity(list[name] ?? "0") ?? tryParseQuantity("0")!;

const STANDARD_CONTAINER_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage"]);
const isHugePages = (name: string) => name.startsWith("hugepages-");

function describeNodeResource(
  pods: readonly Pod[],
  node: Node,
  w: PrefixWriter,
  now: Millis,
): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(
    LEVEL_1,
    "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
  );
  w.write(
    LEVEL_1,
    "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
  );
  const allocatable = allocatableOf(node);
  const cpu = quantityOf(allocatable, "cpu");
  const memory = quantityOf(allocatable, "memory");
  const storage = quantityOf(allocatable, "ephemeral-storage");
  const reqs: ResourceTotals = new Map();
  const limits: ResourceTotals = new Map();
  for (const pod of pods) {
    const { requests: r, limits: l } = podRequestsAndLimits(pod);
    for (const [name, q] of r) reqs.set(name, reqs.get(name)?.add(q) ?? q);
    for (const [name, q] of l) limits.set(name, limits.get(name)?.add(q) ?? q);
    const cpuReq = totalOf(r, "cpu");
    const cpuLim = totalOf(l, "cpu");
    const memReq = totalOf(r, "memory");
    const memLim = totalOf(l, "memory");
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ""}\t${pod.metadata?.name ?? ""}\t\t` +
        `${cpuReq.toString()} (${share(cpuReq.milliValue(), cpu.milliValue())}%)\t` +
        `${cpuLim.toString()} (${share(cpuLim.milliValue(), cpu.milliValue())}%)\t` +
        `${memReq.toString()} (${share(memReq.value(), memory.value())}%)\t` +
        `${memLim.toString()} (${share(memLim.value(), memory.value())}%)\t` +
        `${translateTimestampSince(pod.metadata?.creationTimestamp, now)}\n`,
    );
  }
  w.write(
    LEVEL_0,
    "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
  );
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  const line = (name: string, total: Quantity, denom: Quantity, milli: boolean) => {
    const lim = totalOf(limits, name);
    const [a, b, d] = milli
      ? [total.milliValue(), lim.milliValue(), denom.milliValue()]
      : [total.value(), lim.value(), denom.value()];
    const fr = d !== 0n ? share(a, d) : "0";
    const fl = d !== 0n ? share(b, d) : "0";
    w.write(LEVEL_1, `${name}\t${total.toString()} (${fr}%)\t${lim.toString()} (${fl}%)\n`);
  };
  line("cpu", totalOf(reqs, "cpu"), cpu, true);
  line("memory", totalOf(reqs, "memory"), memory, false);
  line("ephemeral-storage", totalOf(reqs, "ephemeral-storage"), storage, false);
  const names = Object.keys(allocatable).sort(compareStrings);
  for (const name of names.filter(isHugePages))
    line(name, totalOf(reqs, name), quantityOf(allocatable, name), false);
  for (const name of names) {
    if (isHugePages(name) || STANDARD_CONTAINER_RESOURCES.has(name) || name === "pods") continue;
    w.write(
      LEVEL_1,
      `${name}\t${totalOf(reqs, name).toString()}\t${totalOf(limits, name).toString()}\n`,
    );
  }
}

function describeNodeLease(lease: Lease, w: PrefixWriter): void {
  w.write(LEVEL_0, "Lease:\n");
  w.write(LEVEL_1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? "<unset>"}\n`);
  const acquire = lease.spec?.acquireTime;
  w.write(LEVEL_1, `AcquireTime:\t${acquire == null ? "<unset>" : rfc1123z(acquire)}\n`);
  const renew = lease.spec?.renewTime;
  w.write(LEVEL_1, `RenewTime:\t${renew == null ? "<unset>" : rfc1123z(renew)}\n`);
}

/**
 * describeNode. `pods` are the node's non-terminated pods (nodeNonTerminatedPods);
 * `lease` its kube-node-lease Lease, or the error text when it could not be read.
 */
export function describeNode(
  node: Node,
  pods: readonly Pod[],
  lease: Lease | { readonly error: string },
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  return tabbedString((w) => {
    const status = node.status;
    w.write(LEVEL_0, `Name:\t${node.metadata?.name ?? ""}\n`);
    const roles = findNodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(",") : "<none>"}\n`);
    printLabelsMultiline(w, "Labels", node.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", node.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata?.creationTimestamp)}\n`);
    printTaintsMultiline(w, "Taints", node.spec?.taints);
    w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
    if ("error" in lease) w.write(LEVEL_0, `Lease:\tFailed to get lease: ${lease.error}\n`);
    else describeNodeLease(lease, w);
    const conditions = status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(
        LEVEL_0,
        "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
      );
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t` +
            `${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`,
        );
    }
    w.write(LEVEL_0, "Addresses:\n");
    for (const a of status?.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    for (const [title, list] of [
      ["Capacity", status?.capacity],
      ["Allocatable", status?.allocatable],
    ] as const) {
      const names = Object.keys(list ?? {}).sort(compareStrings);
      if (names.length === 0) continue;
      w.write(LEVEL_0, `${title}:\n`);
      for (const name of names) w.write(LEVEL_0, `  ${name}:\t${quantityString(list![name])}\n`);
    }
    const info = status?.nodeInfo;
    w.write(LEVEL_0, "System Info:\n");
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ""}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ""}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ""}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ""}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ""}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ""}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ""}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ""}\n`);
    if ((node.spec?.podCIDR ?? "") !== "") w.write(LEVEL_0, `PodCIDR:\t${node.spec!.podCIDR}\n`);
    if ((node.spec?.podCIDRs ?? []).length > 0)
      w.write(LEVEL_0, `PodCIDRs:\t${node.spec!.podCIDRs!.join(",")}\n`);
    if ((node.spec?.providerID ?? "") !== "")
      w.write(LEVEL_0, `ProviderID:\t${node.spec!.providerID}\n`);
    describeNodeResource(pods, node, w, now);
    if (events !== undefined) describeEvents(events, w, now);
  });
}
