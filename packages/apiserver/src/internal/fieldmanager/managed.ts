/**
 * metadata.managedFields: decoding, encoding and the identity of a manager.
 * Mirrors k8s.io/apiserver/pkg/endpoints/handlers/fieldmanager/internal
 * (managedfields.go: DecodeManagedFields, BuildManagerIdentifier,
 * sortEncodedManagedFields; fieldmanager.go: decodeLiveOrNew,
 * isResetManagedFields).
 *
 * A manager is (manager, operation, apiVersion, subresource); appliers are
 * one manager across API versions (their identity leaves the version out).
 * Entries are kept sorted as kube-apiserver sorts them: Apply before Update,
 * then by time (seconds), manager, apiVersion and subresource.
 */
import { isFieldsV1, type Fields } from "./fieldset.js";

export type Operation = "Apply" | "Update";

/** One metav1.ManagedFieldsEntry as stored (JSON field order of the Go struct). */
export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly time?: string;
  readonly fieldsType: "FieldsV1";
  readonly fieldsV1: Fields;
  readonly subresource?: string;
}

/** A manager's decoded entry. */
export interface Manager {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly subresource: string;
  readonly time: string | undefined;
  readonly set: Fields;
  /** The stored entry this came from, reused when nothing changed. */
  readonly stored?: ManagedFieldsEntry;
}

/** Managers by identity. */
export type Managed = ReadonlyMap<string, Manager>;

/** BuildManagerIdentifier: the manager's key (the API version left out for appliers). */
export function managerId(
  manager: string,
  operation: Operation,
  apiVersion: string,
  subresource: string,
): string {
  return `${operation}\u0000${manager}\u0000${operation === "Apply" ? "" : apiVersion}\u0000${subresource}`;
}

export function idOf(m: Manager): string {
  return managerId(m.manager, m.operation, m.apiVersion, m.subresource);
}

const decodedCache = new WeakMap<object, Managed>();

/**
 * DecodeManagedFields; undefined when the list is not a valid one (then the
 * live object's are used, as decodeLiveOrNew does). Memoised per frozen list.
 */
export function decodeManagedFields(list: unknown): Managed | undefined {
  if (list === undefined || list === null) return new Map();
  if (!Array.isArray(list)) return undefined;
  const cached = decodedCache.get(list);
  if (cached !== undefined) return cached;
  const out = new Map<string, Manager>();
  for (const raw of list as unknown[]) {
    if (typeof raw !== "object" || raw === null) return undefined;
    const e = raw as Record<string, unknown>;
    const operation = e["operation"];
    if (operation !== "Apply" && operation !== "Update") return undefined;
    if (e["fieldsType"] !== "FieldsV1" || !isFieldsV1(e["fieldsV1"])) return undefined;
    const str = (k: string): string => (typeof e[k] === "string" ? (e[k] as string) : "");
    const m: Manager = {
      manager: str("manager"),
      operation,
      apiVersion: str("apiVersion"),
      subresource: str("subresource"),
      time: typeof e["time"] === "string" ? e["time"] : undefined,
      set: e["fieldsV1"],
      ...(Object.isFrozen(raw) ? { stored: raw as ManagedFieldsEntry } : {}),
    };
    out.set(idOf(m), m);
  }
  if (Object.isFrozen(list)) decodedCache.set(list, out);
  return out;
}

/** isResetManagedFields: `[]` or `[{}]` asks to drop every entry. */
export function isReset(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  if (list.length === 0) return true;
  return (
    list.length === 1 &&
    typeof list[0] === "object" &&
    list[0] !== null &&
    Object.keys(list[0] as object).length === 0
  );
}

/**
 * decodeLiveOrNew: the request's entries when it carries valid ones, none
 * when it asks for a reset, else the live object's. Subresource writes
 * always take the live object's.
 */
export function liveOrNew(live: unknown, requested: unknown, subresource: boolean): Managed {
  const fromLive = (): Managed => decodeManagedFields(live) ?? new Map();
  if (subresource) return fromLive();
  if (isReset(requested)) return new Map();
  const given = decodeManagedFields(requested);
  if (given === undefined || given.size === 0) return fromLive();
  return given;
}

function timeSeconds(t: string | undefined): string {
  return t ?? "";
}

function compareManagers(p: Manager, q: Manager): number {
  if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
  const pt = timeSeconds(p.time);
  const qt = timeSeconds(q.time);
  if (pt !== qt) return pt < qt ? -1 : 1;
  if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1;
  if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1;
  return p.subresource < q.subresource ? -1 : p.subresource > q.subresource ? 1 : 0;
}

/**
 * Field sets by their JSON: the objects of one template (a ReplicaSet's
 * pods) have equal sets, so they share one frozen tree instead of each
 * holding a copy. Bounded: cleared when full.
 */
const interned = new Map<string, Fields>();
const internedSets = new WeakSet<Fields>();
const MAX_INTERNED = 20_000;

export function intern(set: Fields): Fields {
  if (internedSets.has(set)) return set;
  const key = JSON.stringify(set);
  const found = interned.get(key);
  if (found !== undefined) return found;
  if (interned.size >= MAX_INTERNED) interned.clear();
  interned.set(key, set);
  internedSets.add(set);
  return set;
}

function entryOf(m: Manager): ManagedFieldsEntry {
  // A manager keeps its stored entry (its identity cannot change) until its set or time does.
  const s = m.stored;
  if (s !== undefined && s.fieldsV1 === m.set && s.time === m.time) return s;
  // The Go struct's field order; omitempty fields left out when empty.
  const e: { -readonly [K in keyof ManagedFieldsEntry]: ManagedFieldsEntry[K] } = {
    operation: m.operation,
    apiVersion: m.apiVersion,
    fieldsType: "FieldsV1",
    fieldsV1: m.set,
  };
  const out: Partial<typeof e> = {};
  e.fieldsV1 = intern(m.set);
  if (m.manager !== "") out.manager = m.manager;
  out.operation = e.operation;
  out.apiVersion = e.apiVersion;
  if (m.time !== undefined) out.time = m.time;
  out.fieldsType = e.fieldsType;
  out.fieldsV1 = e.fieldsV1;
  if (m.subresource !== "") out.subresource = m.subresource;
  return Object.freeze(out as ManagedFieldsEntry);
}

/** EncodeObjectManagedFields: the sorted, frozen list (undefined when there is no manager). */
export function encodeManagedFields(managed: Managed): readonly ManagedFieldsEntry[] | undefined {
  if (managed.size === 0) return undefined;
  const sorted = [...managed.values()].sort(compareManagers);
  const entries = sorted.map(entryOf);
  const list = Object.freeze(entries);
  const decoded = new Map<string, Manager>();
  sorted.forEach((m, i) => {
    const e = entries[i]!;
    decoded.set(idOf(m), m.stored === e ? m : { ...m, set: e.fieldsV1, stored: e });
  });
  decodedCache.set(list, decoded);
  return list;
}

/** printManager: how a conflict names a manager. */
export function printManager(m: Manager): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource !== "") s = `${s} with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === "Update") s = `${s} using ${m.apiVersion}`;
  return s;
}
