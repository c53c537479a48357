/**
 * What the demo watches while it plays, each stamped with virtual time and
 * a sequence number: every Event written (created, or its count bumped, as
 * client-go's event correlator does: tools/record/events_cache.go), every
 * ReplicaSet's size, each pod's Ready condition and the Deployment's
 * Progressing condition. Watching (rather than listing at the end) keeps each
 * occurrence of an Event whose later copies were counted or combined.
 */
import type { Cluster, Millis, WatchHandle } from "kubesim";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Event, Pod } from "kubernetes-types/core/v1";

/** The prefix client-go's EventAggregator puts on combined Events (events_cache.go). */
const COMBINED = "(combined from similar events): ";

interface Stamped {
  readonly t: Millis;
  readonly seq: number;
}

/** One Event written: a new Event, or a repeat counted into an existing one. */
export interface Occurrence extends Stamped {
  readonly what: "event";
  /** namespace/name of the Event object: repeats share it. */
  readonly key: string;
  readonly reason: string;
  readonly type: string;
  readonly component: string;
  /** source.host: the node, for the kubelet's Events. */
  readonly host: string;
  readonly kind: string;
  readonly name: string;
  readonly message: string;
  readonly count: number;
}

/** A pod's Ready condition turned True or False (not an Event: the pod's status). */
export interface ReadyChange extends Stamped {
  readonly what: "ready";
  readonly pod: string;
  readonly ready: boolean;
  /** The ReplicaSet that owns the pod, if any. */
  readonly owner: string | undefined;
  readonly restarts: number;
}

/** A pod started terminating (its deletionTimestamp was set). */
export interface PodDeleted extends Stamped {
  readonly what: "deleting";
  readonly pod: string;
  readonly owner: string | undefined;
}

/** The Deployment's Progressing condition changed reason. */
export interface ProgressChange extends Stamped {
  readonly what: "progress";
  readonly deployment: string;
  readonly reason: string;
  readonly status: string;
  readonly message: string;
}

/** A ReplicaSet's size after a change: spec.replicas and its ready and available pods. */
export interface ReplicaSetSample extends Stamped {
  readonly name: string;
  readonly image: string;
  readonly revision: string;
  readonly desired: number;
  readonly ready: number;
  readonly available: number;
  readonly deleted: boolean;
}

/** A Deployment's spec at a moment: what the narrator needs to explain the controller. */
export interface DeploymentSample extends Stamped {
  readonly name: string;
  readonly replicas: number;
  readonly image: string;
  readonly maxSurge: number | string;
  readonly maxUnavailable: number | string;
  readonly progressDeadlineSeconds: number;
}

export type Happening = Occurrence | ReadyChange | PodDeleted | ProgressChange;

export class Recorder {
  readonly happenings: Happening[] = [];
  readonly replicaSets: ReplicaSetSample[] = [];
  readonly deployments: DeploymentSample[] = [];
  private seq = 0;
  private readonly watches: WatchHandle[];
  private readonly podReady = new Map<string, boolean>();
  private readonly podDeleting = new Set<string>();
  private readonly progress = new Map<string, string>();

  constructor(
    private readonly cluster: Cluster,
    namespace: string,
  ) {
    const ns = { namespace };
    this.watches = [
      cluster.watch("Event", (ev) => ev.type !== "ERROR" && this.onEvent(ev.object), ns),
      cluster.watch(
        "ReplicaSet",
        (ev) => ev.type !== "ERROR" && this.onReplicaSet(ev.object, ev.type === "DELETED"),
        ns,
      ),
      cluster.watch("Pod", (ev) => ev.type !== "ERROR" && this.onPod(ev.object), ns),
      cluster.watch("Deployment", (ev) => ev.type !== "ERROR" && this.onDeployment(ev.object), ns),
    ];
  }

  stop(): void {
    for (const w of this.watches) w.stop();
  }

  private stamp(): Stamped {
    return { t: this.cluster.now(), seq: this.seq++ };
  }

  private onEvent(e: Event): void {
    const message = e.message ?? "";
    this.happenings.push({
      ...this.stamp(),
      what: "event",
      key: `${e.metadata?.namespace ?? ""}/${e.metadata?.name ?? ""}`,
      reason: e.reason ?? "",
      type: e.type ?? "Normal",
      component: e.source?.component ?? e.reportingComponent ?? "",
      host: e.source?.host ?? "",
      kind: e.involvedObject.kind ?? "",
      name: e.involvedObject.name ?? "",
      message: message.startsWith(COMBINED) ? message.slice(COMBINED.length) : message,
      count: e.count ?? 1,
    });
  }

  private onReplicaSet(rs: ReplicaSet, deleted: boolean): void {
    const sample: ReplicaSetSample = {
      ...this.stamp(),
      name: rs.metadata?.name ?? "",
      image: rs.spec?.template?.spec?.containers[0]?.image ?? "",
      revision: rs.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? "",
      desired: deleted ? 0 : (rs.spec?.replicas ?? 1),
      ready: deleted ? 0 : (rs.status?.readyReplicas ?? 0),
      available: deleted ? 0 : (rs.status?.availableReplicas ?? 0),
      deleted,
    };
    const last = lastOf(this.replicaSets, (s) => s.name === sample.name);
    if (
      last !== undefined &&
      last.desired === sample.desired &&
      last.ready === sample.ready &&
      last.available === sample.available &&
      last.revision === sample.revision &&
      last.deleted === sample.deleted
    )
      return;
    this.replicaSets.push(sample);
  }

  private onPod(p: Pod): void {
    const name = p.metadata?.name ?? "";
    const owner = p.metadata?.ownerReferences?.find((o) => o.controller === true)?.name;
    if (p.metadata?.deletionTimestamp !== undefined && !this.podDeleting.has(name)) {
      this.podDeleting.add(name);
      this.happenings.push({ ...this.stamp(), what: "deleting", pod: name, owner });
    }
    const ready = p.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
    const was = this.podReady.get(name) ?? false;
    this.podReady.set(name, ready);
    if (ready === was) return;
    const restarts = (p.status?.containerStatuses ?? []).reduce(
      (n, c) => n + (c.restartCount ?? 0),
      0,
    );
    this.happenings.push({ ...this.stamp(), what: "ready", pod: name, ready, owner, restarts });
  }

  private onDeployment(d: Deployment): void {
    const name = d.metadata?.name ?? "";
    const spec = d.spec;
    const ru = spec?.strategy?.rollingUpdate;
    this.deployments.push({
      ...this.stamp(),
      name,
      replicas: spec?.replicas ?? 1,
      image: spec?.template.spec?.containers[0]?.image ?? "",
      maxSurge: ru?.maxSurge ?? "25%",
      maxUnavailable: ru?.maxUnavailable ?? "25%",
      progressDeadlineSeconds: spec?.progressDeadlineSeconds ?? 600,
    });
    const c = d.status?.conditions?.find((x) => x.type === "Progressing");
    if (c === undefined) return;
    const key = `${c.status}/${c.reason ?? ""}`;
    if (this.progress.get(name) === key) return;
    this.progress.set(name, key);
    this.happenings.push({
      ...this.stamp(),
      what: "progress",
      deployment: name,
      reason: c.reason ?? "",
      status: c.status,
      message: c.message ?? "",
    });
  }

  /** The Deployment as it was at `seq` (the last sample before it). */
  deploymentAt(name: string, seq: number): DeploymentSample | undefined {
    return lastOf(this.deployments, (d) => d.name === name && d.seq < seq);
  }

  /** Each ReplicaSet as it was at `seq`. */
  replicaSetsAt(seq: number): Map<string, ReplicaSetSample> {
    const out = new Map<string, ReplicaSetSample>();
    for (const s of this.replicaSets) {
      if (s.seq >= seq) break;
      out.set(s.name, s);
    }
    return out;
  }

  /** The next sequence number: marks where an act starts or ends. */
  mark(): number {
    return this.seq;
  }
}

function lastOf<T>(items: readonly T[], pred: (x: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const x = items[i]!;
    if (pred(x)) return x;
  }
  return undefined;
}
