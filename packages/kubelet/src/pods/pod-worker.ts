/**
 * One pod on one node (pkg/kubelet/pod_workers.go + kuberuntime SyncPod):
 * every sync computes what the pod needs now (sandbox, the next init
 * container, containers to start, restart or kill, or termination), does it,
 * and hands the generated status to the status manager. Work that ends later
 * (an image pull, a back-off, a kill's grace period) re-syncs the pod when it
 * ends. The worker is also the pod's endpoint on the pod network.
 */
import type { Dial, HttpRequest, PodEndpoint } from "@kubesim/network";
import type { ObjectReference } from "kubernetes-types/core/v1";
import { formatDuration, type Millis, type TaskHandle } from "@kubesim/sim";
import { tryParseQuantity } from "@kubesim/api";
import type { Container, Pod, PodStatus } from "kubernetes-types/core/v1";
import {
  answerHttp,
  connect,
  endpointHealth,
  execEndpoint,
  grpcEndpoint,
  plannedExit,
  tcpEndpoint,
  type AppSpec,
} from "../kuberuntime/app.js";
import type { QuickPlan } from "../prober/manager.js";
import { QuickProbe } from "./quick-probe.js";
import type { PodNetwork } from "@kubesim/network";
import { ContainerInstance, type Termination } from "../kuberuntime/container.js";
import { defaultPullPolicy, imageIdOf, normalizeImage } from "../kuberuntime/images.js";
import { appSpecFor } from "./app-spec.js";
import { hookDuration } from "./hooks.js";
import type { PodWorkerHost } from "./host.js";
import { generatePodStatus } from "./pod-status.js";
import { ContainerRecord } from "./records.js";

/** How long a sync waits before retrying a start that failed on configuration (10 s). */
export const CONFIG_RETRY: Millis = 10_000;
/** After a failed pull, the next sync (PLEG relist / status update) that shows ImagePullBackOff. */
export const PULL_FAILURE_RESYNC: Millis = 1_000;
/** minimumGracePeriodInSeconds. */
const MIN_GRACE: Millis = 2_000;

/** format.Pod: name_namespace(uid). */
export function formatPod(pod: Pod): string {
  return `${pod.metadata?.name ?? ""}_${pod.metadata?.namespace ?? ""}(${pod.metadata?.uid ?? ""})`;
}

export class PodWorker implements PodEndpoint {
  readonly uid: string;
  readonly records = new Map<string, ContainerRecord>();
  podIP: string | undefined;
  private sandboxCreated = false;
  private wake: TaskHandle | undefined;
  private wakeAt = Infinity;
  /** The last status handed to the status manager. */
  status: PodStatus | undefined;
  /** Terminated and handed over for deletion. */
  finished = false;
  /** Bumped by anything that may change how a probe is answered (syncs, exits, kills, updates). */
  generation = 0;
  /** A probe kill with restart pending: restart even if the exit code says otherwise. */
  private readonly restartAfterKill = new Set<string>();

  constructor(
    private readonly host: PodWorkerHost,
    public pod: Pod,
  ) {
    this.uid = pod.metadata?.uid ?? "";
    for (const c of pod.spec?.initContainers ?? [])
      this.records.set(c.name, new ContainerRecord(c, true));
    for (const c of pod.spec?.containers ?? [])
      this.records.set(c.name, new ContainerRecord(c, false));
    this.status = pod.status;
  }

  /** Something that may change how probes are answered happened: quick probes re-check, sleeping ones wake. */
  private changed(): void {
    this.generation++;
    this.host.prober.podChanged(this.uid);
  }

  get deleting(): boolean {
    return this.pod.metadata?.deletionTimestamp != null;
  }

  /** The API's newer version of the pod. */
  update(pod: Pod): void {
    this.changed();
    this.pod = pod;
    for (const c of pod.spec?.containers ?? []) {
      const rec = this.records.get(c.name);
      if (rec !== undefined) rec.spec = c;
    }
    this.requestSync();
  }

  /** Queue a sync at `at` (default now), coalescing with an earlier one. */
  requestSync(at: Millis = this.host.loop.now()): void {
    if (this.finished) return;
    const when = Math.max(at, this.host.loop.now());
    if (this.wake !== undefined && this.wakeAt <= when) return;
    if (this.wake !== undefined) this.host.loop.cancel(this.wake);
    this.wakeAt = when;
    this.wake = this.host.loop.at(when, () => {
      this.wake = undefined;
      this.wakeAt = Infinity;
      this.sync();
    });
  }

  private ref(rec: ContainerRecord): ObjectReference {
    const m = this.pod.metadata ?? {};
    return {
      kind: "Pod",
      apiVersion: "v1",
      ...(m.name === undefined ? {} : { name: m.name }),
      ...(m.namespace === undefined ? {} : { namespace: m.namespace }),
      ...(m.uid === undefined ? {} : { uid: m.uid }),
      ...(m.resourceVersion === undefined ? {} : { resourceVersion: m.resourceVersion }),
      fieldPath: `${rec.init ? "spec.initContainers" : "spec.containers"}{${rec.spec.name}}`,
    };
  }

  private event(
    rec: ContainerRecord | undefined,
    type: "Normal" | "Warning",
    reason: string,
    message: string,
  ): void {
    this.host.recorder.event(rec === undefined ? this.pod : this.ref(rec), type, reason, message);
  }

  sync(): void {
    this.changed();
    if (this.finished) return;
    if (this.deleting) {
      this.syncTerminating();
      return;
    }
    if (!this.host.prober.hasPod(this.uid)) this.host.prober.addPod(this.pod);
    if (!this.sandboxCreated) this.createSandbox();
    const phase = this.status?.phase;
    if (phase !== "Succeeded" && phase !== "Failed") {
      if (this.syncInitContainers())
        for (const c of this.pod.spec?.containers ?? [])
          this.syncContainer(this.records.get(c.name)!);
    }
    this.publish(false);
  }

  private createSandbox(): void {
    const node = this.host.nodeName;
    this.podIP = this.host.network.attach(node, this.host.podCIDR, this);
    this.sandboxCreated = true;
  }

  /** True when every regular init container is done (and sidecars started). */
  private syncInitContainers(): boolean {
    for (const c of this.pod.spec?.initContainers ?? []) {
      const rec = this.records.get(c.name)!;
      const cur = rec.current;
      if (rec.sidecar) {
        if (cur === undefined || !cur.running) this.syncContainer(rec);
        const started =
          this.status?.initContainerStatuses?.find((s) => s.name === c.name)?.started === true;
        if (rec.current?.running !== true || (!started && c.startupProbe !== undefined))
          return false;
        continue;
      }
      if (cur !== undefined && !cur.running && cur.termination!.exitCode === 0) continue;
      if (cur?.running === true) return false;
      if (cur !== undefined && this.pod.spec?.restartPolicy === "Never") return false;
      this.startContainer(rec);
      return false;
    }
    return true;
  }

  private shouldRestart(rec: ContainerRecord): boolean {
    const cur = rec.current;
    if (cur === undefined) return true;
    if (cur.running) return false;
    if (this.restartAfterKill.has(rec.spec.name)) return true;
    const policy = this.pod.spec?.restartPolicy ?? "Always";
    if (policy === "Never") return false;
    if (policy === "OnFailure") return cur.termination!.exitCode !== 0;
    return true;
  }

  private syncContainer(rec: ContainerRecord): void {
    const cur = rec.current;
    if (cur?.running === true) {
      if (cur.killing !== undefined) return;
      const restart = (this.pod.spec?.restartPolicy ?? "Always") !== "Never";
      const suffix = restart ? ", will be restarted" : "";
      const name = rec.spec.name;
      let message: string | undefined;
      let probeGrace: number | undefined;
      if (normalizeImage(rec.spec.image ?? "") !== cur.image) {
        message = `Container ${name} definition changed`;
      } else if (this.host.prober.result("liveness", cur.id) === "Failure") {
        message = `Container ${name} failed liveness probe${suffix}`;
        probeGrace = rec.spec.livenessProbe?.terminationGracePeriodSeconds;
      } else if (this.host.prober.result("startup", cur.id) === "Failure") {
        message = `Container ${name} failed startup probe${suffix}`;
        probeGrace = rec.spec.startupProbe?.terminationGracePeriodSeconds;
      }
      if (message !== undefined) {
        if (restart || message.endsWith("definition changed")) this.restartAfterKill.add(name);
        this.kill(rec, message, probeGrace);
      }
      return;
    }
    if (this.shouldRestart(rec)) this.startContainer(rec);
  }

  /** doBackOff + EnsureImageExists + generate env + create/start, or the reason it cannot. */
  private startContainer(rec: ContainerRecord): void {
    const { loop, images, crashBackoff } = this.host;
    const now = loop.now();
    const spec = rec.spec;
    const last = rec.current;
    const backoffKey = `${this.uid}_${spec.name}_${spec.image ?? ""}`;
    if (last !== undefined && last.termination !== undefined) {
      const ts = last.termination.finishedAt;
      if (crashBackoff.isInBackOffSince(backoffKey, ts, now)) {
        const d = crashBackoff.get(backoffKey);
        this.event(
          rec,
          "Warning",
          "BackOff",
          `Back-off restarting failed container ${spec.name} in pod ${formatPod(this.pod)}`,
        );
        rec.waiting = {
          reason: "CrashLoopBackOff",
          message: `back-off ${formatDuration(d)} restarting failed container=${spec.name} pod=${formatPod(this.pod)}`,
        };
        this.requestSync(ts + d);
        return;
      }
    }
    const behavior = this.host.behavior(this.pod, spec);
    if ("error" in behavior) {
      rec.waiting = { reason: "CreateContainerError", message: behavior.error };
      this.event(rec, "Warning", "Failed", `Error: ${behavior.error}`);
      this.requestSync(now + CONFIG_RETRY);
      return;
    }
    const image = spec.image ?? "";
    const policy = spec.imagePullPolicy ?? defaultPullPolicy(image);
    const pulled = images.ensure(this.uid, image, policy, behavior.pull, now);
    for (const e of pulled.events) this.event(rec, e.type, e.reason, e.message);
    if (pulled.kind === "pulling") {
      this.requestSync(pulled.until);
      return;
    }
    if (pulled.kind === "failed") {
      rec.waiting = { reason: pulled.reason, message: pulled.message };
      this.event(rec, "Warning", "Failed", `Error: ${pulled.reason}`);
      if (pulled.reason === "ErrImagePull") this.requestSync(now + PULL_FAILURE_RESYNC);
      else if (pulled.retryAt !== undefined) this.requestSync(pulled.retryAt);
      return;
    }
    const env = this.host.environment(this.pod, spec, this.podIP ?? "");
    if ("error" in env) {
      rec.waiting = { reason: "CreateContainerConfigError", message: env.error };
      this.event(rec, "Warning", "Failed", `Error: ${env.error}`);
      this.requestSync(now + CONFIG_RETRY);
      return;
    }
    for (const w of env.warnings) this.event(rec, "Warning", w.reason, w.message);
    if (last !== undefined) crashBackoff.next(backoffKey, last.termination?.finishedAt ?? now, now);
    this.restartAfterKill.delete(spec.name);
    const app: AppSpec = appSpecFor(this.pod, spec, behavior, this.podIP ?? "");
    const instance = new ContainerInstance(
      `containerd://${this.host.rng.hex(64)}`,
      spec.name,
      normalizeImage(image),
      imageIdOf(image),
      now,
      rec.instances,
      app,
      env.env,
    );
    rec.push(instance);
    this.event(rec, "Normal", "Created", `Created container ${spec.name}`);
    this.event(rec, "Normal", "Started", `Started container ${spec.name}`);
    instance.logs.line(now, `Starting ${instance.image} (container ${spec.name})`);
    const ports = [...app.ports].sort((a, b) => a - b);
    if (ports.length > 0)
      instance.logs.line(
        now + behavior.start,
        `Listening on ${ports.map((p) => `:${p}`).join(", ")}`,
      );
    const exit = plannedExit(behavior, memoryLimit(spec));
    if (exit !== undefined) {
      instance.exitTask = loop.at(now + exit.after, () => {
        instance.exitTask = undefined;
        const at = loop.now();
        if (exit.reason === "Error")
          instance.logs.line(at, `Error: process exited with code ${exit.exitCode}`);
        if (exit.reason === "OOMKilled") instance.logs.line(at, "Killed");
        this.exited(rec, instance, {
          exitCode: exit.exitCode,
          reason: exit.reason,
          finishedAt: at,
        });
      });
    }
  }

  /** killContainer: preStop, SIGTERM, SIGKILL at the grace period. */
  private kill(rec: ContainerRecord, message: string, probeGraceSeconds?: number): void {
    const inst = rec.current;
    if (inst === undefined || !inst.running || inst.killing !== undefined) return;
    const { loop } = this.host;
    const now = loop.now();
    const graceSeconds =
      this.pod.metadata?.deletionGracePeriodSeconds ??
      probeGraceSeconds ??
      this.pod.spec?.terminationGracePeriodSeconds ??
      30;
    let grace = graceSeconds * 1000;
    this.event(rec, "Normal", "Killing", message);
    const preStop = Math.min(hookDuration(rec.spec.lifecycle?.preStop), grace);
    grace = Math.max(grace - preStop, MIN_GRACE);
    const sigterm = now + preStop;
    const deadline = sigterm + grace;
    inst.killing = { message, deadline };
    this.changed();
    const stop = inst.app.behavior.stopAfterSigterm;
    const graceful = stop !== undefined && sigterm + stop < deadline;
    const exitAt = graceful ? sigterm + stop : deadline;
    if (inst.exitTask !== undefined && inst.exitTask.time <= exitAt) return; // it exits by itself first
    if (inst.exitTask !== undefined) loop.cancel(inst.exitTask);
    inst.logs.line(sigterm, "Received SIGTERM, shutting down");
    inst.exitTask = loop.at(exitAt, () => {
      inst.exitTask = undefined;
      this.exited(
        rec,
        inst,
        graceful
          ? { exitCode: 0, reason: "Completed", finishedAt: loop.now() }
          : { exitCode: 137, reason: "Error", finishedAt: loop.now() },
      );
    });
  }

  /**
   * The runtime kills a running container from outside the kubelet (a fault:
   * SIGKILL, or the kernel's OOM killer): it exits at once with 137, and the
   * kubelet learns of it as of any exit. Returns false when it is not running.
   */
  killedByRuntime(container: string, reason: "Error" | "OOMKilled"): boolean {
    const rec = this.records.get(container);
    const inst = rec?.current;
    if (rec === undefined || inst === undefined || !inst.running) return false;
    const at = this.host.loop.now();
    if (reason === "OOMKilled") inst.logs.line(at, "Killed");
    this.exited(rec, inst, { exitCode: 137, reason, finishedAt: at });
    return true;
  }

  /** The runtime saw the instance exit (PLEG): record it and re-sync the pod. */
  private exited(rec: ContainerRecord, inst: ContainerInstance, t: Termination): void {
    if (!inst.running) return;
    this.changed();
    inst.termination = t;
    inst.killing = undefined;
    if (inst.exitTask !== undefined) this.host.loop.cancel(inst.exitTask);
    inst.exitTask = undefined;
    void rec;
    this.requestSync();
  }

  private syncTerminating(): void {
    for (const rec of this.records.values()) {
      if (rec.current?.running === true && rec.current.killing === undefined)
        this.kill(rec, `Stopping container ${rec.spec.name}`);
      rec.waiting = undefined;
    }
    const running = [...this.records.values()].some((r) => r.current?.running === true);
    if (running) {
      this.publish(false);
      return;
    }
    this.publish(true);
    this.teardown();
    this.finished = true;
    this.host.terminated(this.pod);
  }

  /** Stop everything at once and leave the network (the pod is gone from the API, or the node stops). */
  teardown(): void {
    this.changed();
    const { loop } = this.host;
    for (const rec of this.records.values()) {
      const inst = rec.current;
      if (inst?.exitTask !== undefined) loop.cancel(inst.exitTask);
      if (inst !== undefined && inst.running)
        inst.termination = { exitCode: 137, reason: "Error", finishedAt: loop.now() };
    }
    if (this.wake !== undefined) loop.cancel(this.wake);
    this.wake = undefined;
    this.host.prober.removePod(this.uid);
    this.host.prober.forgetContainers(this.containerIDs());
    if (this.podIP !== undefined && this.sandboxCreated)
      this.host.network.detach(this.host.nodeName, this.podIP);
    this.sandboxCreated = false;
    this.host.images.forgetPod(this.uid);
    this.host.crashBackoff.forgetPrefix(`${this.uid}_`);
  }

  private containerIDs(): string[] {
    const ids: string[] = [];
    for (const r of this.records.values()) {
      if (r.current !== undefined) ids.push(r.current.id);
      if (r.previous !== undefined) ids.push(r.previous.id);
    }
    return ids;
  }

  /**
   * Regenerate the status and hand it to the status manager. `sync` false is
   * SetContainerReadiness: a readiness result changed between syncs, so the
   * prober is not asked to probe again.
   */
  publish(podIsTerminal: boolean, sync = true): void {
    const initializing = (this.pod.spec?.initContainers ?? []).some((c) => {
      const r = this.records.get(c.name);
      const cur = r?.current;
      if (r?.sidecar === true) return cur?.running !== true;
      return cur === undefined || cur.running || cur.termination!.exitCode !== 0;
    });
    const status = generatePodStatus({
      pod: this.pod,
      records: this.records,
      prober: this.host.prober,
      now: this.host.loop.now(),
      podIP: this.podIP,
      hostIP: this.host.hostIP,
      sandboxReady: this.sandboxCreated,
      podIsTerminal,
      previous: this.status,
      initializing,
      triggerReadiness: sync,
    });
    this.status = status;
    this.host.setStatus(this.pod, status);
  }

  // --- the pod's endpoint on the network ---------------------------------

  private listener(port: number): ContainerInstance | undefined {
    for (const rec of this.records.values()) {
      const cur = rec.current;
      if (cur?.running === true && cur.app.ports.has(port)) return cur;
    }
    return undefined;
  }

  connect(port: number): Dial {
    const inst = this.listener(port);
    if (inst === undefined) return { kind: "refused" };
    return connect(inst.app, port, this.host.loop.now() - inst.startedAt);
  }

  http(port: number, request: HttpRequest): Dial {
    const inst = this.listener(port);
    if (inst === undefined) return { kind: "refused" };
    const now = this.host.loop.now();
    const answer = answerHttp(inst.app, port, request, now - inst.startedAt);
    const dial: Dial =
      answer.kind === "answered"
        ? {
            ...answer,
            response: {
              ...answer.response,
              headers: { Date: httpDate(now + answer.latency), ...answer.response.headers },
            },
          }
        : answer;
    if (dial.kind === "answered" && inst.app.behavior.logRequests) {
      inst.logs.append(now + dial.latency, {
        source: request.source,
        method: request.method,
        path: request.path,
        status: dial.response.status,
        bytes: dial.response.body.length,
        agent: headerValue(request.headers, "user-agent") ?? "-",
      });
    }
    if (dial.kind !== "answered") return dial;
    // The image as the pod spec wrote it, unless the spec has moved on from what runs.
    const specImage = this.records.get(inst.name)?.spec.image;
    const image =
      specImage !== undefined && normalizeImage(specImage) === inst.image ? specImage : inst.image;
    return {
      ...dial,
      servedBy: {
        namespace: this.pod.metadata?.namespace ?? "",
        pod: this.pod.metadata?.name ?? "",
        container: inst.name,
        image,
        podIP: this.podIP ?? "",
        node: this.host.nodeName,
      },
    };
  }

  /** An exec probe in `container`: exit 0 while its endpoint is healthy. */
  execProbe(
    container: string,
    command: readonly string[],
  ): { exitCode: number; output: string; latency: Millis } {
    const inst = this.records.get(container)?.current;
    if (inst === undefined || !inst.running)
      return { exitCode: 126, output: "container not running", latency: 0 };
    const health = endpointHealth(
      inst.app,
      execEndpoint(command),
      this.host.loop.now() - inst.startedAt,
    );
    if (health === "ok") return { exitCode: 0, output: "", latency: inst.app.behavior.latency };
    const cat =
      command[0] === "cat" && command[1] !== undefined
        ? `cat: can't open '${command[1]}': No such file or directory\n`
        : "";
    return { exitCode: 1, output: cat, latency: inst.app.behavior.latency };
  }

  grpcProbe(port: number, service: string): Dial & { serving?: boolean } {
    const inst = this.listener(port);
    if (inst === undefined) return { kind: "refused" };
    const since = this.host.loop.now() - inst.startedAt;
    const c = connect(inst.app, port, since);
    if (c.kind !== "open") return c;
    const health = endpointHealth(inst.app, grpcEndpoint(port, service), since);
    return { kind: "open", latency: inst.app.behavior.latency, serving: health === "ok" };
  }

  /**
   * The prober's steady-state path (QuickPlan): does this instance, still
   * current, running and not being killed, answer the probe with success now?
   * When it does, the app logs the request as the full path would, and the
   * answer is a handle that repeats the check cheaply while nothing about the
   * pod changes (its `generation`) and the network still routes to it.
   */
  quickProbe(
    name: string,
    containerID: string,
    plan: QuickPlan,
    source: string,
  ): QuickProbe | undefined {
    if (this.deleting || this.finished) return undefined;
    const phase = this.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") return undefined;
    const inst = this.records.get(name)?.current;
    if (
      inst === undefined ||
      inst.id !== containerID ||
      inst.termination !== undefined ||
      inst.killing !== undefined
    )
      return undefined;
    if (this.podIP === undefined || !this.host.network.routes(this.podIP, this)) return undefined;
    const app = inst.app;
    if (app.behavior.latency > plan.timeout) return undefined;
    let key: string;
    if (plan.kind === "exec") key = execEndpoint(plan.command);
    else {
      if (this.listener(plan.port) !== inst) return undefined;
      key = plan.kind === "tcp" ? tcpEndpoint(plan.port) : plan.key;
    }
    const line =
      plan.kind === "http" && app.behavior.logRequests ? inst.okLine(plan, source) : undefined;
    const handle = new QuickProbe(
      this,
      inst,
      plan.kind === "exec" ? undefined : plan.port,
      key,
      line,
    );
    return handle.probe() ? handle : undefined;
  }

  /** @internal for QuickProbe */
  get network(): PodNetwork {
    return this.host.network;
  }

  /** @internal for QuickProbe */
  now(): Millis {
    return this.host.loop.now();
  }

  /** The exact start time of a running instance. */
  startedAt(containerID: string): Millis | undefined {
    for (const r of this.records.values())
      if (r.current?.id === containerID) return r.current.startedAt;
    return undefined;
  }

  container(name: string): Container | undefined {
    return this.records.get(name)?.spec;
  }
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function memoryLimit(c: Container): number | undefined {
  const q = c.resources?.limits?.["memory"];
  const parsed = q === undefined ? undefined : tryParseQuantity(String(q));
  return parsed === undefined ? undefined : Number(parsed.value());
}

/** An HTTP-date (RFC 9110 IMF-fixdate) for a virtual time: "Mon, 01 Jan 2024 00:00:05 GMT". */
function httpDate(t: Millis): string {
  return new Date(t).toUTCString();
}
