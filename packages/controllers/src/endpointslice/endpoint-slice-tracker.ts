/**
 * What the EndpointSlice controller wrote and has not seen in its cache yet.
 * Mirrors kubernetes/kubernetes
 * staging/src/k8s.io/endpointslice/util/endpointslice_tracker.go.
 *
 * Per service: the generation of every slice it created or updated, or a
 * deletion it expects. A sync whose cache shows an older generation, misses a
 * created slice, or still shows a deleted one is stale and fails (retried
 * with backoff) rather than act on old data (duplicate slices). Slice events
 * that only echo the controller's own writes do not requeue the service.
 */
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { LabelServiceName } from "./slice-utils.js";

const DeletionExpected = -1;

const serviceKeyOf = (s: EndpointSlice): string =>
  `${s.metadata?.namespace ?? ""}/${s.metadata?.labels?.[LabelServiceName] ?? ""}`;

export class EndpointSliceTracker {
  private readonly byService = new Map<string, Map<string, number>>();

  /** Has: the slice is tracked. */
  has(slice: EndpointSlice): boolean {
    return this.byService.get(serviceKeyOf(slice))?.has(slice.metadata?.uid ?? "") === true;
  }

  /** ShouldSync: the slice is not tracked, or newer than what was written. */
  shouldSync(slice: EndpointSlice): boolean {
    const g = this.byService.get(serviceKeyOf(slice))?.get(slice.metadata?.uid ?? "");
    return g === undefined || (slice.metadata?.generation ?? 0) > g;
  }

  /** StaleSlices: the cache has not caught up with this controller's writes. */
  staleSlices(serviceKey: string, slices: readonly EndpointSlice[]): boolean {
    const gens = this.byService.get(serviceKey);
    if (gens === undefined) return false;
    const provided = new Set<string>();
    for (const s of slices) {
      const uid = s.metadata?.uid ?? "";
      provided.add(uid);
      const g = gens.get(uid);
      if (g !== undefined && (g === DeletionExpected || g > (s.metadata?.generation ?? 0)))
        return true;
    }
    for (const [uid, g] of gens) if (g !== DeletionExpected && !provided.has(uid)) return true;
    return false;
  }

  /** Update: the controller wrote this slice (as returned by the server). */
  update(slice: EndpointSlice): void {
    const key = serviceKeyOf(slice);
    let gens = this.byService.get(key);
    if (gens === undefined) this.byService.set(key, (gens = new Map()));
    gens.set(slice.metadata?.uid ?? "", slice.metadata?.generation ?? 0);
  }

  /** ExpectDeletion: the controller deleted this slice. */
  expectDeletion(slice: EndpointSlice): void {
    const key = serviceKeyOf(slice);
    let gens = this.byService.get(key);
    if (gens === undefined) this.byService.set(key, (gens = new Map()));
    gens.set(slice.metadata?.uid ?? "", DeletionExpected);
  }

  /**
   * HandleDeletion: forgets a deleted slice; true when the deletion was not
   * this controller's (the service must be synced again).
   */
  handleDeletion(slice: EndpointSlice): boolean {
    const gens = this.byService.get(serviceKeyOf(slice));
    const uid = slice.metadata?.uid ?? "";
    const g = gens?.get(uid);
    if (gens !== undefined && g !== undefined) {
      gens.delete(uid);
      if (g === DeletionExpected) return false;
    }
    return true;
  }

  /** DeleteService: forgets the service's slices. */
  deleteService(namespace: string, name: string): void {
    this.byService.delete(`${namespace}/${name}`);
  }
}
