/**
 * resolve: one DNS question answered as CoreDNS's kubernetes plugin answers it
 * (coredns plugin/kubernetes/kubernetes.go Records, findServices, findPods;
 * plugin/backend_lookup.go A, SRV; plugin/kubernetes/object/endpoint.go for
 * which endpoints count). Names outside the cluster domain get NXDOMAIN: the
 * simulator has no upstream resolver behind CoreDNS's `forward` plugin.
 */
import { canonicalName, inZone, parseRequest } from "./parse-request.js";
import type { RecordRequest } from "./parse-request.js";
import type { ClusterDnsView, DnsRecord, DnsResponse, DnsType } from "./types.js";
import { endpointSets, endpointHostname } from "./endpoints.js";

export const defaultClusterDomain = "cluster.local";

/** CoreDNS's maxCnameChainLength. */
const maxCnameChainLength = 10;

/** One msg.Service of CoreDNS: an address or CNAME target, a port, the owner name it stands for. */
interface Backend {
  readonly host: string;
  readonly port: number;
  /** msg.Domain(Key): the name an SRV record points at. */
  readonly domain: string;
  readonly cname: boolean;
}

type Found = readonly Backend[] | "NXDOMAIN";

const nxdomain = (authoritative: boolean): DnsResponse => ({
  rcode: "NXDOMAIN",
  authoritative,
  answer: [],
});

/** Answer `type` records for `name` (with or without a trailing dot). */
export function resolve(name: string, view: ClusterDnsView, type: DnsType = "A"): DnsResponse {
  const qname = name.endsWith(".") ? name.slice(0, -1) : name;
  const zone = canonicalName(view.clusterDomain ?? defaultClusterDomain);
  const lower = canonicalName(name);
  if (!inZone(lower, zone)) return nxdomain(false);
  const found = records(lower, zone, view);
  if (found === "NXDOMAIN") return nxdomain(true);
  let answer: readonly DnsRecord[];
  switch (type) {
    case "A":
    case "AAAA":
      answer = addressRecords(qname, found, zone, view, type, []) ?? [];
      break;
    case "SRV":
      answer = srvRecords(qname, found);
      break;
    case "CNAME": {
      const c = found.find((b) => b.cname);
      answer = c === undefined ? [] : [{ type: "CNAME", name: qname, target: c.host }];
      break;
    }
  }
  return { rcode: "NOERROR", authoritative: true, answer };
}

/** backend_lookup.go A / AAAA: addresses, following CNAMEs that stay inside the zone. */
function addressRecords(
  qname: string,
  found: readonly Backend[],
  zone: string,
  view: ClusterDnsView,
  type: "A" | "AAAA",
  previous: readonly string[],
): DnsRecord[] {
  const out: DnsRecord[] = [];
  const seen = new Set<string>();
  for (const b of found) {
    if (b.cname) {
      const target = canonicalName(b.host);
      if (target === canonicalName(qname)) continue; // x CNAME x
      if (previous.length > maxCnameChainLength || previous.includes(target)) continue;
      const cname: DnsRecord = { type: "CNAME", name: qname, target: b.host.replace(/\.$/, "") };
      if (inZone(target, zone)) {
        const next = records(target, zone, view);
        if (next === "NXDOMAIN") continue;
        const rest = addressRecords(cname.target, next, zone, view, type, [...previous, target]);
        if (rest.length > 0) out.push(cname, ...rest);
        continue;
      }
      // Out of the zone CoreDNS asks its upstream, which in the simulator
      // knows nothing: the CNAME alone is the answer.
      out.push(cname);
      continue;
    }
    if (type === "A" && isIPv4(b.host) && !seen.has(b.host)) {
      seen.add(b.host);
      out.push({ type: "A", name: qname, address: b.host });
    }
  }
  return out;
}

/** backend_lookup.go SRV (CNAME backends are dropped for SRV, kubernetes.go Services). */
function srvRecords(qname: string, found: readonly Backend[]): DnsRecord[] {
  const internal = found.filter((b) => !b.cname);
  const weight = Math.max(1, Math.floor(100 / Math.max(1, internal.length)));
  const out: DnsRecord[] = [];
  const seen = new Set<string>();
  for (const b of internal) {
    if (b.port === -1) continue;
    const key = `${b.domain}:${b.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: "SRV", name: qname, priority: 0, weight, port: b.port, target: b.domain });
  }
  return out;
}

/** kubernetes.go Records: the backends for a canonical in-zone name. */
function records(name: string, zone: string, view: ClusterDnsView): Found {
  const r = parseRequest(name, zone);
  if (r === undefined) return "NXDOMAIN";
  if (r.podOrSvc === "") return [];
  if (!namespaceExists(view, r.namespace)) return "NXDOMAIN";
  return r.podOrSvc === "pod" ? findPods(r, view) : findServices(r, zone, view);
}

function findPods(r: RecordRequest, view: ClusterDnsView): Found {
  const mode = view.podMode ?? "insecure";
  if (mode === "disabled") return "NXDOMAIN";
  if (r.service === "") return [];
  const podname = r.service;
  if (!(podname.split("-").length === 4 && !podname.includes("--"))) return "NXDOMAIN";
  const ip = podname.replaceAll("-", ".");
  if (!isIPv4(ip)) return "NXDOMAIN";
  const backend: Backend = { host: ip, port: 0, domain: "", cname: false };
  if (mode === "insecure") return [backend];
  const match = (view.pods ?? []).some(
    (p) =>
      p.metadata?.namespace?.toLowerCase() === r.namespace &&
      (p.status?.podIP === ip || (p.status?.podIPs ?? []).some((x) => x.ip === ip)),
  );
  return match ? [backend] : "NXDOMAIN";
}

function findServices(r: RecordRequest, zone: string, view: ClusterDnsView): Found {
  if (r.service === "") return [];
  const out: Backend[] = [];
  let found = false;
  for (const svc of view.services) {
    const svcName = (svc.metadata?.name ?? "").toLowerCase();
    const svcNs = (svc.metadata?.namespace ?? "default").toLowerCase();
    if (svcName !== r.service || svcNs !== r.namespace) continue;
    const svcDomain = `${svcName}.${svcNs}.svc.${zone}`;
    const spec = svc.spec ?? {};
    if (spec.type === "ExternalName") {
      if (r.endpoint !== "" || r.port !== "" || r.protocol !== "") continue;
      const host = spec.externalName ?? "";
      if (host !== "" && !isIPv4(host) && !host.includes(":")) {
        out.push({ host, port: 0, domain: svcDomain, cname: true });
        found = true;
      }
      continue;
    }
    if (spec.clusterIP === "None" || r.endpoint !== "") {
      for (const set of endpointSets(view, svcName, svcNs)) {
        for (const addr of set.addresses) {
          const host = endpointHostname(addr);
          if (r.endpoint !== "" && r.endpoint !== host.toLowerCase()) continue;
          for (const p of set.ports) {
            if (!matchPortAndProtocol(r, p.name, p.protocol)) continue;
            out.push({ host: addr.ip, port: p.port, domain: `${host}.${svcDomain}`, cname: false });
            found = true;
          }
        }
      }
      continue;
    }
    const ips = spec.clusterIPs ?? (spec.clusterIP === undefined ? [] : [spec.clusterIP]);
    for (const p of spec.ports ?? []) {
      if (!matchPortAndProtocol(r, p.name ?? "", p.protocol ?? "TCP")) continue;
      found = true;
      for (const ip of ips) out.push({ host: ip, port: p.port, domain: svcDomain, cname: false });
    }
  }
  return found ? out : "NXDOMAIN";
}

function matchPortAndProtocol(r: RecordRequest, port: string, protocol: string): boolean {
  return (
    (r.port === "" || r.port === port.toLowerCase()) &&
    (r.protocol === "" || r.protocol === protocol.toLowerCase())
  );
}

const alwaysThere = ["default", "kube-system", "kube-public", "kube-node-lease"];

function namespaceExists(view: ClusterDnsView, ns: string): boolean {
  if (view.namespaces !== undefined) return view.namespaces.some((n) => n.toLowerCase() === ns);
  if (alwaysThere.includes(ns)) return true;
  const all = [
    ...view.services,
    ...(view.endpointSlices ?? []),
    ...(view.endpoints ?? []),
    ...(view.pods ?? []),
  ];
  return all.some((o) => (o.metadata?.namespace ?? "default").toLowerCase() === ns);
}

/** Dotted-quad IPv4 as Go's net.ParseIP accepts it (no leading zeros). */
export function isIPv4(s: string): boolean {
  const parts = s.split(".");
  return (
    parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)
  );
}
