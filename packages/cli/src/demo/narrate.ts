/**
 * The narrated timeline: each Event an act caused, in the order it happened,
 * as a sentence saying which controller acted and why, with the pods' Ready
 * changes and the Deployment's Progressing condition (status, not Events) in
 * between. The reasons follow the controllers' own logic:
 *
 * - Deployment controller (pkg/controller/deployment/rolling.go):
 *   reconcileNewReplicaSet scales the new ReplicaSet up to replicas +
 *   maxSurge pods in all (NewRSNewReplicas); reconcileOldReplicaSets first
 *   removes old pods that are not available (cleanupUnhealthyReplicas), then
 *   scales old ReplicaSets down while replicas - maxUnavailable pods stay
 *   available; progress.go marks ProgressDeadlineExceeded.
 * - ReplicaSet controller (pkg/controller/replicaset/replica_set.go
 *   manageReplicas): creates or deletes pods until it has spec.replicas.
 * - kubelet: pulls, creates and starts containers, restarts them as the
 *   pod's restartPolicy says, and runs the probes (pkg/kubelet/prober).
 */
import { formatDuration, type Millis } from "kubesim";
import type { Happening, Occurrence, Recorder } from "./recorder.js";

export interface NarratedLine {
  readonly t: Millis;
  readonly text: string;
  /** Written from an Event (rather than from an object's status). */
  readonly fromEvent: boolean;
}

const STARTUP = new Set(["Pulling", "Pulled", "Created", "Started"]);

/** maxSurge and maxUnavailable as numbers (deployment util ResolveFenceposts). */
export function resolveFenceposts(
  surge: number | string,
  unavailable: number | string,
  replicas: number,
): { surge: number; unavailable: number } {
  const scaled = (v: number | string, up: boolean): number => {
    if (typeof v === "number") return v;
    const pct = Number(v.replace(/%$/, ""));
    const x = (pct * replicas) / 100;
    return up ? Math.ceil(x) : Math.floor(x);
  };
  const s = scaled(surge, true);
  const u = scaled(unavailable, false);
  return { surge: s, unavailable: s === 0 && u === 0 ? 1 : u };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const tag = (image: string): string => image;

/** Narrates what happened between two marks of the recorder. */
export class Narrator {
  constructor(
    private readonly rec: Recorder,
    /** Virtual time the demo started: lines show time since. */
    private readonly start: Millis,
  ) {}

  narrate(from: number, to: number): NarratedLine[] {
    const items = this.rec.happenings.filter(
      (h) => h.seq >= from && h.seq < to && !(h.what === "event" && h.kind === "Node"),
    );
    const out: NarratedLine[] = [];
    const used = new Set<number>();
    for (const [i, h] of items.entries()) {
      if (used.has(h.seq)) continue;
      if (h.what === "event" && h.kind === "Pod" && STARTUP.has(h.reason)) {
        const group = [h];
        for (const later of items.slice(i + 1)) {
          if (aboutPod(later) !== h.name) continue;
          if (
            later.what !== "event" ||
            !STARTUP.has(later.reason) ||
            group.some((g) => g.reason === later.reason)
          )
            break;
          group.push(later);
          used.add(later.seq);
        }
        out.push(this.line(h.t, this.startup(group), true));
        continue;
      }
      if (h.what === "event") {
        let times = 1;
        let until: Millis | undefined;
        if (h.reason === "Unhealthy" || h.reason === "BackOff") {
          // Repeats of one Event (its count going up) make one line.
          for (const x of items.slice(i + 1)) {
            if (x.what !== "event" || x.key !== h.key || x.message !== h.message) continue;
            used.add(x.seq);
            times = Math.max(times, x.count);
            until = x.t;
          }
        }
        const text = this.event(h, items, Math.max(times, h.count), until);
        if (text !== undefined) out.push(this.line(h.t, text, true));
        continue;
      }
      const text = this.status(h);
      if (text !== undefined) out.push(this.line(h.t, text, false));
    }
    return out;
  }

  private line(t: Millis, text: string, fromEvent: boolean): NarratedLine {
    return { t: t - this.start, text, fromEvent };
  }

  private at(t: Millis): string {
    return `+${formatDuration(t - this.start)}`;
  }

  private startup(group: readonly Occurrence[]): string {
    const first = group[0]!;
    const node = first.host === "" ? "its node" : first.host;
    const pulled = group.find((g) => g.reason === "Pulled");
    const started = group.find((g) => g.reason === "Started");
    const container = /container (\S+)/.exec(started?.message ?? "")?.[1] ?? "its container";
    if (started !== undefined && started.count > 1)
      return `The kubelet on ${node} started container ${container} of pod ${first.name} again (restart ${started.count - 1}), because the container had exited and the pod's restartPolicy is Always.`;
    const image = /image "([^"]+)"/.exec(pulled?.message ?? first.message)?.[1];
    const took = / in ([^ ]+) \(/.exec(pulled?.message ?? "")?.[1];
    const what =
      pulled === undefined
        ? `began pulling ${image ?? "the image"} for pod ${first.name}`
        : pulled.message.includes("already present")
          ? `found ${image ?? "the image"} already on the node`
          : `pulled ${image ?? "the image"}${took === undefined || took === "0s" ? "" : ` in ${took}`}`;
    const then = started === undefined ? "" : `, then created and started container ${container}`;
    return `The kubelet on ${node} ${what}${then} for pod ${first.name}, because the scheduler bound the pod to ${node}.`;
  }

  private event(
    e: Occurrence,
    items: readonly Happening[],
    times: number,
    lastAt: Millis | undefined,
  ): string | undefined {
    const m = e.message;
    switch (e.reason) {
      case "ScalingReplicaSet":
        return this.scaling(e);
      case "SuccessfulCreate": {
        const pod = m.replace(/^Created pod: /, "");
        return `The ReplicaSet controller created pod ${pod}, because ${this.createCause(e, items)}.`;
      }
      case "SuccessfulDelete": {
        const pod = m.replace(/^Deleted pod: /, "");
        const scaled = this.lastScaling(e.name, e.seq);
        const to = scaled === undefined ? undefined : parseScaling(scaled.message)?.to;
        return `The ReplicaSet controller deleted pod ${pod}, because ReplicaSet ${e.name} was scaled down${to === undefined ? "" : ` to ${to}`}; the pod leaves the Service's endpoints at once.`;
      }
      case "Scheduled": {
        const node = / to (\S+)$/.exec(m)?.[1] ?? "a node";
        return `The scheduler assigned pod ${e.name} to ${node}, because the pod had no node yet and ${node} fit its requests and scored highest.`;
      }
      case "Killing": {
        const container = /container (\S+)/.exec(m)?.[1] ?? "its container";
        const byRs = this.deletedByReplicaSet(e.name);
        return `The kubelet on ${e.host} sent SIGTERM to container ${container} of pod ${e.name}, because the pod was deleted${byRs ? " by the ReplicaSet controller" : ""}.`;
      }
      case "Unhealthy": {
        const kind = /^(\w+) probe failed: (.*)$/.exec(m);
        const probe = kind?.[1]?.toLowerCase() ?? "a";
        const detail = kind?.[2] ?? m;
        const repeated =
          times > 1 && lastAt !== undefined ? ` (${times} times, until ${this.at(lastAt)})` : "";
        if (probe === "readiness")
          return `The kubelet's readiness probe of pod ${e.name} failed${repeated}: ${detail}; the pod is not Ready, so its Service sends it no traffic.`;
        return `The kubelet's ${probe} probe of pod ${e.name} failed${repeated}: ${detail}; after failureThreshold failures the kubelet restarts the container.`;
      }
      case "BackOff":
        return `The kubelet is holding off restarting a container of pod ${e.name}${times > 1 ? ` (${times} times)` : ""}: ${m}, because it keeps exiting (CrashLoopBackOff).`;
      case "Sync":
        if (e.count > 1)
          return `ingress-nginx synced ${e.kind} ${e.name} again (${m}), because the Ingress changed.`;
        return `ingress-nginx took ${e.kind} ${e.name} into its nginx configuration (${m}), because its class is nginx, the cluster's default IngressClass.`;
      default:
        return `${e.component} (${e.reason}) on ${e.kind} ${e.name}: ${m}`;
    }
  }

  private status(h: Happening): string | undefined {
    if (h.what === "ready") {
      if (h.ready && h.owner === undefined) return undefined;
      if (h.ready)
        return `Pod ${h.pod} is Ready: its readiness probe answered 200, so the endpoints controller added it to the Service's endpoints.`;
      const deleting = this.rec.happenings.some(
        (x) => x.what === "deleting" && x.pod === h.pod && x.seq <= h.seq,
      );
      if (deleting || h.owner === undefined) return undefined;
      return `Pod ${h.pod} is no longer Ready${h.restarts > 0 ? " (its container restarted)" : ""}: the endpoints controller took it out of the Service's endpoints.`;
    }
    if (h.what === "deleting") {
      if (this.deletedByReplicaSet(h.pod)) return undefined;
      return `Pod ${h.pod} was deleted through the API server: it leaves the Service's endpoints at once, and its kubelet stops it.`;
    }
    if (h.what === "progress") {
      if (h.reason === "ProgressDeadlineExceeded") {
        const d = this.rec.deploymentAt(h.deployment, h.seq);
        const deadline = d?.progressDeadlineSeconds ?? 600;
        return `The Deployment controller set Progressing=False (ProgressDeadlineExceeded): ${h.message} No pod became available for progressDeadlineSeconds (${deadline}s); the rollout stops, and the old pods keep serving.`;
      }
      if (h.reason === "NewReplicaSetAvailable")
        return `The Deployment controller set Progressing=True (NewReplicaSetAvailable): ${h.message}`;
      return undefined;
    }
    return undefined;
  }

  /** Why the Deployment controller scaled a ReplicaSet (rolling.go, sync.go). */
  private scaling(e: Occurrence): string {
    const s = parseScaling(e.message);
    if (s === undefined) return `The Deployment controller: ${e.message}.`;
    const rs = this.rec.replicaSets.find((x) => x.name === s.rs);
    const d = this.rec.deploymentAt(e.name, e.seq);
    const image = rs?.image ?? "";
    const head = `The Deployment controller scaled ${s.up ? "up" : "down"} ReplicaSet ${s.rs} (${tag(image)}) from ${s.from} to ${s.to}`;
    if (d === undefined) return `${head}.`;
    const isNew = image === d.image;
    const sizes = this.sizesBefore(e.seq);
    sizes.set(s.rs, s.from);
    const others = [...sizes].filter(([name, n]) => name !== s.rs && n > 0);
    const total = [...sizes.values()].reduce((n, x) => n + x, 0);
    const { surge, unavailable } = resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas);
    if (s.up && isNew && others.length === 0) {
      if (s.from === 0 && this.lastScaling(s.rs, e.seq) === undefined)
        return `${head}, because Deployment ${e.name} asks for ${plural(d.replicas, "replica")} and no ReplicaSet had its pod template yet.`;
      return `${head}, because Deployment ${e.name} now asks for ${plural(d.replicas, "replica")} (spec.replicas).`;
    }
    if (s.up && isNew) {
      const why =
        s.from === 0
          ? `the pod template changed to ${d.image}, and maxSurge ${surge} allows ${d.replicas} + ${surge} = ${d.replicas + surge} pods during the rollout`
          : `the ReplicaSets had ${total} pods and maxSurge ${surge} allows ${d.replicas} + ${surge} = ${d.replicas + surge}`;
      return `${head}, because ${why}.`;
    }
    if (!s.up && !isNew) {
      const sets = this.rec.replicaSetsAt(e.seq);
      const old = sets.get(s.rs);
      if (old !== undefined && old.available < s.from)
        return `${head}, because its pods are not available and the template is ${d.image} again: a rollout removes unavailable old pods first.`;
      const newRs = [...sets.values()].find((x) => x.image === d.image);
      const available = [...sets.values()].reduce(
        (n, x) => n + Math.min(x.available, sizes.get(x.name) ?? 0),
        0,
      );
      const need = d.replicas - unavailable;
      const fresh =
        newRs === undefined
          ? "new pods are"
          : `${newRs.available} of ${newRs.desired} new ${newRs.desired === 1 ? "pod is" : "pods are"}`;
      return `${head}, because ${fresh} available: ${available} pods are available, and maxUnavailable ${unavailable} needs only ${d.replicas} − ${unavailable} = ${need}.`;
    }
    if (!s.up)
      return `${head}, because Deployment ${e.name} now asks for ${plural(d.replicas, "replica")}.`;
    return `${head}, because spec.replicas changed during a rollout (proportional scaling).`;
  }

  /** Whether the ReplicaSet controller deleted the pod (rather than someone through the API). */
  private deletedByReplicaSet(pod: string): boolean {
    return this.rec.happenings.some(
      (x) =>
        x.what === "event" &&
        x.reason === "SuccessfulDelete" &&
        x.message === `Deleted pod: ${pod}`,
    );
  }

  /** Each ReplicaSet's spec.replicas just before `seq`, from the Deployment controller's own Events. */
  private sizesBefore(seq: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, s] of this.rec.replicaSetsAt(seq)) out.set(name, s.desired);
    for (const h of this.rec.happenings) {
      if (h.seq >= seq) break;
      if (h.what !== "event" || h.reason !== "ScalingReplicaSet") continue;
      const p = parseScaling(h.message);
      if (p !== undefined) out.set(p.rs, p.to);
    }
    return out;
  }

  private lastScaling(rs: string, before: number): Occurrence | undefined {
    let found: Occurrence | undefined;
    for (const h of this.rec.happenings) {
      if (h.seq >= before) break;
      if (
        h.what === "event" &&
        h.reason === "ScalingReplicaSet" &&
        parseScaling(h.message)?.rs === rs
      )
        found = h;
    }
    return found;
  }

  private createCause(e: Occurrence, items: readonly Happening[]): string {
    const rs = this.rec.replicaSetsAt(e.seq).get(e.name);
    const want = rs === undefined ? "" : ` (spec.replicas ${rs.desired})`;
    const scaled = this.lastScaling(e.name, e.seq);
    const deleted = [...items]
      .reverse()
      .find(
        (x) =>
          x.what === "deleting" &&
          x.seq < e.seq &&
          x.owner === e.name &&
          (scaled === undefined || x.seq > scaled.seq) &&
          !this.deletedByReplicaSet(x.pod),
      );
    if (deleted !== undefined && deleted.what === "deleting")
      return `pod ${deleted.pod} was deleted and ReplicaSet ${e.name} still wants ${rs?.desired ?? "its"} pods`;
    const to = scaled === undefined ? undefined : parseScaling(scaled.message)?.to;
    if (scaled !== undefined && to !== undefined)
      return `the Deployment controller scaled ReplicaSet ${e.name} to ${to}`;
    return `ReplicaSet ${e.name} had fewer pods than it wants${want}`;
  }
}

/** "Scaled up replica set web-5d4 from 1 to 3" (and the older "… to 3"). */
export function parseScaling(
  message: string,
): { up: boolean; rs: string; from: number; to: number } | undefined {
  const m = /^Scaled (up|down) replica set (\S+) (?:from (\d+) )?to (\d+)$/.exec(message);
  if (m === null) return undefined;
  const to = Number(m[4]);
  return { up: m[1] === "up", rs: m[2]!, from: m[3] === undefined ? NaN : Number(m[3]), to };
}

/** The pod a happening is about, if any. */
function aboutPod(h: Happening): string | undefined {
  if (h.what === "event") return h.kind === "Pod" ? h.name : undefined;
  if (h.what === "ready" || h.what === "deleting") return h.pod;
  return undefined;
}
