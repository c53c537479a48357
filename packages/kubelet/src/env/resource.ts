/**
 * Container resources for env vars (`valueFrom.resourceFieldRef`). Mirrors kubernetes
 * pkg/api/v1/resource/helpers.go (ExtractContainerResourceValue, ExtractResourceValueByContainerName,
 * MergeContainerResourceLimits, convertResource*ToString) and the kubelet's
 * defaultPodLimitsForDownwardAPI (pkg/kubelet/kubelet_resources.go).
 *
 * Values are the ceiling of quantity / divisor, in whole numbers: cpu in millicores divided by the
 * divisor's millicores (limits.cpu 250m → "1"; with divisor 1m → "250"), memory and
 * ephemeral-storage in bytes divided by the divisor's bytes (64Mi with divisor 1Mi → "64").
 * A container without a limit gets the node's allocatable for cpu, memory and ephemeral-storage.
 */
import type { Container, Pod, ResourceFieldSelector } from "kubernetes-types/core/v1";
import type { Quantity } from "@kubesim/api";
import { tryParseQuantity } from "@kubesim/api";

export type ResourceResult = { readonly value: string } | { readonly error: string };

/** A resource list as the API holds it: name → quantity string. */
export type ResourceList = Readonly<Record<string, string>>;

/** The resources MergeContainerResourceLimits defaults from node allocatable. */
const defaultedLimits = ["cpu", "memory", "ephemeral-storage"] as const;

const ZERO = tryParseQuantity("0")!;
const ONE = tryParseQuantity("1")!;

function quantityOf(list: ResourceList | undefined, name: string): Quantity {
  const s = list?.[name];
  return (s === undefined ? undefined : tryParseQuantity(s)) ?? ZERO;
}

/**
 * MergeContainerResourceLimits: a container limit that is absent or zero takes the node's
 * allocatable value. Returns a new container; the input is not changed.
 */
export function mergeContainerResourceLimits(
  container: Container,
  allocatable: ResourceList,
): Container {
  const limits: Record<string, string> = { ...(container.resources?.limits ?? {}) };
  for (const name of defaultedLimits) {
    const current = limits[name];
    const missing = current === undefined || (tryParseQuantity(current)?.isZero() ?? false);
    const cap = allocatable[name];
    if (missing && cap !== undefined) limits[name] = cap;
  }
  return { ...container, resources: { ...(container.resources ?? {}), limits } };
}

/** ceil(a / b) for positive b, as int64(math.Ceil(float64(a) / float64(b))). */
function ceilDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = a / b;
  const r = a % b;
  return r !== 0n && r > 0n === b > 0n ? q + 1n : q;
}

/** ExtractContainerResourceValue: the env value of `fs` for an already known container. */
export function extractContainerResourceValue(
  fs: ResourceFieldSelector,
  container: Container,
): ResourceResult {
  let divisor = ONE;
  if (fs.divisor !== undefined) {
    const d = tryParseQuantity(String(fs.divisor));
    if (d === undefined) return { error: `invalid divisor ${String(fs.divisor)}` };
    if (!d.isZero()) divisor = d;
  }
  const [kind, name] = splitResource(fs.resource);
  const list = kind === "limits" ? container.resources?.limits : container.resources?.requests;
  if (name === "cpu") {
    return { value: ceilDiv(quantityOf(list, name).milliValue(), divisor.milliValue()).toString() };
  }
  if (name === "memory" || name === "ephemeral-storage" || name?.startsWith("hugepages-")) {
    return { value: ceilDiv(quantityOf(list, name).value(), divisor.value()).toString() };
  }
  return { error: `unsupported container resource : ${fs.resource}` };
}

/** "limits.cpu" → ["limits", "cpu"]; anything but limits.* and requests.* has no name. */
function splitResource(resource: string): readonly ["limits" | "requests", string | undefined] {
  if (resource.startsWith("limits.")) return ["limits", resource.slice("limits.".length)];
  if (resource.startsWith("requests.")) return ["requests", resource.slice("requests.".length)];
  return ["requests", undefined];
}

/**
 * containerResourceRuntimeValue with the kubelet's defaulting: the container's limits default to
 * the node's allocatable; `fs.containerName` names another container of the pod (regular
 * containers are defaulted too, init containers are read as they are, as upstream).
 */
export function containerResourceRuntimeValue(
  fs: ResourceFieldSelector,
  pod: Pod,
  container: Container,
  allocatable: ResourceList,
): ResourceResult {
  if (fs.containerName === undefined || fs.containerName === "") {
    return extractContainerResourceValue(fs, mergeContainerResourceLimits(container, allocatable));
  }
  const regular = pod.spec?.containers.find((c) => c.name === fs.containerName);
  if (regular !== undefined) {
    return extractContainerResourceValue(fs, mergeContainerResourceLimits(regular, allocatable));
  }
  const init = pod.spec?.initContainers?.find((c) => c.name === fs.containerName);
  if (init !== undefined) return extractContainerResourceValue(fs, init);
  return { error: `container ${fs.containerName} not found` };
}
