/**
 * Mirrors kubernetes/kubernetes pkg/scheduler/framework/types.go
 * (`FitError.Error`, `NoNodeAvailableMsg`), pkg/scheduler/schedule_one.go
 * (`ErrNoNodesAvailable`, `truncateMessage`) and the "preemption: " prefix of
 * plugins/defaultpreemption.
 *
 * The message reads "0/<all nodes> nodes are available:", then
 * - the PreFilter rejection, if any: " <msg>.";
 * - otherwise the histogram of every node's reasons, each written
 *   "<count> <reason>", sorted as strings (Go's sort.Strings, bytewise) and
 *   joined with ", ", then ".";
 * - then the PostFilter (preemption) message, if any, after a space.
 *
 * Example: 3 nodes without room ->
 *   "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are
 *    available: 3 No preemption victims found for incoming pod."
 * Sorting is by string, so "1 node(s) had untolerated taint(s)" precedes
 * "2 Insufficient cpu", and "10 ..." precedes "2 ...".
 */
import type { Status } from "./status.js";

/** framework.NoNodeAvailableMsg. */
export const NoNodeAvailableMsg = "0/%v nodes are available";

/** schedule_one.go ErrNoNodesAvailable. */
export const ErrNoNodesAvailable = "no nodes available to schedule pods";

/** validation.NoteLengthLimit: events and conditions carry at most this many bytes of message. */
export const NoteLengthLimit = 1024;

/** Go's string order: UTF-8 bytes, which is code point order (not UTF-16 unit order). */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  // Fast path: below the surrogates, UTF-16 units order as code points do.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca < 0xd800 && cb < 0xd800) return ca - cb;
    return compareCodePoints(a, b);
  }
  return a.length - b.length;
}

function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The statuses behind a FitError. */
export interface Diagnosis {
  /** Explicit per-node statuses. */
  readonly nodeToStatus: ReadonlyMap<string, Status>;
  /** The status of every node absent from `nodeToStatus` (NodeToStatus.AbsentNodesStatus). */
  readonly absentNodesStatus?: Status;
  /** A PreFilter rejection: replaces the histogram. */
  readonly preFilterMsg?: string;
  /** The PostFilter (preemption) message. */
  readonly postFilterMsg?: string;
}

/** The sorted "<count> <reason>" histogram. */
export function reasonsHistogram(numAllNodes: number, d: Diagnosis): string[] {
  const counts = new Map<string, number>();
  for (const status of d.nodeToStatus.values()) {
    for (const r of status.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  const absent = numAllNodes - d.nodeToStatus.size;
  if (absent > 0 && d.absentNodesStatus !== undefined) {
    for (const r of d.absentNodesStatus.reasons) counts.set(r, (counts.get(r) ?? 0) + absent);
  }
  return [...counts].map(([r, n]) => `${n} ${r}`).sort(compareBytes);
}

/** FitError.Error(). */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== undefined && d.preFilterMsg !== "") {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const histogram = reasonsHistogram(numAllNodes, d);
    if (histogram.length > 0) msg += ` ${histogram.join(", ")}.`;
  }
  if (d.postFilterMsg !== undefined && d.postFilterMsg !== "") msg += ` ${d.postFilterMsg}`;
  return msg;
}

/**
 * truncateMessage: the FailedScheduling event and PodScheduled condition keep
 * at most 1024 bytes: longer messages end in " ...".
 */
export function truncateMessage(message: string): string {
  const bytes = new TextEncoder().encode(message);
  if (bytes.length <= NoteLengthLimit) return message;
  const suffix = " ...";
  return new TextDecoder().decode(bytes.subarray(0, NoteLengthLimit - suffix.length)) + suffix;
}
