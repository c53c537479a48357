/**
 * Discovery: the documents kubectl reads to learn what the server serves.
 * Mirrors staging/src/k8s.io/apiserver/pkg/endpoints/discovery (legacy.go
 * APIVersions, group.go APIGroup, root.go APIGroupList, version.go
 * APIResourceList, aggregated/handler.go APIGroupDiscoveryList) for the
 * kinds of @kubesim/api's registry.
 *
 * Aggregated discovery (apidiscovery.k8s.io v2 for kubectl 1.30+, v2beta1
 * for 1.27-1.29) is answered when the Accept header asks for it, with the
 * same parameters in the Content-Type, which is how client-go tells an
 * aggregated answer from a legacy one. Groups come in kube-apiserver's
 * priority order (pkg/controlplane/apiserver/aggregator.go
 * apiVersionPriorities), resources sorted by name as in Kubernetes.
 * events.k8s.io/v1 (a converted kind over the core Event storage) ranks
 * below the core group, so `kubectl get events` stays core/v1.
 */
import { apiVersionOf, convertedKinds, kinds, type KindInfo } from "@kubesim/api";
import { verbsOf } from "@kubesim/kubectl";
import { parseAccept } from "./http/negotiate.js";

/** apiVersionPriorities' group order, for the groups kubesim serves. */
const GROUP_PRIORITY = [
  "",
  "apps",
  "events.k8s.io",
  "networking.k8s.io",
  "coordination.k8s.io",
  "discovery.k8s.io",
];

export interface GroupVersion {
  readonly group: string;
  readonly version: string;
  /** The kinds served, sorted by plural name. */
  readonly kinds: readonly KindInfo[];
}

/** Every served group-version, in priority order. */
export function groupVersions(): GroupVersion[] {
  const byGv = new Map<string, GroupVersion>();
  for (const k of [...kinds, ...convertedKinds]) {
    const key = apiVersionOf(k);
    const gv = byGv.get(key) ?? { group: k.group, version: k.version, kinds: [] };
    byGv.set(key, { ...gv, kinds: [...gv.kinds, k] });
  }
  const rank = (g: string) => {
    const i = GROUP_PRIORITY.indexOf(g);
    return i < 0 ? GROUP_PRIORITY.length : i;
  };
  return [...byGv.values()]
    .map((gv) => ({
      ...gv,
      kinds: [...gv.kinds].sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0)),
    }))
    .sort((a, b) => rank(a.group) - rank(b.group) || (a.group < b.group ? -1 : 1));
}

/** A subresource's verbs and the kind it answers with. */
interface Subresource {
  readonly name: string;
  readonly kind: { group: string; version: string; kind: string };
  readonly verbs: readonly string[];
}

function subresourcesOf(k: KindInfo): Subresource[] {
  const own = { group: k.group, version: k.version, kind: k.kind };
  const out: Subresource[] = [];
  for (const s of k.subresources) {
    if (s === "status") out.push({ name: "status", kind: own, verbs: ["get", "patch", "update"] });
    if (s === "scale")
      out.push({
        name: "scale",
        kind: { group: "autoscaling", version: "v1", kind: "Scale" },
        verbs: ["get", "patch", "update"],
      });
    if (s === "binding")
      out.push({
        name: "binding",
        kind: { group: "", version: "v1", kind: "Binding" },
        verbs: ["create"],
      });
  }
  if (k.kind === "Pod")
    out.push({
      name: "eviction",
      kind: { group: "policy", version: "v1", kind: "Eviction" },
      verbs: ["create"],
    });
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** /api: APIVersions. */
export function apiVersions(serverAddress: string): object {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupEntry(gvs: readonly GroupVersion[]): object {
  const versions = gvs.map((gv) => ({
    groupVersion: apiVersionOf(gv),
    version: gv.version,
  }));
  return { name: gvs[0]!.group, versions, preferredVersion: versions[0] };
}

function namedGroups(): Map<string, GroupVersion[]> {
  const groups = new Map<string, GroupVersion[]>();
  for (const gv of groupVersions()) {
    if (gv.group === "") continue;
    groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv]);
  }
  return groups;
}

/** /apis: APIGroupList (the named groups). */
export function apiGroupList(): object {
  return {
    kind: "APIGroupList",
    apiVersion: "v1",
    groups: [...namedGroups().values()].map(groupEntry),
  };
}

/** /apis/{group}: APIGroup, or undefined when not served. */
export function apiGroup(group: string): object | undefined {
  const gvs = namedGroups().get(group);
  if (gvs === undefined) return undefined;
  return { kind: "APIGroup", apiVersion: "v1", ...groupEntry(gvs) };
}

/** /api/v1, /apis/{group}/{version}: APIResourceList, or undefined when not served. */
export function apiResourceList(group: string, version: string): object | undefined {
  const gv = groupVersions().find((g) => g.group === group && g.version === version);
  if (gv === undefined) return undefined;
  const resources: object[] = [];
  for (const k of gv.kinds) {
    resources.push({
      name: k.plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: verbsOf(k),
      ...(k.shortNames.length > 0 ? { shortNames: k.shortNames } : {}),
      ...(k.categories.length > 0 ? { categories: k.categories } : {}),
    });
    for (const s of subresourcesOf(k)) {
      const other = s.kind.group !== k.group || s.kind.version !== k.version;
      resources.push({
        name: `${k.plural}/${s.name}`,
        singularName: "",
        namespaced: k.namespaced,
        ...(other ? { group: s.kind.group, version: s.kind.version } : {}),
        kind: s.kind.kind,
        verbs: s.verbs,
      });
    }
  }
  return { kind: "APIResourceList", apiVersion: "v1", groupVersion: apiVersionOf(gv), resources };
}

/** Which aggregated discovery version the Accept header asks for, if any. */
export function aggregatedVersion(accept: string | undefined): "v2" | "v2beta1" | undefined {
  for (const r of parseAccept(accept)) {
    if (r.type !== "application/json") continue;
    if (r.params["as"] !== "APIGroupDiscoveryList" || r.params["g"] !== "apidiscovery.k8s.io")
      continue;
    const v = r.params["v"];
    if (v === "v2" || v === "v2beta1") return v;
  }
  return undefined;
}

/** The Content-Type of an aggregated answer: the parameters client-go checks. */
export function aggregatedContentType(version: "v2" | "v2beta1"): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

function discoveryResource(k: KindInfo): object {
  return {
    resource: k.plural,
    responseKind: { group: k.group, version: k.version, kind: k.kind },
    scope: k.namespaced ? "Namespaced" : "Cluster",
    singularResource: k.singular,
    verbs: verbsOf(k),
    ...(k.shortNames.length > 0 ? { shortNames: k.shortNames } : {}),
    ...(k.categories.length > 0 ? { categories: k.categories } : {}),
    ...(k.subresources.length > 0 || k.kind === "Pod"
      ? {
          subresources: subresourcesOf(k).map((s) => ({
            subresource: s.name,
            responseKind: s.kind,
            verbs: s.verbs,
          })),
        }
      : {}),
  };
}

/**
 * /api (`core`) or /apis (`named`) as an APIGroupDiscoveryList: one item per
 * group, its versions in preference order.
 */
export function aggregatedDiscovery(which: "core" | "named", version: "v2" | "v2beta1"): object {
  const groups = new Map<string, GroupVersion[]>();
  for (const gv of groupVersions()) {
    if ((gv.group === "") !== (which === "core")) continue;
    groups.set(gv.group, [...(groups.get(gv.group) ?? []), gv]);
  }
  return {
    kind: "APIGroupDiscoveryList",
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: [...groups.entries()].map(([group, gvs]) => ({
      metadata:
        group === "" ? { creationTimestamp: null } : { name: group, creationTimestamp: null },
      versions: gvs.map((gv) => ({
        version: gv.version,
        resources: gv.kinds.map(discoveryResource),
        freshness: "Current",
      })),
    })),
  };
}
