/**
 * Frozen values in and out of the store. kube-apiserver decodes every request
 * body into a fresh object, so nothing a client does later can reach what etcd
 * holds; kubesim gets the same guarantee without copying everything:
 *
 * - `adopt(x)` returns a deep-frozen value equal to `x`. Frozen subtrees (the
 *   store's own objects, or immer results derived from them) are shared as
 *   they are; unfrozen ones are copied, so the caller's object is never frozen
 *   or kept. An update built with immer from a stored object costs only its
 *   changed path.
 * - `deepEqual(a, b)` compares JSON values and stops at shared references, so
 *   comparing two versions that share structure costs what differs.
 *
 * Assumption (documented in the README): a frozen object's children are frozen
 * too. Immer's results and the store's objects satisfy it.
 */

/** A deep-frozen copy of a JSON value, sharing every already-frozen subtree. */
export function adopt<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    const out = value.map((v: unknown) => adopt(v));
    return Object.freeze(out) as T;
  }
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) {
    const v = src[k];
    // JSON has no undefined: drop it as the wire would.
    if (v !== undefined) out[k] = adopt(v);
  }
  return Object.freeze(out) as T;
}

/** Structural equality of JSON values; `===` subtrees are not walked. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!deepEqual(x[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let nx = 0;
  for (const k of Object.keys(x)) {
    if (x[k] === undefined) continue;
    nx++;
    if (!deepEqual(x[k], y[k])) return false;
  }
  let ny = 0;
  for (const k of Object.keys(y)) if (y[k] !== undefined) ny++;
  return nx === ny;
}

/**
 * apiequality.Semantic.DeepEqual as the registry strategies use it to decide a
 * generation bump: like deepEqual, except that an absent field, null, [] and
 * {} are equal at every depth (Go decodes all of them to the same zero value
 * or nil, and its Equalities treat nil and empty slices and maps alike).
 *
 *   semanticEqual({ a: [], b: 1 }, { b: 1 })   // true
 *   semanticEqual({ a: [1] }, { a: [] })       // false
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ae = isEmptyish(a);
  const be = isEmptyish(b);
  if (ae || be) return ae && be;
  if (typeof a !== "object" || typeof b !== "object") return false;
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!semanticEqual(x[i], y[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of Object.keys(x)) if (!semanticEqual(x[k], y[k])) return false;
  for (const k of Object.keys(y)) if (!Object.hasOwn(x, k) && !isEmptyish(y[k])) return false;
  return true;
}

function isEmptyish(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v !== "object") return false;
  if (Array.isArray(v)) return v.length === 0;
  for (const k of Object.keys(v)) if (!isEmptyish((v as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * A frozen copy of `base` with `fields` replaced (undefined removes a field;
 * the new values are deep-frozen, as `adopt` does). Replacing whole top-level fields is all an update needs, so this is
 * the structural sharing immer would give, without a draft.
 */
export function withFields<T = unknown>(base: object, fields: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const k of Object.keys(fields)) {
    const v = fields[k];
    if (v === undefined) delete out[k];
    else out[k] = adopt(v); // frozen values are kept as they are; new ones are frozen deeply
  }
  return Object.freeze(out) as T;
}

/**
 * A frozen copy of the stored object `obj` whose metadata.resourceVersion is
 * `rv` (what a DELETED event carries: the last state at the delete's
 * revision). Everything else is shared; the key order is kept.
 */
export function withResourceVersion<T extends KubeObjectLike>(obj: T, rv: string): T {
  return Object.freeze({
    ...obj,
    metadata: Object.freeze({ ...obj.metadata, resourceVersion: rv }),
  });
}

/** Anything with optional object metadata. */
interface KubeObjectLike {
  readonly metadata?: object | undefined;
}
