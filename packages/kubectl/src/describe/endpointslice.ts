/**
 * `kubectl describe endpointslice`: address type, ports, and each endpoint
 * with its conditions, hostname, target, node and zone.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (describeEndpointSliceV1).
 */
import type { Millis } from "kubesim";
import type { Event } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import { describeEvents } from "./events.js";
import { printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from "./prefix-writer.js";

export function describeEndpointSlice(
  eps: EndpointSlice,
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", eps.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", eps.metadata?.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType}\n`);
    const ports = eps.ports ?? [];
    if (ports.length === 0) w.write(LEVEL_0, "Ports: <unset>\n");
    else {
      w.write(LEVEL_0, "Ports:\n");
      w.write(LEVEL_1, "Name\tPort\tProtocol\n");
      w.write(LEVEL_1, "----\t----\t--------\n");
      for (const p of ports) {
        const name = (p.name ?? "") === "" ? "<unset>" : p.name!;
        const port = p.port === undefined ? "<unset>" : String(p.port);
        w.write(LEVEL_1, `${name}\t${port}\t${p.protocol ?? ""}\n`);
      }
    }
    if (eps.endpoints.length === 0) w.write(LEVEL_0, "Endpoints: <none>\n");
    else {
      w.write(LEVEL_0, "Endpoints:\n");
      for (const ep of eps.endpoints) {
        const addresses = ep.addresses.join(", ");
        w.write(LEVEL_1, `- Addresses:\t${addresses === "" ? "<none>" : addresses}\n`);
        w.write(LEVEL_2, "Conditions:\n");
        const ready = ep.conditions?.ready;
        w.write(LEVEL_3, `Ready:\t${ready === undefined ? "<unset>" : String(ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${ep.hostname ?? "<unset>"}\n`);
        if (ep.targetRef !== undefined)
          w.write(LEVEL_2, `TargetRef:\t${ep.targetRef.kind ?? ""}/${ep.targetRef.name ?? ""}\n`);
        w.write(LEVEL_2, `NodeName:\t${ep.nodeName ?? "<unset>"}\n`);
        w.write(LEVEL_2, `Zone:\t${ep.zone ?? "<unset>"}\n`);
      }
    }
    if (events !== undefined) describeEvents(events, w, now);
  });
}
