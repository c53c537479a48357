/**
 * The `kubectl get ingresses` row: NAME CLASS HOSTS ADDRESS PORTS AGE. Mirrors
 * printIngress, formatHosts, formatPorts, ingressLoadBalancerStatusStringer and
 * ingressColumnDefinitions in pkg/printers/internalversion/printers.go.
 *
 * HOSTS: the rules' hosts (three at most, then "+ N more..."), `*` when no
 * rule names one. PORTS: "80", or "80, 443" with TLS. ADDRESS: the load
 * balancer's addresses, empty until the controller publishes one.
 */
import type { Ingress, IngressRule, IngressTLS } from "kubernetes-types/networking/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import { loadBalancerStatusStringer } from "./service.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const ingressColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Class",
    type: "string",
    format: "",
    description:
      "The name of the IngressClass resource that should be used for additional configuration",
    priority: 0,
  },
  {
    name: "Hosts",
    type: "string",
    format: "",
    description: "Hosts that incoming requests are matched against before the ingress rule",
    priority: 0,
  },
  {
    name: "Address",
    type: "string",
    format: "",
    description: "Address is a list containing ingress points for the load-balancer",
    priority: 0,
  },
  {
    name: "Ports",
    type: "string",
    format: "",
    description: "Ports of TLS configurations that open",
    priority: 0,
  },
  {
    name: "Age",
    type: "string",
    format: "",
    description: creationTimestampDescription,
    priority: 0,
  },
];

export function formatHosts(rules: readonly IngressRule[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  const all = rules ?? [];
  for (const rule of all) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return "*";
  const ret = list.join(",");
  return more ? `${ret} + ${all.length - max} more...` : ret;
}

export function formatPorts(tls: readonly IngressTLS[] | undefined): string {
  return (tls ?? []).length !== 0 ? "80, 443" : "80";
}

/** The row for one Ingress at virtual time `now`. Pure. */
export function printIngressRow(ing: Ingress, now: Millis, options?: GenerateOptions): TableRow {
  return {
    cells: [
      ing.metadata?.name ?? "",
      ing.spec?.ingressClassName ?? "<none>",
      formatHosts(ing.spec?.rules),
      loadBalancerStatusStringer(ing.status?.loadBalancer, options?.wide ?? true),
      formatPorts(ing.spec?.tls),
      translateTimestampSince(ing.metadata?.creationTimestamp, now),
    ],
  };
}
