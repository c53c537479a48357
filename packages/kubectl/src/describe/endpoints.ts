/**
 * `kubectl describe endpoints`: each subset's ready and not-ready addresses
 * and its ports table.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeEndpoints).
 */
import type { Millis } from "kubesim";
import type { Endpoints, Event } from "kubernetes-types/core/v1";
import { describeEvents } from "./events.js";
import { printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from "./prefix-writer.js";

export function describeEndpoints(
  ep: Endpoints,
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ep.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", ep.metadata?.annotations);
    w.write(LEVEL_0, "Subsets:\n");
    for (const subset of ep.subsets ?? []) {
      const ready = (subset.addresses ?? []).map((a) => a.ip).join(",");
      w.write(LEVEL_1, `Addresses:\t${ready === "" ? "<none>" : ready}\n`);
      const notReady = (subset.notReadyAddresses ?? []).map((a) => a.ip).join(",");
      w.write(LEVEL_1, `NotReadyAddresses:\t${notReady === "" ? "<none>" : notReady}\n`);
      const ports = subset.ports ?? [];
      if (ports.length > 0) {
        w.write(LEVEL_1, "Ports:\n");
        w.write(LEVEL_2, "Name\tPort\tProtocol\n");
        w.write(LEVEL_2, "----\t----\t--------\n");
        for (const p of ports)
          w.write(
            LEVEL_2,
            `${(p.name ?? "") === "" ? "<unset>" : p.name}\t${p.port}\t${p.protocol ?? ""}\n`,
          );
      }
      w.write(LEVEL_0, "\n");
    }
    if (events !== undefined) describeEvents(events, w, now);
  });
}
