/**
 * Until the kubelet issue lands, whole-cluster tests need something to play
 * the nodes' part through the API, as issue 3 says ("tests drive pod status
 * through the API"). This stand-in:
 * - registers Nodes (allocatable, the hostname label, a Ready condition);
 * - marks each bound pod Running and Ready after `readyAfter(pod)` of virtual
 *   time (Ready with lastTransitionTime, as the kubelet's status manager writes it);
 * - finishes graceful deletions after `terminateAfter` (the kubelet's kill +
 *   final delete with grace 0).
 * It only watches and writes, like any component.
 */
import type { ApiClient } from "@kubesim/api";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { rfc3339, rfc3339Micro, type Loop, type Millis, type TaskHandle } from "@kubesim/sim";

export interface StandInOptions {
  readonly client: ApiClient;
  readonly loop: Loop;
  /** Delay from binding to Ready; return undefined to never become ready. Default 0. */
  readonly readyAfter?: (pod: Pod) => Millis | undefined;
  /** Delay from the deletion request to the pod's removal. Default 0 (at once). */
  readonly terminateAfter?: Millis;
}

export function makeNode(
  name: string,
  opts: { cpu?: string; memory?: string; pods?: string } = {},
): Node {
  const allocatable = {
    cpu: opts.cpu ?? "4",
    memory: opts.memory ?? "16Gi",
    pods: opts.pods ?? "110",
  };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux" } },
    status: {
      capacity: allocatable,
      allocatable,
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "KubeletReady",
          message: "kubelet is posting ready status",
        },
      ],
    },
  };
}

export class KubeletStandIn {
  private readonly seen = new Set<string>();
  private readonly terminating = new Set<string>();
  private readonly stopWatch: () => void;

  private leaseTask: TaskHandle | undefined;

  constructor(private readonly options: StandInOptions) {
    const h = options.client.watch("Pod", {}, (ev) => {
      if (ev.type === "ERROR" || ev.type === "BOOKMARK") return;
      if (ev.type === "DELETED") this.forget(ev.object);
      else this.observe(ev.object);
    });
    this.stopWatch = () => h.stop();
    this.renewLeases();
  }

  /** The kubelets' heartbeat: each Node's Lease renewed every 10 s, so node lifecycle sees them alive. */
  private renewLeases(): void {
    const { client, loop } = this.options;
    const renewTime = rfc3339Micro(loop.now());
    for (const node of client.list("Node").items) {
      const name = node.metadata?.name ?? "";
      try {
        const lease = client.get("Lease", "kube-node-lease", name);
        client.update("Lease", { ...lease, spec: { ...lease.spec, renewTime } });
      } catch {
        client.create("Lease", {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name, namespace: "kube-node-lease" },
          spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime },
        });
      }
    }
    this.leaseTask = loop.after(10_000, () => this.renewLeases());
  }

  static addNodes(client: ApiClient, count: number, opts?: Parameters<typeof makeNode>[1]): void {
    for (let i = 1; i <= count; i++) client.create("Node", makeNode(`node-${i}`, opts));
  }

  stop(): void {
    this.stopWatch();
    if (this.leaseTask !== undefined) this.options.loop.cancel(this.leaseTask);
  }

  /** A pod's identity in `seen` and `terminating`: its UID (namespace/name without one). */
  private static key(pod: Pod): string {
    return (
      pod.metadata?.uid || `${pod.metadata?.namespace ?? "default"}/${pod.metadata?.name ?? ""}`
    );
  }

  /** A deleted pod: its UID never comes back, so nothing about it needs remembering. */
  private forget(pod: Pod): void {
    const key = KubeletStandIn.key(pod);
    this.seen.delete(key);
    this.terminating.delete(key);
  }

  private observe(pod: Pod): void {
    const ns = pod.metadata?.namespace ?? "default";
    const name = pod.metadata?.name ?? "";
    const key = KubeletStandIn.key(pod);
    const { loop, client } = this.options;
    if (pod.metadata?.deletionTimestamp !== undefined) {
      if (this.terminating.has(key)) return;
      this.terminating.add(key);
      loop.after(this.options.terminateAfter ?? 0, () => {
        try {
          client.delete("Pod", ns, name, {
            gracePeriodSeconds: 0,
            preconditions: { uid: pod.metadata?.uid ?? "" },
          });
        } catch {
          // already gone
        }
      });
      return;
    }
    if (pod.spec?.nodeName === undefined || this.seen.has(key)) return;
    this.seen.add(key);
    const delay = this.options.readyAfter === undefined ? 0 : this.options.readyAfter(pod);
    if (delay === undefined) return;
    loop.after(delay, () => {
      const now = rfc3339(loop.now());
      try {
        client.patch(
          "Pod",
          ns,
          name,
          "strategic",
          {
            metadata: { uid: pod.metadata?.uid },
            status: {
              phase: "Running",
              startTime: now,
              conditions: [
                { type: "Initialized", status: "True", lastTransitionTime: now },
                { type: "Ready", status: "True", lastTransitionTime: now },
                { type: "ContainersReady", status: "True", lastTransitionTime: now },
              ],
              containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
                name: c.name,
                image: c.image ?? "",
                imageID: "",
                ready: true,
                started: true,
                restartCount: 0,
                state: { running: { startedAt: now } },
              })),
            },
          },
          { subresource: "status" },
        );
      } catch {
        // deleted meanwhile
      }
    });
  }
}
