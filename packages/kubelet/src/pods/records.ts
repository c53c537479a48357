/**
 * What the kubelet knows of each container of a pod: its spec, the two most
 * recent instances (state and lastState), and the reason cache (the last
 * start failure, shown as the waiting reason).
 */
import type { Container } from "kubernetes-types/core/v1";
import type { ContainerInstance } from "../kuberuntime/container.js";

export interface Waiting {
  readonly reason: string;
  readonly message?: string;
}

export class ContainerRecord {
  current: ContainerInstance | undefined;
  previous: ContainerInstance | undefined;
  /** The reason cache: why the last start did not happen (CrashLoopBackOff, ErrImagePull, ...). */
  waiting: Waiting | undefined;
  /** Instances created so far. */
  instances = 0;

  constructor(
    public spec: Container,
    readonly init: boolean,
  ) {}

  get sidecar(): boolean {
    return this.init && this.spec.restartPolicy === "Always";
  }

  /** A new instance replaces the current one, which becomes lastState. */
  push(instance: ContainerInstance): void {
    if (this.current !== undefined) this.previous = this.current;
    this.current = instance;
    this.instances++;
    this.waiting = undefined;
  }
}
