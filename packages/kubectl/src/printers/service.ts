/**
 * The `kubectl get services` row: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE,
 * and with `-o wide` SELECTOR. Mirrors printService, getServiceExternalIP,
 * loadBalancerStatusStringer, makePortString and serviceColumnDefinitions in
 * pkg/printers/internalversion/printers.go.
 *
 * EXTERNAL-IP: `<none>` for ClusterIP and NodePort services without
 * externalIPs, the load balancer's addresses (sorted) for LoadBalancer
 * services or `<pending>` until it has one, the externalName for
 * ExternalName services. PORT(S): `80/TCP`, or `80:31234/TCP` with a node port.
 */
import type { LoadBalancerStatus, Service, ServicePort } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import { byteOrder, formatLabels } from "./labels.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const serviceColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Type",
    type: "string",
    format: "",
    description:
      'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
    priority: 0,
  },
  {
    name: "Cluster-IP",
    type: "string",
    format: "",
    description:
      'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
    priority: 0,
  },
  {
    name: "External-IP",
    type: "string",
    format: "",
    description:
      "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.",
    priority: 0,
  },
  {
    name: "Port(s)",
    type: "string",
    format: "",
    description:
      "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies",
    priority: 0,
  },
  {
    name: "Age",
    type: "string",
    format: "",
    description: creationTimestampDescription,
    priority: 0,
  },
  {
    name: "Selector",
    type: "string",
    format: "",
    description:
      "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/",
    priority: 1,
  },
];

/** Cells narrower than -o wide clip load-balancer addresses to this many bytes. */
export const loadBalancerWidth = 16;

/**
 * The load balancer's addresses, IP before hostname, de-duplicated and
 * sorted (sets.String), clipped to 16 characters unless wide.
 */
export function loadBalancerStatusStringer(
  status: Pick<LoadBalancerStatus, "ingress"> | undefined,
  wide: boolean,
): string {
  const result = new Set<string>();
  for (const ing of status?.ingress ?? []) {
    if (ing.ip) result.add(ing.ip);
    else if (ing.hostname) result.add(ing.hostname);
  }
  let r = [...result].sort(byteOrder).join(",");
  if (!wide && r.length > loadBalancerWidth) r = `${r.slice(0, loadBalancerWidth - 3)}...`;
  return r;
}

/** The EXTERNAL-IP cell. */
export function getServiceExternalIP(svc: Service, wide: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length > 0 ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lbIps = loadBalancerStatusStringer(svc.status?.loadBalancer, wide);
      if (externalIPs.length > 0) {
        const results = lbIps.length > 0 ? lbIps.split(",") : [];
        return [...results, ...externalIPs].join(",");
      }
      return lbIps.length > 0 ? lbIps : "<pending>";
    }
    case "ExternalName":
      return svc.spec.externalName ?? "";
    default:
      return "<unknown>";
  }
}

/** `80/TCP,443:30443/TCP`. */
export function makePortString(ports: readonly ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) =>
      (p.nodePort ?? 0) > 0
        ? `${p.port}:${p.nodePort}/${p.protocol ?? ""}`
        : `${p.port}/${p.protocol ?? ""}`,
    )
    .join(",");
}

/** The row for one Service at virtual time `now`. Pure. */
export function printServiceRow(svc: Service, now: Millis, options?: GenerateOptions): TableRow {
  const wide = options?.wide ?? true;
  const clusterIPs = svc.spec?.clusterIPs ?? [];
  const ports = makePortString(svc.spec?.ports);
  const cells = [
    svc.metadata?.name ?? "",
    svc.spec?.type ?? "",
    clusterIPs.length > 0 ? clusterIPs[0]! : "<none>",
    getServiceExternalIP(svc, wide),
    ports.length === 0 ? "<none>" : ports,
    translateTimestampSince(svc.metadata?.creationTimestamp, now),
  ];
  if (wide) cells.push(formatLabels(svc.spec?.selector));
  return { cells };
}
