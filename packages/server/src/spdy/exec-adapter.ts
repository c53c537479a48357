/**
 * The thin seam between the streaming protocols and the simulated cluster:
 * what kube-apiserver checks before it proxies exec, attach and port-forward
 * to the kubelet (pkg/registry/core/pod/strategy.go streamLocation,
 * PortForwardLocation), and what the kubelet and container runtime then do
 * (pkg/kubelet/server/server.go getExec / getPortForward, containerd's
 * streaming runtime). Commands run in the pod's kubelet exactly as kubesim's
 * own `kubectl exec` runs them (packages/kubectl exec.ts): one shot, or an
 * interactive shell fed line by line. Every call runs on the sim loop
 * through the pacer, as the REST handlers do.
 *
 * The lead may swap this file for the shared exec-session module; the
 * protocols only use the `ExecAdapter` interface.
 */
import { badRequest, isApiError, type ApiError } from "@kubesim/api";
import type { Pod } from "kubernetes-types/core/v1";
import type { Cluster } from "kubesim";
import type { RealTimePacer } from "../pacer.js";

/** A failure before the upgrade, answered as kube-apiserver or the kubelet answers it. */
export type UpgradeRefusal =
  /** kube-apiserver's own check: a Status. */
  | { readonly kind: "status"; readonly error: ApiError }
  /** The kubelet's answer passed through the proxy: a code and plain text. */
  | { readonly kind: "kubelet"; readonly code: number; readonly text: string };

export interface ExecTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly node: string;
  readonly uid: string;
}

export interface PortForwardTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly uid: string;
  readonly podIP: string;
  /** The pod network namespace is the host's (hostNetwork: true). */
  readonly hostNetwork: boolean;
}

export interface ExecOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** The runtime could not start the process: the exec ends with this InternalError message. */
  readonly startError?: string;
}

/** An interactive shell (kubelet ShellSession), driven line by line. */
export interface ShellLike {
  readonly prompt: string;
  feed(line: string): { output: string; prompt: string; exited: boolean; exitCode?: number };
  eof(): { output: string; prompt: string; exited: boolean; exitCode?: number };
}

/** What the pod's port answered to one HTTP request, or that nothing listens there. */
export type PortAnswer =
  | {
      readonly kind: "answered";
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    }
  | { readonly kind: "refused" };

export interface ExecAdapter {
  /** The pod and container an exec or attach reaches, or why not. */
  execTarget(namespace: string, pod: string, container: string): ExecTarget | UpgradeRefusal;
  /** Runs `argv` to its end; `stdin` is what the client sent before closing its stdin. */
  run(target: ExecTarget, argv: readonly string[], tty: boolean, stdin?: string): ExecOutcome;
  /** An interactive shell for `exec -it POD -- sh`, or the outcome when it cannot start. */
  shell(target: ExecTarget, shell: string): ShellLike | ExecOutcome;
  /** Virtual time now. */
  now(): number;
  /**
   * What the running container (its instance's ID beside) has written to
   * its stdout at or after `since` (virtual ms), one entry per line, or
   * undefined while it does not run.
   */
  output(
    target: ExecTarget,
    since: number,
  ): { instance: string; lines: { t: number; text: string }[] } | undefined;
  /** The pod a port-forward reaches, or why not. */
  portForwardTarget(namespace: string, pod: string): PortForwardTarget | UpgradeRefusal;
  /** Whether something listens on the pod's port (a TCP connect to localhost:port). */
  connect(target: PortForwardTarget, port: number): boolean;
  /** One HTTP request to the pod's port from inside its network namespace (localhost). */
  http(
    target: PortForwardTarget,
    port: number,
    request: { method: string; path: string; headers: Readonly<Record<string, string>> },
  ): PortAnswer;
}

const SHELL = /(^|\/)(ba)?sh$/;

/** The adapter over a Cluster, every call on the loop through the pacer. */
export function clusterExecAdapter(cluster: Cluster, pacer: RealTimePacer): ExecAdapter {
  const getPod = (namespace: string, name: string): { pod: Pod } | UpgradeRefusal => {
    try {
      return { pod: cluster.apiserver.get("Pod", namespace, name) };
    } catch (e) {
      if (isApiError(e)) return { kind: "status", error: e };
      throw e;
    }
  };
  return {
    execTarget(namespace, name, container) {
      return pacer.run(() => {
        const got = getPod(namespace, name);
        if (!("pod" in got)) return got;
        const p = got.pod;
        // streamLocation: default the container, or check the one named.
        let c = container;
        const containers = p.spec?.containers ?? [];
        if (c === "") {
          if (containers.length === 1) c = containers[0]!.name;
          else if (containers.length === 0)
            return refuse(badRequest(`a container name must be specified for pod ${name}`));
          else {
            const init = (p.spec?.initContainers ?? []).map((x) => x.name);
            let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.map((x) => x.name).join(" ")}]`;
            if (init.length > 0) msg += ` or one of the init containers: [${init.join(" ")}]`;
            return refuse(badRequest(msg));
          }
        } else if (!hasContainer(p, c)) {
          return refuse(badRequest(`container ${c} is not valid for pod ${name}`));
        }
        const node = p.spec?.nodeName ?? "";
        if (node === "") return refuse(badRequest(`pod ${name} does not have a host assigned`));
        // The kubelet: the container must be running here.
        let running = false;
        try {
          running = cluster.kubelet(node).execTarget(namespace, name, c) !== undefined;
        } catch {
          return { kind: "kubelet", code: 404, text: "pod does not exist" };
        }
        if (!running) return { kind: "kubelet", code: 500, text: `container not found ("${c}")` };
        return { namespace, pod: name, container: c, node, uid: p.metadata?.uid ?? "" };
      });
    },

    run(t, argv, tty, stdin) {
      return pacer.run(() => {
        const kubelet = cluster.kubelet(t.node);
        // As kubesim's kubectl does: a lone shell reading stdin runs what it was sent.
        const input = stdin ?? "";
        const cmd =
          stdin !== undefined && input !== "" && argv.length === 1 && SHELL.test(argv[0]!)
            ? [argv[0]!, "-c", input]
            : argv;
        try {
          return kubelet.exec(t.namespace, t.pod, t.container, cmd, tty);
        } catch (e) {
          return { stdout: "", stderr: "", exitCode: 126, startError: startErrorOf(e) };
        }
      });
    },

    shell(t, shell) {
      const session = pacer.run(() => {
        try {
          return cluster.kubelet(t.node).shell(t.namespace, t.pod, t.container, shell);
        } catch (e) {
          return { stdout: "", stderr: "", exitCode: 126, startError: startErrorOf(e) };
        }
      });
      if (!("feed" in session)) return session;
      return {
        get prompt() {
          return session.prompt;
        },
        feed: (line: string) => pacer.run(() => session.feed(line)),
        eof: () => pacer.run(() => session.eof()),
      };
    },

    now: () => cluster.loop.now(),

    output(t, since) {
      return pacer.run(() => {
        const kubelet = cluster.kubelet(t.node);
        try {
          const running = kubelet.execTarget(t.namespace, t.pod, t.container);
          if (running === undefined) return undefined;
          const text = kubelet.logs(t.namespace, t.pod, t.container, { since, timestamps: true });
          const lines = text
            .split("\n")
            .filter((l) => l !== "")
            .map((l) => {
              const space = l.indexOf(" ");
              return { t: Date.parse(l.slice(0, 23) + "Z"), text: l.slice(space + 1) };
            });
          return { instance: running.instance.id, lines };
        } catch {
          return undefined;
        }
      });
    },

    portForwardTarget(namespace, name) {
      return pacer.run(() => {
        const got = getPod(namespace, name);
        if (!("pod" in got)) return got;
        const p = got.pod;
        const node = p.spec?.nodeName ?? "";
        if (node === "") return refuse(badRequest(`pod ${name} does not have a host assigned`));
        try {
          cluster.kubelet(node).requestOrigin(namespace, name);
        } catch {
          return { kind: "kubelet", code: 404, text: "pod does not exist" };
        }
        return {
          namespace,
          pod: name,
          uid: p.metadata?.uid ?? "",
          podIP: p.status?.podIP ?? "",
          hostNetwork: p.spec?.hostNetwork === true,
        };
      });
    },

    connect(t, port) {
      return pacer.run(() => {
        const dial = cluster.network.connect(t.podIP, port);
        return dial.kind === "open" || dial.kind === "answered";
      });
    },

    http(t, port, request) {
      return pacer.run(() => {
        const dial = cluster.network.http(t.podIP, port, { ...request, source: "127.0.0.1" });
        if (dial.kind !== "answered") return { kind: "refused" };
        return {
          kind: "answered",
          status: dial.response.status,
          headers: dial.response.headers,
          body: dial.response.body,
        };
      });
    },
  };
}

function refuse(error: ApiError): UpgradeRefusal {
  return { kind: "status", error };
}

function hasContainer(pod: Pod, name: string): boolean {
  const spec = pod.spec;
  return [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ].some((c) => c.name === name);
}

/** A kubelet failure inside the exec, as the runtime's error text. */
function startErrorOf(e: unknown): string {
  const message = (e as Error).message.replace(/^unable to upgrade connection: /, "");
  return `Internal error occurred: error executing command in container: ${message}`;
}
