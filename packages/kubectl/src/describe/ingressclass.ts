/**
 * `kubectl describe ingressclass`: controller, parameters and events.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (describeIngressClassV1).
 */
import type { Millis } from "kubesim";
import type { Event } from "kubernetes-types/core/v1";
import type { IngressClass } from "kubernetes-types/networking/v1";
import { describeEvents } from "./events.js";
import { printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./prefix-writer.js";

export function describeIngressClass(
  ic: IngressClass,
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ic.metadata?.name ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ic.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", ic.metadata?.annotations);
    w.write(LEVEL_0, `Controller:\t${ic.spec?.controller ?? ""}\n`);
    const p = ic.spec?.parameters;
    if (p !== undefined) {
      w.write(LEVEL_0, "Parameters:\n");
      if (p.apiGroup !== undefined) w.write(LEVEL_1, `APIGroup:\t${p.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${p.kind}\n`);
      w.write(LEVEL_1, `Name:\t${p.name}\n`);
    }
    if (events !== undefined) describeEvents(events, w, now);
  });
}
