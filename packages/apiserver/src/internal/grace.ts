/**
 * Grace-period expiry for gracefully deleted pods. Upstream the apiserver only
 * marks a pod (deletionTimestamp = now + grace); the kubelet removes it after
 * killing its containers, or the pod garbage collector does once its node is
 * gone. kubesim's issue asks that a marked pod also goes when its grace runs
 * out, so this schedules, on the sim loop, the final `delete` with
 * gracePeriodSeconds 0 and a uid precondition (a recreated pod of the same
 * name is never touched). Its finalizers, if any, still hold it.
 *
 * One timer per uid: a shortened grace period replaces the earlier timer, and
 * the timer is cancelled when the object goes away by other means.
 */
import type { Loop, TaskHandle } from "@kubesim/sim";

export class GraceTimers {
  private readonly timers = new Map<string, TaskHandle>();

  constructor(
    private readonly loop: Loop,
    /** Deletes the object with grace 0 if it still has this uid; errors are the callee's to handle. */
    private readonly expire: (kind: string, namespace: string, name: string, uid: string) => void,
  ) {}

  schedule(kind: string, namespace: string, name: string, uid: string, at: number): void {
    this.cancel(uid);
    const handle = this.loop.at(
      at,
      () => {
        this.timers.delete(uid);
        this.expire(kind, namespace, name, uid);
      },
      "apiserver/grace-expiry",
    );
    this.timers.set(uid, handle);
  }

  cancel(uid: string): void {
    const h = this.timers.get(uid);
    if (h === undefined) return;
    this.loop.cancel(h);
    this.timers.delete(uid);
  }

  get size(): number {
    return this.timers.size;
  }
}
