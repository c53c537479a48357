/**
 * `kubectl describe service`: type, IPs, ports with their endpoints (read
 * from the Service's EndpointSlices, as kubectl 1.33 does), session
 * affinity, traffic policies and events.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeService,
 * buildIngressString, formatEndpointSlices).
 */
import type { Millis } from "kubesim";
import type { Event, LoadBalancerIngress, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { describeEvents } from "./events.js";
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, tabbedString } from "./prefix-writer.js";

/** net.JoinHostPort. */
const joinHostPort = (host: string, port: number): string =>
  host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;

/**
 * formatEndpointSlices: the ready endpoints `ip:port` of the named ports
 * (undefined for all ports), at most three, then `+ N more...`; `<none>`
 * without slices.
 */
export function formatEndpointSlices(
  slices: readonly EndpointSlice[],
  ports: ReadonlySet<string> | undefined,
): string {
  if (slices.length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  const ready = (c: { ready?: boolean } | undefined) => c?.ready === undefined || c.ready;
  for (const s of slices) {
    if ((s.ports ?? []).length === 0) {
      for (const ep of s.endpoints) {
        if (list.length === max) more = true;
        if (!ready(ep.conditions)) continue;
        if (!more) list.push(ep.addresses[0] ?? "");
        count++;
      }
      continue;
    }
    for (const port of s.ports ?? []) {
      if (ports !== undefined && !ports.has(port.name ?? "")) continue;
      for (const ep of s.endpoints) {
        if (list.length === max) more = true;
        if (!ready(ep.conditions)) continue;
        if (!more) list.push(joinHostPort(ep.addresses[0] ?? "", port.port ?? 0));
        count++;
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** buildIngressString: load-balancer IPs (with their ipMode) or hostnames. */
function buildIngressString(ingress: readonly LoadBalancerIngress[]): string {
  return ingress
    .map((i) =>
      (i.ip ?? "") !== ""
        ? `${i.ip}${i.ipMode === undefined ? "" : ` (${i.ipMode})`}`
        : (i.hostname ?? ""),
    )
    .join(", ");
}

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/** The EndpointSlices of a Service (label kubernetes.io/service-name). */
export function serviceEndpointSlices(
  service: Service,
  slices: readonly EndpointSlice[],
): EndpointSlice[] {
  const name = service.metadata?.name;
  const ns = service.metadata?.namespace;
  return slices.filter(
    (s) =>
      s.metadata?.namespace === ns && s.metadata?.labels?.["kubernetes.io/service-name"] === name,
  );
}

export function describeService(
  service: Service,
  slices: readonly EndpointSlice[],
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  return tabbedString((w) => {
    const spec = service.spec;
    w.write(LEVEL_0, `Name:\t${service.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${service.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", service.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", service.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec?.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec?.type ?? ""}\n`);
    if (spec?.ipFamilyPolicy !== undefined)
      w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families = spec?.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(",") : "<none>"}\n`);
    w.write(LEVEL_0, `IP:\t${spec?.clusterIP ?? ""}\n`);
    const ips = spec?.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(",") : "<none>"}\n`);
    if ((spec?.externalIPs ?? []).length > 0)
      w.write(LEVEL_0, `External IPs:\t${spec!.externalIPs!.join(",")}\n`);
    if ((spec?.loadBalancerIP ?? "") !== "")
      w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec!.loadBalancerIP}\n`);
    if ((spec?.externalName ?? "") !== "")
      w.write(LEVEL_0, `External Name:\t${spec!.externalName}\n`);
    const lb = service.status?.loadBalancer?.ingress ?? [];
    if (lb.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${buildIngressString(lb)}\n`);
    for (const sp of spec?.ports ?? []) {
      const name = (sp.name ?? "") === "" ? "<unset>" : sp.name!;
      const protocol = sp.protocol ?? "";
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? 0}/${protocol}\n`);
      if ((sp.nodePort ?? 0) !== 0)
        w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([sp.name ?? ""]))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec?.sessionAffinity ?? ""}\n`);
    if ((spec?.externalTrafficPolicy ?? "") !== "")
      w.write(LEVEL_0, `External Traffic Policy:\t${spec!.externalTrafficPolicy}\n`);
    if (spec?.internalTrafficPolicy !== undefined)
      w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if ((spec?.healthCheckNodePort ?? 0) !== 0)
      w.write(LEVEL_0, `HealthCheck NodePort:\t${spec!.healthCheckNodePort}\n`);
    if ((spec?.loadBalancerSourceRanges ?? []).length > 0)
      w.write(
        LEVEL_0,
        `LoadBalancer Source Ranges:\t${spec!.loadBalancerSourceRanges!.join(",")}\n`,
      );
    if (events !== undefined) describeEvents(events, w, now);
  });
}
