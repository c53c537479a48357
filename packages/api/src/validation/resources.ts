/**
 * Container resource requirements. Mirrors kubernetes/pkg/apis/core/validation
 * (ValidateContainerResourceRequirements, validateResourceName,
 * validateContainerResourceName, ValidateResourceQuantityValue,
 * ValidateNonnegativeQuantity, validateResourceQuantityHugePageValue) and the
 * resource-name helpers of pkg/apis/core/helper.
 *
 * Guarantees, per container (`fld` is e.g. `spec.containers[0].resources`):
 * - names: `cpu`, `memory`, `ephemeral-storage`, `hugepages-<size>` or a
 *   domain-qualified extended resource (`example.com/gpu`);
 * - quantities ≥ 0 (`limits[cpu]: Invalid value: "-1": must be greater than or equal to 0`),
 *   whole numbers for extended resources (`must be an integer`);
 * - a request above its limit: `requests: Invalid value: "2": must be less than or equal to cpu limit of 1`;
 *   extended resources and hugepages need request == limit and a limit.
 * Resource names are visited in the object's key order (Go's map order is random).
 * A quantity that does not parse is a decode error upstream (400, see decode.ts);
 * here it is reported as Invalid with the parser's message, for callers that skip decoding.
 */
import type { FieldError } from "../errors.js";
import { fieldError } from "../errors.js";
import { isQualifiedName } from "../names.js";
import type { Quantity } from "../quantity.js";
import { parseQuantity, quantityMessages, tryParseQuantity } from "../quantity.js";
import type { Obj } from "./json.js";
import { entries } from "./json.js";
import { IS_NEGATIVE_ERROR_MSG } from "./meta.js";
import { child, key } from "./path.js";

const standardContainerResources = new Set(["cpu", "memory", "ephemeral-storage"]);
const standardResources = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);

export const isHugePageResourceName = (name: string): boolean => name.startsWith("hugepages-");
export const isNativeResource = (name: string): boolean =>
  !name.includes("/") || name.includes("kubernetes.io/");
export const isExtendedResourceName = (name: string): boolean =>
  !isNativeResource(name) &&
  !name.startsWith("requests.") &&
  isQualifiedName(`requests.${name}`).length === 0;
/** IsOvercommitAllowed: requests may be below limits only for native, non-hugepage resources. */
export const isOvercommitAllowed = (name: string): boolean =>
  isNativeResource(name) && !isHugePageResourceName(name);

function isStandardResourceName(name: string): boolean {
  return (
    standardResources.has(name) ||
    name.startsWith("hugepages-") ||
    name.startsWith("requests.hugepages-")
  );
}

function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((m) => fieldError.invalid(path, name, m));
  if (errs.length > 0) return errs;
  if (!name.includes("/")) {
    if (!isStandardResourceName(name)) {
      return [
        fieldError.invalid(path, name, "must be a standard resource type or fully qualified"),
      ];
    }
    if (!standardContainerResources.has(name) && !isHugePageResourceName(name)) {
      return [fieldError.invalid(path, name, "must be a standard resource for containers")];
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    return [fieldError.invalid(path, name, "doesn't follow extended resource name standard")];
  }
  return [];
}

/** A JSON quantity (a string, or a number as YAML `cpu: 1` decodes) as text. */
export function quantityText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Parses a JSON quantity, or returns the parser's message (decode errors). */
export function quantityOrError(v: unknown): Quantity | string {
  const text = quantityText(v);
  if (text === undefined) return quantityMessages.formatWrong;
  const q = tryParseQuantity(text);
  if (q !== undefined) return q;
  try {
    parseQuantity(text);
  } catch (e) {
    return e instanceof Error ? e.message : quantityMessages.formatWrong;
  }
  return quantityMessages.formatWrong;
}

/** ValidateResourceQuantityValue: ≥ 0, and an integer for integer (extended) resources. */
export function validateResourceQuantityValue(
  name: string,
  q: Quantity,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(fieldError.invalid(path, q.toString(), IS_NEGATIVE_ERROR_MSG));
  if (isExtendedResourceName(name) && q.milliValue() % 1000n !== 0n) {
    errs.push(fieldError.invalid(path, q.toString(), "must be an integer"));
  }
  return errs;
}

function hugePageValueError(name: string, q: Quantity): string | undefined {
  const size = tryParseQuantity(name.slice("hugepages-".length));
  if (size === undefined || size.value() <= 0n) return undefined;
  const v = q.value();
  return v > 0n && v % size.value() === 0n
    ? undefined
    : `${q.toString()} is not positive integer multiple of ${name}`;
}

/** Validates one ResourceList entry; returns the quantity when it parsed. */
function validateEntry(
  name: string,
  raw: unknown,
  p: string,
  errs: FieldError[],
): Quantity | undefined {
  errs.push(...validateContainerResourceName(name, p));
  const q = quantityOrError(raw);
  if (typeof q === "string") {
    errs.push(fieldError.invalid(p, raw ?? null, q));
    return undefined;
  }
  errs.push(...validateResourceQuantityValue(name, q, p));
  if (isHugePageResourceName(name)) {
    const msg = hugePageValueError(name, q);
    if (msg !== undefined) errs.push(fieldError.invalid(p, q.toString(), msg));
  }
  return q;
}

/** ValidateContainerResourceRequirements for `resources` at `path`. */
export function validateResourceRequirements(
  resources: Obj | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const limPath = child(path, "limits");
  const reqPath = child(path, "requests");
  const limitOf = new Map<string, Quantity>();
  const names: string[] = [];
  for (const [name, raw] of entries(resources, "limits")) {
    names.push(name);
    const q = validateEntry(name, raw, key(limPath, name), errs);
    if (q !== undefined) limitOf.set(name, q);
  }
  for (const [name, raw] of entries(resources, "requests")) {
    names.push(name);
    const q = validateEntry(name, raw, key(reqPath, name), errs);
    if (q === undefined) continue;
    const limit = limitOf.get(name);
    if (limit !== undefined) {
      if (q.cmp(limit) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(
          fieldError.invalid(
            reqPath,
            q.toString(),
            `must be equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      } else if (q.cmp(limit) > 0) {
        errs.push(
          fieldError.invalid(
            reqPath,
            q.toString(),
            `must be less than or equal to ${name} limit of ${limit.toString()}`,
          ),
        );
      }
    } else if (
      !isOvercommitAllowed(name) &&
      !entries(resources, "limits").some(([n]) => n === name)
    ) {
      errs.push(fieldError.required(limPath, "Limit must be set for non overcommitable resources"));
    }
  }
  const cpuOrMemory = names.some((n) => n === "cpu" || n === "memory");
  if (!cpuOrMemory && names.some(isHugePageResourceName)) {
    errs.push(fieldError.forbidden(path, "HugePages require cpu or memory"));
  }
  return errs;
}

/** The resource entries of a ResourceList at `o[k]` (for node capacity and similar). */
export function resourceEntries(o: Obj | undefined, k: string): [string, unknown][] {
  return entries(o, k);
}
