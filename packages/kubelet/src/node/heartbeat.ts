/**
 * The kubelet's heartbeats (pkg/kubelet/nodelease, kubelet_node_status.go):
 * the Lease kube-node-lease/<node> renewed every 10 s (a quarter of its
 * 40 s duration), and the node status computed every 10 s
 * (nodeStatusUpdateFrequency) but posted only when it changed or 5 minutes
 * (nodeStatusReportFrequency) after the last post.
 */
import { ApiError, type ApiClient } from "@kubesim/api";
import { rfc3339, rfc3339Micro, type Loop, type Millis, type TaskHandle } from "@kubesim/sim";
import type { Lease } from "kubernetes-types/coordination/v1";
import type { Node } from "kubernetes-types/core/v1";
import { healthyConditions } from "./node-object.js";

export const LEASE_DURATION_SECONDS = 40;
export const LEASE_RENEW_INTERVAL: Millis = 10_000;
export const NODE_STATUS_UPDATE_FREQUENCY: Millis = 10_000;
export const NODE_STATUS_REPORT_FREQUENCY: Millis = 5 * 60_000;
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

const seconds = (t: Millis): string => rfc3339(Math.floor(t / 1000) * 1000);

export class Heartbeat {
  private leaseTask: TaskHandle | undefined;
  private statusTask: TaskHandle | undefined;
  private lastPost: Millis = -Infinity;

  constructor(
    private readonly client: ApiClient,
    private readonly loop: Loop,
    private readonly nodeName: string,
  ) {}

  start(): void {
    this.renewLease();
    this.lastPost = this.loop.now();
    this.scheduleStatus(this.loop.now() + NODE_STATUS_UPDATE_FREQUENCY);
  }

  stop(): void {
    if (this.leaseTask !== undefined) this.loop.cancel(this.leaseTask);
    if (this.statusTask !== undefined) this.loop.cancel(this.statusTask);
    this.leaseTask = this.statusTask = undefined;
  }

  private renewLease(): void {
    const now = this.loop.now();
    const renewTime = rfc3339Micro(now);
    try {
      let lease: Lease | undefined;
      try {
        lease = this.client.get("Lease", NODE_LEASE_NAMESPACE, this.nodeName);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status.reason !== "NotFound") throw e;
      }
      if (lease === undefined) {
        const node = this.client.get("Node", undefined, this.nodeName);
        this.client.create("Lease", {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: {
            name: this.nodeName,
            namespace: NODE_LEASE_NAMESPACE,
            ownerReferences: [
              {
                apiVersion: "v1",
                kind: "Node",
                name: this.nodeName,
                uid: node.metadata?.uid ?? "",
              },
            ],
          },
          spec: {
            holderIdentity: this.nodeName,
            leaseDurationSeconds: LEASE_DURATION_SECONDS,
            renewTime,
          },
        });
      } else {
        this.client.update("Lease", {
          ...lease,
          spec: { ...lease.spec, holderIdentity: this.nodeName, renewTime },
        });
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    this.leaseTask = this.loop.at(now + LEASE_RENEW_INTERVAL, () => this.renewLease());
  }

  private scheduleStatus(at: Millis): void {
    this.statusTask = this.loop.at(at, () => {
      this.syncNodeStatus();
      this.scheduleStatus(at + NODE_STATUS_UPDATE_FREQUENCY);
    });
  }

  /** tryUpdateNodeStatus: post when the conditions changed, or when the report frequency says so. */
  syncNodeStatus(force = false): void {
    const now = this.loop.now();
    let node: Node;
    try {
      node = this.client.get("Node", undefined, this.nodeName);
    } catch (e) {
      if (e instanceof ApiError) return;
      throw e;
    }
    const prev = node.status?.conditions ?? [];
    const next = healthyConditions(seconds(now), prev);
    const changed = next.some((c) => {
      const o = prev.find((p) => p.type === c.type);
      return o === undefined || o.status !== c.status || o.reason !== c.reason;
    });
    if (!force && !changed && now - this.lastPost < NODE_STATUS_REPORT_FREQUENCY) return;
    const others = prev.filter((p) => !next.some((c) => c.type === p.type));
    try {
      this.client.update(
        "Node",
        { ...node, status: { ...node.status, conditions: [...next, ...others] } },
        { subresource: "status" },
      );
      this.lastPost = now;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}
