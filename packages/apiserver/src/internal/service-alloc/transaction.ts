/**
 * The allocation "transaction" of a Service write
 * (pkg/registry/core/service/storage/transaction.go): allocation happens
 * before the object is written, so every allocation step returns a
 * transaction that the write finishes with `commit` (it was stored: perform
 * the deferred releases) or `revert` (it was refused: give back what was
 * taken). A metaTransaction runs its parts in order on commit and in reverse
 * order on revert.
 */
export interface Transaction {
  commit(): void;
  revert(): void;
}

export const NO_TRANSACTION: Transaction = Object.freeze({
  commit: () => {},
  revert: () => {},
});

/** metaTransaction: several transactions as one. */
export class MetaTransaction implements Transaction {
  private readonly parts: Transaction[] = [];

  add(t: Transaction): void {
    this.parts.push(t);
  }

  commit(): void {
    for (const t of this.parts) t.commit();
  }

  revert(): void {
    for (let i = this.parts.length - 1; i >= 0; i--) this.parts[i]!.revert();
  }
}
