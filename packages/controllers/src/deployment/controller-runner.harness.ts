/**
 * Test support for the Deployment controller's component tests (not shipped behaviour): the
 * controller on a real apiserver and sim loop, with a stand-in for the ReplicaSet controller that
 * acts through the API only, as the real one will.
 *
 * The stand-in sets each ReplicaSet's status from its spec: `replicas` follows spec.replicas at
 * once, and `readyReplicas` / `availableReplicas` follow a test-chosen count (`setAvailable`), or
 * all replicas when `autoAvailable` is on. With `pods: true` it also creates the RS's pods (bound
 * to a node, so that deleting one is graceful and it stays terminating for its 30 s) and deletes
 * the extra ones, newest first. It is deliberately simple: no slow start, no expectations.
 *
 * The harness is given the apiserver as an `ApiClient`, so this file does not import the apiserver
 * package (only test files may).
 */
import type { Deployment, ReplicaSet, ReplicaSetStatus } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { isApiError, isConflict, isNotFound, type ApiClient } from "@kubesim/api";
import {
  CONTROLLER_UID_INDEX,
  Client,
  EventBroadcaster,
  ReconcileResult,
  SharedInformerFactory,
  controllerUidIndexFunc,
  defineController,
  objectKey,
  type Controller,
  type EventRecorder,
  type Lister,
} from "@kubesim/runtime";
import { recordActions, type RecordedClient } from "@kubesim/runtime/testing";
import type { Loop } from "@kubesim/sim";
import { startDeploymentController, type DeploymentController } from "./controller-runner.js";
import { DEPLOYMENT_CONTROLLER_COMPONENT, type DeploymentEvent } from "./events.js";
import { revision } from "./util.js";

export interface HarnessOptions {
  /** Every replica of every RS is available as soon as it exists (default true). */
  readonly autoAvailable?: boolean;
  /** The stand-in creates and deletes pods (default false: status only). */
  readonly pods?: boolean;
  /**
   * With autoAvailable off: replicas become available this long after the RS grew to them
   * (default: only by setAvailable).
   */
  readonly readyDelay?: number;
  /** The controller's client: a recorded client over this one (default: the apiserver). */
  readonly client?: ApiClient;
}

export class Harness {
  readonly loop: Loop;
  readonly api: ApiClient;
  /** The controller's client, recording every call. */
  readonly recorded: RecordedClient;
  readonly informers: SharedInformerFactory;
  readonly dc: DeploymentController;
  readonly rsc: StandInReplicaSetController;
  /** Every Event the controller recorded, in order. */
  readonly events: DeploymentEvent[] = [];
  /** The controller's writes that failed: "update Deployment web: Conflict". */
  readonly failures: string[] = [];

  constructor(api: ApiClient, loop: Loop, options: HarnessOptions = {}) {
    this.api = api;
    this.loop = loop;
    this.recorded = recordActions(options.client ?? api);
    this.informers = new SharedInformerFactory({ client: api, loop });
    const real = new EventBroadcaster({ client: api, loop }).newRecorder({
      component: DEPLOYMENT_CONTROLLER_COMPONENT,
    });
    const events = this.events;
    const tee: EventRecorder = {
      event: (object, type, reason, message) => {
        events.push({ type, reason, message });
        real.event(object, type, reason, message);
      },
      eventf: (...args) => real.eventf(...args),
      annotatedEventf: (...args) => real.annotatedEventf(...args),
    };
    const failures = this.failures;
    const failing = <T>(what: string, write: () => T): T => {
      try {
        return write();
      } catch (error) {
        failures.push(`${what}: ${isApiError(error) ? error.status.reason : String(error)}`);
        throw error;
      }
    };
    const client = new Client(this.recorded.client, {
      interceptors: {
        create: (next, kind, obj, o) =>
          failing(`create ${kind} ${obj.metadata?.name ?? ""}`, () => next.create(kind, obj, o)),
        update: (next, kind, obj, o) =>
          failing(`update ${kind} ${obj.metadata?.name ?? ""}`, () => next.update(kind, obj, o)),
        patch: (next, kind, ns, name, type, body, o) =>
          failing(`patch ${kind} ${name}`, () => next.patch(kind, ns, name, type, body, o)),
        delete: (next, kind, ns, name, o) =>
          failing(`delete ${kind} ${name}`, () => next.delete(kind, ns, name, o)),
      },
    });
    this.dc = startDeploymentController({
      client,
      informers: this.informers,
      loop,
      recorder: tee,
    });
    this.rsc = new StandInReplicaSetController(api, loop, this.informers, options);
    loop.runUntil(() => this.dc.hasSynced() && this.rsc.controller.hasSynced());
  }

  /** Lets `d` of virtual time pass (default 1 s): watches deliver, controllers sync. */
  run(d: string | number = "1s"): void {
    this.loop.advance(d);
  }

  create(d: Deployment): Deployment {
    return this.api.create("Deployment", d);
  }

  deployment(name = "web"): Deployment {
    return this.api.get("Deployment", "default", name);
  }

  /** A user edit of the Deployment (a PUT of the edited live object). */
  edit(edit: (d: Deployment) => Deployment, name = "web"): Deployment {
    return this.api.update("Deployment", edit(this.deployment(name)));
  }

  /** The ReplicaSets of the namespace, by revision then name. */
  replicaSets(): ReplicaSet[] {
    return [...this.api.list("ReplicaSet", { namespace: "default" }).items].sort(
      (a, b) =>
        revision(a).value - revision(b).value ||
        (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""),
    );
  }

  rs(name: string): ReplicaSet {
    return this.api.get("ReplicaSet", "default", name);
  }

  /** spec.replicas by RS name, in revision order. */
  sizes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const rs of this.replicaSets()) out[rs.metadata?.name ?? ""] = rs.spec?.replicas ?? 0;
    return out;
  }

  /** The RS names in revision order. */
  names(): string[] {
    return this.replicaSets().map((rs) => rs.metadata?.name ?? "");
  }

  /** The messages of the Events recorded since the last call. */
  takeMessages(): string[] {
    return this.events.splice(0).map((e) => e.message);
  }

  pods(): Pod[] {
    return [...this.api.list("Pod", { namespace: "default" }).items];
  }
}

/** The ReplicaSet controller's role, played through the API (see the module comment). */
export class StandInReplicaSetController {
  readonly controller: Controller;
  /** Available replicas by RS name; absent means all (autoAvailable) or none. */
  readonly available = new Map<string, number>();
  private readonly autoAvailable: boolean;
  private readonly managePods: boolean;
  private readonly readyDelay: number | undefined;
  private readonly loop: Loop;
  private readonly replicaSets: Lister<ReplicaSet>;
  private readonly pods: Lister<Pod>;

  constructor(
    private readonly api: ApiClient,
    loop: Loop,
    informers: SharedInformerFactory,
    options: HarnessOptions,
  ) {
    this.loop = loop;
    this.readyDelay = options.readyDelay;
    this.autoAvailable = options.autoAvailable ?? true;
    this.managePods = options.pods ?? false;
    this.replicaSets = informers.lister("ReplicaSet");
    this.pods = informers.informerFor("Pod", {
      indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndexFunc },
    }).lister;
    this.controller = defineController({
      name: "replicaset-stand-in",
      loop,
      informers,
      for: "ReplicaSet",
      owns: ["Pod"],
      reconciler: { reconcile: (key) => this.reconcile(key) },
    });
    this.controller.start();
  }

  /** Sets how many replicas of `rsName` are ready and available, and resyncs it. */
  setAvailable(rsName: string, n: number): void {
    this.available.set(rsName, n);
    this.controller.queue.add(objectKey("default", rsName));
  }

  private reconcile(key: string): ReconcileResult {
    const rs = this.replicaSets.get(key);
    if (rs === undefined) return ReconcileResult.done();
    const name = rs.metadata?.name ?? "";
    const want = rs.spec?.replicas ?? 0;
    try {
      if (this.managePods) this.managePodsOf(rs, want);
      if (this.readyDelay !== undefined && (this.available.get(name) ?? 0) > want) {
        this.available.set(name, want); // removed pods do not come back ready
      }
      const avail = Math.min(want, this.available.get(name) ?? (this.autoAvailable ? want : 0));
      if (this.readyDelay !== undefined && avail < want) {
        // The replicas asked for now are ready after the delay (unless scaled down meanwhile).
        this.loop.after(this.readyDelay, () =>
          this.setAvailable(name, Math.max(this.available.get(name) ?? 0, want)),
        );
      }
      const status: ReplicaSetStatus = {
        replicas: want,
        fullyLabeledReplicas: want,
        readyReplicas: avail,
        availableReplicas: avail,
        observedGeneration: rs.metadata?.generation ?? 0,
      };
      if (!sameStatus(rs.status, status)) {
        this.api.update("ReplicaSet", { ...rs, status }, { subresource: "status" });
      }
    } catch (error) {
      if (isConflict(error) || isNotFound(error)) return ReconcileResult.requeue();
      throw error;
    }
    return ReconcileResult.done();
  }

  private managePodsOf(rs: ReplicaSet, want: number): void {
    const uid = rs.metadata?.uid ?? "";
    const active = this.pods
      .byIndex(CONTROLLER_UID_INDEX, uid)
      .filter((p) => p.metadata?.deletionTimestamp === undefined);
    for (let i = active.length; i < want; i++) {
      const template = rs.spec?.template;
      this.api.create("Pod", {
        metadata: {
          generateName: `${rs.metadata?.name ?? ""}-`,
          namespace: "default",
          labels: { ...template?.metadata?.labels },
          ownerReferences: [
            {
              apiVersion: "apps/v1",
              kind: "ReplicaSet",
              name: rs.metadata?.name ?? "",
              uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          ...template?.spec,
          containers: template?.spec?.containers ?? [],
          nodeName: "node-1",
        },
      });
    }
    for (const p of active.slice(want).reverse()) {
      this.api.delete("Pod", "default", p.metadata?.name ?? "");
    }
  }
}

function sameStatus(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  const n = (x: number | undefined) => x ?? 0;
  return (
    n(a?.replicas) === n(b.replicas) &&
    n(a?.fullyLabeledReplicas) === n(b.fullyLabeledReplicas) &&
    n(a?.readyReplicas) === n(b.readyReplicas) &&
    n(a?.availableReplicas) === n(b.availableReplicas) &&
    n(a?.observedGeneration) === n(b.observedGeneration)
  );
}

/** A Deployment "web" (app=web) with `replicas` pods of `image`, as a user would apply it. */
export function webDeployment(
  image: string,
  replicas: number,
  spec: Partial<NonNullable<Deployment["spec"]>> = {},
): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "web", image }] },
      },
      ...spec,
    },
  };
}

/** The Deployment with its container image changed (a template change). */
export function withImage(d: Deployment, image: string): Deployment {
  const spec = d.spec as NonNullable<Deployment["spec"]>;
  return {
    ...d,
    spec: {
      ...spec,
      template: {
        ...spec.template,
        spec: { ...spec.template.spec, containers: [{ name: "web", image }] },
      },
    },
  };
}
