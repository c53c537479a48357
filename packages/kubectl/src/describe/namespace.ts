/**
 * `kubectl describe namespace`: status and conditions, then the quota and
 * limit-range sections (kubesim has neither kind, so they always read
 * "No resource quota." and "No LimitRange resource.", as on a cluster
 * without any).
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (describeNamespace, DescribeResourceQuotas, DescribeLimitRanges).
 */
import type { Namespace } from "kubernetes-types/core/v1";
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./prefix-writer.js";

export function describeNamespace(ns: Namespace): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata?.name ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ns.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", ns.metadata?.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ""}\n`);
    const conditions = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
      for (const c of conditions)
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ""}\t${c.message ?? ""}\n`,
        );
    }
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No resource quota.\n");
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No LimitRange resource.\n");
  });
}
