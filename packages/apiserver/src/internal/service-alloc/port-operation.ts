/**
 * One write's NodePort allocations (pkg/registry/core/service/portallocator/
 * operation.go, PortAllocationOperation): ports are allocated at once and
 * remembered for rollback; releases are deferred until the write commits,
 * so a refused write gives back what it took and keeps what it would have
 * released. "It is better to leak ports than to double-allocate them."
 *
 * Under dry run nothing is allocated or released: a requested port is refused
 * only when already allocated (a port outside the range passes, as upstream's
 * dry run only asks Has), and a dynamic one is a dummy value: one above the
 * highest port this operation handed out, starting at 32769.
 */
import { ERR_PORT_ALLOCATED, type AllocError, type NodePortAllocator } from "./allocators.js";
import type { Transaction } from "./transaction.js";

export class PortAllocationOperation implements Transaction {
  private readonly allocated: number[] = [];
  private readonly deferred: number[] = [];
  private shouldRollback = true;

  constructor(
    private readonly pa: NodePortAllocator,
    private readonly dryRun: boolean,
  ) {}

  /** Allocate(port): records it for rollback. */
  allocate(port: number): AllocError | number {
    if (this.dryRun) {
      if (this.pa.has(port) || this.allocated.includes(port)) return { error: ERR_PORT_ALLOCATED };
      this.allocated.push(port);
      return port;
    }
    const r = this.pa.allocate(port);
    if (typeof r === "number") this.allocated.push(port);
    return r;
  }

  /** AllocateNext: a free port (or, under dry run, a dummy one). */
  allocateNext(): AllocError | number {
    if (this.dryRun) {
      // upstream's search loop `for port := lastPort + 1; port < 100` never runs.
      const last = this.allocated.length === 0 ? 32768 : Math.max(...this.allocated);
      this.allocated.push(last + 1);
      return last + 1;
    }
    const r = this.pa.allocateNext();
    if (typeof r === "number") this.allocated.push(r);
    return r;
  }

  /** ReleaseDeferred: released if the write commits. */
  releaseDeferred(port: number): void {
    this.deferred.push(port);
  }

  /** Commit: perform the deferred releases; nothing is rolled back any more. */
  commit(): void {
    if (this.dryRun) return;
    for (const p of this.deferred) this.pa.release(p);
    this.shouldRollback = false;
  }

  /** Finish: roll back unless committed. */
  revert(): void {
    if (!this.shouldRollback || this.dryRun) return;
    for (const p of this.allocated) this.pa.release(p);
    this.shouldRollback = false;
  }
}
