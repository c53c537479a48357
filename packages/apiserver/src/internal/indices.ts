/**
 * Secondary indices of one kind's objects, kept current on every write. They
 * play the part of the watch cache's indexers in
 * k8s.io/apiserver/pkg/storage/cacher (the `pods` cache is indexed by
 * spec.nodeName upstream; client-go informers index by namespace and labels),
 * so that a selective list or watch start costs what it returns:
 *
 * - namespace           -> keys
 * - label key -> value  -> keys   (answers `app=web`, `app in (web)`)
 * - owner uid           -> keys   (metadata.ownerReferences[*].uid, for the garbage collector)
 * - spec.nodeName       -> keys   (pods only; "" holds the unscheduled ones)
 *
 * Guarantee: `update(key, old, new)` costs O(labels + owners) of the two
 * versions and nothing when a field is shared between them (immer keeps
 * unchanged subtrees by reference).
 */
import type { KubeObject } from "@kubesim/api";

type Meta = {
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly { readonly uid?: string }[];
};

const metaOf = (o: KubeObject): Meta => (o.metadata ?? {}) as Meta;

/** spec.nodeName of a pod ("" when unset), undefined for anything else. */
function nodeNameOf(o: KubeObject): string | undefined {
  if (o.kind !== "Pod") return undefined;
  const spec = (o as { spec?: { nodeName?: string } }).spec;
  return spec?.nodeName ?? "";
}

const EMPTY: ReadonlySet<string> = new Set();

function addTo<K>(m: Map<K, Set<string>>, k: K, key: string): void {
  let s = m.get(k);
  if (s === undefined) m.set(k, (s = new Set()));
  s.add(key);
}

function removeFrom<K>(m: Map<K, Set<string>>, k: K, key: string): void {
  const s = m.get(k);
  if (s === undefined) return;
  s.delete(key);
  if (s.size === 0) m.delete(k);
}

export class KindIndices {
  private readonly byNamespace = new Map<string, Set<string>>();
  /**
   * label key -> value -> keys. A value held by one object maps to its key
   * alone (no Set): values unique to one object (hashes, revisions) are common,
   * and a label update then allocates nothing.
   */
  private readonly byLabel = new Map<string, Map<string, Set<string> | string>>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly byNodeName = new Map<string, Set<string>>();

  /** Moves `key` from the entries of `old` to those of `next` (either may be absent). */
  update(key: string, old: KubeObject | undefined, next: KubeObject | undefined): void {
    const om = old === undefined ? undefined : metaOf(old);
    const nm = next === undefined ? undefined : metaOf(next);
    if (om?.namespace !== nm?.namespace || old === undefined || next === undefined) {
      if (om !== undefined) removeFrom(this.byNamespace, om.namespace ?? "", key);
      if (nm !== undefined) addTo(this.byNamespace, nm.namespace ?? "", key);
    }
    if (om?.labels !== nm?.labels) this.updateLabels(key, om?.labels, nm?.labels);
    if (om?.ownerReferences !== nm?.ownerReferences) {
      for (const r of om?.ownerReferences ?? [])
        if (r.uid !== undefined) removeFrom(this.byOwner, r.uid, key);
      for (const r of nm?.ownerReferences ?? [])
        if (r.uid !== undefined) addTo(this.byOwner, r.uid, key);
    }
    const on = old === undefined ? undefined : nodeNameOf(old);
    const nn = next === undefined ? undefined : nodeNameOf(next);
    if (on !== nn) {
      if (on !== undefined) removeFrom(this.byNodeName, on, key);
      if (nn !== undefined) addTo(this.byNodeName, nn, key);
    }
  }

  private updateLabels(
    key: string,
    old: Readonly<Record<string, string>> | undefined,
    next: Readonly<Record<string, string>> | undefined,
  ): void {
    if (old !== undefined) {
      for (const k of Object.keys(old)) {
        const v = old[k]!;
        if (next !== undefined && next[k] === v) continue;
        const values = this.byLabel.get(k);
        if (values === undefined) continue;
        const held = values.get(v);
        if (held === key) values.delete(v);
        else if (typeof held === "object") {
          held.delete(key);
          if (held.size === 1) values.set(v, held.values().next().value!);
        }
        if (values.size === 0) this.byLabel.delete(k);
      }
    }
    if (next !== undefined) {
      for (const k of Object.keys(next)) {
        const v = next[k]!;
        if (old !== undefined && old[k] === v) continue;
        let values = this.byLabel.get(k);
        if (values === undefined) this.byLabel.set(k, (values = new Map()));
        const held = values.get(v);
        if (held === undefined) values.set(v, key);
        else if (typeof held === "object") held.add(key);
        else if (held !== key) values.set(v, new Set([held, key]));
      }
    }
  }

  /** Keys of the objects in a namespace. */
  namespace(ns: string): ReadonlySet<string> {
    return this.byNamespace.get(ns) ?? EMPTY;
  }

  /** Namespaces that hold at least one object of this kind. */
  namespaces(): IterableIterator<string> {
    return this.byNamespace.keys();
  }

  /** Keys of the objects labelled `labelKey=value`. */
  label(labelKey: string, value: string): ReadonlySet<string> {
    const held = this.byLabel.get(labelKey)?.get(value);
    if (held === undefined) return EMPTY;
    return typeof held === "string" ? new Set([held]) : held;
  }

  /** Keys of the objects with an ownerReference to `uid`. */
  owner(uid: string): ReadonlySet<string> {
    return this.byOwner.get(uid) ?? EMPTY;
  }

  /** Keys of the pods with spec.nodeName `node` ("" for unscheduled pods). */
  nodeName(node: string): ReadonlySet<string> {
    return this.byNodeName.get(node) ?? EMPTY;
  }
}
