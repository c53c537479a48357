/**
 * Identity shortcuts that keep the write path's cost proportional to what a
 * write changes. Stored objects are frozen, and an update made with immer from
 * the stored object (or a patch applied to it) shares every unchanged subtree
 * with it by reference. The stored object passed the same checks when it was
 * written, so:
 *
 * - strict field validation (`StrictFields.toCheck`) walks only the fields that
 *   are not the stored object's own, and never fields whose declared type
 *   cannot hold an unknown field (labels, annotations, finalizers, ConfigMap
 *   data, scalars). Exact: whether a subtree holds an unknown field depends
 *   only on its content and its declared type.
 * - defaulting (`sharesDefaultedFields`) is skipped when every top-level field
 *   but metadata is the stored object's own. Exact as long as (1) defaulting
 *   is idempotent, (2) it does not read metadata (true for every kind in scope
 *   but Namespace, which is never skipped) and (3) stored objects are fixed
 *   points of defaulting, which kube-apiserver relies on too (it defaults what
 *   it reads back from etcd). memo.test.ts checks (3) on every kind's fixtures.
 *   For Pod, Deployment and ReplicaSet the defaulter reads and writes `spec`
 *   alone (SetObjectDefaults_Pod/Deployment/ReplicaSet: pod spec and template
 *   defaults, replicas, strategy, limits), so sharing `spec` is enough: a
 *   status write (the kubelet's, a controller's) is not defaulted again.
 *   memo.test.ts checks that footprint.
 */
import type { KubeObject } from "@kubesim/api";
import type { SchemaRegistry } from "./schema/index.js";

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is object => typeof v === "object" && v !== null;

/** Field types inside which the strict decoder can find no unknown field (schema/types.ts). */
const opaque = (t: string | undefined): boolean =>
  t === "s" || t === "*" || t === "{}s" || t === "[]s" || t === "{}*" || t === "[]*";

export class StrictFields {
  private readonly metaFields: Readonly<Record<string, string>>;
  /** apiVersion -> kind -> declared fields (null: no schema), keyed by the object's own strings. */
  private readonly rootFields = new Map<
    unknown,
    Map<unknown, Readonly<Record<string, string>> | null>
  >();

  constructor(private readonly registry: SchemaRegistry) {
    this.metaFields = registry.types["meta/v1.ObjectMeta"]?.fields ?? {};
  }

  /** The declared fields of the root type of `o` (by its apiVersion and kind). */
  private fieldsOf(o: Obj): Readonly<Record<string, string>> | undefined {
    const apiVersion = o["apiVersion"];
    const kind = o["kind"];
    let kinds = this.rootFields.get(apiVersion);
    if (kinds === undefined) this.rootFields.set(apiVersion, (kinds = new Map()));
    let fields = kinds.get(kind);
    if (fields === undefined) {
      const root = this.registry.roots[`${String(apiVersion)}/${String(kind)}`];
      fields = (root === undefined ? undefined : this.registry.types[root]?.fields) ?? null;
      kinds.set(kind, fields);
    }
    return fields ?? undefined;
  }

  /**
   * `obj` reduced to what may hold an unknown field, or undefined when nothing
   * does: fields shared with `reference` (the stored object) and fields of an
   * opaque declared type are left out; undeclared fields and new struct values
   * stay. apiVersion and kind are kept for the walker's root.
   */
  toCheck(obj: object, reference?: object): object | undefined {
    const o = obj as Obj;
    const r = reference as Obj | undefined;
    const fields = this.fieldsOf(o);
    if (fields === undefined) return undefined;
    let check: Obj | undefined;
    for (const k of Object.keys(o)) {
      if (k === "apiVersion" || k === "kind") continue;
      const v = o[k];
      if (r !== undefined && r[k] === v) continue;
      if (k === "metadata" && isObject(v)) {
        const m = v as Obj;
        const rm = r?.["metadata"] as Obj | undefined;
        let mcheck: Obj | undefined;
        for (const mk of Object.keys(m)) {
          const t = this.metaFields[mk];
          const mv = m[mk];
          if (t !== undefined && (opaque(t) || !isObject(mv) || rm?.[mk] === mv)) continue;
          (mcheck ??= {})[mk] = mv;
        }
        if (mcheck !== undefined) (check ??= {})["metadata"] = mcheck;
        continue;
      }
      const t = fields[k];
      if (t !== undefined && (opaque(t) || !isObject(v))) continue;
      (check ??= {})[k] = v;
    }
    return check === undefined
      ? undefined
      : { apiVersion: o["apiVersion"], kind: o["kind"], ...check };
  }
}

/** Kinds (with their apiVersion) whose defaulter reads and writes `spec` only (see the module comment). */
export const SPEC_ONLY_DEFAULTS: Readonly<Record<string, string>> = {
  Pod: "v1",
  Deployment: "apps/v1",
  ReplicaSet: "apps/v1",
};

/**
 * True when every top-level field of `obj` but apiVersion, kind and metadata
 * is `reference`'s own (same names, same objects), or, for the kinds of
 * SPEC_ONLY_DEFAULTS, when its spec is: defaulting `obj` would then change
 * nothing (see the module comment).
 */
export function sharesDefaultedFields(obj: object, reference: object | undefined): boolean {
  if (reference === undefined) return false;
  const o = obj as Obj;
  const r = reference as Obj;
  const kind = o["kind"];
  if (kind === "Namespace") return false;
  if (typeof kind === "string" && Object.hasOwn(SPEC_ONLY_DEFAULTS, kind)) {
    return (
      o["apiVersion"] === SPEC_ONLY_DEFAULTS[kind] &&
      o["spec"] !== undefined &&
      o["spec"] === r["spec"]
    );
  }
  let n = 0;
  for (const k of Object.keys(o)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata") continue;
    if (o[k] !== r[k]) return false;
    n++;
  }
  let m = 0;
  for (const k of Object.keys(r)) if (k !== "apiVersion" && k !== "kind" && k !== "metadata") m++;
  return n === m;
}

/**
 * What defaulting made of a frozen spec, per kind of SPEC_ONLY_DEFAULTS (whose
 * defaulter reads and writes the spec alone, see the module comment): the
 * defaulted spec. Each pod a ReplicaSet creates has the ReplicaSet's template
 * spec (the same frozen object) as its spec, so the second and later creates
 * get the first one's defaulted spec without running the defaulters again,
 * and share it.
 */
const defaultedSpecs = new WeakMap<object, Map<string, WeakMap<object, object>>>();

/** The frozen, non-array object in `o.spec` when `o` is of a SPEC_ONLY_DEFAULTS kind. */
function specOnlySpec(o: Obj): object | undefined {
  const kind = o["kind"];
  const spec = o["spec"];
  if (
    typeof kind !== "string" ||
    !Object.hasOwn(SPEC_ONLY_DEFAULTS, kind) ||
    o["apiVersion"] !== SPEC_ONLY_DEFAULTS[kind] ||
    !isObject(spec) ||
    Array.isArray(spec) ||
    !Object.isFrozen(spec)
  ) {
    return undefined;
  }
  return spec;
}

/**
 * `defaults(obj)` for a create, remembered per frozen spec for the kinds of
 * SPEC_ONLY_DEFAULTS (see `defaultedSpecs`): the same object `defaults` gives
 * (its spec defaulted, every other field `obj`'s own), computed once per spec.
 */
export function defaultedBySpec(
  obj: KubeObject,
  defaults: (o: KubeObject) => KubeObject,
): KubeObject {
  const o = obj as unknown as Obj;
  const spec = specOnlySpec(o);
  if (spec === undefined) return defaults(obj);
  const kind = o["kind"] as string;
  // Per defaulting function (a different one may default differently), then per kind.
  let byKind = defaultedSpecs.get(defaults);
  if (byKind === undefined) defaultedSpecs.set(defaults, (byKind = new Map()));
  let memo = byKind.get(kind);
  if (memo === undefined) byKind.set(kind, (memo = new WeakMap()));
  const known = memo.get(spec);
  if (known !== undefined) {
    return known === spec ? obj : (Object.freeze({ ...o, spec: known }) as unknown as KubeObject);
  }
  const out = defaults(obj);
  const outSpec = (out as unknown as Obj)["spec"];
  if (isObject(outSpec) && Object.isFrozen(outSpec) && !Array.isArray(outSpec)) {
    memo.set(spec, outSpec);
    memo.set(outSpec, outSpec); // defaulting is idempotent: the result is a fixed point
  }
  return out;
}

/** What DefaultTolerationSeconds made of a frozen pod spec (a pure function of the spec). */
const admittedPodSpecs = new WeakMap<object, WeakMap<object, object>>();

/**
 * `admit(obj)` for a pod, remembered per frozen spec: DefaultTolerationSeconds
 * reads and writes spec.tolerations alone, so pods whose (defaulted) spec is
 * the same object get the same admitted spec, shared.
 */
export function admittedBySpec(obj: KubeObject, admit: (o: KubeObject) => KubeObject): KubeObject {
  const o = obj as unknown as Obj;
  const spec = o["spec"];
  if (o["kind"] !== "Pod" || !isObject(spec) || Array.isArray(spec) || !Object.isFrozen(spec)) {
    return admit(obj);
  }
  // Per admission function (one with other options may answer differently).
  let memo = admittedPodSpecs.get(admit);
  if (memo === undefined) admittedPodSpecs.set(admit, (memo = new WeakMap()));
  const known = memo.get(spec);
  if (known !== undefined) {
    return known === spec ? obj : (Object.freeze({ ...o, spec: known }) as unknown as KubeObject);
  }
  const out = admit(obj);
  const outSpec = (out as unknown as Obj)["spec"];
  if (out === obj) memo.set(spec, spec);
  else if (isObject(outSpec) && Object.isFrozen(outSpec)) memo.set(spec, outSpec);
  return out;
}
