/**
 * `kubectl describe ingress`: address, class, default backend, TLS, the
 * Host/Path/Backends rules with each backend's endpoints, annotations and
 * events.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (describeIngressV1, describeBackendV1, describeIngressTLSV1,
 * serviceBackendStringer, ingressLoadBalancerStatusStringerV1).
 */
import type { Millis } from "kubesim";
import type { Event, Service } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type {
  Ingress,
  IngressBackend,
  IngressServiceBackend,
} from "kubernetes-types/networking/v1";
import { describeEvents } from "./events.js";
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from "./prefix-writer.js";
import { formatEndpointSlices } from "./service.js";

/** The Services and EndpointSlices of the ingress's namespace, for its backends. */
export interface IngressBackends {
  readonly services: readonly Service[];
  readonly endpointSlices: readonly EndpointSlice[];
}

/** serviceBackendStringer: `name:port`. */
function serviceBackendString(b: IngressServiceBackend): string {
  const port = (b.port?.number ?? 0) !== 0 ? String(b.port!.number) : (b.port?.name ?? "");
  return `${b.name}:${port}`;
}

/** ingressLoadBalancerStatusStringerV1 (wide): the sorted, distinct IPs or hostnames. */
export function ingressAddress(ing: Ingress): string {
  const set = new Set<string>();
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if ((i.ip ?? "") !== "") set.add(i.ip!);
    else if ((i.hostname ?? "") !== "") set.add(i.hostname!);
  }
  return [...set].sort(compareStrings).join(",");
}

function describeBackend(ns: string, backend: IngressBackend, lookup: IngressBackends): string {
  if (backend.service !== undefined) {
    const sb = serviceBackendString(backend.service);
    const name = backend.service.name;
    const slices = lookup.endpointSlices.filter(
      (s) =>
        s.metadata?.namespace === ns && s.metadata?.labels?.["kubernetes.io/service-name"] === name,
    );
    const service = lookup.services.find(
      (s) => s.metadata?.namespace === ns && s.metadata?.name === name,
    );
    if (service === undefined) return `${sb} (<error: services "${name}" not found>)`;
    let spName = "";
    for (const sp of service.spec?.ports ?? []) {
      const number = backend.service.port?.number ?? 0;
      const portName = backend.service.port?.name ?? "";
      if (number !== 0 && number === sp.port) spName = sp.name ?? "";
      else if (portName !== "" && portName === sp.name) spName = sp.name ?? "";
    }
    return `${sb} (${formatEndpointSlices(slices, new Set([spName]))})`;
  }
  if (backend.resource !== undefined) {
    const r = backend.resource;
    return `APIGroup: ${r.apiGroup ?? "<none>"}, Kind: ${r.kind}, Name: ${r.name}`;
  }
  return "";
}

export function describeIngress(
  ing: Ingress,
  lookup: IngressBackends,
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  return tabbedString((w) => {
    const ns = ing.metadata?.namespace ?? "";
    w.write(LEVEL_0, `Name:\t${ing.metadata?.name ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ing.metadata?.labels);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    w.write(LEVEL_0, `Address:\t${ingressAddress(ing)}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${ing.spec?.ingressClassName ?? "<none>"}\n`);
    const def = ing.spec?.defaultBackend;
    const defaultBackend = def === undefined ? "<default>" : describeBackend(ns, def, lookup);
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    const tls = ing.spec?.tls ?? [];
    if (tls.length > 0) {
      w.write(LEVEL_0, "TLS:\n");
      for (const t of tls) {
        const hosts = (t.hosts ?? []).join(",");
        if ((t.secretName ?? "") === "") w.write(LEVEL_1, `SNI routes ${hosts}\n`);
        else w.write(LEVEL_1, `${t.secretName} terminates ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, "Rules:\n  Host\tPath\tBackends\n");
    w.write(LEVEL_1, "----\t----\t--------\n");
    let count = 0;
    for (const rule of ing.spec?.rules ?? []) {
      if (rule.http === undefined) continue;
      count++;
      const host = (rule.host ?? "") === "" ? "*" : rule.host!;
      w.write(LEVEL_1, `${host}\t\n`);
      for (const p of rule.http.paths)
        w.write(LEVEL_2, `\t${p.path ?? ""} \t${describeBackend(ns, p.backend, lookup)}\n`);
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotationsMultiline(w, "Annotations", ing.metadata?.annotations);
    if (events !== undefined) describeEvents(events, w, now);
  });
}
