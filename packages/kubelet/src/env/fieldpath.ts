/**
 * Downward API field paths for env vars (`valueFrom.fieldRef`). Mirrors kubernetes
 * pkg/apis/core/pods/helpers.go (ConvertDownwardAPIFieldLabel), pkg/fieldpath/fieldpath.go
 * (ExtractFieldPathAsString, SplitMaybeSubscriptedPath, FormatMap) and the kubelet's
 * podFieldSelectorRuntimeValue and sortPodIPs (pkg/kubelet/kubelet_pods.go).
 *
 * Every function returns `{ value }` or `{ error }` with Kubernetes' message; none throws.
 */
import type { ObjectFieldSelector, Pod } from "kubernetes-types/core/v1";
import { isQualifiedName } from "@kubesim/api";
import { goQuote } from "./go-quote.js";

export type FieldResult = { readonly value: string } | { readonly error: string };

/**
 * SplitMaybeSubscriptedPath: "metadata.labels['app']" → ["metadata.labels", "app"];
 * undefined when the path has no subscript.
 */
export function splitMaybeSubscriptedPath(
  fieldPath: string,
): readonly [path: string, subscript: string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return [s.slice(0, at), s.slice(at + 2)];
}

const convertibleLabels = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

/**
 * ConvertDownwardAPIFieldLabel: checks the version and the label and returns the internal path
 * ("spec.host" is the old name of "spec.nodeName").
 */
export function convertDownwardAPIFieldLabel(version: string, label: string): FieldResult {
  if (version !== "v1") return { error: `unsupported pod version: ${version}` };
  const split = splitMaybeSubscriptedPath(label);
  if (split !== undefined) {
    if (split[0] === "metadata.annotations" || split[0] === "metadata.labels") {
      return { value: label };
    }
    return { error: `field label does not support subscript: ${label}` };
  }
  if (convertibleLabels.has(label)) return { value: label };
  if (label === "spec.host") return { value: "spec.nodeName" };
  return { error: `field label not supported: ${label}` };
}

/** FormatMap: `key="value"` lines in key order, values quoted as Go's %q, no final newline. */
export function formatMap(m: Readonly<Record<string, string>> | undefined): string {
  if (m === undefined) return "";
  return Object.keys(m)
    .sort()
    .map((k) => `${k}=${goQuote(m[k]!)}`)
    .join("\n");
}

/** ExtractFieldPathAsString for a pod's metadata (name, namespace, uid, labels, annotations). */
export function extractFieldPathAsString(pod: Pod, fieldPath: string): FieldResult {
  const meta = pod.metadata ?? {};
  const split = splitMaybeSubscriptedPath(fieldPath);
  if (split !== undefined) {
    const [path, subscript] = split;
    if (path === "metadata.annotations" || path === "metadata.labels") {
      const key = path === "metadata.annotations" ? subscript.toLowerCase() : subscript;
      const errs = isQualifiedName(key);
      if (errs.length > 0) {
        return { error: `invalid key subscript in ${fieldPath}: ${errs.join(";")}` };
      }
      const map = path === "metadata.annotations" ? meta.annotations : meta.labels;
      return { value: map?.[subscript] ?? "" };
    }
    return { error: `fieldPath ${goQuote(fieldPath)} does not support subscript` };
  }
  switch (fieldPath) {
    case "metadata.annotations":
      return { value: formatMap(meta.annotations) };
    case "metadata.labels":
      return { value: formatMap(meta.labels) };
    case "metadata.name":
      return { value: meta.name ?? "" };
    case "metadata.namespace":
      return { value: meta.namespace ?? "" };
    case "metadata.uid":
      return { value: meta.uid ?? "" };
  }
  return { error: `unsupported fieldPath: ${fieldPath}` };
}

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** utilnet.IsIPv4String (dotted quad, no leading zeros). */
export function isIPv4(ip: string): boolean {
  return ipv4.test(ip);
}

/** utilnet.IsIPv6String: an IPv6 address (optionally with an embedded IPv4 tail). */
export function isIPv6(ip: string): boolean {
  if (!ip.includes(":")) return false;
  let s = ip;
  let groupsNeeded = 8;
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!isIPv4(tail)) return false;
    s = s.slice(0, lastColon + 1) + "0:0";
  }
  const halves = s.split("::");
  if (halves.length > 2) return false;
  const groups = (h: string): string[] | undefined => {
    if (h === "") return [];
    const parts = h.split(":");
    return parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p)) ? parts : undefined;
  };
  const left = groups(halves[0]!);
  if (left === undefined) return false;
  if (halves.length === 1) return left.length === groupsNeeded;
  const right = groups(halves[1]!);
  if (right === undefined) return false;
  groupsNeeded -= 1; // "::" stands for at least one zero group
  return left.length + right.length <= groupsNeeded;
}

/**
 * sortPodIPs: at most one IP of the node's primary family (the family of the first host IP;
 * IPv4 when the node has none), then at most one of the other family; invalid IPs are dropped.
 */
export function sortPodIPs(podIPs: readonly string[], hostIPs: readonly string[]): string[] {
  const first = hostIPs[0];
  const v6First = first !== undefined && !isIPv4(first) && isIPv6(first);
  const [primary, secondary] = v6First ? [isIPv6, isIPv4] : [isIPv4, isIPv6];
  const out: string[] = [];
  const p = podIPs.find(primary);
  if (p !== undefined) out.push(p);
  const s = podIPs.find(secondary);
  if (s !== undefined) out.push(s);
  return out;
}

/** What the kubelet knows of the pod's and its node's addresses. */
export interface PodAddresses {
  /** The pod's IP as the runtime reported it (used when podIPs is empty). */
  readonly podIP?: string;
  readonly podIPs?: readonly string[];
  /** The node's addresses, primary first (`status.hostIP` is the first). */
  readonly hostIPs?: readonly string[];
  /** The node's primary address, when hostIPs is not given. */
  readonly hostIP?: string;
  /** The node's name, when the pod's spec.nodeName is empty. */
  readonly nodeName?: string;
}

/** podFieldSelectorRuntimeValue: the value of a `fieldRef` env var. */
export function podFieldSelectorRuntimeValue(
  fs: ObjectFieldSelector,
  pod: Pod,
  addresses: PodAddresses,
): FieldResult {
  const converted = convertDownwardAPIFieldLabel(fs.apiVersion ?? "v1", fs.fieldPath);
  if ("error" in converted) return converted;
  const hostIPs =
    addresses.hostIPs !== undefined && addresses.hostIPs.length > 0
      ? addresses.hostIPs
      : addresses.hostIP !== undefined && addresses.hostIP !== ""
        ? [addresses.hostIP]
        : [];
  const podIPs = sortPodIPs(addresses.podIPs ?? [], hostIPs);
  const podIP = podIPs[0] ?? addresses.podIP ?? "";
  switch (converted.value) {
    case "spec.nodeName":
      return { value: pod.spec?.nodeName || (addresses.nodeName ?? "") };
    case "spec.serviceAccountName":
      return { value: pod.spec?.serviceAccountName ?? "" };
    case "status.hostIP":
      return { value: hostIPs[0] ?? "" };
    case "status.hostIPs":
      return { value: hostIPs.join(",") };
    case "status.podIP":
      return { value: podIP };
    case "status.podIPs":
      return { value: podIPs.join(",") };
  }
  return extractFieldPathAsString(pod, converted.value);
}
