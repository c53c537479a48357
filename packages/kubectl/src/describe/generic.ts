/**
 * The generic describer kubectl falls back to for kinds without their own
 * (in kubesim: Event and Lease): name, namespace, labels, annotations, then
 * every other field of the object with its name turned into words.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go
 * (genericDescriber.Describe, printUnstructuredContent, smartLabelFor) and
 * github.com/fatih/camelcase Split.
 */
import type { Millis } from "kubesim";
import type { Event } from "kubernetes-types/core/v1";
import type { ObjectMeta } from "kubernetes-types/meta/v1";
import { describeEvents } from "./events.js";
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, tabbedString, type PrefixWriter } from "./prefix-writer.js";

type CharClass = "lower" | "upper" | "digit" | "other";

function classOf(ch: string): CharClass {
  if (/\p{Ll}/u.test(ch)) return "lower";
  if (/\p{Lu}/u.test(ch)) return "upper";
  if (/\p{Nd}/u.test(ch)) return "digit";
  return "other";
}

/** camelcase.Split: "apiVersion" → ["api", "Version"], "HTMLParser" → ["HTML", "Parser"]. */
export function splitCamelCase(s: string): string[] {
  const runs: string[][] = [];
  let last: CharClass | undefined;
  for (const ch of s) {
    const c = classOf(ch);
    if (c === last) runs[runs.length - 1]!.push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (classOf(runs[i]![0]!) === "upper" && classOf(runs[i + 1]![0]!) === "lower") {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}

const ACRONYMS = new Set(["API", "URL", "UID", "OSB", "GUID"]);

/** smartLabelFor: "holderIdentity" → "Holder Identity", "uid" → "UID". */
export function smartLabelFor(field: string): string {
  if ([...field].some((ch) => ch !== "-" && !/\p{L}/u.test(ch))) return field;
  return splitCamelCase(field)
    .filter((p) => p !== "_")
    .map((p) =>
      ACRONYMS.has(p.toUpperCase())
        ? p.toUpperCase()
        : p.replace(/^\p{L}/u, (c) => c.toUpperCase()),
    )
    .join(" ");
}

/** Go's %v of a decoded JSON scalar. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  return String(v);
}

function printContent(
  w: PrefixWriter,
  level: number,
  content: Readonly<Record<string, unknown>>,
  skipPrefix: string,
  skip: ReadonlySet<string>,
): void {
  for (const field of Object.keys(content).sort(compareStrings)) {
    const value = content[field];
    const skipExpr = `${skipPrefix}.${field}`;
    if (skip.has(skipExpr)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === "object" && !Array.isArray(child))
          printContent(w, level + 1, child as Record<string, unknown>, skipExpr, skip);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else if (value !== null && typeof value === "object") {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printContent(w, level + 1, value as Record<string, unknown>, skipExpr, skip);
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

const SKIP = new Set([
  ".metadata.managedFields",
  ".metadata.name",
  ".metadata.namespace",
  ".metadata.labels",
  ".metadata.annotations",
]);

export function describeGeneric(
  obj: { readonly metadata?: ObjectMeta },
  events: readonly Event[] | undefined,
  now: Millis,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", obj.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", obj.metadata?.annotations);
    printContent(w, LEVEL_0, obj as Record<string, unknown>, "", SKIP);
    if (events !== undefined) describeEvents(events, w, now);
  });
}
