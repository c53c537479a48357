/**
 * The "Pod Template:" block that `kubectl rollout history --revision=N`
 * prints. Mirrors kubectl pkg/describe/describe.go (DescribePodTemplate,
 * describeContainers, describeVolumes, printLabelsMultiline,
 * printAnnotationsMultiline, printPodTolerationsMultiline, DescribeProbe)
 * written through a bare PrefixWriter: the tabs stay tabs, as they do in
 * kubectl's own output for this command (no tabwriter in between).
 */
import { formatLabelSelector, tryParseQuantity } from "@kubesim/api";
import type {
  Container,
  EnvVar,
  PodTemplateSpec,
  Probe,
  Toleration,
  Volume,
} from "kubernetes-types/core/v1";

/** describe.prefixWriter: two spaces per level. */
class PrefixWriter {
  text = "";
  write(level: number, s: string): void {
    this.text += "  ".repeat(level) + s;
  }
  line(s: string): void {
    this.text += `${s}\n`;
  }
}

/** Go's len(): UTF-8 bytes. */
const byteLength = (s: string): number => new TextEncoder().encode(s).length;

const MAX_ANNOTATION_LEN = 140;
const SKIP_ANNOTATIONS = new Set(["kubectl.kubernetes.io/last-applied-configuration"]);

/** resource.Quantity.String() of a stored quantity (its canonical form). */
function quantity(s: string | number | undefined): string {
  if (s === undefined) return "0";
  const text = String(s);
  return tryParseQuantity(text)?.canonical() ?? text;
}

const sortedKeys = (m: Readonly<Record<string, unknown>>): string[] =>
  Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Readonly<Record<string, string>> | undefined,
): void {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(labels ?? {});
  if (keys.length === 0) {
    w.line("<none>");
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, "\t");
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Readonly<Record<string, string>>,
): void {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => !SKIP_ANNOTATIONS.has(k));
  if (keys.length === 0) {
    w.line("<none>");
    return;
  }
  keys.forEach((k, i) => {
    if (i !== 0) w.write(0, "\t");
    const value = (annotations[k] ?? "").replace(/\n$/, "");
    if (byteLength(value) + byteLength(k) + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(0, `${k}:\n`);
      for (const s of value.split("\n")) {
        const short =
          s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s;
        w.write(0, `\t  ${short}\n`);
      }
    } else {
      w.write(0, `${k}: ${value}\n`);
    }
  });
}

function printTolerations(
  w: PrefixWriter,
  title: string,
  tolerations: readonly Toleration[],
): void {
  w.write(0, `${title}:\t`);
  if (tolerations.length === 0) {
    w.line("<none>");
    return;
  }
  const sorted = [...tolerations].sort((a, b) => {
    const ka = a.key ?? "";
    const kb = b.key ?? "";
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(0, "\t");
    w.write(0, t.key ?? "");
    if ((t.value ?? "") !== "") w.write(0, `=${t.value}`);
    if ((t.effect ?? "") !== "") w.write(0, `:${t.effect}`);
    if (t.operator === "Exists" && (t.value ?? "") === "") {
      w.write(0, (t.key ?? "") !== "" || (t.effect ?? "") !== "" ? " op=Exists" : "op=Exists");
    }
    if (t.tolerationSeconds !== undefined) w.write(0, ` for ${t.tolerationSeconds}s`);
    w.write(0, "\n");
  });
}

/** DescribeProbe: `http-get http://:8000/ready delay=5s timeout=1s period=5s #success=1 #failure=3`. */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec !== undefined) return `exec [${(p.exec.command ?? []).join(" ")}] ${attrs}`;
  if (p.httpGet !== undefined) {
    const scheme = (p.httpGet.scheme ?? "").toLowerCase();
    const port = String(p.httpGet.port);
    const host = p.httpGet.host ?? "";
    const hostPort =
      port === "" ? host : host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
    const url = `${scheme === "" ? "" : `${scheme}:`}//${hostPort}${p.httpGet.path ?? ""}`;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket !== undefined)
    return `tcp-socket ${p.tcpSocket.host ?? ""}:${String(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc !== undefined) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ""} ${attrs}`;
  return `unknown ${attrs}`;
}

/** ExtractContainerResourceValue for a resourceFieldRef (divisor applied, rounded up). */
function containerResourceValue(e: EnvVar, c: Container): string {
  const ref = e.valueFrom!.resourceFieldRef!;
  const [kind, name] = ref.resource.split(".") as [string, string | undefined];
  const source = kind === "limits" ? c.resources?.limits : c.resources?.requests;
  const q = tryParseQuantity(String(source?.[name ?? ""] ?? "0"));
  const divisor = tryParseQuantity(String(ref.divisor ?? "1"));
  if (q === undefined || divisor === undefined || divisor.isZero()) return "";
  const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;
  if (name === "cpu") return String(ceilDiv(q.milliValue(), divisor.milliValue()));
  return String(ceilDiv(q.value(), divisor.value()));
}

function describeContainers(
  w: PrefixWriter,
  label: string,
  containers: readonly Container[],
  space: string,
): void {
  w.write(0, `${space}${label}:${containers.length === 0 ? " <none>" : ""}\n`);
  const nameIndent = space === "" ? "" : " ";
  for (const c of containers) {
    w.write(1, `${nameIndent}${c.name}:\n`);
    w.write(2, `Image:\t${c.image ?? ""}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? ""}`).join(", ");
    const hostPorts = (c.ports ?? [])
      .map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ""}`)
      .join(", ");
    if (ports.includes(",")) w.write(2, `Ports:\t${ports}\n`);
    else w.write(2, `Port:\t${ports === "" ? "<none>" : ports}\n`);
    if (hostPorts.includes(",")) w.write(2, `Host Ports:\t${hostPorts}\n`);
    else w.write(2, `Host Port:\t${hostPorts === "" ? "<none>" : hostPorts}\n`);
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp !== undefined) {
      w.write(2, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === "Localhost")
        w.write(3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    for (const [title, words] of [
      ["Command", c.command],
      ["Args", c.args],
    ] as const) {
      if (words === undefined || words.length === 0) continue;
      w.write(2, `${title}:\n`);
      for (const word of words) for (const s of word.split("\n")) w.write(3, `${s}\n`);
    }
    for (const [title, list] of [
      ["Limits", c.resources?.limits],
      ["Requests", c.resources?.requests],
    ] as const) {
      if (list === undefined || Object.keys(list).length === 0) continue;
      w.write(2, `${title}:\n`);
      for (const name of sortedKeys(list)) w.write(3, `${name}:\t${quantity(list[name])}\n`);
    }
    if (c.livenessProbe !== undefined) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe !== undefined)
      w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe !== undefined) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if ((c.envFrom ?? []).length > 0) {
      w.write(2, "Environment Variables from:\n");
      for (const e of c.envFrom ?? []) {
        const from =
          e.configMapRef !== undefined ? "ConfigMap" : e.secretRef !== undefined ? "Secret" : "";
        const ref = e.configMapRef ?? e.secretRef;
        const optional = ref?.optional === true;
        const prefix = e.prefix ?? "";
        if (prefix === "") w.write(3, `${ref?.name ?? ""}\t${from}\tOptional: ${optional}\n`);
        else
          w.write(
            3,
            `${ref?.name ?? ""}\t${from} with prefix '${prefix}'\tOptional: ${optional}\n`,
          );
      }
    }
    const env = c.env ?? [];
    w.write(2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
    for (const e of env) {
      const from = e.valueFrom;
      if (from === undefined) {
        (e.value ?? "").split("\n").forEach((s, i) => {
          if (i === 0) w.write(3, `${e.name}:\t${s}\n`);
          else w.write(3, `\t${s}\n`);
        });
      } else if (from.fieldRef !== undefined) {
        w.write(3, `${e.name}:\t (${from.fieldRef.apiVersion ?? ""}:${from.fieldRef.fieldPath})\n`);
      } else if (from.resourceFieldRef !== undefined) {
        let value = containerResourceValue(e, c);
        const r = from.resourceFieldRef.resource;
        if (value === "0" && (r === "limits.cpu" || r === "limits.memory"))
          value = "node allocatable";
        w.write(3, `${e.name}:\t${value} (${r})\n`);
      } else if (from.secretKeyRef !== undefined) {
        const optional = from.secretKeyRef.optional === true;
        w.write(
          3,
          `${e.name}:\t<set to the key '${from.secretKeyRef.key}' in secret '${from.secretKeyRef.name ?? ""}'>\tOptional: ${optional}\n`,
        );
      } else if (from.configMapKeyRef !== undefined) {
        const optional = from.configMapKeyRef.optional === true;
        w.write(
          3,
          `${e.name}:\t<set to the key '${from.configMapKeyRef.key}' of config map '${from.configMapKeyRef.name ?? ""}'>\tOptional: ${optional}\n`,
        );
      }
    }
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) =>
      a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
    );
    w.write(2, `Mounts:${mounts.length === 0 ? "\t<none>" : ""}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly === true ? "ro" : "rw"];
      if ((m.subPath ?? "") !== "") flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(",")})\n`);
    }
    const devices = c.volumeDevices ?? [];
    if (devices.length > 0) {
      w.write(2, "Devices:\n");
      for (const d of [...devices].sort((a, b) => (a.devicePath < b.devicePath ? -1 : 1)))
        w.write(3, `${d.devicePath} from ${d.name}\n`);
    }
  }
}

const optionalPtr = (b: boolean | undefined): string => (b === undefined ? "<nil>" : String(b));

function describeVolume(w: PrefixWriter, v: Volume): void {
  if (v.hostPath !== undefined) {
    w.write(
      2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? "<none>"}\n`,
    );
  } else if (v.emptyDir !== undefined) {
    const limit = v.emptyDir.sizeLimit;
    const size =
      limit !== undefined && (tryParseQuantity(String(limit))?.sign() ?? 0) > 0
        ? quantity(limit)
        : "<unset>";
    w.write(
      2,
      `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ""}\n    SizeLimit:\t${size}\n`,
    );
  } else if (v.secret !== undefined) {
    w.write(
      2,
      `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ""}\n    Optional:\t${v.secret.optional === true}\n`,
    );
  } else if (v.configMap !== undefined) {
    w.write(
      2,
      `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ""}\n    Optional:\t${v.configMap.optional === true}\n`,
    );
  } else if (v.persistentVolumeClaim !== undefined) {
    w.write(
      2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
    );
  } else if (v.downwardAPI !== undefined) {
    w.write(
      2,
      "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n",
    );
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef !== undefined) w.write(3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef !== undefined)
        w.write(3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.projected !== undefined) {
    w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
    for (const s of v.projected.sources ?? []) {
      if (s.secret !== undefined)
        w.write(
          2,
          `SecretName:\t${s.secret.name ?? ""}\n    SecretOptionalName:\t${optionalPtr(s.secret.optional)}\n`,
        );
      else if (s.downwardAPI !== undefined) w.write(2, "DownwardAPI:\ttrue\n");
      else if (s.configMap !== undefined)
        w.write(
          2,
          `ConfigMapName:\t${s.configMap.name ?? ""}\n    ConfigMapOptional:\t${optionalPtr(s.configMap.optional)}\n`,
        );
      else if (s.serviceAccountToken !== undefined)
        w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`);
    }
  } else {
    w.write(1, "<unknown>\n");
  }
}

/** DescribePodTemplate, as text. */
export function describePodTemplate(template: PodTemplateSpec | undefined): string {
  const w = new PrefixWriter();
  w.write(0, "Pod Template:\n");
  if (template === undefined) {
    w.write(1, "<unset>");
    return w.text;
  }
  const spec = template.spec;
  printLabelsMultiline(w, "  Labels", template.metadata?.labels);
  const annotations = template.metadata?.annotations ?? {};
  if (Object.keys(annotations).length > 0)
    printAnnotationsMultiline(w, "  Annotations", annotations);
  if ((spec?.serviceAccountName ?? "") !== "")
    w.write(1, `Service Account:\t${spec?.serviceAccountName}\n`);
  if ((spec?.initContainers ?? []).length > 0)
    describeContainers(w, "Init Containers", spec?.initContainers ?? [], "  ");
  describeContainers(w, "Containers", spec?.containers ?? [], "  ");
  const volumes = spec?.volumes ?? [];
  if (volumes.length === 0) w.write(0, "  Volumes:\t<none>\n");
  else {
    w.write(0, "  Volumes:\n");
    for (const v of volumes) {
      w.write(1, ` ${v.name}:\n`);
      describeVolume(w, v);
    }
  }
  const tscs = [...(spec?.topologySpreadConstraints ?? [])].sort((a, b) =>
    a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0,
  );
  if (tscs.length > 0) {
    w.write(0, "  Topology Spread Constraints:\t");
    tscs.forEach((t, i) => {
      if (i !== 0) w.write(0, "  \t");
      w.write(0, `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded`);
      if (t.labelSelector !== undefined)
        w.write(0, ` for selector ${formatLabelSelector(t.labelSelector)}`);
      w.write(0, "\n");
    });
  }
  if ((spec?.priorityClassName ?? "") !== "")
    w.write(1, `Priority Class Name:\t${spec?.priorityClassName}\n`);
  printLabelsMultiline(w, "  Node-Selectors", spec?.nodeSelector);
  printTolerations(w, "  Tolerations", spec?.tolerations ?? []);
  return w.text;
}
