/**
 * A tiny deterministic stand-in for the apiserver and the ReplicaSet controller, to drive the
 * Deployment planners sync by sync in tests. Writes check resourceVersion like the real apiserver
 * (a stale update meets Conflict), creates can meet AlreadyExists, and the "ReplicaSet controller"
 * sets each RS's status from its spec and a test-chosen availability. Test support only.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import { alreadyExists, conflict, notFound } from "@kubesim/api";
import { rfc3339 } from "@kubesim/sim";
import type { Millis } from "@kubesim/sim";
import { syncDeployment } from "../controller.js";
import type { DeploymentEvent } from "../events.js";
import type { DeploymentAction, SyncOutcome, WriteResult } from "../plan.js";

export interface WorldOptions {
  /** How many replicas of an RS are available, given its spec (default: all of them). */
  readonly available?: (rs: ReplicaSet, world: World) => number;
}

export class World {
  deployment: Deployment;
  readonly replicaSets = new Map<string, ReplicaSet>();
  readonly events: DeploymentEvent[] = [];
  readonly actions: DeploymentAction[] = [];
  now: Millis;
  private rv = 1;
  private uid = 1;
  available: (rs: ReplicaSet, world: World) => number;

  constructor(d: Deployment, now: Millis, options: WorldOptions = {}) {
    this.now = now;
    this.deployment = this.stamp({ ...d, metadata: { ...d.metadata, generation: 1 } });
    this.available = options.available ?? ((rs) => rs.spec?.replicas ?? 0);
  }

  private stamp<T extends { metadata?: Deployment["metadata"] }>(obj: T): T {
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(this.rv++) } };
  }

  /** A user edit of the Deployment's spec (bumps generation, as the apiserver does). */
  editSpec(edit: (spec: NonNullable<Deployment["spec"]>) => NonNullable<Deployment["spec"]>): void {
    const d = this.deployment;
    const spec = edit(d.spec as NonNullable<Deployment["spec"]>);
    this.deployment = this.stamp({
      ...d,
      metadata: { ...d.metadata, generation: (d.metadata?.generation ?? 0) + 1 },
      spec,
    });
  }

  rsList(): ReplicaSet[] {
    return [...this.replicaSets.values()];
  }

  rs(name: string): ReplicaSet | undefined {
    return this.replicaSets.get(name);
  }

  /** Sizes by name, e.g. { "web-old": 8, "web-new": 5 }. */
  sizes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, rs] of this.replicaSets) out[name] = rs.spec?.replicas ?? 0;
    return out;
  }

  /** The ReplicaSet controller's status update for every RS (instant pods). */
  settle(): void {
    for (const [name, rs] of this.replicaSets) {
      const spec = rs.spec?.replicas ?? 0;
      const available = Math.min(spec, Math.max(0, this.available(rs, this)));
      this.replicaSets.set(
        name,
        this.stamp({
          ...rs,
          status: {
            replicas: spec,
            ...(spec === 0 ? {} : { fullyLabeledReplicas: spec }),
            ...(available === 0 ? {} : { readyReplicas: available, availableReplicas: available }),
            observedGeneration: rs.metadata?.generation ?? 1,
          },
        }),
      );
    }
  }

  /** One syncDeployment against the current objects, writes applied as they come. */
  sync(): SyncOutcome {
    const plan = syncDeployment({
      deployment: this.deployment,
      replicaSets: this.rsList(),
      now: this.now,
    });
    let step = plan.next();
    while (step.done !== true) {
      this.actions.push(step.value);
      step = plan.next(this.apply(step.value));
    }
    return step.value;
  }

  /** Sync then settle, `n` times or until a sync writes nothing. */
  run(n = 50): void {
    for (let i = 0; i < n; i++) {
      const before = this.actions.length;
      this.sync();
      this.settle();
      if (this.actions.length === before) return;
    }
  }

  apply(action: DeploymentAction): WriteResult {
    const rsGR = { group: "apps", resource: "replicasets" };
    const dGR = { group: "apps", resource: "deployments" };
    switch (action.type) {
      case "recordEvent":
        this.events.push(action.event);
        return { ok: true };
      case "createReplicaSet": {
        const name = action.rs.metadata?.name ?? "";
        const existing = this.replicaSets.get(name);
        if (existing !== undefined) {
          return { ok: false, error: alreadyExists(rsGR, name), existing };
        }
        const created = this.stamp({
          ...action.rs,
          metadata: {
            ...action.rs.metadata,
            uid: `rs-uid-${this.uid++}`,
            generation: 1,
            creationTimestamp: rfc3339(this.now),
          },
          status: { replicas: 0 },
        });
        this.replicaSets.set(name, created);
        return { ok: true, object: created };
      }
      case "scaleReplicaSet":
      case "updateReplicaSet": {
        const name = action.rs.metadata?.name ?? "";
        const stored = this.replicaSets.get(name);
        if (stored === undefined) return { ok: false, error: notFound(rsGR, name) };
        if (stored.metadata?.resourceVersion !== action.rs.metadata?.resourceVersion) {
          return {
            ok: false,
            error: conflict(
              rsGR,
              name,
              "the object has been modified; please apply your changes to the latest version and try again",
            ),
          };
        }
        const specChanged = JSON.stringify(stored.spec) !== JSON.stringify(action.rs.spec);
        const updated = this.stamp({
          ...action.rs,
          metadata: {
            ...action.rs.metadata,
            generation: (stored.metadata?.generation ?? 1) + (specChanged ? 1 : 0),
          },
          // Update never changes status.
          ...(stored.status === undefined ? {} : { status: stored.status }),
        });
        this.replicaSets.set(name, updated);
        return { ok: true, object: updated };
      }
      case "deleteReplicaSet": {
        const name = action.rs.metadata?.name ?? "";
        if (!this.replicaSets.delete(name)) return { ok: false, error: notFound(rsGR, name) };
        return { ok: true };
      }
      case "updateStatus":
      case "updateDeployment": {
        const name = this.deployment.metadata?.name ?? "";
        if (
          this.deployment.metadata?.resourceVersion !== action.deployment.metadata?.resourceVersion
        ) {
          return {
            ok: false,
            error: conflict(
              dGR,
              name,
              "the object has been modified; please apply your changes to the latest version and try again",
            ),
          };
        }
        // The status strategy keeps the stored spec; metadata (annotations) comes from the request.
        const stored = this.deployment;
        let next: Deployment;
        if (action.type === "updateStatus") {
          next = {
            ...action.deployment,
            metadata: {
              ...action.deployment.metadata,
              generation: stored.metadata?.generation ?? 1,
            },
          };
          if (stored.spec !== undefined) next = { ...next, spec: stored.spec };
        } else {
          const specChanged =
            JSON.stringify(stored.spec) !== JSON.stringify(action.deployment.spec);
          next = {
            ...action.deployment,
            metadata: {
              ...action.deployment.metadata,
              generation: (stored.metadata?.generation ?? 1) + (specChanged ? 1 : 0),
            },
          };
          if (stored.status !== undefined) next = { ...next, status: stored.status };
        }
        this.deployment = this.stamp(next);
        return { ok: true, object: this.deployment };
      }
    }
  }
}
