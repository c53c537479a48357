/**
 * The `kubectl get endpointslices` row: NAME ADDRESSTYPE PORTS ENDPOINTS AGE.
 * Mirrors printEndpointSlice, formatDiscoveryPorts, formatDiscoveryEndpoints
 * and listWithMoreString in pkg/printers/internalversion/printers.go: at most
 * three entries then "+ N more...", "<unset>" when empty, `*` for a port
 * without number or name.
 */
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Millis } from "kubesim";
import type { GenerateOptions } from "./generate-options.js";
import type { TableColumnDefinition, TableRow } from "./table.js";
import { creationTimestampDescription, nameDescription } from "./table.js";
import { translateTimestampSince } from "./timestamp.js";

export const endpointSliceColumnDefinitions: readonly TableColumnDefinition[] = [
  { name: "Name", type: "string", format: "name", description: nameDescription, priority: 0 },
  {
    name: "AddressType",
    type: "string",
    format: "",
    description:
      "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.",
    priority: 0,
  },
  {
    name: "Ports",
    type: "string",
    format: "",
    description:
      'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    priority: 0,
  },
  {
    name: "Endpoints",
    type: "string",
    format: "",
    description:
      "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.",
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

/** `a,b,c + 2 more...`, or "<unset>" for an empty list. */
export function listWithMoreString(
  list: readonly string[],
  more: boolean,
  count: number,
  max: number,
): string {
  const ret = list.join(",");
  if (more) return `${ret} + ${count - max} more...`;
  return ret === "" ? "<unset>" : ret;
}

export function formatDiscoveryPorts(ports: readonly EndpointPort[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const port of ports ?? []) {
    if (list.length < max) {
      list.push(port.port != null ? String(port.port) : port.name != null ? port.name : "*");
    } else if (list.length === max) {
      more = true;
    }
    count++;
  }
  return listWithMoreString(list, more, count, max);
}

export function formatDiscoveryEndpoints(endpoints: readonly Endpoint[] | undefined): string {
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ep of endpoints ?? []) {
    for (const address of ep.addresses ?? []) {
      if (list.length < max) list.push(address);
      else if (list.length === max) more = true;
      count++;
    }
  }
  return listWithMoreString(list, more, count, max);
}

/** The row for one EndpointSlice at virtual time `now`. Pure. */
export function printEndpointSliceRow(
  slice: EndpointSlice,
  now: Millis,
  _options?: GenerateOptions,
): TableRow {
  return {
    cells: [
      slice.metadata?.name ?? "",
      slice.addressType ?? "",
      formatDiscoveryPorts(slice.ports),
      formatDiscoveryEndpoints(slice.endpoints),
      translateTimestampSince(slice.metadata?.creationTimestamp, now),
    ],
  };
}
