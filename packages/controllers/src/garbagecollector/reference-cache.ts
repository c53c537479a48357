/**
 * Mirrors kubernetes/kubernetes pkg/controller/garbagecollector/uid_cache.go
 * (`ReferenceCache`, an LRU of owner identities known to be absent; the
 * collector makes it with room for 500).
 *
 * Once an owner was verified absent (a GET answered NotFound or another UID),
 * its other dependents are collected without asking the API server again.
 * Entries are exact identities (uid included), so an owner re-created under
 * the same name, which gets a new UID, is never mistaken for the absent one.
 */
import { identityKey, type ObjectIdentity } from "./graph.js";

/** The size kube-controller-manager gives the absent-owner cache. */
export const AbsentOwnerCacheSize = 500;

export class ReferenceCache {
  private readonly entries = new Map<string, true>();

  constructor(private readonly maxSize: number = AbsentOwnerCacheSize) {}

  /** Adds an identity (or refreshes it); the least recently used one leaves when full. */
  add(ref: ObjectIdentity): void {
    const key = identityKey(ref);
    this.entries.delete(key);
    this.entries.set(key, true);
    if (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Is the identity known to be absent? A hit makes it the most recently used. */
  has(ref: ObjectIdentity): boolean {
    const key = identityKey(ref);
    if (!this.entries.has(key)) return false;
    this.entries.delete(key);
    this.entries.set(key, true);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}
