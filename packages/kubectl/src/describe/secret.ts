/**
 * `kubectl describe secret`: type and the size of each value (never the
 * value, except a service-account token). Secrets show no events.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeSecret).
 *
 * Deviation: kubectl ranges over a Go map, so its key order changes from
 * run to run; kubesim prints keys sorted.
 */
import { decodeBase64 } from "@kubesim/api";
import type { Secret } from "kubernetes-types/core/v1";
import { base64Length } from "./configmap.js";
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, tabbedString } from "./prefix-writer.js";

export function describeSecret(secret: Secret): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", secret.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", secret.metadata?.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ""}\n`);
    w.write(LEVEL_0, "\nData\n====\n");
    const data = secret.data ?? {};
    for (const k of Object.keys(data).sort(compareStrings)) {
      const v = data[k]!;
      if (k === "token" && secret.type === "kubernetes.io/service-account-token") {
        const d = decodeBase64(v);
        w.write(LEVEL_0, `${k}:\t${d.ok ? new TextDecoder().decode(d.bytes) : v}\n`);
      } else {
        w.write(LEVEL_0, `${k}:\t${base64Length(v)} bytes\n`);
      }
    }
  });
}
