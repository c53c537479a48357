/**
 * The Containers section of describe: per container its ID, image, ports,
 * command, State / Last State, Ready, Restart Count, Limits/Requests,
 * Liveness/Readiness/Startup probes, environment and mounts.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (describeContainers, describeContainersLabel, describeContainerBasicInfo,
 * describeContainerPorts, describeContainerHostPorts, describeContainerCommand,
 * describeResources, describeContainerState, describeContainerProbe,
 * DescribeProbe, describeStatus, describeContainerEnvVars,
 * describeContainerEnvFrom, describeContainerVolumes, EnvValueRetriever) and
 * pkg/util/resource ExtractContainerResourceValue.
 */
import { tryParseQuantity } from "@kubesim/api";
import type {
  Container,
  ContainerState,
  ContainerStatus,
  EnvVar,
  Pod,
  Probe,
  ResourceRequirements,
} from "kubernetes-types/core/v1";
import { compareStrings, printBool, rfc1123z, stringOrNone } from "./format.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from "./prefix-writer.js";

/** A Quantity as Go's String() prints it (canonical), or the raw text when it does not parse. */
export function quantityString(s: string | number | undefined): string {
  if (s === undefined) return "0";
  const text = String(s);
  return tryParseQuantity(text)?.toString() ?? text;
}

/** An IntOrString as Go's String(): the number, or the name. */
const intOrString = (v: number | string | undefined): string => (v === undefined ? "" : String(v));

/** net.JoinHostPort. */
function joinHostPort(host: string, port: string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

const UNESCAPED_PATH = /^[A-Za-z0-9\-_.~$&+,/:;=@]$/;

/** url.URL.EscapedPath for a plain path: everything outside Go's encodePath set becomes %XX. */
function escapePath(path: string): string {
  let out = "";
  for (const ch of path) {
    if (UNESCAPED_PATH.test(ch)) out += ch;
    else
      for (const b of new TextEncoder().encode(ch))
        out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** DescribeProbe: `http-get http://:8000/health delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: Probe): string {
  const attrs =
    `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s ` +
    `period=${probe.periodSeconds ?? 0}s #success=${probe.successThreshold ?? 0} ` +
    `#failure=${probe.failureThreshold ?? 0}`;
  if (probe.exec !== undefined) return `exec [${(probe.exec.command ?? []).join(" ")}] ${attrs}`;
  if (probe.httpGet !== undefined) {
    const g = probe.httpGet;
    const scheme = (g.scheme ?? "").toLowerCase();
    const port = intOrString(g.port);
    const host = port.length > 0 ? joinHostPort(g.host ?? "", port) : (g.host ?? "");
    let url = scheme === "" ? "" : `${scheme}:`;
    if (scheme !== "" || host !== "") url += `//${host}`;
    const path = g.path ?? "";
    if (path !== "" && !path.startsWith("/") && host !== "") url += "/";
    url += escapePath(path);
    return `http-get ${url} ${attrs}`;
  }
  if (probe.tcpSocket !== undefined)
    return `tcp-socket ${probe.tcpSocket.host ?? ""}:${intOrString(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc !== undefined)
    return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

/** describeStatus: one State or Last State block. */
export function describeStatus(
  stateName: string,
  state: ContainerState | undefined,
  w: PrefixWriter,
): void {
  if (state?.running !== undefined) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting !== undefined) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if ((state.waiting.reason ?? "") !== "") w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated !== undefined) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if ((t.reason ?? "") !== "") w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if ((t.message ?? "") !== "") w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

/** describeResources: Limits then Requests, each sorted by resource name. */
export function describeResources(
  resources: ResourceRequirements | undefined,
  w: PrefixWriter,
  level: number,
): void {
  if (resources === undefined) return;
  for (const [title, list] of [
    ["Limits", resources.limits],
    ["Requests", resources.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort(compareStrings);
    if (names.length > 0) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${quantityString(list![name])}\n`);
  }
}

/** Resolves a `fieldRef` env var against the pod (EnvValueRetriever); "" when it cannot. */
export type EnvVarResolver = (e: EnvVar) => string;

/** fieldpath.ExtractFieldPathAsString for the paths the Downward API allows. */
export function envValueRetriever(pod: Pod): EnvVarResolver {
  return (e) => {
    const path = e.valueFrom?.fieldRef?.fieldPath ?? "";
    const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (m !== null) {
      const map = m[1] === "labels" ? pod.metadata?.labels : pod.metadata?.annotations;
      return map?.[m[2]!] ?? "";
    }
    switch (path) {
      case "metadata.name":
        return pod.metadata?.name ?? "";
      case "metadata.namespace":
        return pod.metadata?.namespace ?? "";
      case "metadata.uid":
        return pod.metadata?.uid ?? "";
      case "spec.nodeName":
        return pod.spec?.nodeName ?? "";
      case "spec.serviceAccountName":
        return pod.spec?.serviceAccountName ?? "";
      case "status.hostIP":
        return pod.status?.hostIP ?? "";
      case "status.hostIPs":
        return (pod.status?.hostIPs ?? []).map((i) => i.ip).join(",");
      case "status.podIP":
        return pod.status?.podIP ?? "";
      case "status.podIPs":
        return (pod.status?.podIPs ?? []).map((i) => i.ip).join(",");
      default:
        return "";
    }
  };
}

/** ExtractContainerResourceValue: the value a resourceFieldRef env var gets, or undefined on error. */
function containerResourceValue(e: EnvVar, c: Container): string | undefined {
  const ref = e.valueFrom!.resourceFieldRef!;
  const divisor = tryParseQuantity(String(ref.divisor ?? "0"));
  const div = divisor === undefined || divisor.isZero() ? tryParseQuantity("1")! : divisor;
  const [kind, name] = ref.resource.split(".", 2) as [string, string | undefined];
  if ((kind !== "limits" && kind !== "requests") || name === undefined) return undefined;
  if (!["cpu", "memory", "ephemeral-storage"].includes(name)) return undefined;
  const list = kind === "limits" ? c.resources?.limits : c.resources?.requests;
  const q = tryParseQuantity(String(list?.[name] ?? "0")) ?? tryParseQuantity("0")!;
  // convertResourceCPUToString / convertResourceMemoryToString: ceil(value / divisor).
  const [a, b] = name === "cpu" ? [q.milliValue(), div.milliValue()] : [q.value(), div.value()];
  if (b === 0n) return undefined;
  return String((a + b - 1n) / b);
}

function describeContainerEnvVars(
  c: Container,
  resolve: EnvVarResolver | undefined,
  w: PrefixWriter,
): void {
  const env = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (from === undefined) {
      (e.value ?? "").split("\n").forEach((s, i) => {
        w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`);
      });
      continue;
    }
    if (from.fieldRef !== undefined) {
      const value = resolve === undefined ? "" : resolve(e);
      w.write(
        LEVEL_3,
        `${e.name}:\t${value} (${from.fieldRef.apiVersion ?? ""}:${from.fieldRef.fieldPath})\n`,
      );
    } else if (from.resourceFieldRef !== undefined) {
      let value = containerResourceValue(e, c) ?? "";
      const resource = from.resourceFieldRef.resource;
      if (value === "0" && (resource === "limits.cpu" || resource === "limits.memory"))
        value = "node allocatable";
      w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
    } else if (from.secretKeyRef !== undefined) {
      const r = from.secretKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' in secret '${r.name ?? ""}'>\tOptional: ${r.optional === true}\n`,
      );
    } else if (from.configMapKeyRef !== undefined) {
      const r = from.configMapKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${r.key}' of config map '${r.name ?? ""}'>\tOptional: ${r.optional === true}\n`,
      );
    }
  }
}

function describeContainerEnvFrom(c: Container, w: PrefixWriter): void {
  const envFrom = c.envFrom ?? [];
  w.write(LEVEL_2, `Environment Variables from:${envFrom.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of envFrom) {
    let from = "";
    let name = "";
    let optional = false;
    if (e.configMapRef !== undefined) {
      from = "ConfigMap";
      name = e.configMapRef.name ?? "";
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef !== undefined) {
      from = "Secret";
      name = e.secretRef.name ?? "";
      optional = e.secretRef.optional === true;
    }
    const prefix = e.prefix ?? "";
    w.write(
      LEVEL_3,
      prefix === ""
        ? `${name}\t${from}\tOptional: ${optional}\n`
        : `${name}\t${from} with prefix '${prefix}'\tOptional: ${optional}\n`,
    );
  }
}

function describeContainerVolumes(c: Container, w: PrefixWriter): void {
  const mounts = [...(c.volumeMounts ?? [])].sort((a, b) =>
    compareStrings(a.mountPath, b.mountPath),
  );
  const none = mounts.length === 0 ? "\t<none>" : "";
  w.write(LEVEL_2, `Mounts:${none}\n`);
  for (const m of mounts) {
    const flags = [m.readOnly === true ? "ro" : "rw"];
    if ((m.subPath ?? "") !== "") flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
  }
  const devices = [...(c.volumeDevices ?? [])].sort((a, b) =>
    compareStrings(a.devicePath, b.devicePath),
  );
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/** describeContainers: the `Containers:` (or `Init Containers:`) section. */
export function describeContainers(
  label: string,
  containers: readonly Container[],
  statuses: readonly ContainerStatus[] | undefined,
  resolve: EnvVarResolver | undefined,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  const nameIndent = space.length > 0 ? " " : "";
  for (const c of containers) {
    const status = byName.get(c.name);
    w.write(LEVEL_1, `${nameIndent}${c.name}:\n`);
    if (status !== undefined) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ""}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ""}\n`);
    if (status !== undefined) w.write(LEVEL_2, `Image ID:\t${status.imageID}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? ""}`).join(", ");
    if (ports.includes(",")) w.write(LEVEL_2, `Ports:\t${ports}\n`);
    else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
    const hostPorts = (c.ports ?? [])
      .map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ""}`)
      .join(", ");
    if (hostPorts.includes(",")) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
    else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp !== undefined) {
      w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === "Localhost")
        w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    for (const [title, list] of [
      ["Command", c.command],
      ["Args", c.args],
    ] as const) {
      if (list === undefined || list.length === 0) continue;
      w.write(LEVEL_2, `${title}:\n`);
      for (const item of list) for (const s of item.split("\n")) w.write(LEVEL_3, `${s}\n`);
    }
    if (status !== undefined) {
      describeStatus("State", status.state, w);
      if (status.lastState?.terminated !== undefined)
        describeStatus("Last State", status.lastState, w);
      w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount}\n`);
    }
    describeResources(c.resources ?? {}, w, LEVEL_2);
    if (c.livenessProbe !== undefined)
      w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe !== undefined)
      w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe !== undefined)
      w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if ((c.envFrom ?? []).length > 0) describeContainerEnvFrom(c, w);
    describeContainerEnvVars(c, resolve, w);
    describeContainerVolumes(c, w);
  }
}
