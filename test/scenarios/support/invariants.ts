/**
 * The Deployment guarantees, checked against the store at every step of the sim loop.
 *
 * What Kubernetes promises (docs "Deployments › Rolling Update Deployment", and the arithmetic of
 * pkg/controller/deployment/rolling.go and util/deployment_util.go) is about the rollout of one
 * template at a fixed replica count: with R = spec.replicas, S = MaxSurge and U = MaxUnavailable
 * (workloads.md §2, computed here independently of kubesim's code),
 *
 *   surge:        non-terminating pods ≤ R + S      (ReplicaSet sizes: Σ spec.replicas ≤ R + S)
 *   availability: available pods ≥ R − U
 *
 * Neither can hold at every instant of a whole life, and this module states exactly when each
 * is checked ("armed"):
 *
 * - A **phase** is a stretch of time with the same spec.replicas and spec.paused. Template changes
 *   (set image, rollout undo) and pod deletions happen inside phases: they are what the bounds
 *   are about. A phase ends when replicas or paused change; both bounds are disarmed then.
 *   Paused phases are never checked (nothing rolls while paused).
 * - A phase is **settled** once the scale has been carried out: (a) the Deployment's
 *   status.observedGeneration ≥ metadata.generation (before that a sync may still act on the
 *   previous replicas from its informer cache, as upstream's can); (b) every active ReplicaSet
 *   (spec.replicas > 0) carries desired-replicas == R, i.e. isScalingEvent would be false;
 *   (c) every ReplicaSet's status.observedGeneration is current and none has more
 *   non-terminating pods than its size (no ReplicaSet sync will still create pods for a size
 *   already lowered, no surplus pod is waiting to be deleted).
 * - **surge** arms, in an unpaused phase, at the first settled instant at which
 *   Σ spec.replicas ≤ R + S and the pods are within R + S.
 *   Why: a scale is applied RS by RS, the RS controllers then add and delete pods one RS at a
 *   time, and sync.go's proportional split may leave the total above R + S when a negative
 *   leftover is clamped at 0 (a rounding case noted in the controller's NOTES.md), which the
 *   rolling update then repairs. Once armed it stays armed for the phase: every rolling step
 *   (NewRSNewReplicas caps the new RS at R + S − Σ spec; old RSes only shrink; a new RS is
 *   created at NewRSNewReplicas) must keep both the sizes and the pods in bounds. The pod half
 *   relies on the old ReplicaSet deleting its surplus pods before the new one creates its
 *   extra ones; the sim loop runs the two ReplicaSet syncs in the order of the two writes, as
 *   upstream's FIFO workqueue usually does (with several workers upstream could, rarely, run
 *   them the other way round for an instant; the sizes half holds regardless).
 * - **availability** arms, in an unpaused phase, at the first settled instant at which R pods
 *   are available (the rollout was fully available). Settled matters here too: proportional
 *   scaling ignores availability, so scaling 20 → 3 mid-rollout can leave 1 available old pod
 *   and 2 unready new ones (a sequence this property found), and the count only rises again
 *   as the new pods become ready. A pod deletion made by the test disarms it (a voluntary
 *   disruption, which Kubernetes does not defend against without a PodDisruptionBudget); it
 *   re-arms at the next settled, fully available instant. RollingUpdate only: Recreate has no availability promise.
 *   And only with minReadySeconds 0, because Kubernetes itself breaks the bound otherwise:
 *   cleanupUnhealthyReplicas shrinks an old ReplicaSet by its *unavailable* count
 *   (spec − status.availableReplicas), but the ReplicaSet controller picks its victims with
 *   ActivePodsWithRanks, which knows readiness, not availability (its own TODO,
 *   kubernetes#22065): among Ready pods, co-location comes before ready time, so a pod that is
 *   Ready but not yet minReadySeconds old can survive while an available one is deleted.
 *   (Found by this property: 15 replicas, maxSurge 0, maxUnavailable 2, minReadySeconds 1, the
 *   template switched back while 2 pods of the old ReplicaSet had just turned Ready → 12
 *   available for one minReadySeconds; kubesim's victims were those of the upstream ranking.)
 *   With minReadySeconds 0 unavailable means not ready, and the ranking deletes those first.
 * - For **Recreate**, the surge bound is R (S = 0) and, in an unpaused phase, from the first
 *   instant at which all the Deployment's pods (terminating ones included) belong to one
 *   ReplicaSet, they keep doing so: Recreate creates or scales up the new ReplicaSet only once
 *   no pod of another one is left. Not across a pause: a paused Deployment goes through
 *   sync.go's scale(), whose FindActiveOrLatest scales the newest ReplicaSet up to R at once
 *   when none is active, old pods still terminating or not (recreate.test.ts shows it); the
 *   phase after the resume re-arms once the old pods are gone. And only pods whose ReplicaSet
 *   still exists count: recreate.go's oldPodsRunning looks at the pod map, which groups pods by
 *   the Deployment's current ReplicaSets, so the terminating pods of a ReplicaSet deleted by
 *   history cleanup do not hold the new one back (recreate.test.ts shows that too).
 *
 * A pod is available when it is not terminating, its Ready condition is True and has been for
 * minReadySeconds (lastTransitionTime + minReadySeconds ≤ now, the v1.34 rule).
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import { parseTime } from "@kubesim/sim";
import { DesiredReplicasAnnotation } from "./expect.js";
import { NS, type IntOrString, type Scenario } from "./harness.js";

/** intstr.GetScaledValueFromIntOrPercent: ceil/floor(N × total / 100) for "N%", ints as they are. */
export function scaledValue(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === "number") return v;
  const n = Number(v.slice(0, -1));
  const x = (n * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

export interface Fenceposts {
  readonly surge: number;
  readonly unavailable: number;
}

/** MaxSurge(d) and MaxUnavailable(d) of deployment_util.go (ResolveFenceposts). */
export function fenceposts(d: Deployment): Fenceposts {
  const r = d.spec?.replicas ?? 1;
  const strategy = d.spec?.strategy;
  if (strategy?.type === "Recreate") return { surge: 0, unavailable: 0 };
  const ru = strategy?.rollingUpdate;
  const surge = scaledValue(ru?.maxSurge, r, true);
  let unavailable = scaledValue(ru?.maxUnavailable, r, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: r === 0 ? 0 : Math.min(unavailable, r) };
}

export function isTerminating(p: Pod): boolean {
  return p.metadata?.deletionTimestamp !== undefined;
}

function isActive(p: Pod): boolean {
  return !isTerminating(p) && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";
}

export function isAvailable(p: Pod, minReadySeconds: number, now: number): boolean {
  if (!isActive(p)) return false;
  const ready = p.status?.conditions?.find((c) => c.type === "Ready");
  if (ready?.status !== "True") return false;
  if (minReadySeconds === 0) return true;
  const since = parseTime(ready.lastTransitionTime);
  if (since === undefined) return false;
  return since + minReadySeconds * 1000 <= now;
}

function controllerUid(obj: Pod | ReplicaSet): string | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true)?.uid;
}

export interface Snapshot {
  readonly t: number;
  readonly d: Deployment;
  readonly replicaSets: readonly ReplicaSet[];
  readonly pods: readonly Pod[];
}

export class InvariantChecker {
  private phase = "";
  private surgeArmed = false;
  private availabilityArmed = false;
  private exclusiveArmed = false;
  /**
   * Checks made, how many had each bound armed, and how many found it reached exactly (so a
   * test can tell that the bounds were tight, not vacuous: an off-by-one would be caught).
   */
  readonly counts = { checks: 0, surge: 0, availability: 0, surgeTight: 0, availabilityTight: 0 };

  constructor(
    private readonly s: Scenario,
    private readonly name = "web",
  ) {}

  /** A test deleted a pod: availability is disarmed until the next fully available instant. */
  podDeleted(): void {
    this.availabilityArmed = false;
  }

  snapshot(): Snapshot | undefined {
    const { client, loop } = this.s;
    let d: Deployment;
    try {
      d = client.get("Deployment", NS, this.name);
    } catch {
      return undefined;
    }
    return {
      t: loop.now(),
      d,
      replicaSets: client.list("ReplicaSet", { namespace: NS }).items,
      pods: client.list("Pod", { namespace: NS }).items,
    };
  }

  /** Checks the current state; throws a described error on the first violation. */
  check(): void {
    const snap = this.snapshot();
    if (snap === undefined) return;
    this.counts.checks++;
    const { d, replicaSets, pods, t } = snap;
    const r = d.spec?.replicas ?? 1;
    const paused = d.spec?.paused === true;
    const recreate = d.spec?.strategy?.type === "Recreate";
    const { surge, unavailable } = fenceposts(d);
    const phase = `${r}/${String(paused)}`;
    if (phase !== this.phase) {
      this.phase = phase;
      this.surgeArmed = false;
      this.availabilityArmed = false;
      this.exclusiveArmed = false;
    }
    const active = pods.filter(isActive);
    const minReady = d.spec?.minReadySeconds ?? 0;
    const available = active.filter((p) => isAvailable(p, minReady, t)).length;
    const sizes = replicaSets.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
    const where = () =>
      `at t=${t}: replicas ${r}, surge ${surge}, unavailable ${unavailable}, ` +
      `RS sizes ${replicaSets.map((rs) => `${this.s.alias(rs)}=${rs.spec?.replicas ?? 0}`).join(" ")}, ` +
      `pods ${active.length} (${available} available, ${pods.length - active.length} terminating)`;

    if (paused) return;
    if (recreate) {
      const live = new Set(replicaSets.map((rs) => rs.metadata?.uid));
      const owners = new Set(
        pods
          .filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")
          .map(controllerUid)
          .filter((uid) => live.has(uid)),
      );
      if (!this.exclusiveArmed && owners.size <= 1) this.exclusiveArmed = true;
      if (this.exclusiveArmed && owners.size > 1) {
        throw new Error(`Recreate: pods of ${owners.size} ReplicaSets exist together ${where()}`);
      }
    }

    // The scale has been carried out: the Deployment controller has seen the current spec (no
    // sync can still act on the previous replicas from a lagging cache: its informer is
    // monotonic, one worker per key) and applied it (every active ReplicaSet carries
    // desired-replicas == R); each ReplicaSet controller has seen its RS's current size and
    // no RS has more non-terminating pods than its size (no pending deletions left).
    const settled =
      (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
      replicaSets.every((rs) => {
        const size = rs.spec?.replicas ?? 0;
        const uid = rs.metadata?.uid;
        return (
          (rs.status?.observedGeneration ?? 0) >= (rs.metadata?.generation ?? 0) &&
          (size === 0 || rs.metadata?.annotations?.[DesiredReplicasAnnotation] === String(r)) &&
          active.filter((p) => controllerUid(p) === uid).length <= size
        );
      });
    if (!this.surgeArmed && settled && sizes <= r + surge && active.length <= r + surge) {
      this.surgeArmed = true;
    }
    if (this.surgeArmed) {
      this.counts.surge++;
      if (sizes > r + surge) throw new Error(`Σ spec.replicas ${sizes} > R + S ${where()}`);
      if (active.length > r + surge) {
        throw new Error(`non-terminating pods ${active.length} > R + S ${where()}`);
      }
      if (surge > 0 && active.length === r + surge) this.counts.surgeTight++;
    }

    if (recreate || minReady > 0) return;
    if (!this.availabilityArmed && settled && available >= r) this.availabilityArmed = true;
    if (this.availabilityArmed) {
      this.counts.availability++;
      if (available < r - unavailable) {
        throw new Error(`available pods ${available} < R − U ${where()}`);
      }
      if (unavailable > 0 && available === r - unavailable) this.counts.availabilityTight++;
    }
  }
}

/**
 * The end state every run must reach (after resume and enough time), as a list of what is
 * still wrong (empty when converged): exactly R pods, all of the Deployment's current template
 * and available, owned by the one ReplicaSet whose template it is; every other ReplicaSet at 0
 * with no pods; every pod and ReplicaSet with a live controller owner; the Deployment's status
 * saying the same (and its conditions Available / NewReplicaSetAvailable).
 */
export function convergenceProblems(snap: Snapshot): string[] {
  const { d, replicaSets, pods, t } = snap;
  const problems: string[] = [];
  const r = d.spec?.replicas ?? 1;
  const image = d.spec?.template.spec?.containers[0]?.image;
  const uid = d.metadata?.uid;
  const minReady = d.spec?.minReadySeconds ?? 0;
  const owned = replicaSets.filter((rs) => controllerUid(rs) === uid);
  if (owned.length !== replicaSets.length)
    problems.push("a ReplicaSet without the Deployment as owner");
  const current = owned.filter((rs) => rs.spec?.template?.spec?.containers[0]?.image === image);
  if (current.length !== 1) problems.push(`${current.length} ReplicaSets for the current template`);
  const newRS = current[0];
  const rsUids = new Set(owned.map((rs) => rs.metadata?.uid));
  if (pods.some(isTerminating)) problems.push("terminating pods left");
  if (pods.some((p) => !rsUids.has(controllerUid(p)))) problems.push("orphan pods");
  const ofNew = pods.filter((p) => controllerUid(p) === newRS?.metadata?.uid);
  if (ofNew.length !== r || pods.length !== r) {
    problems.push(`${pods.length} pods, ${ofNew.length} of the current template, want ${r}`);
  }
  if (ofNew.some((p) => p.spec?.containers[0]?.image !== image)) problems.push("pod image");
  if (ofNew.some((p) => !isAvailable(p, minReady, t))) problems.push("unavailable pods");
  if ((newRS?.spec?.replicas ?? -1) !== r) problems.push("new ReplicaSet size");
  for (const rs of owned) {
    if (rs === newRS) continue;
    if ((rs.spec?.replicas ?? 0) !== 0 || (rs.status?.replicas ?? 0) !== 0) {
      problems.push(`old ReplicaSet ${rs.metadata?.name ?? ""} not at 0`);
    }
  }
  const limit = d.spec?.revisionHistoryLimit ?? 10;
  if (owned.length - 1 > limit)
    problems.push(`${owned.length - 1} old ReplicaSets > limit ${limit}`);
  const s = d.status ?? {};
  const status = [
    s.observedGeneration ?? 0,
    s.replicas ?? 0,
    s.updatedReplicas ?? 0,
    s.readyReplicas ?? 0,
    s.availableReplicas ?? 0,
    s.unavailableReplicas ?? 0,
  ];
  const want = [d.metadata?.generation ?? 0, r, r, r, r, 0];
  if (status.join() !== want.join()) problems.push(`status ${status.join()} ≠ ${want.join()}`);
  const reason = (type: string) => s.conditions?.find((c) => c.type === type)?.reason;
  if (reason("Available") !== "MinimumReplicasAvailable") problems.push("Available condition");
  if (reason("Progressing") !== "NewReplicaSetAvailable") {
    problems.push(`Progressing ${reason("Progressing") ?? "missing"}`);
  }
  return problems;
}
