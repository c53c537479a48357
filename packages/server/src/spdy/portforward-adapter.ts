/**
 * The seam between port-forward and the simulated cluster: what
 * kube-apiserver checks before it proxies port-forward to the kubelet
 * (pkg/registry/core/pod/strategy.go PortForwardLocation), and what the
 * kubelet and container runtime then do (pkg/kubelet/server/server.go
 * getPortForward, containerd's sandbox_portforward_linux.go: a dial to
 * localhost:port inside the pod's network namespace). Every call runs on
 * the sim loop through the stream context, as the REST handlers do.
 */
import { badRequest, isApiError, type ApiError } from "@kubesim/api";
import type { Pod } from "kubernetes-types/core/v1";
import type { StreamContext } from "../stream/context.js";

/** A failure before the upgrade, answered as kube-apiserver or the kubelet answers it. */
export type UpgradeRefusal =
  /** kube-apiserver's own check: a Status. */
  | { readonly kind: "status"; readonly error: ApiError }
  /** The kubelet's answer passed through the proxy: a code and plain text. */
  | { readonly kind: "kubelet"; readonly code: number; readonly text: string };

export interface PortForwardTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly uid: string;
  readonly podIP: string;
  /** The pod network namespace is the host's (hostNetwork: true). */
  readonly hostNetwork: boolean;
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

export interface PortForwardAdapter {
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

/** The adapter over the context's cluster, every call on the sim loop. */
export function clusterPortForwardAdapter(ctx: StreamContext): PortForwardAdapter {
  const { cluster } = ctx;
  return {
    portForwardTarget(namespace, name) {
      return ctx.run(() => {
        let p: Pod;
        try {
          p = cluster.apiserver.get("Pod", namespace, name);
        } catch (e) {
          if (isApiError(e)) return { kind: "status", error: e };
          throw e;
        }
        const node = p.spec?.nodeName ?? "";
        if (node === "")
          return { kind: "status", error: badRequest(`pod ${name} does not have a host assigned`) };
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
      return ctx.run(() => {
        const dial = cluster.network.connect(t.podIP, port);
        return dial.kind === "open" || dial.kind === "answered";
      });
    },

    http(t, port, request) {
      return ctx.run(() => {
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
