/**
 * The bodies /sim/v1 takes, checked by hand: a fault and an `until` target
 * in the shapes of the scenario file format (docs/scenarios.md; the
 * `fault:` and `until:` steps), so that a scenario step, a shell command
 * and a request mean the same thing. Each problem is a 400 BadRequest
 * naming the field in field.Error's words
 * (k8s.io/apimachinery/pkg/util/validation/field/errors.go):
 *
 *   stopNode: Required value
 *   timeout: Invalid value: "5 minutes": a duration such as "30s" or "1m30s"
 *
 * Kubernetes has no such API; the wording is apimachinery's.
 */
import {
  ApiError,
  fieldError,
  fieldErrorBody,
  fieldErrorString,
  type FieldError,
} from "@kubesim/api";
import { parseDuration } from "kubesim";

/** 400 BadRequest for one field. */
export function badField(e: FieldError): ApiError {
  return new ApiError("BadRequest", fieldErrorString(e), {
    causes: [{ reason: e.type, message: fieldErrorBody(e), field: e.field }],
  });
}

export type ConditionStatus = "True" | "False" | "Unknown";

/** A pod by name, or the first (by name) that a label selector picks. */
export type SimPodRef = string | { readonly selector: string };

/** What `until` waits for (scenario `until:`). */
export type SimUntil =
  | {
      readonly rollout: string;
      readonly namespace?: string | undefined;
      readonly timeout?: string | undefined;
    }
  | {
      readonly deployment: string;
      readonly condition: "Available" | "Progressing" | "ReplicaFailure";
      readonly status?: ConditionStatus | undefined;
      readonly namespace?: string | undefined;
      readonly timeout?: string | undefined;
    }
  | {
      readonly pod: string;
      readonly condition?: "Ready" | undefined;
      readonly status?: "True" | "False" | undefined;
      readonly phase?: "Pending" | "Running" | "Succeeded" | "Failed" | undefined;
      readonly namespace?: string | undefined;
      readonly timeout?: string | undefined;
    }
  | {
      readonly node: string;
      readonly condition?:
        | "Ready"
        | "MemoryPressure"
        | "DiskPressure"
        | "PIDPressure"
        | "NetworkUnavailable"
        | undefined;
      readonly status?: ConditionStatus | undefined;
      readonly timeout?: string | undefined;
    }
  | {
      readonly deleted: string;
      readonly namespace?: string | undefined;
      readonly timeout?: string | undefined;
    };

/** A fault (scenario `fault:`). */
export type SimFault =
  | {
      readonly deletePod: SimPodRef;
      readonly namespace?: string | undefined;
      readonly gracePeriod?: number | undefined;
    }
  | {
      readonly killContainer: SimPodRef;
      readonly container?: string | undefined;
      readonly oom?: boolean | undefined;
      readonly namespace?: string | undefined;
    }
  | { readonly stopNode: string }
  | { readonly startNode: string }
  | { readonly partitionNode: string; readonly for?: string | undefined }
  | { readonly healPartition: string }
  | { readonly restartController: "kube-controller-manager" | "kube-scheduler" }
  | { readonly dropWatches: true }
  | {
      readonly slowApiServer: string;
      readonly for?: string | undefined;
      readonly jitter?: string | undefined;
    }
  | { readonly restoreApiServer: true };

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const DURATION_HINT = 'a duration such as "30s" or "1m30s"';

/** A Go-style duration ("30s"); a 400 naming `field` otherwise. */
export function durationField(value: unknown, field: string): number {
  if (typeof value !== "string" || value.trim() === "")
    throw badField(fieldError.invalid(field, value ?? null, DURATION_HINT));
  try {
    return parseDuration(value);
  } catch {
    throw badField(fieldError.invalid(field, value, DURATION_HINT));
  }
}

/** The one key of `variants` that `value` carries; 400 for none, several, or not an object. */
function variantOf<V extends string>(value: unknown, what: string, variants: readonly V[]): V {
  if (!isObject(value))
    throw badField(fieldError.invalid("", value ?? null, `${what} must be an object`));
  const present = variants.filter((k) => k in value);
  if (present.length === 1) return present[0]!;
  if (present.length > 1)
    throw badField(
      fieldError.forbidden(
        present[1]!,
        `a ${what} takes one of ${present.join(" and ")}, not both`,
      ),
    );
  const got = Object.keys(value);
  throw new ApiError(
    "BadRequest",
    got.length === 0
      ? `${what} is empty; expected one of: ${variants.join(", ")}`
      : `unknown ${what} ${got.map((k) => JSON.stringify(k)).join(", ")} (known: ${variants.join(", ")})`,
  );
}

/** Checks that `value` has only the keys given, each of the type its checker wants. */
function fields(
  value: Obj,
  spec: Readonly<Record<string, (v: unknown, field: string) => unknown>>,
): Obj {
  for (const key of Object.keys(value))
    if (!(key in spec)) throw badField(fieldError.notSupported(key, value[key] ?? null, []));
  const out: Obj = {};
  for (const [key, check] of Object.entries(spec)) {
    if (value[key] === undefined) continue;
    out[key] = check(value[key], key);
  }
  return out;
}

const required =
  (check: (v: unknown, field: string) => unknown) =>
  (v: unknown, field: string): unknown => {
    if (v === undefined || v === null) throw badField(fieldError.required(field));
    return check(v, field);
  };

function name(v: unknown, field: string): string {
  if (typeof v !== "string") throw badField(fieldError.invalid(field, v, "must be a string"));
  if (v === "") throw badField(fieldError.required(field));
  return v;
}

const oneOfValues =
  <T extends string>(values: readonly T[]) =>
  (v: unknown, field: string): T => {
    if (typeof v !== "string" || !(values as readonly string[]).includes(v))
      throw badField(fieldError.notSupported(field, v, values));
    return v as T;
  };

function duration(v: unknown, field: string): string {
  durationField(v, field);
  return v as string;
}

function podRef(v: unknown, field: string): SimPodRef {
  if (typeof v === "string") return name(v, field);
  if (isObject(v) && Object.keys(v).length === 1 && "selector" in v)
    return { selector: name(v["selector"], `${field}.selector`) };
  throw badField(fieldError.invalid(field, v ?? null, "a pod name, or {selector: LABELS}"));
}

function literalTrue(v: unknown, field: string): true {
  if (v !== true) throw badField(fieldError.notSupported(field, v, ["true"]));
  return true;
}

const STATUSES = ["True", "False", "Unknown"] as const;

/** A fault from a request body; 400 for anything else. */
export function parseFault(value: unknown): SimFault {
  const which = variantOf(value, "fault", [
    "deletePod",
    "killContainer",
    "stopNode",
    "startNode",
    "partitionNode",
    "healPartition",
    "restartController",
    "dropWatches",
    "slowApiServer",
    "restoreApiServer",
  ] as const);
  const v = value as Obj;
  switch (which) {
    case "deletePod":
      return fields(v, {
        deletePod: required(podRef),
        namespace: name,
        gracePeriod: (g, f) => {
          if (typeof g !== "number" || !Number.isInteger(g) || g < 0)
            throw badField(fieldError.invalid(f, g, "must be greater than or equal to 0"));
          return g;
        },
      }) as SimFault;
    case "killContainer":
      return fields(v, {
        killContainer: required(podRef),
        container: name,
        oom: (o, f) => {
          if (typeof o !== "boolean") throw badField(fieldError.invalid(f, o, "must be a boolean"));
          return o;
        },
        namespace: name,
      }) as SimFault;
    case "stopNode":
    case "startNode":
    case "healPartition":
      return fields(v, { [which]: required(name) }) as SimFault;
    case "partitionNode":
      return fields(v, { partitionNode: required(name), for: duration }) as SimFault;
    case "restartController":
      return fields(v, {
        restartController: required(oneOfValues(["kube-controller-manager", "kube-scheduler"])),
      }) as SimFault;
    case "dropWatches":
    case "restoreApiServer":
      return fields(v, { [which]: required(literalTrue) }) as SimFault;
    case "slowApiServer":
      return fields(v, {
        slowApiServer: required(duration),
        for: duration,
        jitter: duration,
      }) as SimFault;
  }
}

/** An `until` target from a request body; 400 for anything else. */
export function parseUntil(value: unknown): SimUntil {
  const which = variantOf(value, "until target", [
    "rollout",
    "deployment",
    "pod",
    "node",
    "deleted",
  ] as const);
  const v = value as Obj;
  const common = { namespace: name, timeout: duration };
  switch (which) {
    case "rollout":
      return fields(v, { rollout: required(name), ...common }) as SimUntil;
    case "deployment":
      return fields(v, {
        deployment: required(name),
        condition: required(oneOfValues(["Available", "Progressing", "ReplicaFailure"])),
        status: oneOfValues(STATUSES),
        ...common,
      }) as SimUntil;
    case "pod": {
      const t = fields(v, {
        pod: required(name),
        condition: oneOfValues(["Ready"]),
        status: oneOfValues(["True", "False"]),
        phase: oneOfValues(["Pending", "Running", "Succeeded", "Failed"]),
        ...common,
      });
      if ((t["condition"] === undefined) === (t["phase"] === undefined))
        throw badField(
          fieldError.required(
            "condition",
            "a pod target takes condition: Ready or a phase (Running, Succeeded...), one of them",
          ),
        );
      return t as SimUntil;
    }
    case "node":
      return fields(v, {
        node: required(name),
        condition: oneOfValues([
          "Ready",
          "MemoryPressure",
          "DiskPressure",
          "PIDPressure",
          "NetworkUnavailable",
        ]),
        status: oneOfValues(STATUSES),
        timeout: duration,
      }) as SimUntil;
    case "deleted":
      return fields(v, {
        deleted: required((d, f) => {
          const s = name(d, f);
          if (!/^[^/\s]+\/[^/\s]+$/.test(s))
            throw badField(fieldError.invalid(f, s, "expected TYPE/NAME, e.g. pod/web-1"));
          return s;
        }),
        ...common,
      }) as SimUntil;
  }
}
