/**
 * parseRequest: how CoreDNS's kubernetes plugin reads a name inside its zone
 * (coredns plugin/kubernetes/parse.go, no multicluster, no zonal names):
 * [[_port._proto.]|[endpoint.]]service.namespace.(svc|pod).zone
 */

/** The parts of a name below the zone; all lower case. */
export interface RecordRequest {
  readonly port: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly service: string;
  readonly namespace: string;
  /** "svc", "pod", or "" for the zone apex, "svc.<zone>" and "pod.<zone>". */
  readonly podOrSvc: "" | "svc" | "pod";
}

/** `name` and `zone` lower case, no trailing dot; undefined = invalid request (NXDOMAIN). */
export function parseRequest(name: string, zone: string): RecordRequest | undefined {
  const base = name === zone ? "" : name.slice(0, name.length - zone.length - 1);
  const empty: RecordRequest = {
    port: "",
    protocol: "",
    endpoint: "",
    service: "",
    namespace: "",
    podOrSvc: "",
  };
  if (base === "" || base === "svc" || base === "pod") return empty;
  const segs = base.split(".");
  let last = segs.length - 1;
  const podOrSvc = segs[last];
  if (podOrSvc !== "svc" && podOrSvc !== "pod") return undefined;
  last--;
  if (last < 0) return { ...empty, podOrSvc };
  const namespace = segs[last] ?? "";
  last--;
  if (last < 0) return { ...empty, podOrSvc, namespace };
  const service = segs[last] ?? "";
  last--;
  if (last < 0) return { ...empty, podOrSvc, namespace, service };
  if (last === 0) return { ...empty, podOrSvc, namespace, service, endpoint: segs[0] ?? "" };
  if (last === 1) {
    return {
      ...empty,
      podOrSvc,
      namespace,
      service,
      protocol: stripUnderscore(segs[1] ?? ""),
      port: stripUnderscore(segs[0] ?? ""),
    };
  }
  return undefined;
}

function stripUnderscore(s: string): string {
  return s.startsWith("_") ? s.slice(1) : s;
}

/** Lower case, without one trailing dot. */
export function canonicalName(name: string): string {
  return (name.endsWith(".") ? name.slice(0, -1) : name).toLowerCase();
}

/** Whether `name` is `zone` or below it (both canonical). */
export function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith("." + zone);
}
