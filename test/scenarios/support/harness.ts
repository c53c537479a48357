/**
 * A whole cluster for Deployment scenario tests: `Cluster.create` (apiserver,
 * kube-controller-manager, scheduler) plus the stand-in kubelet, with recorders
 * that watch what a person watching `kubectl get rs -w` and
 * `kubectl describe deploy` would see:
 *
 * - `sizes`: every change of a ReplicaSet's spec.replicas, as `alias:replicas`
 *   in watch-delivery order, deduplicated per ReplicaSet (status-only and
 *   annotation-only writes do not add a line). The alias is the template's
 *   image mapped through `aliases` ("nginx:1" → "v1"), so a test reads
 *   `["v1:3", "v2:1", "v1:2", ...]` whatever the pod-template-hash.
 * - `conditions`: the Deployment's (Progressing reason, Available reason) pairs
 *   over time, deduplicated.
 * - `events(name)`: the Events about a Deployment, listed from the API (with
 *   their current count and message) and put in creation order, as seen by a
 *   watch on Events. (Upstream names, `<object>.<hex UnixNano>`, would sort the
 *   same way; kubesim's add a per-source offset within the millisecond, so an
 *   aggregate Event and a plain one made in the same millisecond may not.)
 *
 * It also plays kubectl: set image, scale, pause, resume, `rollout undo`.
 */
import type { Deployment, DeploymentStrategy, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { Cluster } from "kubesim";
import { applyRollback, planRollback, type RollbackPlan } from "@kubesim/controllers";
import type { ApiClient } from "@kubesim/api";
import { rfc3339, type Loop, type Millis } from "@kubesim/sim";
import { KubeletStandIn } from "../../support/kubelet-stand-in.js";

export const NS = "default";
/** A readiness delay that no test reaches (about 31 years of virtual time). */
export const NEVER: Millis = 1e12;
export const ChangeCauseAnnotation = "kubernetes.io/change-cause";

/** intstr.IntOrString as kubernetes-types spells it: 5 or "25%". */
export type IntOrString = number | string;

export interface DeploymentOptions {
  readonly name?: string;
  readonly replicas?: number;
  readonly image?: string;
  readonly strategy?: "Recreate" | { maxSurge?: IntOrString; maxUnavailable?: IntOrString };
  readonly minReadySeconds?: number;
  readonly progressDeadlineSeconds?: number;
  readonly revisionHistoryLimit?: number;
  readonly paused?: boolean;
  readonly changeCause?: string;
}

/** A Deployment `app=<name>` with one container `c` running `image`. */
export function makeDeployment(o: DeploymentOptions = {}): Deployment {
  const name = o.name ?? "web";
  let strategy: DeploymentStrategy | undefined;
  if (o.strategy === "Recreate") strategy = { type: "Recreate" };
  else if (o.strategy !== undefined) {
    strategy = {
      type: "RollingUpdate",
      rollingUpdate: {
        ...(o.strategy.maxSurge === undefined ? {} : { maxSurge: o.strategy.maxSurge }),
        ...(o.strategy.maxUnavailable === undefined
          ? {}
          : { maxUnavailable: o.strategy.maxUnavailable }),
      },
    };
  }
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name,
      namespace: NS,
      ...(o.changeCause === undefined
        ? {}
        : { annotations: { [ChangeCauseAnnotation]: o.changeCause } }),
    },
    spec: {
      ...(o.replicas === undefined ? {} : { replicas: o.replicas }),
      selector: { matchLabels: { app: name } },
      ...(strategy === undefined ? {} : { strategy }),
      ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
      ...(o.progressDeadlineSeconds === undefined
        ? {}
        : { progressDeadlineSeconds: o.progressDeadlineSeconds }),
      ...(o.revisionHistoryLimit === undefined
        ? {}
        : { revisionHistoryLimit: o.revisionHistoryLimit }),
      ...(o.paused === undefined ? {} : { paused: o.paused }),
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "c", image: o.image ?? "nginx:1" }] },
      },
    },
  };
}

export interface ScenarioOptions {
  readonly seed?: number;
  readonly nodes?: number;
  /** Delay from binding to Ready (undefined: never Ready). Default 1 s. */
  readonly readyAfter?: (pod: Pod) => Millis | undefined;
  /** Delay from a deletion request to the pod's removal. Default 0. */
  readonly terminateAfter?: Millis;
  /** Image → alias used in `sizes` ("nginx:1" → "v1"). Unknown images keep their name. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export interface ConditionStep {
  readonly progressing: string | undefined;
  readonly available: string | undefined;
}

export interface EventLine {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly count: number;
}

/** The image of a template's first container. */
export function imageOf(obj: Deployment | ReplicaSet | Pod): string {
  if (obj.kind === "Pod") return (obj as Pod).spec?.containers[0]?.image ?? "";
  const t = (obj as Deployment | ReplicaSet).spec?.template;
  return t?.spec?.containers[0]?.image ?? "";
}

export class Scenario {
  readonly cluster: Cluster;
  readonly client: ApiClient;
  readonly loop: Loop;
  readonly kubelet: KubeletStandIn;
  /** `alias:spec.replicas` on every change, in watch order. */
  readonly sizes: string[] = [];
  /** (virtual ms since start, `alias:replicas`) for the same changes. */
  readonly timedSizes: [Millis, string][] = [];
  /** Deduplicated (Progressing reason, Available reason) of each Deployment, in watch order. */
  readonly conditions = new Map<string, ConditionStep[]>();
  private readonly lastSize = new Map<string, number>();
  /** Event uid → the order in which its ADDED arrived (creation order). */
  private readonly eventOrder = new Map<string, number>();
  private readonly aliases: Readonly<Record<string, string>>;
  private readonly start: Millis;

  constructor(options: ScenarioOptions = {}) {
    this.cluster = Cluster.create({ seed: options.seed ?? 1, nodes: 0 });
    this.client = this.cluster.apiserver;
    this.loop = this.cluster.loop;
    this.start = this.loop.now();
    this.aliases = options.aliases ?? {};
    KubeletStandIn.addNodes(this.client, options.nodes ?? 3);
    const readyAfter = options.readyAfter ?? (() => 1000);
    this.kubelet = new KubeletStandIn({
      client: this.client,
      loop: this.loop,
      // The stand-in's `readyAfter?.(pod) ?? 0` turns "never" (undefined) into "at once";
      // a delay no scenario ever reaches stands in for never.
      readyAfter: (pod) => readyAfter(pod) ?? NEVER,
      terminateAfter: options.terminateAfter ?? 0,
    });
    this.client.watch("ReplicaSet", { namespace: NS }, (ev) => {
      if (ev.type !== "ADDED" && ev.type !== "MODIFIED") return;
      const rs = ev.object as ReplicaSet;
      const uid = rs.metadata?.uid ?? "";
      const n = rs.spec?.replicas ?? 1;
      if (this.lastSize.get(uid) === n) return;
      this.lastSize.set(uid, n);
      const line = `${this.alias(rs)}:${n}`;
      this.sizes.push(line);
      this.timedSizes.push([this.loop.now() - this.start, line]);
    });
    this.client.watch("Event", { namespace: NS }, (ev) => {
      const uid = (ev.object as Event).metadata?.uid ?? "";
      if (ev.type === "ADDED" && !this.eventOrder.has(uid)) {
        this.eventOrder.set(uid, this.eventOrder.size);
      }
    });
    this.client.watch("Deployment", { namespace: NS }, (ev) => {
      if (ev.type !== "ADDED" && ev.type !== "MODIFIED") return;
      const d = ev.object as Deployment;
      const name = d.metadata?.name ?? "";
      const conds = d.status?.conditions ?? [];
      const step: ConditionStep = {
        progressing: conds.find((c) => c.type === "Progressing")?.reason,
        available: conds.find((c) => c.type === "Available")?.reason,
      };
      const list = this.conditions.get(name) ?? [];
      const last = list[list.length - 1];
      if (last?.progressing === step.progressing && last?.available === step.available) return;
      if (step.progressing === undefined && step.available === undefined) return;
      list.push(step);
      this.conditions.set(name, list);
    });
  }

  /** The alias of an RS (or any template owner) for `sizes`. */
  alias(obj: Deployment | ReplicaSet | Pod): string {
    const image = imageOf(obj);
    return this.aliases[image] ?? image;
  }

  /** Milliseconds of virtual time since the scenario started. */
  elapsed(): Millis {
    return this.loop.now() - this.start;
  }

  /** The RFC 3339 timestamp (seconds, as metav1.Time serialises) `ms` after the start. */
  timeAt(ms: Millis): string {
    return rfc3339(this.start + ms);
  }

  // ---------------------------------------------------------------- reading

  deployment(name = "web"): Deployment {
    return this.client.get("Deployment", NS, name);
  }

  replicaSets(): ReplicaSet[] {
    return [...this.client.list("ReplicaSet", { namespace: NS }).items];
  }

  /** The ReplicaSet whose template runs `image` (exactly one must exist). */
  rsFor(image: string): ReplicaSet {
    const found = this.replicaSets().filter((rs) => imageOf(rs) === image);
    if (found.length !== 1) {
      throw new Error(`expected one ReplicaSet for ${image}, found ${found.length}`);
    }
    return found[0] as ReplicaSet;
  }

  /** Name of the ReplicaSet running `image`. */
  rs(image: string): string {
    return this.rsFor(image).metadata?.name ?? "";
  }

  pods(): Pod[] {
    return [...this.client.list("Pod", { namespace: NS }).items];
  }

  /** Events about a Deployment (or `kind`), in the order they were first recorded. */
  events(name = "web", kind = "Deployment"): EventLine[] {
    const items = this.client
      .list("Event", { namespace: NS })
      .items.filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name);
    const order = (e: Event): number =>
      this.eventOrder.get(e.metadata?.uid ?? "") ?? Number.MAX_SAFE_INTEGER;
    return [...items]
      .sort((a, b) => order(a) - order(b))
      .map((e) => ({
        type: e.type ?? "",
        reason: e.reason ?? "",
        message: e.message ?? "",
        count: e.count ?? 1,
      }));
  }

  /** Just the messages of `events()`, for compact assertions. */
  messages(name = "web"): string[] {
    return this.events(name).map((e) => e.message);
  }

  // ---------------------------------------------------------------- acting (kubectl)

  create(d: Deployment): Deployment {
    return this.client.create("Deployment", d);
  }

  /**
   * `kubectl set image deployment/<name> c=<image>` (a strategic merge patch), optionally with
   * the `kubernetes.io/change-cause` annotation that `kubectl annotate` / `--record` would add.
   */
  setImage(image: string, changeCause?: string, name = "web"): void {
    this.client.patch("Deployment", NS, name, "strategic", {
      ...(changeCause === undefined
        ? {}
        : { metadata: { annotations: { [ChangeCauseAnnotation]: changeCause } } }),
      spec: { template: { spec: { containers: [{ name: "c", image }] } } },
    });
  }

  /** `kubectl scale deployment/<name> --replicas=n` (the scale subresource). */
  scale(replicas: number, name = "web"): void {
    const s = this.client.getScale("Deployment", NS, name);
    this.client.updateScale("Deployment", NS, name, { ...s, spec: { replicas } });
  }

  /** `kubectl rollout pause` / `resume`. */
  setPaused(paused: boolean, name = "web"): void {
    this.client.patch("Deployment", NS, name, "merge", { spec: { paused } });
  }

  /**
   * `kubectl rollout undo [--to-revision=N]`: read the Deployment and the ReplicaSets it
   * controls, decide with planRollback, then PATCH the Deployment as kubectl does.
   */
  undo(toRevision = 0, name = "web"): RollbackPlan {
    const d = this.deployment(name);
    const uid = d.metadata?.uid;
    const owned = this.replicaSets().filter((rs) =>
      (rs.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid),
    );
    const plan = planRollback(d, owned, toRevision);
    if (plan.type === "rollback") {
      const next = applyRollback(d, plan);
      this.client.patch("Deployment", NS, name, "json", [
        { op: "replace", path: "/spec/template", value: next.spec?.template },
        { op: "replace", path: "/metadata/annotations", value: next.metadata?.annotations ?? {} },
      ]);
    }
    return plan;
  }

  // ---------------------------------------------------------------- time

  /** Runs the loop until `pred` holds; fails the test when it does not within `timeout`. */
  until(pred: () => boolean, timeout: string | Millis = "10m"): void {
    if (!this.loop.runUntil(pred, { timeout })) {
      throw new Error(`condition not reached within ${String(timeout)} of virtual time`);
    }
  }

  /** Runs until the Deployment is complete (kubectl rollout status would say "successfully rolled out"). */
  untilRolledOut(name = "web", timeout: string | Millis = "10m"): void {
    this.until(() => rolledOut(this.deployment(name)), timeout);
    this.loop.settle();
  }

  advance(d: string | Millis): void {
    this.loop.advance(d);
  }

  /** Lets every queued task run, including delayed ones up to `horizon` from now. */
  quiesce(horizon: string | Millis = "5m"): void {
    this.loop.advance(horizon);
  }

  traceHash(): string {
    return this.cluster.trace.hash();
  }
}

/** kubectl rollout status's "successfully rolled out", plus the Progressing reason that says so. */
export function rolledOut(d: Deployment): boolean {
  const s = d.status;
  const want = d.spec?.replicas ?? 1;
  const progressing = s?.conditions?.find((c) => c.type === "Progressing");
  return (
    (s?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    (s?.updatedReplicas ?? 0) === want &&
    (s?.replicas ?? 0) === want &&
    (s?.availableReplicas ?? 0) === want &&
    progressing?.reason === "NewReplicaSetAvailable"
  );
}
