/**
 * The fake app a container runs: its ports (declared containerPorts plus the
 * behavior's own) and which of its endpoints are the readiness and liveness
 * endpoints (those the pod's probes check), so the behavior's readiness and
 * liveness answers land where the probes look.
 */
import type { Container, Pod, Probe } from "kubernetes-types/core/v1";
import type { ImageBehavior } from "../images/behavior.js";
import {
  execEndpoint,
  grpcEndpoint,
  httpEndpoint,
  tcpEndpoint,
  type AppSpec,
  type EndpointKey,
} from "../kuberuntime/app.js";
import { resolvePort } from "../prober/prober.js";

function endpointOf(probe: Probe | undefined, c: Container): EndpointKey | undefined {
  if (probe === undefined) return undefined;
  if (probe.httpGet !== undefined) {
    const port = resolvePort(probe.httpGet.port, c);
    if (typeof port !== "number") return undefined;
    const path = probe.httpGet.path ?? "/";
    return httpEndpoint(port, path.startsWith("/") ? path : `/${path}`);
  }
  if (probe.tcpSocket !== undefined) {
    const port = resolvePort(probe.tcpSocket.port, c);
    return typeof port === "number" ? tcpEndpoint(port) : undefined;
  }
  if (probe.exec !== undefined) return execEndpoint(probe.exec.command ?? []);
  if (probe.grpc !== undefined) return grpcEndpoint(probe.grpc.port, probe.grpc.service ?? "");
  return undefined;
}

const set = (...keys: (EndpointKey | undefined)[]): ReadonlySet<EndpointKey> =>
  new Set(keys.filter((k): k is EndpointKey => k !== undefined));

export function appSpecFor(
  pod: Pod,
  c: Container,
  behavior: ImageBehavior,
  podIP: string,
): AppSpec {
  const ports = new Set<number>(behavior.ports);
  for (const p of c.ports ?? []) if ((p.protocol ?? "TCP") === "TCP") ports.add(p.containerPort);
  return {
    behavior,
    ports,
    readinessEndpoints: set(endpointOf(c.readinessProbe, c)),
    livenessEndpoints: set(endpointOf(c.livenessProbe, c), endpointOf(c.startupProbe, c)),
    vars: {
      POD_NAME: pod.metadata?.name ?? "",
      POD_NAMESPACE: pod.metadata?.namespace ?? "",
      POD_IP: podIP,
      HOSTNAME: pod.metadata?.name ?? "",
      IMAGE: c.image ?? "",
      CONTAINER: c.name,
    },
  };
}
