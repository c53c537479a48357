/**
 * Faults, each a typed call that acts as the real fault would, through the
 * real components, and is recorded in the trace (type "fault"):
 *
 * - killContainer: the container runtime kills a container (SIGKILL, or the
 *   OOM killer); it exits with 137 and the kubelet restarts it as the pod's
 *   restartPolicy says, with CrashLoopBackOff's back-off.
 * - deletePod: `kubectl delete pod`, through the API server.
 * - stopNode / startNode: power off (the kubelet stops, its containers are
 *   gone) and on (the kubelet registers again and re-runs its pods).
 * - partitionNode / healPartition: the node loses its link to the API server
 *   (connection.ts): the kubelet's writes and watches fail, its heartbeats
 *   stop, the node lifecycle controller marks it NotReady and taints it, and
 *   its pods are evicted once their toleration runs out; the pods themselves
 *   keep running and serving until then.
 * - restartController: kube-controller-manager (or kube-scheduler) exits and
 *   a new process starts with empty caches: fresh informers that list
 *   everything again, fresh work queues, no memory of expectations.
 * - dropWatches: kube-apiserver ends every watch (as when its watch cache is
 *   re-initialised); each informer gets 410 Expired and relists.
 * - slowApiServer: watch events reach every process `latency` late, and
 *   with `jitter` each event up to that much later again, drawn from the
 *   seeded random stream: each watch keeps its events in order, but the
 *   watches of different resources fall out of step with each other.
 */
import type { ApiClient } from "@kubesim/api";
import { parseDuration, type Loop, type Millis, type TaskHandle, type Trace } from "@kubesim/sim";
import type { ApiConnections } from "./connection.js";
import type { NodePool } from "./nodes.js";

/** The control-plane processes a fault can restart. */
export type ControlPlaneProcess = "kube-controller-manager" | "kube-scheduler";

/** What the faults act on: the cluster's parts (Cluster builds it). */
export interface FaultHost {
  readonly loop: Loop;
  readonly trace: Trace;
  /** The operator's client (kubectl's). */
  readonly client: ApiClient;
  readonly connections: ApiConnections;
  readonly nodes: NodePool;
  /** Stops a process and starts a new one with empty caches. */
  restart(process: ControlPlaneProcess): void;
}

/** A fault that lasts until healed. */
export interface ActiveFault {
  /** Ends the fault now (at most once; later calls do nothing). */
  heal(): void;
  readonly healed: boolean;
}

export interface FaultDuration {
  /** Heal by itself after this much virtual time ("2m"); until `heal()` when omitted. */
  readonly for?: string | Millis;
}

export interface KillContainerOptions {
  readonly namespace?: string;
  /** Which container (default: the pod's first). */
  readonly container?: string;
  /** Killed by the OOM killer (reason OOMKilled) rather than by a plain SIGKILL (reason Error). */
  readonly oom?: boolean;
}

export interface SlowApiServerOptions extends FaultDuration {
  /**
   * Most extra delay of each watch event ("500ms"), drawn for every event on
   * its own (default 0: every event exactly `latency` late). Events of one
   * watch stay in order; events of different watches may overtake each other.
   */
  readonly jitter?: string | Millis;
}

export interface DeletePodOptions {
  readonly namespace?: string;
  /** `kubectl delete --grace-period` (default: the pod's terminationGracePeriodSeconds). */
  readonly gracePeriodSeconds?: number;
}

export class Faults {
  private slowHeal: (() => void) | undefined;
  private readonly partitions = new Map<string, { healed: boolean }>();

  constructor(private readonly host: FaultHost) {}

  private record(data: Record<string, string | number | boolean>): void {
    this.host.trace.record("fault", data);
  }

  /**
   * The container runtime kills a running container: it exits with 137
   * (reason Error, or OOMKilled with `oom`), and the kubelet restarts it as
   * the pod's restartPolicy says. Throws when the pod or container is not
   * running.
   */
  killContainer(pod: string, options: KillContainerOptions = {}): void {
    const namespace = options.namespace ?? "default";
    const p = this.host.client.get("Pod", namespace, pod);
    const node = p.spec?.nodeName;
    if (node === undefined || node === "")
      throw new Error(`pod "${pod}" is not scheduled to a node: no container to kill`);
    const container = options.container ?? p.spec?.containers[0]?.name ?? "";
    const reason = options.oom === true ? "OOMKilled" : "Error";
    this.host.nodes.kubelet(node).killContainer(namespace, pod, container, reason);
    this.record({
      fault: "killContainer",
      namespace,
      pod,
      container,
      node,
      reason,
    });
  }

  /** `kubectl delete pod`: a graceful delete through the API server. */
  deletePod(pod: string, options: DeletePodOptions = {}): void {
    const namespace = options.namespace ?? "default";
    this.host.client.delete(
      "Pod",
      namespace,
      pod,
      options.gracePeriodSeconds === undefined
        ? {}
        : { gracePeriodSeconds: options.gracePeriodSeconds },
    );
    this.record({ fault: "deletePod", namespace, pod });
  }

  /** Power off: the kubelet stops heartbeating and the node's containers are gone. */
  stopNode(node: string): void {
    this.host.nodes.stop(node);
    this.record({ fault: "stopNode", node });
  }

  /** Power on: the kubelet registers again and runs the pods still bound to the node. */
  startNode(node: string): void {
    this.host.nodes.start(node);
    this.record({ fault: "startNode", node });
  }

  /**
   * Cuts the node off from the API server: its kubelet can neither write
   * (heartbeats, pod status) nor watch. Returns the fault, to heal it.
   */
  partitionNode(node: string, options: FaultDuration = {}): ActiveFault {
    const link = this.host.nodes.connection(node);
    if (link.partitioned) throw new Error(`node "${node}" is already partitioned`);
    link.partition();
    const state = { healed: false };
    this.partitions.set(node, state);
    this.record({ fault: "partitionNode", node });
    return this.lasting(
      options,
      () => {
        if (!state.healed) this.healPartition(node);
      },
      () => state.healed,
    );
  }

  /** Restores the node's link to the API server; its kubelet catches up. */
  healPartition(node: string): void {
    const link = this.host.nodes.connection(node);
    if (!link.partitioned) return;
    link.heal();
    const state = this.partitions.get(node);
    if (state !== undefined) state.healed = true;
    this.partitions.delete(node);
    this.record({ fault: "healPartition", node });
  }

  /** The process exits and a new one starts with empty caches. */
  restartController(process: ControlPlaneProcess = "kube-controller-manager"): void {
    this.host.restart(process);
    this.record({ fault: "restartController", process });
  }

  /** kube-apiserver ends every open watch; informers relist. Returns how many watches ended. */
  dropWatches(): number {
    const watches = this.host.connections.dropWatches();
    this.record({ fault: "dropWatches", watches });
    return watches;
  }

  /**
   * Watch events reach every process `latency` late ("2s"), each up to
   * `jitter` later again. Returns the fault, to heal it.
   */
  slowApiServer(latency: string | Millis, options: SlowApiServerOptions = {}): ActiveFault {
    const ms = parseDuration(latency);
    if (ms < 0) throw new Error(`latency must not be negative: ${String(latency)}`);
    const jitter = options.jitter === undefined ? 0 : parseDuration(options.jitter);
    if (jitter < 0) throw new Error(`jitter must not be negative: ${String(options.jitter)}`);
    this.slowHeal = undefined;
    this.host.connections.watchLatency = ms;
    this.host.connections.watchJitter = jitter;
    this.record({
      fault: "slowApiServer",
      latencyMs: ms,
      ...(jitter > 0 ? { jitterMs: jitter } : {}),
    });
    let healed = false;
    const heal = (): void => {
      if (healed) return;
      healed = true;
      if (this.slowHeal !== heal) return; // superseded by a later slowApiServer
      this.restoreApiServer();
    };
    this.slowHeal = heal;
    return this.lasting(options, heal, () => healed);
  }

  /** Ends slowApiServer: events are delivered without added delay again. */
  restoreApiServer(): void {
    this.slowHeal = undefined;
    const c = this.host.connections;
    if (c.watchLatency === 0 && c.watchJitter === 0) return;
    c.watchLatency = 0;
    c.watchJitter = 0;
    this.record({ fault: "restoreApiServer" });
  }

  /** A handle for a lasting fault, healed by itself after `for` when given. */
  private lasting(options: FaultDuration, heal: () => void, isHealed: () => boolean): ActiveFault {
    let timer: TaskHandle | undefined;
    const handle: ActiveFault = {
      heal: () => {
        if (timer !== undefined) this.host.loop.cancel(timer);
        timer = undefined;
        heal();
      },
      get healed() {
        return isHealed();
      },
    };
    if (options.for !== undefined) {
      timer = this.host.loop.after(
        parseDuration(options.for),
        () => {
          timer = undefined;
          heal();
        },
        "fault/heal",
      );
    }
    return handle;
  }
}
