/**
 * `kubectl describe configmap`: each key with its value under a `----`
 * rule, the BinaryData sizes, and events.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (ConfigMapDescriber.Describe).
 *
 * Deviation: kubectl ranges over Go maps, so its key order changes from run
 * to run; kubesim prints keys sorted.
 */
import { decodeBase64 } from "@kubesim/api";
import type { Millis } from "kubesim";
import type { ConfigMap, Event } from "kubernetes-types/core/v1";
import { describeEvents } from "./events.js";
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, tabbedString } from "./prefix-writer.js";

/** The byte length of a base64 `[]byte` field (its raw length when it does not decode). */
export function base64Length(value: string): number {
  const d = decodeBase64(value);
  return d.ok ? d.bytes.length : value.length;
}

export function describeConfigMap(
  cm: ConfigMap,
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cm.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", cm.metadata?.annotations);
    w.write(LEVEL_0, "\nData\n====\n");
    const data = cm.data ?? {};
    for (const k of Object.keys(data).sort(compareStrings)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${data[k]}\n`);
      w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    const binary = cm.binaryData ?? {};
    for (const k of Object.keys(binary).sort(compareStrings))
      w.write(LEVEL_0, `${k}: ${base64Length(binary[k]!)} bytes\n`);
    w.write(LEVEL_0, "\n");
    if (events !== undefined) describeEvents(events, w, now);
  });
}
