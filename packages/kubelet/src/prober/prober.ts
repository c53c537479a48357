/**
 * Executing one probe (pkg/kubelet/prober/prober.go runProbe, pkg/probe/http,
 * pkg/probe/tcp, pkg/probe/exec, pkg/probe/grpc): an httpGet, tcpSocket or
 * grpc probe dials the pod IP over the pod network; an exec probe runs in the
 * container. The outcome carries the result, the output the events quote,
 * and how long the probe took (its latency, or the timeout).
 */
import type { Dial, HttpRequest } from "@kubesim/network";
import type { Millis } from "@kubesim/sim";
import type { Container, Probe } from "kubernetes-types/core/v1";

/** The version kube-probe/<major>.<minor> names in its User-Agent. */
export const KUBE_PROBE_VERSION = "1.31";

export interface ProbeOutcome {
  /** Warning is an HTTP 3xx: it counts as success, with a ProbeWarning event. */
  readonly result: "Success" | "Failure" | "Warning";
  readonly output: string;
  readonly duration: Millis;
}

export interface ProbeError {
  readonly error: string;
}

/** How the prober reaches the container. */
export interface ProbeTarget {
  readonly podIP: string;
  readonly container: Container;
  connect(port: number): Dial;
  http(port: number, request: HttpRequest): Dial;
  exec(command: readonly string[]): { exitCode: number; output: string; latency: Millis };
  grpc(port: number, service: string): Dial & { serving?: boolean };
}

/** Named ports resolve against the container's ports (pkg/kubelet/prober/prober.go findPortByName). */
export function resolvePort(
  port: number | string | undefined,
  container: Container,
): number | ProbeError {
  if (typeof port === "number") {
    if (port < 1 || port > 65535) return { error: `invalid port number: ${port}` };
    return port;
  }
  const name = port ?? "";
  for (const p of container.ports ?? []) if (p.name === name) return p.containerPort;
  const n = Number(name);
  if (/^\d+$/.test(name) && n >= 1 && n <= 65535) return n;
  return { error: `couldn't find port: ${name} in ${containerForMessage(container)}` };
}

function containerForMessage(c: Container): string {
  return `{${c.name} ${c.image ?? ""}}`;
}

const timeoutOf = (probe: Probe): Millis => (probe.timeoutSeconds ?? 1) * 1000;

export function runProbe(probe: Probe, target: ProbeTarget): ProbeOutcome | ProbeError {
  const timeout = timeoutOf(probe);
  if (probe.httpGet !== undefined) {
    const port = resolvePort(probe.httpGet.port, target.container);
    if (typeof port !== "number") return port;
    const host = probe.httpGet.host ?? target.podIP;
    const scheme = (probe.httpGet.scheme ?? "HTTP").toLowerCase();
    let path = probe.httpGet.path ?? "/";
    if (!path.startsWith("/")) path = `/${path}`;
    const url = `${scheme}://${host}:${port}${path}`;
    const headers: Record<string, string> = {
      "User-Agent": `kube-probe/${KUBE_PROBE_VERSION}`,
      Accept: "*/*",
    };
    for (const h of probe.httpGet.httpHeaders ?? []) headers[h.name] = h.value;
    const dial = target.http(port, { method: "GET", path, headers, source: "kubelet" });
    switch (dial.kind) {
      case "refused":
        return {
          result: "Failure",
          output: `Get "${url}": dial tcp ${host}:${port}: connect: connection refused`,
          duration: 0,
        };
      case "unreachable":
      case "open":
        return {
          result: "Failure",
          output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
          duration: timeout,
        };
      case "answered": {
        if (dial.latency > timeout)
          return {
            result: "Failure",
            output: `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
            duration: timeout,
          };
        const { status, body } = dial.response;
        const output = body.slice(0, 10 * 1024);
        if (status >= 200 && status < 300)
          return { result: "Success", output, duration: dial.latency };
        if (status >= 300 && status < 400)
          return { result: "Warning", output, duration: dial.latency };
        return {
          result: "Failure",
          output: `HTTP probe failed with statuscode: ${status}`,
          duration: dial.latency,
        };
      }
    }
  }
  if (probe.tcpSocket !== undefined) {
    const port = resolvePort(probe.tcpSocket.port, target.container);
    if (typeof port !== "number") return port;
    const host = probe.tcpSocket.host ?? target.podIP;
    const dial = target.connect(port);
    if (dial.kind === "refused")
      return {
        result: "Failure",
        output: `dial tcp ${host}:${port}: connect: connection refused`,
        duration: 0,
      };
    if (dial.kind === "unreachable" || (dial.kind === "open" && dial.latency > timeout))
      return {
        result: "Failure",
        output: `dial tcp ${host}:${port}: i/o timeout`,
        duration: timeout,
      };
    return { result: "Success", output: "", duration: dial.kind === "open" ? dial.latency : 0 };
  }
  if (probe.exec !== undefined) {
    const command = probe.exec.command ?? [];
    const r = target.exec(command);
    if (r.latency > timeout)
      return {
        result: "Failure",
        output: `command ${JSON.stringify(command.join(" "))} timed out`,
        duration: timeout,
      };
    return r.exitCode === 0
      ? { result: "Success", output: r.output, duration: r.latency }
      : { result: "Failure", output: r.output, duration: r.latency };
  }
  if (probe.grpc !== undefined) {
    const port = probe.grpc.port;
    const service = probe.grpc.service ?? "";
    const dial = target.grpc(port, service);
    const addr = `${target.podIP}:${port}`;
    const seconds = probe.timeoutSeconds ?? 1;
    if (
      dial.kind === "refused" ||
      dial.kind === "unreachable" ||
      (dial.kind === "answered" && dial.latency > timeout)
    )
      return {
        result: "Failure",
        output: `timeout: failed to connect service ${JSON.stringify(addr)} within ${seconds}s`,
        duration: timeout,
      };
    const latency = dial.kind === "answered" || dial.kind === "open" ? dial.latency : 0;
    return dial.serving === true
      ? { result: "Success", output: "", duration: latency }
      : {
          result: "Failure",
          output: `service unhealthy (responded with "NOT_SERVING")`,
          duration: latency,
        };
  }
  return { error: "missing probe handler" };
}
