/**
 * Mirrors kubernetes/kubernetes pkg/controller/replicaset/replica_set.go
 * (`slowStartBatch`; newer trees: `controller.SlowStartBatch` in
 * pkg/controller/controller_utils.go) and the constants `BurstReplicas` and
 * `SlowStartInitialBatchSize`.
 *
 * Guarantees:
 * - Calls are made in batches of 1, 2, 4, 8, ... (doubling, the last one capped
 *   by what remains): 10 pods -> 1 + 2 + 4 + 3.
 * - Every call of a batch is made, even after one of them fails (upstream runs
 *   a batch concurrently); after a batch with a failure no further batch runs.
 *   Example: a quota that admits 5 pods out of 10 -> calls 1 + 2 + 4 = 7,
 *   successes 5, and the first error.
 * - `successes + skipped === count`, where skipped = pods never created
 *   (failed or not attempted): the controller lowers its creation
 *   expectations by `skipped` (manageReplicas).
 * - Synchronous and pure apart from the callback: the callback is the only
 *   side effect, and it runs in index order.
 */

/** replicaset.BurstReplicas: at most this many creations or deletions per sync. */
export const BurstReplicas = 500;

/** controller.SlowStartInitialBatchSize. */
export const SlowStartInitialBatchSize = 1;

/** What a slow-start run did. */
export interface SlowStartResult<E> {
  /** Calls that returned no error. */
  readonly successes: number;
  /** The first error, in call order, of the failing batch; undefined when all succeeded. */
  readonly error: E | undefined;
  /** Calls made. */
  readonly callCount: number;
  /** The size of every batch that ran. */
  readonly batches: readonly number[];
}

/**
 * The batch sizes a run makes when every call succeeds:
 * `slowStartBatchSizes(10) -> [1, 2, 4, 3]`.
 */
export function slowStartBatchSizes(
  count: number,
  initialBatchSize: number = SlowStartInitialBatchSize,
): number[] {
  const sizes: number[] = [];
  let remaining = count;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0;) {
    sizes.push(batch);
    remaining -= batch;
    batch = Math.min(2 * batch, remaining);
  }
  return sizes;
}

/**
 * slowStartBatch(count, initialBatchSize, fn). `attempt(index)` makes call
 * number `index` (0-based, across batches) and returns an error, or undefined
 * on success.
 */
export function slowStartBatch<E>(
  count: number,
  initialBatchSize: number,
  attempt: (index: number) => E | undefined,
): SlowStartResult<E> {
  let remaining = count;
  let successes = 0;
  let callCount = 0;
  const batches: number[] = [];
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0;) {
    batches.push(batch);
    let firstError: E | undefined;
    let failed = false;
    for (let i = 0; i < batch; i++) {
      const err = attempt(callCount++);
      if (err === undefined) {
        successes++;
      } else if (!failed) {
        failed = true;
        firstError = err;
      }
    }
    if (failed) return { successes, error: firstError, callCount, batches };
    remaining -= batch;
    batch = Math.min(2 * batch, remaining);
  }
  return { successes, error: undefined, callCount, batches };
}
