/**
 * The field manager: who owns which field, kept in metadata.managedFields on
 * every create, update and patch, and the Apply operation of server-side
 * apply. Mirrors k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager
 * (fieldmanager.go and the managers it chains: structuredmerge.go,
 * managedfieldsupdater.go, skipnonapplied.go, lastappliedmanager.go,
 * lastappliedupdater.go, stripmeta.go, conflict.go) over
 * sigs.k8s.io/structured-merge-diff/merge/update.go (Updater.Update,
 * Updater.Apply, prune).
 *
 * Update (every write that is not an apply): the writer takes every field it
 * added or changed, from whoever owned it, and fields it removed leave every
 * owner. Its entry's time is set when it took a field; a write that changes
 * nothing changes no entry.
 *
 * Apply: the configuration is merged into the live object; fields the
 * applier applied last time and no applier claims now are removed; a field
 * the apply changes that another manager owns is a conflict (409) unless
 * `force`, which takes it over. Applying a value equal to the live one is no
 * conflict: the field is then shared.
 *
 * Fields the strategy resets (status on the main resource, spec on status)
 * are no one's: kubesim computes sets on the object as it will be stored,
 * so a write never shows a change there, and a create leaves out `status`.
 */
import { ApiError, badRequest, type KindInfo } from "@kubesim/api";
import { deepEqual } from "../freeze.js";
import {
  difference,
  EMPTY_SET,
  intersection,
  intersects,
  isEmpty,
  isSubset,
  memberPaths,
  pathSet,
  pathString,
  recursiveDifference,
  union,
  type Fields,
} from "./fieldset.js";
import { idOf, managerId, printManager, type Managed, type Manager } from "./managed.js";
import { ssaSchema, type StructType } from "./schema.js";
import {
  compare,
  ensureNamedFieldsAreMembers,
  merge,
  ownedChange,
  rememberComparisonsWith,
  removeItems,
  SchemaError,
  toFieldSet,
  type Comparison,
} from "./typed.js";

type Obj = Record<string, unknown>;

/** The manager that takes the fields of an object with no managedFields before its first apply. */
export const BEFORE_FIRST_APPLY = "before-first-apply";
/** The manager of client-side apply, whose fields an upgrade to server-side apply may take. */
export const CLIENT_SIDE_APPLY = "kubectl-client-side-apply";
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * The Go zero value of each kind as it serialises (non-omitempty fields and
 * struct values): what an Update from "nothing" (a create) is compared with,
 * so that fields present in every object (spec, template, containers) are
 * not themselves "added" (no `.` in their entry), as upstream.
 */
const ZERO: Readonly<Record<string, Obj>> = {
  Deployment: {
    metadata: {},
    spec: { selector: null, template: { metadata: {}, spec: { containers: null } }, strategy: {} },
    status: {},
  },
  ReplicaSet: {
    metadata: {},
    spec: { selector: null, template: { metadata: {}, spec: { containers: null } } },
    status: {},
  },
  Pod: { metadata: {}, spec: { containers: null }, status: {} },
  Service: { metadata: {}, spec: {}, status: { loadBalancer: {} } },
  Node: {
    metadata: {},
    spec: {},
    status: { daemonEndpoints: { kubeletEndpoint: {} }, nodeInfo: {} },
  },
  Namespace: { metadata: {}, spec: {}, status: {} },
  Event: { metadata: {}, involvedObject: {}, source: {} },
  EndpointSlice: { metadata: {}, endpoints: null, ports: null },
  Lease: { metadata: {}, spec: {} },
  Ingress: { metadata: {}, spec: {}, status: { loadBalancer: {} } },
  IngressClass: { metadata: {}, spec: {} },
};
const ZERO_DEFAULT: Obj = { metadata: {} };

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null) {
    for (const c of Object.values(v)) deepFreeze(c);
    Object.freeze(v);
  }
  return v;
}
for (const z of [...Object.values(ZERO), ZERO_DEFAULT]) rememberComparisonsWith(deepFreeze(z));

export function zeroObject(kind: string): Obj {
  return ZERO[kind] ?? ZERO_DEFAULT;
}

const STATUS_SET = pathSet(["f:status"]);

const versions = new WeakMap<KindInfo, string>();
const roots = new WeakMap<KindInfo, StructType | null>();

export function apiVersionOfInfo(info: KindInfo): string {
  let v = versions.get(info);
  if (v === undefined) {
    v = info.group === "" ? info.version : `${info.group}/${info.version}`;
    versions.set(info, v);
  }
  return v;
}

export function rootType(info: KindInfo): StructType | undefined {
  let r = roots.get(info);
  if (r === undefined) {
    r = ssaSchema.root(apiVersionOfInfo(info), info.kind) ?? null;
    roots.set(info, r);
  }
  return r ?? undefined;
}

function changedOf(c: Comparison): Fields {
  return union(c.added, c.modified);
}

/** Updater.update's loop: every other manager loses what `changed` took and what was removed. */
function withoutTaken(
  managed: Managed,
  skipId: string | undefined,
  taken: Fields,
  removed: Fields,
): Map<string, Manager> {
  const out = new Map<string, Manager>();
  for (const [id, m] of managed) {
    if (id === skipId) {
      out.set(id, m);
      continue;
    }
    const s = difference(difference(m.set, taken), removed);
    if (isEmpty(s)) continue;
    out.set(id, s === m.set ? m : { ...m, set: s });
  }
  return out;
}

export interface UpdateRequest {
  readonly info: KindInfo;
  /** The stored object, or undefined for a create. */
  readonly live: unknown;
  /** The object about to be stored. */
  readonly next: unknown;
  readonly managed: Managed;
  readonly manager: string;
  readonly subresource: string;
  /** rfc3339 of the sim clock. */
  readonly now: string;
}

/**
 * The managers after an Update by `manager`. Returns `managed` itself when
 * the write changes no field.
 */
export function updateManagers(r: UpdateRequest): Managed {
  const root = rootType(r.info);
  if (root === undefined) return r.managed;
  const creating = r.live === undefined;
  // A routine write (values of this manager's own fields change): only the time moves.
  const own = creating
    ? undefined
    : r.managed.get(managerId(r.manager, "Update", apiVersionOfInfo(r.info), r.subresource));
  if (own !== undefined) {
    const others: Fields[] = [];
    for (const m of r.managed.values()) if (m !== own) others.push(m.set);
    const change = ownedChange(r.live, r.next, root, own.set, others);
    if (change === "none") return r.managed;
    if (change === "owned") {
      if (own.time === r.now) return r.managed;
      const out = new Map(r.managed);
      out.set(managerId(r.manager, "Update", apiVersionOfInfo(r.info), r.subresource), {
        ...own,
        time: r.now,
      });
      return out;
    }
  }
  const c = compare(creating ? zeroObject(r.info.kind) : r.live, r.next, root, creating);
  return applyUpdate(r.managed, c, r.manager, apiVersionOfInfo(r.info), r.subresource, r.now);
}

function applyUpdate(
  managed: Managed,
  c: Comparison,
  manager: string,
  apiVersion: string,
  subresource: string,
  now: string,
): Managed {
  const changed = changedOf(c);
  if (isEmpty(changed) && isEmpty(c.removed)) return managed;
  const id = managerId(manager, "Update", apiVersion, subresource);
  // The common controller and kubelet write: values change, the fields are
  // already this manager's and no one else's. Only the time may move.
  const own = managed.get(id);
  if (own !== undefined && isEmpty(c.removed) && isSubset(changed, own.set)) {
    let shared = false;
    for (const [other, m] of managed) {
      if (other !== id && intersects(m.set, changed)) {
        shared = true;
        break;
      }
    }
    if (!shared) {
      if (own.time === now) return managed;
      const out = new Map(managed);
      out.set(id, { ...own, time: now });
      return out;
    }
  }
  const out = withoutTaken(managed, undefined, changed, c.removed);
  if (!isEmpty(changed)) {
    const prev = out.get(id);
    out.set(id, {
      manager,
      operation: "Update",
      apiVersion,
      subresource,
      time: now,
      set: prev === undefined ? changed : union(changed, prev.set),
      ...(prev?.stored === undefined ? {} : { stored: prev.stored }),
    });
  }
  return capUpdateManagers(out);
}

/** DefaultMaxUpdateManagers: more Update entries than this are merged, oldest first. */
export const MAX_UPDATE_MANAGERS = 10;
/** The bucket the oldest Update entries are merged into, one per API version. */
export const ANCIENT_CHANGES = "ancient-changes";

/**
 * capManagersManager.capUpdateManagers: beyond MAX_UPDATE_MANAGERS Update
 * entries, the oldest (by time, then identity) are merged into an
 * `ancient-changes` entry of their API version, which takes the time of
 * the latest entry merged into it.
 */
function capUpdateManagers(managed: Map<string, Manager>): Map<string, Manager> {
  const updaters = [...managed.entries()].filter(([, m]) => m.operation === "Update");
  if (updaters.length <= MAX_UPDATE_MANAGERS) return managed;
  updaters.sort(([ia, a], [ib, b]) => {
    const ta = a.time ?? "";
    const tb = b.time ?? "";
    if (ta !== tb) return ta < tb ? -1 : 1;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const [id, m] = updaters[i]!;
    const bucket = managerId(ANCIENT_CHANGES, "Update", m.apiVersion, "");
    const first = firstOfVersion.get(m.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(m.apiVersion, id);
      continue;
    }
    if (!managed.has(bucket)) {
      const f = managed.get(first)!;
      managed.delete(first);
      managed.set(bucket, {
        manager: ANCIENT_CHANGES,
        operation: "Update",
        apiVersion: f.apiVersion,
        subresource: "",
        time: f.time,
        set: f.set,
      });
    }
    const b = managed.get(bucket)!;
    managed.set(bucket, {
      manager: b.manager,
      operation: b.operation,
      apiVersion: b.apiVersion,
      subresource: b.subresource,
      time: m.time,
      set: union(m.set, b.set),
    });
    managed.delete(id);
    length--;
  }
  return managed;
}

// ---- Apply ----

export interface ApplyRequest {
  readonly info: KindInfo;
  /** The stored object, or undefined when the apply creates it. */
  readonly live: Obj | undefined;
  readonly config: Obj;
  readonly managed: Managed;
  readonly manager: string;
  readonly force: boolean;
  readonly subresource: string;
  readonly now: string;
}

export interface ApplyResult {
  /** The merged object (before defaulting and admission). */
  readonly object: Obj;
  readonly managed: Managed;
}

/** One conflict: a path another manager owns. */
export interface Conflict {
  readonly manager: Manager;
  readonly path: readonly string[];
}

/** internal.NewConflictError: 409 with one FieldManagerConflict cause per path. */
export function conflictError(conflicts: readonly Conflict[]): ApiError {
  const causes = conflicts.map((c) => ({
    reason: "FieldManagerConflict",
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    message = `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathString(c.path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const key = printManager(c.manager);
      let paths = byManager.get(key);
      if (paths === undefined) byManager.set(key, (paths = []));
      paths.push(pathString(c.path));
    }
    const lines: string[] = [];
    for (const key of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${key}:`);
      for (const p of byManager.get(key)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return new ApiError("Conflict", message, { causes });
}

function typedError(info: KindInfo, obj: Obj, e: SchemaError): ApiError {
  const meta = (obj["metadata"] ?? {}) as Obj;
  const ns = typeof meta["namespace"] === "string" ? meta["namespace"] : "";
  const name = typeof meta["name"] === "string" ? meta["name"] : "";
  const gvk = `${apiVersionOfInfo(info)}, Kind=${info.kind}`;
  return badRequest(
    `failed to create typed patch object (${ns === "" ? "" : `${ns}/`}${name}; ${gvk}): ${e.message}`,
  );
}

/** Updater.Apply for one applier, with before-first-apply and the client-side-apply upgrade. */
export function applyManagers(r: ApplyRequest): ApplyResult {
  const root = rootType(r.info);
  if (root === undefined) throw badRequest(`no schema for ${r.info.kind}`);
  let managed = r.managed;
  // skipNonAppliedManager: an object nobody manages is first owned by before-first-apply.
  if (r.live !== undefined && managed.size === 0) {
    managed = updateManagers({
      info: r.info,
      live: undefined,
      next: r.live,
      managed,
      manager: BEFORE_FIRST_APPLY,
      subresource: r.subresource,
      now: r.now,
    });
  }
  let configSet: Fields;
  try {
    configSet = toFieldSet(r.config, root);
  } catch (e) {
    if (e instanceof SchemaError) throw typedError(r.info, r.config, e);
    throw e;
  }
  if (r.subresource === "") configSet = recursiveDifference(configSet, STATUS_SET);
  try {
    return applyOnce(r, root, managed, configSet, r.force);
  } catch (e) {
    // lastAppliedManager: kubectl upgrading from client-side apply may take
    // the fields the last-applied configuration still describes.
    if (!(e instanceof ConflictsError) || r.manager !== "kubectl" || r.live === undefined) {
      throw e instanceof ConflictsError ? conflictError(e.conflicts) : e;
    }
    const allowed = allowedFromLastApplied(r.live, root);
    if (allowed === undefined) throw conflictError(e.conflicts);
    const remaining = e.conflicts.filter((c) => isEmpty(intersection(pathSet(c.path), allowed)));
    if (remaining.length > 0) throw conflictError(remaining);
    return applyOnce(r, root, managed, configSet, true);
  }
}

class ConflictsError extends Error {
  constructor(readonly conflicts: readonly Conflict[]) {
    super("conflicts");
  }
}

function applyOnce(
  r: ApplyRequest,
  root: StructType,
  managed: Managed,
  configSet: Fields,
  force: boolean,
): ApplyResult {
  const live = r.live ?? zeroObject(r.info.kind);
  const apiVersion = apiVersionOfInfo(r.info);
  const selfId = managerId(r.manager, "Apply", apiVersion, r.subresource);
  const last = managed.get(selfId);
  let merged = merge(r.live ?? {}, r.config, root) as Obj;
  const next = new Map(managed);
  next.set(selfId, {
    manager: r.manager,
    operation: "Apply",
    apiVersion,
    subresource: r.subresource,
    time: last?.time,
    set: configSet,
  });
  // prune: what this applier applied last time, and no applier claims now, goes.
  if (last !== undefined && !isEmpty(last.set)) {
    let claimed: Fields = EMPTY_SET;
    for (const m of next.values()) if (m.operation === "Apply") claimed = union(claimed, m.set);
    // addBackOwnedItems: a struct field an applier claims a part of stays (EnsureNamedFieldsAreMembers).
    claimed = ensureNamedFieldsAreMembers(claimed, root);
    const gone = difference(last.set, claimed);
    if (!isEmpty(gone)) merged = removeItems(merged, gone, root, claimed) as Obj;
  }
  const c = compare(live, merged, root);
  const changed = changedOf(c);
  const conflicts: Conflict[] = [];
  for (const [id, m] of next) {
    if (id === selfId) continue;
    const clash = intersection(m.set, changed);
    if (!isEmpty(clash))
      for (const path of memberPaths(clash)) conflicts.push({ manager: m, path });
  }
  if (!force && conflicts.length > 0) {
    conflicts.sort((a, b) => {
      const x = idOf(a.manager);
      const y = idOf(b.manager);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    throw new ConflictsError(conflicts);
  }
  const out = withoutTaken(next, selfId, changed, c.removed);
  const self = out.get(selfId)!;
  const unchanged =
    r.live !== undefined && deepEqual(withoutManaged(r.live), withoutManaged(merged));
  if (!unchanged) out.set(selfId, { ...self, time: r.now });
  if (isEmpty(out.get(selfId)!.set)) out.delete(selfId);
  return { object: merged, managed: out };
}

function withoutManaged(o: Obj): Obj {
  const meta = o["metadata"] as Obj | undefined;
  if (meta?.["managedFields"] === undefined) return o;
  const { managedFields: _mf, ...rest } = meta;
  return { ...o, metadata: rest };
}

/**
 * lastAppliedManager.allowedConflictsFromLastApplied: the fields of the
 * last-applied configuration whose live value is still the one it applied.
 */
function allowedFromLastApplied(live: Obj, root: StructType): Fields | undefined {
  const annotations = (live["metadata"] as Obj | undefined)?.["annotations"] as Obj | undefined;
  const text = annotations?.[LAST_APPLIED_ANNOTATION];
  if (typeof text !== "string" || text === "") return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof last !== "object" || last === null || Array.isArray(last)) return undefined;
  try {
    const lastSet = toFieldSet(last, root);
    const c = compare(last, live, root);
    return difference(difference(lastSet, c.modified), c.removed);
  } catch {
    return undefined;
  }
}

/**
 * lastAppliedUpdater: after an apply by kubectl, an object that carries the
 * client-side last-applied annotation gets it rewritten to the applied
 * configuration, so that a later client-side apply sees what was applied.
 */
export function syncLastApplied(
  manager: string,
  live: Obj | undefined,
  config: Obj,
  merged: Obj,
): Obj {
  if (manager !== "kubectl" || live === undefined) return merged;
  const liveAnn = (live["metadata"] as Obj | undefined)?.["annotations"] as Obj | undefined;
  if (typeof liveAnn?.[LAST_APPLIED_ANNOTATION] !== "string") return merged;
  const meta = (merged["metadata"] ?? {}) as Obj;
  const ann = { ...((meta["annotations"] as Obj | undefined) ?? {}) };
  ann[LAST_APPLIED_ANNOTATION] = buildLastApplied(config);
  return { ...merged, metadata: { ...meta, annotations: ann } };
}

/** JSON with map keys sorted, as Go encodes an unstructured object. */
function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(",")}]`;
  if (typeof v === "object" && v !== null) {
    const o = v as Obj;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** buildLastApplied: the configuration as JSON (runtime.Encode), without the annotation itself. */
function buildLastApplied(config: Obj): string {
  const meta = config["metadata"] as Obj | undefined;
  const ann = meta?.["annotations"] as Obj | undefined;
  if (ann === undefined || ann[LAST_APPLIED_ANNOTATION] === undefined)
    return `${sortedJson(config)}\n`;
  const { [LAST_APPLIED_ANNOTATION]: _x, ...rest } = ann;
  return `${sortedJson({ ...config, metadata: { ...meta, annotations: rest } })}\n`;
}
