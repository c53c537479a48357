/**
 * Identity memo for validators of deep-frozen subtrees. No upstream
 * counterpart: kube-apiserver decodes every request into fresh Go structs and
 * validates them in full. kubesim's objects are immutable values instead
 * (DESIGN.md, "Objects and the store"): the apiserver deep-freezes what it
 * stores, and an update made with immer from a stored object shares every
 * unchanged subtree with it by reference. A pod update that only relabels the
 * pod hands validation the very `spec` object that was validated when the pod
 * was stored.
 *
 * Why this is exact: a validator memoized here is a pure function of its
 * subject and of the context string it is registered under (the field path of
 * its messages, and any option that changes them), and reads nothing else: no
 * sibling field, no old object, no global state. A deep-frozen value cannot
 * change, so the same subject under the same context always gives the same
 * errors, whether or not they were empty and whichever object held the
 * subject. Only subjects that are deep-frozen are cached; anything else
 * (plain objects from a test, a shallowly frozen object with mutable
 * children) is validated every time. Deep-frozenness is checked once, when a
 * subject is first cached.
 *
 *   const specErrors = memoByIdentity((s: Obj) => validatePodSpec(s, "spec", opts));
 *   specErrors(frozenSpec);   // validates, caches
 *   specErrors(frozenSpec);   // the cached errors, as a new array
 *   specErrors({ ...frozenSpec, nodeName: "Bad" });   // a new object: validated
 *
 * The cache is a WeakMap, so it never keeps a subject alive.
 */
import type { FieldError } from "../errors.js";

const NONE: readonly FieldError[] = Object.freeze([]);

/** True when `v` and everything reachable from it is frozen (primitives are). */
export function isDeepFrozen(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return true;
  if (!Object.isFrozen(v)) return false;
  if (Array.isArray(v)) {
    for (const e of v as unknown[]) if (!isDeepFrozen(e)) return false;
    return true;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!isDeepFrozen(o[k])) return false;
  return true;
}

/** The cached errors as a new array (callers extend what they get). */
function copy(errs: readonly FieldError[]): FieldError[] {
  return errs.length === 0 ? [] : errs.slice();
}

/** Errors as kept in a cache: frozen, the empty list shared. */
function kept(errs: readonly FieldError[]): readonly FieldError[] {
  return errs.length === 0 ? NONE : Object.freeze(errs.slice());
}

/**
 * `compute` memoized by the identity of its (deep-frozen) subject: the same
 * result object comes back for the same subject, so the result must be
 * treated as read-only, except for facts the caller adds to it lazily that
 * are themselves functions of the subject alone (pod.ts does this).
 */
export function identityMemo<S extends object, R>(compute: (subject: S) => R): (subject: S) => R {
  const cache = new WeakMap<S, R>();
  return (subject) => {
    let r = cache.get(subject);
    if (r === undefined) {
      r = compute(subject);
      if (Object.isFrozen(subject) && isDeepFrozen(subject)) cache.set(subject, r);
    }
    return r;
  };
}

/**
 * `validate` memoized by the identity of its (deep-frozen) subject. `validate`
 * must depend on its subject alone (see the module comment). Each call
 * returns a new array.
 */
export function memoByIdentity<S extends object>(
  validate: (subject: S) => FieldError[],
): (subject: S) => FieldError[] {
  const memo = identityMemo((subject: S) => kept(validate(subject)));
  return (subject) => copy(memo(subject));
}

/** Distinct paths a path-keyed memo caches for; calls under further paths are not cached. */
const MAX_PATHS = 64;

/**
 * `validate` memoized by the identity of its (deep-frozen) subject and by the
 * field path its messages are written at. `validate` must depend on nothing
 * else (see the module comment). Each call returns a new array.
 */
export function memoByIdentityAndPath<S extends object>(
  validate: (subject: S, path: string) => FieldError[],
): (subject: S, path: string) => FieldError[] {
  const memos = new Map<string, (subject: S) => readonly FieldError[]>();
  return (subject, path) => {
    let memo = memos.get(path);
    if (memo === undefined) {
      if (memos.size >= MAX_PATHS) return validate(subject, path);
      memos.set(path, (memo = identityMemo((s: S) => kept(validate(s, path)))));
    }
    return copy(memo(subject));
  };
}

/** The latest subject validated under one path, and its errors. */
interface Latest<S> {
  subject: S | undefined;
  errs: readonly FieldError[];
}

/**
 * `validate` with a one-entry memo per path: the latest (deep-frozen) subject
 * and its errors. For small fields that change often (a pod's labels), where
 * caching every version would cost more than checking it, but that are
 * checked twice in one request (validateObjectMetaUpdate and then
 * validateObjectMeta, as upstream's ValidatePodUpdate does). Exact for the same
 * reason as memoByIdentity; it keeps the latest subject per path alive.
 */
export function memoLatestByPath<S extends object>(
  validate: (subject: S, path: string) => FieldError[],
): (subject: S, path: string) => FieldError[] {
  const latest = new Map<string, Latest<S>>();
  return (subject, path) => {
    let slot = latest.get(path);
    if (slot !== undefined && slot.subject === subject) return copy(slot.errs);
    const errs = validate(subject, path);
    if (slot === undefined) {
      if (latest.size >= MAX_PATHS) return errs;
      latest.set(path, (slot = { subject: undefined, errs: NONE }));
    }
    // Updated in place: no new map entry per request.
    if (Object.isFrozen(subject) && isDeepFrozen(subject)) {
      slot.subject = subject;
      slot.errs = kept(errs);
    } else {
      slot.subject = undefined;
      slot.errs = NONE;
    }
    return errs;
  };
}
