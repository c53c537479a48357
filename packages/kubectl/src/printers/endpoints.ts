/**
 * The `kubectl get endpoints` row: NAME ENDPOINTS AGE. Mirrors printEndpoints
 * and formatEndpoints in pkg/printers/internalversion/printers.go: the first
 * three `ip:port` pairs (`[ip]:port` for IPv6), then "+ N more...";
 * "<none>" without subsets.
 */
import type { Endpoints } from "kubernetes-types/core/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const endpointsColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "Endpoints",
    type: "string",
    format: "",
    description:
      "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.",
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

/** Go's net.JoinHostPort. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpoints with every port (`ports == nil`): ready addresses only, as upstream. */
export function formatEndpoints(endpoints: Endpoints): string {
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // headless services may have no ports
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** The row for one Endpoints object at virtual time `now`. Pure. */
export function printEndpointsRow(
  ep: Endpoints,
  now: Millis,
  _options?: GenerateOptions,
): TableRow {
  return {
    cells: [
      ep.metadata?.name ?? "",
      formatEndpoints(ep),
      translateTimestampSince(ep.metadata?.creationTimestamp, now),
    ],
  };
}
