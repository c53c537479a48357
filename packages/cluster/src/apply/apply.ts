/**
 * Client-side apply and create of manifests, one object at a time, as
 * kubectl's apply.go (applyOneObject) and patcher.go (Patcher.Patch,
 * patchSimple) do it, and create.go (RunCreate) for `create -f`:
 *
 * - absent: created with the last-applied-configuration annotation;
 * - present: a three-way strategic merge patch from the annotation, the new
 *   configuration and the live object; an empty patch sends nothing
 *   (`unchanged`), otherwise the patch is sent (`configured`), retried on a
 *   Conflict up to five times with a fresh read;
 * - `--dry-run=client` sends no write (existing objects report `configured`);
 *   `--dry-run=server` sends the writes with dryRun.
 *
 * Each object is one write, so nothing is half-applied; failures are
 * reported per document, worded as kubectl words them (AddSourceToErr).
 */
import {
  isApiError,
  isConflict,
  isNotFound,
  type ApiClient,
  type FieldValidation,
  type KindName,
} from "@kubesim/api";
import { addSourceToErr, ManifestError } from "./errors.js";
import { goJson } from "./go-json.js";
import {
  hasLastApplied,
  LAST_APPLIED_CONFIG_ANNOTATION,
  modifiedConfiguration,
  originalConfiguration,
  withApplyAnnotation,
} from "./last-applied.js";
import { readManifests, type ManifestObject } from "./manifests.js";
import { createThreeWayMergePatch, PatchComputeError } from "./three-way-patch.js";

export type DryRun = boolean | "none" | "client" | "server";

export interface ApplyOptions {
  /** Namespace for namespaced objects that name none (default "default"). */
  readonly namespace?: string;
  /** Dry run: true or "server" (sent with dryRun, nothing stored), "client" (nothing sent but reads). */
  readonly dryRun?: DryRun;
  /** Where the text came from, for error messages ("deployment.yaml"). */
  readonly source?: string;
  /** `-n` was given: objects naming another namespace are refused. */
  readonly enforceNamespace?: boolean;
  /** kubectl's --validate as the server applies it (default Strict: unknown fields are refused). */
  readonly fieldValidation?: FieldValidation;
  /** The manager of the fields written (kubectl's --field-manager; `kubectl-client-side-apply` for apply). */
  readonly fieldManager?: string;
}

export interface CreateOptions extends ApplyOptions {
  /** `--save-config`: record the last-applied configuration as apply would. */
  readonly saveConfig?: boolean;
}

export interface ApplyResult {
  readonly kind: string;
  /** "deployment.apps" as kubectl prints it: `deployment.apps/my-api created`. */
  readonly resource: string;
  readonly name: string;
  readonly namespace?: string;
  /** What kubectl prints; `serverside-applied` for server-side apply (serverSideApplyManifests). */
  readonly action: "created" | "configured" | "unchanged" | "serverside-applied";
  /** Index of the object's document in the stream (0-based). */
  readonly document?: number;
  /** The object as stored (or as it would be, for dry runs). */
  readonly object?: object;
}

export interface ApplyFailure {
  /** Which document (0-based) failed, and kubectl's error text for it. */
  readonly document: number;
  readonly error: unknown;
  /**
   * `decode`: refused while reading (YAML, kind, mapping), before anything was
   * sent; `namespace`: its namespace contradicts `-n`; `apply`: the write (or
   * the read before it) failed.
   */
  readonly stage?: "decode" | "namespace" | "apply";
}

export interface ApplyOutcome {
  readonly applied: readonly ApplyResult[];
  readonly failed: readonly ApplyFailure[];
  /** Warnings kubectl prints on stderr (a missing last-applied annotation, an object being deleted). */
  readonly warnings?: readonly string[];
}

type Json = Record<string, unknown>;

const MAX_PATCH_RETRY = 5;

function strategy(dryRun: DryRun | undefined): "none" | "client" | "server" {
  if (dryRun === true || dryRun === "server") return "server";
  if (dryRun === "client") return "client";
  return "none";
}

/** resource.Info.String(): the mapping and the name, as kubectl prints them in apply errors. */
function infoString(m: ManifestObject): string {
  const { group, version, plural, kind } = m.info;
  return (
    `Resource: ${JSON.stringify(`${group}/${version}, Resource=${plural}`)}, GroupVersionKind: ${JSON.stringify(`${group}/${version}, Kind=${kind}`)}\n` +
    `Name: ${JSON.stringify(m.name)}, Namespace: ${JSON.stringify(m.namespace)}`
  );
}

function deletionWarning(obj: unknown, name: string): string | undefined {
  const meta = (obj as { metadata?: { deletionTimestamp?: unknown } } | undefined)?.metadata;
  return meta?.deletionTimestamp == null
    ? undefined
    : `Warning: Detected changes to resource ${name} which is currently being deleted.`;
}

function namespaceOf(m: ManifestObject): string | undefined {
  return m.info.namespaced ? m.namespace : undefined;
}

interface Step {
  readonly action: "created" | "configured" | "unchanged";
  readonly object: object;
}

class Applier {
  readonly warnings: string[] = [];

  constructor(
    private readonly client: ApiClient,
    private readonly dryRun: "none" | "client" | "server",
    private readonly fieldValidation: FieldValidation | undefined,
    private readonly fieldManager: string | undefined,
  ) {}

  private get kindOf() {
    return (m: ManifestObject) => m.info.kind as KindName;
  }

  private writeOptions() {
    return {
      ...(this.dryRun === "server" ? { dryRun: true } : {}),
      ...(this.fieldValidation === undefined ? {} : { fieldValidation: this.fieldValidation }),
      ...(this.fieldManager === undefined ? {} : { fieldManager: this.fieldManager }),
    };
  }

  /** applyOneObject. */
  apply(m: ManifestObject): Step {
    if (m.name === "") {
      const meta = m.object["metadata"] as Json | undefined;
      const generateName = meta?.["generateName"];
      if (typeof generateName === "string" && generateName !== "")
        throw new ManifestError(`from ${generateName}: cannot use generate name with apply`);
      throw addSourceToErr(
        `retrieving current configuration of:\n${infoString(m)}\nfrom server for:`,
        m.source,
        new ManifestError("resource name may not be empty"),
      );
    }
    const modified = modifiedConfiguration(m.object, true);
    let live: object;
    try {
      live = this.client.get(this.kindOf(m), namespaceOf(m), m.name);
    } catch (e) {
      if (!isApiError(e)) throw e;
      if (!isNotFound(e))
        throw addSourceToErr(
          `retrieving current configuration of:\n${infoString(m)}\nfrom server for:`,
          m.source,
          e,
        );
      return this.create(m, withApplyAnnotation(m.object), "creating");
    }
    if (this.dryRun === "client") return { action: "configured", object: modified.object };
    if (!hasLastApplied(live))
      this.warnings.push(
        `Warning: resource ${m.info.plural}/${m.name} is missing the ${LAST_APPLIED_CONFIG_ANNOTATION} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`,
      );
    let lastPatch: Json | undefined;
    try {
      let attempt = this.patchSimple(m, live, modified.object, modified.json);
      lastPatch = attempt.patch;
      for (let i = 1; i <= MAX_PATCH_RETRY && attempt.conflict !== undefined; i++) {
        lastPatch = undefined;
        live = this.client.get(this.kindOf(m), namespaceOf(m), m.name);
        attempt = this.patchSimple(m, live, modified.object, modified.json);
        lastPatch = attempt.patch;
      }
      if (attempt.conflict !== undefined) throw attempt.conflict;
      const step = attempt.step!;
      const warn = deletionWarning(step.object, m.name);
      if (warn !== undefined) this.warnings.push(warn);
      return step;
    } catch (e) {
      // Bugs are not the user's errors: only API answers and kubectl's own refusals are reported.
      if (!(e instanceof PatchFailure) && !isApiError(e) && !(e instanceof ManifestError)) throw e;
      const sent = e instanceof PatchFailure ? e.patch : lastPatch;
      throw addSourceToErr(
        `applying patch:\n${sent === undefined ? "" : goJson(sent)}\nto:\n${infoString(m)}\nfor:`,
        m.source,
        e instanceof PatchFailure ? e.cause : e,
      );
    }
  }

  /** patchSimple: compute the patch against `live` and send it unless it is empty. */
  private patchSimple(
    m: ManifestObject,
    live: object,
    modified: Json,
    modifiedJson: string,
  ): { patch?: Json; step?: Step; conflict?: unknown } {
    const original = originalConfiguration(live);
    let patch: Json;
    try {
      patch = createThreeWayMergePatch(original, modified, live as Json, m.info);
    } catch (e) {
      if (!(e instanceof PatchComputeError)) throw e;
      throw addSourceToErr(
        `creating patch with:\noriginal:\n${original === undefined ? "" : goJson(original)}\nmodified:\n${modifiedJson}\ncurrent:\n${goJson(live)}\nfor:`,
        m.source,
        e,
      );
    }
    if (Object.keys(patch).length === 0)
      return { patch, step: { action: "unchanged", object: live } };
    try {
      const patched = this.client.patch(
        this.kindOf(m),
        namespaceOf(m),
        m.name,
        "strategic",
        patch,
        this.writeOptions(),
      );
      return { patch, step: { action: "configured", object: patched } };
    } catch (e) {
      if (isConflict(e)) return { patch, conflict: e };
      throw new PatchFailure(e, patch);
    }
  }

  /** helper.Create; errors carry AddSourceToErr("creating"). */
  create(m: ManifestObject, object: Json, verb: string): Step {
    if (this.dryRun === "client") return { action: "created", object };
    try {
      const created = this.client.create(
        this.kindOf(m),
        object as never,
        this.writeOptions(),
      ) as object;
      return { action: "created", object: created };
    } catch (e) {
      if (!isApiError(e)) throw e;
      throw addSourceToErr(verb, m.source, e);
    }
  }
}

/** A rejected patch, with the patch, so the error can show what was sent. */
class PatchFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly patch: Json,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function resultOf(m: ManifestObject, step: Step): ApplyResult {
  const ns = namespaceOf(m);
  return {
    kind: m.info.kind,
    resource: m.resource,
    name: m.name,
    ...(ns === undefined ? {} : { namespace: ns }),
    action: step.action,
    document: m.document,
    object: step.object,
  };
}

function run(
  client: ApiClient,
  input: string | readonly object[],
  options: ApplyOptions,
  act: (applier: Applier, m: ManifestObject) => Step,
): ApplyOutcome {
  const { objects, problems } = readManifests(input, options);
  const applier = new Applier(
    client,
    strategy(options.dryRun),
    options.fieldValidation,
    options.fieldManager,
  );
  const applied: ApplyResult[] = [];
  const failed: ApplyFailure[] = problems.map((p) => ({
    document: p.document,
    error: p.error,
    stage: p.stage,
  }));
  for (const m of objects) {
    try {
      applied.push(resultOf(m, act(applier, m)));
    } catch (e) {
      if (!isApiError(e) && !(e instanceof ManifestError)) throw e;
      failed.push({ document: m.document, error: e, stage: "apply" });
    }
  }
  return { applied, failed, warnings: applier.warnings };
}

/**
 * Applies multi-document YAML (or objects). Valid documents apply; invalid
 * ones are reported in `failed` (kubectl's behaviour), none half-applied.
 */
export function applyManifests(
  client: ApiClient,
  input: string | readonly object[],
  options: ApplyOptions = {},
): ApplyOutcome {
  return run(client, input, options, (a, m) => a.apply(m));
}

/** `kubectl create -f`: every object is created (AlreadyExists when present). */
export function createManifests(
  client: ApiClient,
  input: string | readonly object[],
  options: CreateOptions = {},
): ApplyOutcome {
  return run(client, input, options, (a, m) =>
    a.create(m, options.saveConfig === true ? withApplyAnnotation(m.object) : m.object, "creating"),
  );
}
