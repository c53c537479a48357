/**
 * Server-side apply of manifests, one object at a time, as kubectl's
 * `apply --server-side` does it (apply.go: applyOneObject's ServerSideApply
 * branch, saveLastApplyAnnotationIfNecessary, migrateToSSAIfNecessary):
 *
 * - each object is sent whole as an apply patch by the field manager
 *   (`kubectl` unless --field-manager), with force for --force-conflicts and
 *   dryRun for --dry-run=server; the server creates or merges it;
 * - a 409 conflict becomes kubectl's error: the server's message and
 *   kubectl's advice on how to resolve it; other refusals are the server's;
 * - when the manager is `kubectl` and the object carries a last-applied
 *   annotation that no applier owns, the annotation is applied on its own by
 *   `kubectl-last-applied` (so that it is kept for a return to client-side
 *   apply);
 * - the fields of the client-side appliers (Update managers owning the
 *   annotation) are then moved to the manager with a JSON patch of
 *   managedFields, and the configuration is applied once more so that the
 *   fields it dropped are removed. Failures of these steps are warnings.
 */
import {
  isApiError,
  isConflict,
  type ApiClient,
  type FieldValidation,
  type KindName,
} from "@kubesim/api";
import type { ApplyOptions, ApplyOutcome, ApplyResult } from "./apply.js";
import {
  findFieldsOwners,
  LAST_APPLIED_FIELD_PATH,
  managedFieldsOf,
  upgradeManagedFieldsPatch,
} from "./csa-upgrade.js";
import { ManifestError } from "./errors.js";
import { LAST_APPLIED_CONFIG_ANNOTATION } from "./last-applied.js";
import { readManifests, type ManifestObject } from "./manifests.js";

/** `fieldManager` is the applier (default `kubectl`, kubectl's fieldManagerServerSideApply). */
export interface ServerSideApplyOptions extends ApplyOptions {
  /** --force-conflicts: take the fields other managers own. */
  readonly force?: boolean;
}

/** kubectl's default manager for server-side apply. */
export const FIELD_MANAGER_SERVER_SIDE_APPLY = "kubectl";
/** The manager that keeps the last-applied annotation (fieldManagerLastAppliedAnnotation). */
export const FIELD_MANAGER_LAST_APPLIED = "kubectl-last-applied";

const MAX_PATCH_RETRY = 5;

/** What kubectl adds to a 409 from an apply patch. */
export const CONFLICT_ADVICE = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

const WARNING_LAST_APPLIED_FAILED =
  "Warning: failed to migrate kubectl.kubernetes.io/last-applied-configuration for Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: ";
const WARNING_PATCH_FAILED =
  "Warning: server rejected managed fields migration to Server-Side Apply. This is non-fatal and will be retried next time you apply. Error: ";
const WARNING_REAPPLY_FAILED =
  "Warning: failed to re-apply configuration after performing Server-Side Apply migration. This is non-fatal and will be retried next time you apply. Error: ";

type Json = Record<string, unknown>;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function metaOf(obj: unknown): Json {
  return ((obj as { metadata?: Json } | undefined)?.metadata ?? {}) as Json;
}

class ServerSideApplier {
  readonly warnings: string[] = [];

  constructor(
    private readonly client: ApiClient,
    private readonly manager: string,
    private readonly force: boolean,
    private readonly dryRun: boolean,
    private readonly fieldValidation: FieldValidation | undefined,
  ) {}

  private patch(m: ManifestObject, type: "apply" | "json", body: unknown, options: object): object {
    return this.client.patch(
      m.info.kind as KindName,
      m.info.namespaced ? m.namespace : undefined,
      m.name,
      type,
      body,
      {
        fieldManager: this.manager,
        ...(this.dryRun ? { dryRun: true } : {}),
        ...(this.fieldValidation === undefined ? {} : { fieldValidation: this.fieldValidation }),
        ...options,
      },
    ) as object;
  }

  private applyPatch(m: ManifestObject): object {
    return this.patch(m, "apply", m.object, { force: this.force });
  }

  apply(m: ManifestObject): object {
    if (m.name === "") {
      const generateName = metaOf(m.object)["generateName"];
      if (typeof generateName === "string" && generateName !== "")
        throw new ManifestError(`from ${generateName}: cannot use generate name with apply`);
      throw new ManifestError("resource name may not be empty");
    }
    let obj: object;
    try {
      obj = this.applyPatch(m);
    } catch (e) {
      if (isConflict(e)) throw new ManifestError(`${messageOf(e)}\n${CONFLICT_ADVICE}`);
      throw e;
    }
    try {
      obj = this.saveLastApplied(m, obj);
    } catch (e) {
      if (!isApiError(e)) throw e;
      this.warnings.push(`${WARNING_LAST_APPLIED_FAILED}${e.message}`);
      return this.warnIfDeleting(obj);
    }
    let migrated: { obj: object } | undefined;
    try {
      migrated = this.migrate(m, obj);
    } catch (e) {
      if (!isApiError(e)) throw e;
      this.warnings.push(`${WARNING_PATCH_FAILED}${e.message}`);
      return this.warnIfDeleting(obj);
    }
    if (migrated !== undefined) {
      obj = migrated.obj;
      try {
        // Apply again: the fields the client-side applier had and this configuration lacks go.
        obj = this.applyPatch(m);
      } catch (e) {
        if (!isApiError(e)) throw e;
        this.warnings.push(`${WARNING_REAPPLY_FAILED}${e.message}`);
      }
    }
    return this.warnIfDeleting(obj);
  }

  private warnIfDeleting(obj: object): object {
    const meta = metaOf(obj);
    if (meta["deletionTimestamp"] != null)
      this.warnings.push(
        `Warning: Detected changes to resource ${String(meta["name"])} which is currently being deleted.`,
      );
    return obj;
  }

  /** saveLastApplyAnnotationIfNecessary: the annotation, applied alone by kubectl-last-applied. */
  private saveLastApplied(m: ManifestObject, obj: object): object {
    if (this.manager !== FIELD_MANAGER_SERVER_SIDE_APPLY) return obj;
    const meta = metaOf(obj);
    const annotations = (meta["annotations"] ?? {}) as Record<string, string>;
    const last = annotations[LAST_APPLIED_CONFIG_ANNOTATION];
    if (last === undefined) return obj;
    if (findFieldsOwners(managedFieldsOf(obj), "Apply", LAST_APPLIED_FIELD_PATH).length > 0)
      return obj;
    const justAnnotation: Json = {
      apiVersion: m.object["apiVersion"],
      kind: m.object["kind"],
      metadata: {
        annotations: { [LAST_APPLIED_CONFIG_ANNOTATION]: last },
        name: meta["name"],
        ...(typeof meta["namespace"] === "string" && meta["namespace"] !== ""
          ? { namespace: meta["namespace"] }
          : {}),
      },
    };
    return this.patch(m, "apply", justAnnotation, { fieldManager: FIELD_MANAGER_LAST_APPLIED });
  }

  /** migrateToSSAIfNecessary: undefined when nothing was moved. */
  private migrate(m: ManifestObject, obj: object): { obj: object } | undefined {
    const owners = findFieldsOwners(managedFieldsOf(obj), "Update", LAST_APPLIED_FIELD_PATH);
    const names = new Set(owners.map((e) => e.manager ?? ""));
    let current = obj;
    let lastConflict: unknown;
    for (let i = 0; i < MAX_PATCH_RETRY; i++) {
      const patch = upgradeManagedFieldsPatch(current, names, this.manager);
      if (patch === undefined) return undefined;
      try {
        return { obj: this.patch(m, "json", patch, {}) };
      } catch (e) {
        if (!isConflict(e)) throw e;
        lastConflict = e;
      }
      current = this.client.get(
        m.info.kind as KindName,
        m.info.namespaced ? m.namespace : undefined,
        m.name,
      ) as object;
    }
    throw lastConflict;
  }
}

function resultOf(m: ManifestObject, object: object): ApplyResult {
  return {
    kind: m.info.kind,
    resource: m.resource,
    name: m.name,
    ...(m.info.namespaced ? { namespace: m.namespace } : {}),
    action: "serverside-applied",
    document: m.document,
    object,
  };
}

/**
 * `kubectl apply --server-side`: each document is sent as an apply patch.
 * Documents that cannot be read, and objects the server refuses, are
 * reported in `failed`, as for client-side apply.
 */
export function serverSideApplyManifests(
  client: ApiClient,
  input: string | readonly object[],
  options: ServerSideApplyOptions = {},
): ApplyOutcome {
  const { objects, problems } = readManifests(input, options);
  const applier = new ServerSideApplier(
    client,
    options.fieldManager ?? FIELD_MANAGER_SERVER_SIDE_APPLY,
    options.force === true,
    options.dryRun === true || options.dryRun === "server",
    options.fieldValidation,
  );
  const applied: ApplyResult[] = [];
  const failed: ApplyOutcome["failed"][number][] = problems.map((p) => ({
    document: p.document,
    error: p.error,
    stage: p.stage,
  }));
  for (const m of objects) {
    try {
      applied.push(resultOf(m, applier.apply(m)));
    } catch (e) {
      if (!isApiError(e) && !(e instanceof ManifestError)) throw e;
      failed.push({ document: m.document, error: e, stage: "apply" });
    }
  }
  return { applied, failed, warnings: applier.warnings };
}
