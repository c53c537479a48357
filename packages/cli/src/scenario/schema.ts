/**
 * The scenario file format (`kubesim run FILE.yaml`, docs/scenarios.md), as
 * a zod schema: a name, the cluster to start, and steps. Every step is an
 * object with one key naming what it does (apply, kubectl, advance, until,
 * fault, traffic, expect, say); `until`, `fault`, `traffic` and each
 * expectation are likewise told apart by the key they carry. Problems are
 * reported per field (`steps[3].until.timeout: ...`).
 */
import { z } from "zod";
import { parseDuration } from "kubesim";

// ---- building blocks ---------------------------------------------------

function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

/** A Go-style duration: "30s", "1m30s", "500ms". */
export const duration = z
  .string({ error: 'expected a duration such as "30s" or "1m30s"' })
  .refine(isDuration, {
    error: (issue) =>
      `invalid duration ${JSON.stringify(issue.input)} (use Go's form: "30s", "1m30s", "500ms")`,
  });

/** `3`, `">=1"`, `"< 5"`, `"!=0"`: a number, or a comparison with one. */
export const COMPARISON = /^\s*(>=|<=|==|!=|>|<|=)?\s*(-?\d+(?:\.\d+)?)\s*$/;
const COMPARISON_ERROR = 'expected a number or a comparison such as ">=1", "<5" or "!=0"';
export const comparison = z.union(
  [z.number(), z.string().regex(COMPARISON, { error: COMPARISON_ERROR })],
  { error: COMPARISON_ERROR },
);
export type Comparison = z.output<typeof comparison>;

const name = z.string().min(1, { error: "must not be empty" });
const namespace = name.optional();

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * One of several object shapes, chosen by which key it carries: `{ rollout:
 * web }` or `{ pod: web-1, condition: Ready }`. Errors say which keys are
 * known, or that two were given.
 */
function oneOf<V extends Record<string, z.ZodType<object>>>(
  what: string,
  variants: V,
): z.ZodType<z.output<V[keyof V]>> {
  const keys = Object.keys(variants);
  const known = keys.join(", ");
  return z.any().transform((value: unknown, ctx) => {
    if (!isObject(value)) {
      ctx.addIssue({ code: "custom", message: `${what} must be a mapping with one of: ${known}` });
      return z.NEVER;
    }
    const present = keys.filter((k) => k in value);
    if (present.length === 0) {
      const got = Object.keys(value);
      ctx.addIssue({
        code: "custom",
        message:
          got.length === 0
            ? `${what} is empty; expected one of: ${known}`
            : `unknown ${what} ${got.map((k) => JSON.stringify(k)).join(", ")} (known: ${known})`,
      });
      return z.NEVER;
    }
    if (present.length > 1) {
      ctx.addIssue({
        code: "custom",
        message: `a ${what} takes one of ${present.map((k) => JSON.stringify(k)).join(" and ")}, not both`,
      });
      return z.NEVER;
    }
    const result = variants[present[0]!]!.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue(issue as never);
      return z.NEVER;
    }
    return result.data as z.output<V[keyof V]>;
  }) as unknown as z.ZodType<z.output<V[keyof V]>>;
}

// ---- apply ---------------------------------------------------------------

const manifest = z.record(z.string(), z.unknown());

export const applyFile = z.strictObject({ file: name, namespace });

/** What `apply` takes: YAML text, a manifest, a list of manifests, or a file. */
export type ApplySource =
  | { readonly yaml: string }
  | { readonly objects: readonly Record<string, unknown>[] }
  | { readonly file: string; readonly namespace?: string };

const applySource = z.any().transform((value: unknown, ctx): ApplySource => {
  if (typeof value === "string") return { yaml: value };
  if (Array.isArray(value)) {
    const r = z.array(manifest).safeParse(value);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue(issue as never);
      return z.NEVER;
    }
    return { objects: r.data };
  }
  if (isObject(value) && "file" in value) {
    const r = applyFile.safeParse(value);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue(issue as never);
      return z.NEVER;
    }
    return r.data.namespace === undefined
      ? { file: r.data.file }
      : { file: r.data.file, namespace: r.data.namespace };
  }
  if (isObject(value) && "kind" in value) return { objects: [value] };
  ctx.addIssue({
    code: "custom",
    message: "expected YAML text, a manifest (with kind), a list of manifests, or { file: PATH }",
  });
  return z.NEVER;
});

// ---- until ---------------------------------------------------------------

const timeout = duration.optional();
const conditionStatus = z.enum(["True", "False", "Unknown"]);

export const until = oneOf("until target", {
  rollout: z.strictObject({ rollout: name, namespace, timeout }),
  deployment: z.strictObject({
    deployment: name,
    condition: z.enum(["Available", "Progressing", "ReplicaFailure"]),
    status: conditionStatus.optional(),
    namespace,
    timeout,
  }),
  pod: z
    .strictObject({
      pod: name,
      condition: z.enum(["Ready"]).optional(),
      status: conditionStatus.exclude(["Unknown"]).optional(),
      phase: z.enum(["Pending", "Running", "Succeeded", "Failed"]).optional(),
      namespace,
      timeout,
    })
    .refine((t) => (t.condition === undefined) !== (t.phase === undefined), {
      error: "a pod target takes condition: Ready or a phase (Running, Succeeded...), one of them",
    }),
  node: z.strictObject({
    node: name,
    condition: z
      .enum(["Ready", "MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable"])
      .optional(),
    status: conditionStatus.optional(),
    timeout,
  }),
  deleted: z.strictObject({
    deleted: z
      .string()
      .regex(/^[^/\s]+\/[^/\s]+$/, { error: "expected TYPE/NAME, e.g. pod/web-1" }),
    namespace,
    timeout,
  }),
});
export type Until = z.output<typeof until>;

// ---- fault ---------------------------------------------------------------

/** A pod by name, or the first (by name) that a label selector picks. */
const podRef = z.union([name, z.strictObject({ selector: name })], {
  error: "expected a pod name, or { selector: LABELS }",
});
export type PodRef = z.output<typeof podRef>;

export const fault = oneOf("fault", {
  deletePod: z.strictObject({
    deletePod: podRef,
    namespace,
    gracePeriod: z.number().int().min(0).optional(),
  }),
  killContainer: z.strictObject({
    killContainer: podRef,
    container: name.optional(),
    oom: z.boolean().optional(),
    namespace,
  }),
  stopNode: z.strictObject({ stopNode: name }),
  startNode: z.strictObject({ startNode: name }),
  partitionNode: z.strictObject({ partitionNode: name, for: duration.optional() }),
  healPartition: z.strictObject({ healPartition: name }),
  restartController: z.strictObject({
    restartController: z.enum(["kube-controller-manager", "kube-scheduler"]),
  }),
  dropWatches: z.strictObject({ dropWatches: z.literal(true) }),
  slowApiServer: z.strictObject({
    slowApiServer: duration,
    for: duration.optional(),
    jitter: duration.optional(),
  }),
  restoreApiServer: z.strictObject({ restoreApiServer: z.literal(true) }),
});
export type Fault = z.output<typeof fault>;

// ---- traffic -------------------------------------------------------------

export const trafficStart = z.strictObject({
  url: name,
  rate: z.number().positive({ error: "rate is requests per second and must be > 0" }),
  /** "pod/NAME": send from inside that pod; outside the cluster when omitted. */
  from: z
    .string()
    .regex(/^(pod|po|pods)\/[^/\s]+$/, { error: "expected pod/NAME" })
    .optional(),
  namespace,
  name: name.optional(),
});

export const traffic = oneOf("traffic action", {
  start: z.strictObject({ start: trafficStart }),
  stop: z.strictObject({ stop: z.union([z.literal(true), name]) }),
  summary: z.strictObject({ summary: z.union([z.literal(true), name]) }),
});
export type Traffic = z.output<typeof traffic>;

// ---- expect --------------------------------------------------------------

const texts = z.union([z.string(), z.array(z.string())], {
  error: "expected a text or a list of texts",
});

export const expectation = oneOf("expectation", {
  object: z.strictObject({
    object: z.string().regex(/^[^/\s]+\/[^/\s]+$/, {
      error: "expected TYPE/NAME, e.g. deployment/my-api",
    }),
    namespace,
    path: z.string().min(1).optional(),
    equals: z.unknown().optional(),
    notEquals: z.unknown().optional(),
    contains: z.unknown().optional(),
    matches: z.string().optional(),
    compare: comparison.optional(),
    exists: z.boolean().optional(),
  }),
  objects: z.strictObject({
    objects: name,
    namespace,
    selector: z.string().optional(),
    fieldSelector: z.string().optional(),
    count: comparison,
  }),
  output: z.strictObject({
    output: z.strictObject({
      equals: z.string().optional(),
      contains: texts.optional(),
      notContains: texts.optional(),
      matches: z.string().optional(),
      exitCode: z.number().int().optional(),
    }),
  }),
  events: z.strictObject({
    events: z.strictObject({
      reason: z.string().optional(),
      type: z.enum(["Normal", "Warning"]).optional(),
      object: z
        .string()
        .regex(/^[^/\s]+\/[^/\s]+$/, { error: "expected TYPE/NAME" })
        .optional(),
      kind: z.string().optional(),
      name: z.string().optional(),
      namespace: z.string().optional(),
      component: z.string().optional(),
      message: z.string().optional(),
      count: comparison.optional(),
    }),
  }),
  traffic: z.strictObject({
    traffic: z.strictObject({
      name: z.string().optional(),
      sent: comparison.optional(),
      succeeded: comparison.optional(),
      failed: comparison.optional(),
    }),
  }),
});
export type Expectation = z.output<typeof expectation>;

// ---- steps ---------------------------------------------------------------

/** One item, or a non-empty list of them. */
function oneOrMany<T>(item: z.ZodType<T>): z.ZodType<T | T[]> {
  const list = z.array(item).min(1, { error: "expected at least one expectation" });
  return z.any().transform((value: unknown, ctx) => {
    const r = Array.isArray(value) ? list.safeParse(value) : item.safeParse(value);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue(issue as never);
      return z.NEVER;
    }
    return r.data;
  }) as unknown as z.ZodType<T | T[]>;
}

const exitCode = z.number().int().min(0).optional();

export const step = oneOf("step", {
  apply: z.strictObject({ apply: applySource, exitCode }),
  kubectl: z.strictObject({ kubectl: name, exitCode }),
  advance: z.strictObject({ advance: duration }),
  until: z.strictObject({ until }),
  fault: z.strictObject({ fault }),
  traffic: z.strictObject({ traffic }),
  expect: z.strictObject({ expect: oneOrMany(expectation) }),
  say: z.strictObject({ say: z.string() }),
});
export type Step = z.output<typeof step>;

/** The names of the step kinds, in the order docs/scenarios.md gives them. */
export const STEP_KINDS = [
  "apply",
  "kubectl",
  "advance",
  "until",
  "fault",
  "traffic",
  "expect",
  "say",
] as const;

// ---- the file ------------------------------------------------------------

export const clusterSpec = z.strictObject({
  seed: z.union([z.number().int(), z.string()]).optional(),
  nodes: z.number().int().min(0).max(1000).optional(),
  dns: z.boolean().optional(),
  ingress: z.boolean().optional(),
  /** The image catalogue's `images` mapping (docs/image-catalogue.md). */
  images: z.record(z.string(), z.unknown()).optional(),
});
export type ClusterSpec = z.output<typeof clusterSpec>;

export const scenario = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  cluster: clusterSpec.optional(),
  steps: z.array(step).min(1, { error: "a scenario needs at least one step" }),
});
export type Scenario = z.output<typeof scenario>;
