/**
 * Query parameters and option bodies of the REST verbs, read and validated
 * as kube-apiserver reads them (staging/src/k8s.io/apimachinery/pkg/apis/
 * meta/v1/validation: ValidateCreateOptions & co. for dryRun and
 * fieldValidation; meta/internalversion ListOptions for lists and watches;
 * handlers/delete.go for DeleteOptions from the body and the query).
 *
 * Over HTTP an absent fieldValidation means Warn, kube-apiserver's default
 * since 1.23 (handlers/rest.go fieldValidation).
 */
import {
  badRequest,
  fieldError,
  invalid,
  type DeleteOptions,
  type FieldError,
  type FieldValidation,
  type ListOptions,
  type PropagationPolicy,
  type WatchOptions,
  type WriteOptions,
} from "@kubesim/api";
import { truthy } from "../http/request-info.js";

type OptionsKind = "CreateOptions" | "UpdateOptions" | "PatchOptions" | "DeleteOptions";

const FIELD_VALIDATION = ["", "Ignore", "Strict", "Warn"] as const;

function optionsInvalid(kind: OptionsKind, errs: Parameters<typeof invalid>[2]) {
  return invalid({ group: "meta.k8s.io", kind }, "", errs);
}

/** dryRun=All (repeatable); anything else is 422 as ValidateDryRun answers. */
export function dryRunOf(query: URLSearchParams, kind: OptionsKind, fromBody?: unknown): boolean {
  const values = [
    ...query.getAll("dryRun"),
    ...(Array.isArray(fromBody) ? fromBody.filter((v): v is string => typeof v === "string") : []),
  ];
  if (values.length === 0) return false;
  if (values.some((v) => v !== "All"))
    throw optionsInvalid(kind, [fieldError.notSupported("dryRun", values, ["All"])]);
  return true;
}

/** fieldValidation: Ignore, Warn (the default) or Strict. */
export function fieldValidationOf(query: URLSearchParams, kind: OptionsKind): FieldValidation {
  const v = query.get("fieldValidation") ?? "";
  if (!(FIELD_VALIDATION as readonly string[]).includes(v))
    throw optionsInvalid(kind, [fieldError.notSupported("fieldValidation", v, FIELD_VALIDATION)]);
  return v === "" ? "Warn" : (v as FieldValidation);
}

/** The write options of create, update and patch. */
export function writeOptionsOf(query: URLSearchParams, kind: OptionsKind): WriteOptions {
  const fieldManager = query.get("fieldManager");
  if (fieldManager !== null && fieldManager.length > 128)
    throw optionsInvalid(kind, [fieldError.tooLong("fieldManager", 128)]);
  return {
    dryRun: dryRunOf(query, kind),
    fieldValidation: fieldValidationOf(query, kind),
    ...(fieldManager === null || fieldManager === "" ? {} : { fieldManager }),
  };
}

/** PatchOptions: the write options and `force` (given only when the query has it). */
export function patchOptionsOf(
  query: URLSearchParams,
  userAgent: string | undefined,
): WriteOptions & { force?: boolean } {
  const force = boolParam(query, "force");
  return {
    ...writeOptionsOf(query, "PatchOptions"),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(force === undefined ? {} : { force }),
  };
}

export function intParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === "") return undefined;
  if (!/^-?\d+$/.test(v))
    throw badRequest(`${name}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const v = query.get(name);
  if (v === null || v === "") return undefined;
  if (truthy(v)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(v)) return false;
  throw badRequest(`${name}: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

/** labelSelector, fieldSelector, limit, continue, resourceVersion, resourceVersionMatch. */
export function listOptionsOf(query: URLSearchParams, namespace: string): ListOptions {
  const limit = intParam(query, "limit");
  const rvMatch = query.get("resourceVersionMatch");
  if (rvMatch !== null && rvMatch !== "" && rvMatch !== "NotOlderThan" && rvMatch !== "Exact")
    throw badRequest(
      `resourceVersionMatch: Unsupported value: ${JSON.stringify(rvMatch)}: supported values: "Exact", "NotOlderThan"`,
    );
  const str = (name: string) => {
    const v = query.get(name);
    return v === null || v === "" ? undefined : v;
  };
  const labelSelector = str("labelSelector");
  const fieldSelector = str("fieldSelector");
  const cont = str("continue");
  const resourceVersion = query.get("resourceVersion") ?? undefined;
  return {
    ...(namespace === "" ? {} : { namespace }),
    ...(labelSelector === undefined ? {} : { labelSelector }),
    ...(fieldSelector === undefined ? {} : { fieldSelector }),
    ...(limit === undefined || limit <= 0 ? {} : { limit }),
    ...(cont === undefined ? {} : { continue: cont }),
    ...(resourceVersion === undefined ? {} : { resourceVersion }),
    ...(rvMatch === null || rvMatch === ""
      ? {}
      : { resourceVersionMatch: rvMatch as "Exact" | "NotOlderThan" }),
  };
}

/** The options of a watch, plus its timeoutSeconds. */
export function watchOptionsOf(
  query: URLSearchParams,
  namespace: string,
  name: string,
): { options: WatchOptions; timeoutSeconds: number | undefined } {
  const list = listOptionsOf(query, namespace);
  let fieldSelector = list.fieldSelector;
  if (name !== "") {
    const byName = `metadata.name=${name}`;
    fieldSelector = fieldSelector === undefined ? byName : `${fieldSelector},${byName}`;
  }
  const bookmarks = boolParam(query, "allowWatchBookmarks");
  const initial = boolParam(query, "sendInitialEvents");
  const timeoutSeconds = intParam(query, "timeoutSeconds");
  return {
    options: {
      ...(list.namespace === undefined ? {} : { namespace: list.namespace }),
      ...(list.labelSelector === undefined ? {} : { labelSelector: list.labelSelector }),
      ...(fieldSelector === undefined ? {} : { fieldSelector }),
      ...(list.resourceVersion === undefined ? {} : { resourceVersion: list.resourceVersion }),
      ...(bookmarks === undefined ? {} : { allowWatchBookmarks: bookmarks }),
      ...(initial === undefined ? {} : { sendInitialEvents: initial }),
    },
    timeoutSeconds:
      timeoutSeconds === undefined || timeoutSeconds <= 0 ? undefined : timeoutSeconds,
  };
}

const POLICIES: readonly PropagationPolicy[] = ["Foreground", "Background", "Orphan"];

/**
 * DeleteOptions from the body (kubectl sends `{"propagationPolicy":"Background"}`)
 * and the query (gracePeriodSeconds, propagationPolicy, orphanDependents, dryRun).
 */
export function deleteOptionsOf(query: URLSearchParams, body: unknown): DeleteOptions {
  const b =
    body !== null && typeof body === "object" && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const errs: FieldError[] = [];
  let grace = intParam(query, "gracePeriodSeconds");
  if (
    grace === undefined &&
    b["gracePeriodSeconds"] !== undefined &&
    b["gracePeriodSeconds"] !== null
  ) {
    if (typeof b["gracePeriodSeconds"] !== "number" || !Number.isInteger(b["gracePeriodSeconds"]))
      throw badRequest("gracePeriodSeconds: must be an integer");
    grace = b["gracePeriodSeconds"];
  }
  let policy: string | undefined = query.get("propagationPolicy") ?? undefined;
  if (policy === undefined && typeof b["propagationPolicy"] === "string")
    policy = b["propagationPolicy"];
  const orphan =
    boolParam(query, "orphanDependents") ??
    (typeof b["orphanDependents"] === "boolean" ? b["orphanDependents"] : undefined);
  if (orphan !== undefined && policy !== undefined && policy !== "")
    errs.push(
      fieldError.invalid(
        "propagationPolicy",
        policy,
        "orphanDependents and deletionPropagation cannot be both set",
      ),
    );
  if (policy !== undefined && policy !== "" && !POLICIES.includes(policy as PropagationPolicy))
    errs.push(fieldError.notSupported("propagationPolicy", policy, POLICIES));
  if (errs.length > 0) throw optionsInvalid("DeleteOptions", errs);
  const effective: PropagationPolicy | undefined =
    policy !== undefined && policy !== ""
      ? (policy as PropagationPolicy)
      : orphan === true
        ? "Orphan"
        : orphan === false
          ? "Background"
          : undefined;
  const pre = b["preconditions"];
  const preconditions =
    pre !== null && typeof pre === "object" && !Array.isArray(pre)
      ? (pre as { uid?: unknown; resourceVersion?: unknown })
      : undefined;
  const dryRun = dryRunOf(query, "DeleteOptions", b["dryRun"]);
  return {
    ...(grace === undefined ? {} : { gracePeriodSeconds: grace }),
    ...(effective === undefined ? {} : { propagationPolicy: effective }),
    ...(preconditions === undefined
      ? {}
      : {
          preconditions: {
            ...(typeof preconditions.uid === "string" ? { uid: preconditions.uid } : {}),
            ...(typeof preconditions.resourceVersion === "string"
              ? { resourceVersion: preconditions.resourceVersion }
              : {}),
          },
        }),
    ...(dryRun ? { dryRun } : {}),
  };
}
