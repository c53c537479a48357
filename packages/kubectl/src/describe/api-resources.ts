/**
 * The table of `kubectl api-resources`: NAME, SHORTNAMES, APIVERSION,
 * NAMESPACED, KIND (and VERBS, CATEGORIES with -o wide), or `-o name`'s
 * `deployments.apps`, from the kinds kubesim serves, filtered and sorted as
 * kubectl does (by API group, then name).
 * Mirrors staging/src/k8s.io/kubectl/pkg/cmd/apiresources/apiresources.go
 * (RunAPIResources, printContextHeaders, sortableResource). The verbs are
 * the API server's discovery verbs for these resources (Namespaces have no
 * deletecollection).
 */
import { apiVersionOf, type KindInfo } from "@kubesim/api";
import { compareStrings } from "./format.js";
import { TabWriter } from "../printers/tabwriter.js";

const ALL_VERBS = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];

/** The discovery verbs of a resource. */
export function verbsOf(info: KindInfo): readonly string[] {
  return info.kind === "Namespace" ? ALL_VERBS.filter((v) => v !== "deletecollection") : ALL_VERBS;
}

export interface ApiResourcesOptions {
  readonly output?: "" | "wide" | "name";
  readonly noHeaders?: boolean;
  /** --api-group, when given ("" is the core group). */
  readonly apiGroup?: string;
  /** --namespaced, when given. */
  readonly namespaced?: boolean;
  readonly verbs?: readonly string[];
  readonly categories?: readonly string[];
  readonly sortBy?: "" | "name" | "kind";
}

export function printApiResources(kinds: readonly KindInfo[], o: ApiResourcesOptions = {}): string {
  const rows = kinds.filter((k) => {
    if (o.apiGroup !== undefined && o.apiGroup !== k.group) return false;
    if (o.namespaced !== undefined && o.namespaced !== k.namespaced) return false;
    if ((o.verbs ?? []).some((v) => !verbsOf(k).includes(v))) return false;
    if ((o.categories ?? []).some((c) => !k.categories.includes(c))) return false;
    return true;
  });
  const key = (k: KindInfo) =>
    o.sortBy === "name" ? k.plural : o.sortBy === "kind" ? k.kind : k.group;
  rows.sort((a, b) => compareStrings(key(a), key(b)) || compareStrings(a.plural, b.plural));
  const w = TabWriter.forTables();
  const output = o.output ?? "";
  if (o.noHeaders !== true && output !== "name") {
    const columns = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"];
    if (output === "wide") columns.push("VERBS", "CATEGORIES");
    w.write(`${columns.join("\t")}\n`);
  }
  for (const k of rows) {
    if (output === "name") {
      w.write(`${k.plural}${k.group === "" ? "" : `.${k.group}`}\n`);
      continue;
    }
    const cells = [k.plural, k.shortNames.join(","), apiVersionOf(k), String(k.namespaced), k.kind];
    if (output === "wide") cells.push(verbsOf(k).join(","), k.categories.join(","));
    w.write(`${cells.join("\t")}\n`);
  }
  return w.take();
}
