/**
 * One node's kubelet. Like the real one it talks only to the API server: it
 * registers its Node, renews its Lease, watches the pods bound to it
 * (fieldSelector spec.nodeName), runs them in the fake runtime through one
 * pod worker each, probes them, and writes their status. Logs, exec and
 * resource usage are served from here (the apiserver's node proxy).
 */
import { ApiError, semanticEqual, type ApiClient } from "@kubesim/api";
import type { ClusterDnsView, PodNetwork, RequestOrigin } from "@kubesim/network";
import { networkPrograms, podOrigin, type PodServices } from "./exec/network-programs.js";
import {
  EventBroadcaster,
  SharedInformerFactory,
  silentLogger,
  unwrapTombstone,
  type EventRecorder,
  type Logger,
} from "@kubesim/runtime";
import { rfc3339, type Loop, type Millis, type Rng, type Trace } from "@kubesim/sim";
import type { ConfigMap, Container, Node, Pod, Secret, Service } from "kubernetes-types/core/v1";
import { makeEnvironmentVariables } from "./env/environment.js";
import { serviceEnvVarMap } from "./env/envvars.js";
import type { ImageBehavior } from "./images/behavior.js";
import { ImageCatalogue, resolveBehavior } from "./images/catalogue.js";
import {
  Backoff,
  CONTAINER_BACKOFF_INITIAL,
  CONTAINER_BACKOFF_MAX,
} from "./kuberuntime/backoff.js";
import { ImagePuller } from "./kuberuntime/image-puller.js";
import type { LogOptions } from "./kuberuntime/logs.js";
import { memoryAt } from "./kuberuntime/app.js";
import { Heartbeat } from "./node/heartbeat.js";
import { initialNode, type NodeShape } from "./node/node-object.js";
import type { EnvResult, PodWorkerHost } from "./pods/host.js";
import { PodWorker } from "./pods/pod-worker.js";
import { StatusManager } from "./pods/status-manager.js";
import { canAdmitPod } from "./pods/admission.js";
import { DEFAULT_DNS, hostsFile, resolvConf, type DnsSettings } from "./pods/pod-files.js";
import {
  ShellSession,
  containerEnvironment,
  runCommand,
  type ExecContext,
  type ExecResult,
} from "./exec/index.js";
import { ProbeManager, probeTypeTitle } from "./prober/manager.js";
import { runProbe } from "./prober/prober.js";

export interface KubeletOptions {
  readonly client: ApiClient;
  readonly loop: Loop;
  /** This node's own random stream (container IDs, probe jitter). */
  readonly rng: Rng;
  readonly network: PodNetwork;
  readonly node: NodeShape;
  readonly catalogue?: ImageCatalogue;
  readonly trace?: Trace;
  readonly logger?: Logger;
  /** Cluster DNS for pods' resolv.conf (default 10.96.0.10, cluster.local). */
  readonly dns?: DnsSettings;
  /** The cluster DNS and data plane, for exec's nslookup, getent, curl and wget. */
  readonly podServices?: PodServices;
  /**
   * Probe workers in a steady state sleep through ticks whose answer is known
   * (default true); false runs every tick (the same results, more work).
   */
  readonly lazyProbes?: boolean;
}

export class KubeletError extends Error {}

/** The kubelet does not run this pod (yet): log and exec have no container to reach. */
export class PodNotRunningError extends KubeletError {}

/**
 * pkg/kubelet/config/config.go podsDifferSemantically: only these changes make
 * the kubelet sync a pod; a status change (its own write, usually) does not.
 */
function podsDifferSemantically(a: Pod, b: Pod): boolean {
  return (
    !semanticEqual(a.spec, b.spec) ||
    !semanticEqual(a.metadata?.labels, b.metadata?.labels) ||
    !semanticEqual(a.metadata?.annotations, b.metadata?.annotations) ||
    a.metadata?.deletionTimestamp !== b.metadata?.deletionTimestamp ||
    a.metadata?.deletionGracePeriodSeconds !== b.metadata?.deletionGracePeriodSeconds
  );
}

export class Kubelet {
  readonly nodeName: string;
  private readonly log: Logger;
  private readonly events: EventBroadcaster;
  private readonly recorder: EventRecorder;
  private readonly workers = new Map<string, PodWorker>();
  private readonly byName = new Map<string, PodWorker>();
  private informers: SharedInformerFactory | undefined;
  private heartbeat: Heartbeat | undefined;
  private statusManager: StatusManager;
  private prober: ProbeManager | undefined;
  private images = new ImagePuller();
  private crashBackoff = new Backoff(CONTAINER_BACKOFF_INITIAL, CONTAINER_BACKOFF_MAX);
  private catalogue: ImageCatalogue;
  private running = false;
  private readonly dns: DnsSettings;
  /** ConfigMaps and Secrets last read for containers' environments (the kubelet's object cache). */
  private readonly objectCache = new Map<string, ConfigMap | Secret>();

  constructor(private readonly options: KubeletOptions) {
    this.nodeName = options.node.name;
    this.log = options.logger ?? silentLogger();
    this.catalogue = options.catalogue ?? ImageCatalogue.empty();
    this.events = new EventBroadcaster({
      client: options.client,
      loop: options.loop,
      ...(options.trace === undefined ? {} : { trace: options.trace }),
      logger: this.log,
    });
    this.recorder = this.events.newRecorder({ component: "kubelet", host: this.nodeName });
    this.statusManager = new StatusManager({
      client: options.client,
      loop: options.loop,
      log: this.log,
      podOf: (uid) => this.workers.get(uid)?.pod,
    });
    this.dns = options.dns ?? DEFAULT_DNS;
  }

  get isRunning(): boolean {
    return this.running;
  }

  get hostIP(): string {
    return this.options.node.internalIP;
  }

  /** Starts the kubelet: registers the Node (or finds it), heartbeats, and runs the pods bound here. */
  start(): void {
    if (this.running) return;
    const { client, loop } = this.options;
    this.running = true;
    const now = loop.now();
    this.registerNode(now);
    this.images = new ImagePuller();
    this.crashBackoff = new Backoff(CONTAINER_BACKOFF_INITIAL, CONTAINER_BACKOFF_MAX);
    this.prober = new ProbeManager(
      {
        loop,
        rng: this.options.rng.stream(`prober-${now}`),
        kubeletStart: now,
        statusOf: (uid) => this.workers.get(uid)?.status,
        podOf: (uid) => this.workers.get(uid)?.pod,
        startedAt: (uid, id) => this.workers.get(uid)?.startedAt(id),
        runProbe: (uid, container, probe) => this.runProbe(uid, container, probe),
        quickProbe: (uid, name, id, plan) =>
          this.workers.get(uid)?.quickProbe(name, id, plan, this.hostIP),
        probed: (uid, container, type, outcome) => {
          const w = this.workers.get(uid);
          if (w === undefined) return;
          const ref = { ...this.podRef(w.pod), fieldPath: `spec.containers{${container.name}}` };
          const title = probeTypeTitle(type);
          if ("error" in outcome)
            this.recorder.event(
              ref,
              "Warning",
              "Unhealthy",
              `${title} probe errored and resulted in unknown state: ${outcome.error}`,
            );
          else if (outcome.result === "Failure")
            this.recorder.event(
              ref,
              "Warning",
              "Unhealthy",
              `${title} probe failed: ${outcome.output}`,
            );
          else if (outcome.result === "Warning")
            this.recorder.event(
              ref,
              "Warning",
              "ProbeWarning",
              `${title} probe warning: ${outcome.output}`,
            );
        },
        resultChanged: (uid, _name, type, result) => {
          const w = this.workers.get(uid);
          if (w === undefined) return;
          if (type === "readiness") w.publish(false, false);
          else if (result === "Failure" || type === "startup") w.requestSync();
        },
      },
      this.options.lazyProbes ?? true,
    );
    this.heartbeat = new Heartbeat(client, loop, this.nodeName);
    this.heartbeat.start();
    this.statusManager.start();
    const informers = new SharedInformerFactory({ client, loop, logger: this.log });
    this.informers = informers;
    informers
      .informerFor("Pod", { fieldSelector: `spec.nodeName=${this.nodeName}` })
      .addEventHandler({
        onAdd: (pod) => this.podChanged(pod),
        onUpdate: (_old, pod) => this.podChanged(pod),
        onDelete: (obj) => this.podRemoved(unwrapTombstone(obj)),
      });
    informers.start();
  }

  /** Powers the node off: no more heartbeats or status writes; its containers and IPs are gone. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.informers?.shutdown();
    this.informers = undefined;
    this.heartbeat?.stop();
    this.heartbeat = undefined;
    this.statusManager.stop();
    for (const w of this.workers.values()) w.teardown();
    this.workers.clear();
    this.byName.clear();
  }

  private registerNode(now: Millis): void {
    const { client } = this.options;
    let existing: Node | undefined;
    try {
      existing = client.get("Node", undefined, this.nodeName);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status.reason !== "NotFound") throw e;
    }
    const nodeRef = { kind: "Node", apiVersion: "v1", name: this.nodeName, uid: this.nodeName };
    this.recorder.event(nodeRef, "Normal", "Starting", "Starting kubelet.");
    if (existing === undefined) {
      client.create("Node", initialNode(this.options.node, rfc3339(Math.floor(now / 1000) * 1000)));
      for (const s of ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"])
        this.recorder.event(nodeRef, "Normal", s, `Node ${this.nodeName} status is now: ${s}`);
      this.recorder.event(
        nodeRef,
        "Normal",
        "NodeAllocatableEnforced",
        "Updated Node Allocatable limit across pods",
      );
    } else {
      // a kubelet coming back posts its status at once (tryUpdateNodeStatus on start)
      new Heartbeat(client, this.options.loop, this.nodeName).syncNodeStatus(true);
    }
    this.recorder.event(
      nodeRef,
      "Normal",
      "NodeReady",
      `Node ${this.nodeName} status is now: NodeReady`,
    );
  }

  private podRef(pod: Pod) {
    const m = pod.metadata ?? {};
    return {
      kind: "Pod",
      apiVersion: "v1",
      ...(m.name === undefined ? {} : { name: m.name }),
      ...(m.namespace === undefined ? {} : { namespace: m.namespace }),
      ...(m.uid === undefined ? {} : { uid: m.uid }),
    };
  }

  private podChanged(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    let w = this.workers.get(uid);
    if (w === undefined) {
      const phase = pod.status?.phase;
      // A terminal pod (finished, or rejected before) needs nothing but its removal when deleted.
      if ((phase === "Succeeded" || phase === "Failed") && pod.metadata?.deletionTimestamp == null)
        return;
      if (pod.metadata?.deletionTimestamp == null && !this.admit(pod)) return;
      w = new PodWorker(this.host(), pod);
      this.workers.set(uid, w);
      this.byName.set(`${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`, w);
      w.requestSync();
      return;
    }
    if (podsDifferSemantically(w.pod, pod)) w.update(pod);
    else w.pod = pod; // a status-only change: the kubelet is the source of truth for status
  }

  /** HandlePodAdditions' canAdmitPod; a rejected pod is Failed with the reason (rejectPod). */
  private admit(pod: Pod): boolean {
    let node: Node;
    try {
      node = this.options.client.get("Node", undefined, this.nodeName);
    } catch (e) {
      if (e instanceof ApiError) return true;
      throw e;
    }
    const active = [...this.workers.values()]
      .filter((w) => !w.finished && w.status?.phase !== "Succeeded" && w.status?.phase !== "Failed")
      .map((w) => w.pod);
    const r = canAdmitPod(pod, node, active);
    if (r.admit) return true;
    this.recorder.event(pod, "Warning", r.reason, r.message);
    this.statusManager.setStatus(pod, {
      ...(pod.status?.qosClass === undefined ? {} : { qosClass: pod.status.qosClass }),
      phase: "Failed",
      reason: r.reason,
      message: `Pod was rejected: ${r.message}`,
    });
    return false;
  }

  private podRemoved(pod: Pod): void {
    const uid = pod.metadata?.uid ?? "";
    this.statusManager.forget(uid);
    const w = this.workers.get(uid);
    if (w === undefined) return;
    if (!w.finished) w.teardown();
    this.workers.delete(uid);
    const key = `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
    if (this.byName.get(key) === w) this.byName.delete(key);
  }

  private hostCache: PodWorkerHost | undefined;

  private host(): PodWorkerHost {
    if (this.hostCache !== undefined && this.hostCache.prober === this.prober)
      return this.hostCache;
    const { loop, network, node } = this.options;
    this.hostCache = {
      loop,
      rng: this.options.rng,
      recorder: this.recorder,
      network,
      nodeName: this.nodeName,
      podCIDR: node.podCIDR,
      hostIP: node.internalIP,
      images: this.images,
      crashBackoff: this.crashBackoff,
      prober: this.prober!,
      behavior: (pod, c) => this.behavior(pod, c),
      environment: (pod, c, podIP) => this.environment(pod, c, podIP),
      setStatus: (pod, status) => this.statusManager.setStatus(pod, status),
      terminated: (pod) => this.statusManager.deleteTerminated(pod),
    };
    return this.hostCache;
  }

  private behavior(pod: Pod, c: Container): ImageBehavior | { error: string } {
    return resolveBehavior(this.catalogue, c.image ?? "", pod.metadata?.annotations ?? {}, c.name);
  }

  /**
   * A ConfigMap or Secret for a container's environment, as the kubelet's
   * object cache serves it: the API server's answer, or, when the API server
   * cannot be reached (a partition), the last copy seen; undefined when it
   * does not exist or was never seen.
   */
  private getOrUndefined<K extends "ConfigMap" | "Secret">(kind: K, ns: string, name: string) {
    const key = `${kind}/${ns}/${name}`;
    try {
      const obj = this.options.client.get(kind, ns, name);
      this.objectCache.set(key, obj);
      return obj;
    } catch (e) {
      if (e instanceof ApiError && e.status.reason === "NotFound") {
        this.objectCache.delete(key);
        return undefined;
      }
      if (e instanceof ApiError) return this.objectCache.get(key);
      throw e;
    }
  }

  private environment(pod: Pod, c: Container, podIP: string): EnvResult {
    const ns = pod.metadata?.namespace ?? "default";
    const links = pod.spec?.enableServiceLinks ?? true;
    let services: readonly Service[] = [];
    try {
      services = [
        ...this.options.client.list("Service", { namespace: ns }).items,
        ...(ns === "default"
          ? []
          : this.options.client.list("Service", { namespace: "default" }).items),
      ];
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    const alloc = this.options.node;
    const r = makeEnvironmentVariables(pod, c, {
      configMap: (n, name) => this.getOrUndefined("ConfigMap", n, name) as ConfigMap | undefined,
      secret: (n, name) => this.getOrUndefined("Secret", n, name) as Secret | undefined,
      podIP,
      podIPs: podIP === "" ? [] : [podIP],
      hostIPs: [alloc.internalIP],
      nodeAllocatable: { cpu: alloc.cpu, memory: alloc.memory, "ephemeral-storage": "100Gi" },
      serviceEnv: serviceEnvVarMap(services, ns, links),
    });
    if ("error" in r) return r;
    return { env: r.env.map((e) => ({ name: e.name, value: e.value })), warnings: r.warnings };
  }

  private runProbe(
    uid: string,
    container: Container,
    probe: NonNullable<Container["livenessProbe"]>,
  ) {
    const w = this.workers.get(uid);
    const network = this.options.network;
    const ip = w?.podIP ?? "";
    return runProbe(probe, {
      podIP: ip,
      container,
      connect: (port) => network.connect(ip, port),
      http: (port, req) => network.http(ip, port, { ...req, source: this.hostIP }),
      exec: (cmd) => w?.execProbe(container.name, cmd) ?? { exitCode: 126, output: "", latency: 0 },
      grpc: (port, service) => w?.grpcProbe(port, service) ?? { kind: "refused" },
    });
  }

  // --- the node proxy: logs, exec, usage ---------------------------------

  private worker(namespace: string, name: string): PodWorker {
    const w = this.byName.get(`${namespace}/${name}`);
    if (w === undefined)
      throw new PodNotRunningError(
        `pod ${namespace}/${name} is not running on node ${this.nodeName}`,
      );
    return w;
  }

  /** The container's log (`kubectl logs`), or the previous instance's with `previous`. */
  logs(
    namespace: string,
    name: string,
    container: string,
    options: LogOptions & { previous?: boolean } = {},
  ): string {
    const rec = this.worker(namespace, name).records.get(container);
    if (rec === undefined)
      throw new KubeletError(`container ${container} is not valid for pod ${name}`);
    const inst =
      options.previous === true
        ? rec.current?.running === false
          ? rec.current
          : rec.previous
        : rec.current;
    if (inst === undefined) {
      if (options.previous === true)
        throw new KubeletError(
          `previous terminated container "${container}" in pod "${name}" not found`,
        );
      throw new KubeletError(
        `container "${container}" in pod "${name}" is waiting to start: ${rec.waiting?.reason ?? "ContainerCreating"}`,
      );
    }
    return inst.logs.read(this.options.loop.now(), options);
  }

  /**
   * A fault: the container runtime kills the container (SIGKILL, or the OOM
   * killer with `reason` "OOMKilled"); it exits with 137 and restarts as its
   * pod's restartPolicy says. Throws when it is not running here.
   */
  killContainer(
    namespace: string,
    name: string,
    container: string,
    reason: "Error" | "OOMKilled" = "Error",
  ): void {
    if (!this.worker(namespace, name).killedByRuntime(container, reason))
      throw new KubeletError(`container "${container}" in pod "${name}" is not running`);
  }

  /** The running instance of a container, for exec. */
  execTarget(namespace: string, name: string, container: string) {
    const w = this.worker(namespace, name);
    const inst = w.records.get(container)?.current;
    if (inst === undefined || !inst.running) return undefined;
    return { pod: w.pod, instance: inst, podIP: w.podIP ?? "" };
  }

  /** What a process started in the container sees: environment, hostname, the kubelet's files. */
  execContext(namespace: string, name: string, container: string, tty = false): ExecContext {
    const t = this.execTarget(namespace, name, container);
    if (t === undefined)
      throw new KubeletError(`unable to upgrade connection: container not found ("${container}")`);
    const hostname = t.pod.spec?.hostname ?? name;
    const resolv = resolvConf(t.pod, this.dns);
    const hosts = hostsFile(t.pod, t.podIP, this.dns.clusterDomain);
    return {
      env: containerEnvironment({ hostname, env: t.instance.env, tty }),
      hostname,
      resolvConf: resolv,
      hosts,
      programs: networkPrograms(this.podServices, {
        podIP: t.podIP,
        node: this.nodeName,
        resolvConf: resolv,
        hosts,
        tty,
      }),
    };
  }

  /** Where a request from inside a running pod starts (traffic from a client pod). */
  requestOrigin(namespace: string, name: string): RequestOrigin {
    const w = this.worker(namespace, name);
    const podIP = w.podIP ?? "";
    if (podIP === "") throw new KubeletError(`pod ${namespace}/${name} has no IP yet`);
    return podOrigin({
      podIP,
      node: this.nodeName,
      resolvConf: resolvConf(w.pod, this.dns),
      hosts: hostsFile(w.pod, podIP, this.dns.clusterDomain),
    });
  }

  /**
   * Without the cluster's services (a kubelet on its own, in tests): a DNS
   * server at the first clusterDNS address that answers from what the API
   * server holds now.
   */
  private get podServices(): PodServices {
    if (this.options.podServices !== undefined) return this.options.podServices;
    const address = this.dns.clusterDNS[0];
    return address === undefined ? {} : { dns: { address, view: () => this.apiDnsView() } };
  }

  /** What the cluster DNS would know now, read from the API server (CoreDNS watches the same objects). */
  private apiDnsView(): ClusterDnsView {
    const { client } = this.options;
    return {
      services: client.list("Service").items,
      endpointSlices: client.list("EndpointSlice").items,
      pods: client.list("Pod").items,
      namespaces: client.list("Namespace").items.map((n) => n.metadata?.name ?? ""),
      clusterDomain: this.dns.clusterDomain,
    };
  }

  /** `kubectl exec <pod> -c <container> -- argv`. */
  exec(
    namespace: string,
    name: string,
    container: string,
    argv: readonly string[],
    tty = false,
  ): ExecResult {
    return runCommand(argv, { ...this.execContext(namespace, name, container, tty), tty });
  }

  /** `kubectl exec -it <pod> -- sh`: an interactive shell, or the result when it cannot start. */
  shell(
    namespace: string,
    name: string,
    container: string,
    shell = "sh",
  ): ShellSession | ExecResult {
    return ShellSession.open(shell, this.execContext(namespace, name, container, true));
  }

  /** CPU (millicores) and memory (bytes) per running container, for kubectl top. */
  usage(): {
    namespace: string;
    pod: string;
    containers: { name: string; cpu: number; memory: number }[];
  }[] {
    const now = this.options.loop.now();
    const out = [];
    for (const w of [...this.workers.values()].sort((a, b) => (a.uid < b.uid ? -1 : 1))) {
      const containers = [];
      for (const rec of w.records.values()) {
        const inst = rec.current;
        if (inst?.running !== true) continue;
        containers.push({
          name: rec.spec.name,
          cpu: inst.app.behavior.cpu,
          memory: memoryAt(inst.app.behavior, now - inst.startedAt),
        });
      }
      if (containers.length > 0)
        out.push({
          namespace: w.pod.metadata?.namespace ?? "",
          pod: w.pod.metadata?.name ?? "",
          containers,
        });
    }
    return out;
  }
}
