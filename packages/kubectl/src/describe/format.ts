/**
 * The small formatters every describer shares: RFC 1123 times, the sorted
 * multi-line Labels/Annotations/Taints/Tolerations blocks, `<none>`, Go's
 * True/False, "Controlled By".
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (printLabelsMultilineWithIndent, printAnnotationsMultiline, shorten,
 * printTaintsMultilineWithIndent, printTolerationsMultilineWithIndent,
 * printController, stringOrNone, printBool, skipAnnotations) and
 * k8s.io/api core/v1 Taint.ToString.
 */
import type { Taint, Toleration } from "kubernetes-types/core/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { LEVEL_0, type PrefixWriter } from "./prefix-writer.js";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;
const two = (n: number): string => String(n).padStart(2, "0");

/** Go's zero time in RFC 1123Z (an unset metav1.Time prints this way). */
export const ZERO_TIME_RFC1123Z = "Mon, 01 Jan 0001 00:00:00 +0000";

/**
 * `time.RFC1123Z` ("Mon, 02 Jan 2006 15:04:05 -0700") of an RFC 3339 time.
 * kubectl prints the local zone of the machine it runs on; kubesim's
 * machine is in UTC, so the zone is always +0000.
 */
export function rfc1123z(timestamp: string | null | undefined): string {
  if (timestamp === undefined || timestamp === null || timestamp === "") return ZERO_TIME_RFC1123Z;
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return ZERO_TIME_RFC1123Z;
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ` +
    `${String(d.getUTCFullYear()).padStart(4, "0")} ${two(d.getUTCHours())}:` +
    `${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

/** stringOrNone. */
export function stringOrNone(s: string | undefined): string {
  return s === undefined || s === "" ? "<none>" : s;
}

/** printBool: Go's True/False as describe prints conditions of booleans. */
export function printBool(v: boolean | undefined): string {
  return v === true ? "True" : "False";
}

/** Byte-wise string order, as Go's sort.Strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keys kubectl never shows in Annotations (skipAnnotations). */
const skipAnnotations = new Set(["kubectl.kubernetes.io/last-applied-configuration"]);

/** printLabelsMultilineWithIndent: `Labels:\tk=v` then one aligned line per further label. */
export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Readonly<Record<string, string>> | undefined,
  initialIndent = "",
  innerIndent = "\t",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort(compareStrings);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const byteLength = (s: string): number => encoder.encode(s).length;

/** maxAnnotationLen: longer annotations are printed on their own lines, cut at 138 bytes. */
const MAX_ANNOTATION_LEN = 140;

function shorten(s: string, maxLength: number): string {
  const bytes = encoder.encode(s);
  return bytes.length > maxLength ? `${decoder.decode(bytes.slice(0, maxLength))}...` : s;
}

/** printAnnotationsMultiline. */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Readonly<Record<string, string>> | undefined,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => !skipAnnotations.has(k))
    .sort(compareStrings);
  if (keys.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const indent = "\t";
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const raw = annotations![key]!;
    const value = raw.endsWith("\n") ? raw.slice(0, -1) : raw;
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split("\n"))
        w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** core/v1 Taint.ToString. */
export function taintString(t: Taint): string {
  const value = t.value ?? "";
  const effect = t.effect ?? "";
  if (effect === "") return value === "" ? t.key : `${t.key}=${value}:`;
  return value === "" ? `${t.key}:${effect}` : `${t.key}=${value}:${effect}`;
}

/** printTaintsMultilineWithIndent: sorted by effect, then key. */
export function printTaintsMultiline(
  w: PrefixWriter,
  title: string,
  taints: readonly Taint[] | undefined,
  initialIndent = "",
  innerIndent = "\t",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (taints === undefined || taints.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const key = (t: Taint) => `${t.effect ?? ""},${t.key}`;
  const sorted = [...taints].sort((a, b) => compareStrings(key(a), key(b)));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: sorted by key; `op=Exists` and `for Ns` as kubectl shows them. */
export function printTolerationsMultiline(
  w: PrefixWriter,
  title: string,
  tolerations: readonly Toleration[] | undefined,
  initialIndent = "",
  innerIndent = "\t",
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (tolerations === undefined || tolerations.length === 0) {
    w.writeLine("<none>");
    return;
  }
  const sorted = [...tolerations].sort((a, b) => compareStrings(a.key ?? "", b.key ?? ""));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, `${initialIndent}${innerIndent}`);
    const key = t.key ?? "";
    const value = t.value ?? "";
    const effect = t.effect ?? "";
    let s = key;
    if (value !== "") s += `=${value}`;
    if (effect !== "") s += `:${effect}`;
    if (t.operator === "Exists" && value === "")
      s += key !== "" || effect !== "" ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** printController: "ReplicaSet/web-7d4b9c" from the controller owner reference, or "". */
export function printController(meta: ObjectMeta | undefined): string {
  const ref = meta?.ownerReferences?.find((o) => o.controller === true);
  return ref === undefined ? "" : `${ref.kind}/${ref.name}`;
}
