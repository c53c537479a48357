/**
 * The field manager as the write paths call it: who the manager of a request
 * is, and the object to store with its metadata.managedFields brought up to
 * date. Mirrors the calls of k8s.io/apiserver/pkg/endpoints/handlers
 * (create.go, update.go, patch.go: managerOrUserAgent, prefixFromUserAgent,
 * fieldManager.UpdateNoErrors) and fieldmanager.go (FieldManager.Update).
 */
import type { KindInfo, KubeObject, WriteOptions } from "@kubesim/api";
import { withFields } from "../freeze.js";
import { updateManagers } from "./fieldmanager.js";
import { decodeManagedFields, encodeManagedFields, isReset, type Managed } from "./managed.js";

export { applyManagers, conflictError, syncLastApplied } from "./fieldmanager.js";
export { decodeManagedFields, encodeManagedFields } from "./managed.js";

type Obj = Record<string, unknown>;

/** validation.FieldManagerMaxLength. */
const FIELD_MANAGER_MAX_LENGTH = 128;

const prefixes = new Map<string, string>();

/** prefixFromUserAgent: the characters before the first `/`, printable ones only, at most 128 bytes. */
export function prefixFromUserAgent(userAgent: string): string {
  let p = prefixes.get(userAgent);
  if (p === undefined) {
    p = computePrefix(userAgent);
    if (prefixes.size < 1024) prefixes.set(userAgent, p);
  }
  return p;
}

function computePrefix(userAgent: string): string {
  const first = userAgent.split("/")[0] ?? "";
  let out = "";
  let bytes = 0;
  for (const ch of first) {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) continue;
    const n = Buffer.byteLength(ch, "utf8");
    if (bytes + n > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** managerOrUserAgent. */
export function managerOf(options: WriteOptions): string {
  if (options.fieldManager !== undefined && options.fieldManager !== "")
    return options.fieldManager;
  return prefixFromUserAgent(options.userAgent ?? "");
}

function metaOf(o: unknown): Obj | undefined {
  return (o as { metadata?: Obj } | undefined)?.metadata;
}

/** The managers a write starts from, and the list they were decoded from (reused when unchanged). */
function startingManagers(
  live: unknown,
  requested: unknown,
  subresource: boolean,
): { managed: Managed; list: unknown } {
  const liveList = metaOf(live)?.["managedFields"];
  if (!subresource && requested !== liveList) {
    if (isReset(requested)) return { managed: new Map(), list: undefined };
    const given = decodeManagedFields(requested);
    if (given !== undefined && given.size > 0) return { managed: given, list: requested };
  }
  return { managed: decodeManagedFields(liveList) ?? new Map(), list: liveList };
}

/** `obj` with metadata.managedFields set to `list` (removed when undefined). */
export function withManagedFieldsList(obj: KubeObject, list: unknown): KubeObject {
  const meta = (obj.metadata ?? {}) as Obj;
  if (meta["managedFields"] === list) return obj;
  const next: Obj = { ...meta };
  if (list === undefined) delete next["managedFields"];
  else next["managedFields"] = list;
  return withFields<KubeObject>(obj, { metadata: Object.freeze(next) });
}

export interface FieldsWrite {
  readonly info: KindInfo;
  /** The stored object; undefined for a create. */
  readonly live: KubeObject | undefined;
  /** The object about to be stored; its managedFields are the request's. */
  readonly next: KubeObject;
  readonly options: WriteOptions;
  /** "" for the main resource, else "status" or "scale". */
  readonly subresource: string;
  readonly now: string;
}

/** FieldManager.UpdateNoErrors: `next` with the managedFields of an Update by the request's manager. */
export function updateManagedFields(w: FieldsWrite): KubeObject {
  const requested = metaOf(w.next)?.["managedFields"];
  const start = startingManagers(w.live, requested, w.subresource !== "");
  const managed = updateManagers({
    info: w.info,
    live: w.live,
    next: w.next,
    managed: start.managed,
    manager: managerOf(w.options),
    subresource: w.subresource,
    now: w.now,
  });
  const list =
    managed === start.managed && (start.list === undefined || Object.isFrozen(start.list))
      ? managed.size === 0
        ? undefined
        : start.list
      : encodeManagedFields(managed);
  return withManagedFieldsList(w.next, list);
}
