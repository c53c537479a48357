/**
 * The kinds kubesim serves, as kube-apiserver's discovery names them.
 * Mirrors the RESTMapper data of k8s.io/api (group, version, kind, plural,
 * singular, short names from each resource's REST storage, namespaced scope).
 */
import type { GroupResource } from "./errors.js";

export interface KindInfo {
  /** API group; "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The resource name used in URLs and messages: "deployments". */
  readonly plural: string;
  readonly singular: string;
  /** kubectl's short names: ["deploy"]. */
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  /** Subresources served besides the main resource. */
  readonly subresources: readonly ("status" | "scale" | "binding")[];
  /** The kubectl "categories" discovery field (e.g. "all"). */
  readonly categories: readonly string[];
}

const k = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames: readonly string[],
  namespaced: boolean,
  subresources: KindInfo["subresources"] = [],
  categories: readonly string[] = [],
): KindInfo =>
  Object.freeze({
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    subresources,
    categories,
  });

/** Every kind in scope, in a fixed order (core first, then by group). */
export const kinds: readonly KindInfo[] = Object.freeze([
  k("", "v1", "Namespace", "namespaces", ["ns"], false, ["status"]),
  k("", "v1", "Pod", "pods", ["po"], true, ["status", "binding"], ["all"]),
  k("", "v1", "Node", "nodes", ["no"], false, ["status"]),
  k("", "v1", "Service", "services", ["svc"], true, ["status"], ["all"]),
  k("", "v1", "Endpoints", "endpoints", ["ep"], true),
  k("", "v1", "ConfigMap", "configmaps", ["cm"], true),
  k("", "v1", "Secret", "secrets", [], true),
  k("", "v1", "Event", "events", ["ev"], true),
  k("coordination.k8s.io", "v1", "Lease", "leases", [], true),
  k("apps", "v1", "Deployment", "deployments", ["deploy"], true, ["status", "scale"], ["all"]),
  k("apps", "v1", "ReplicaSet", "replicasets", ["rs"], true, ["status", "scale"], ["all"]),
  k("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", [], true),
  k("networking.k8s.io", "v1", "Ingress", "ingresses", ["ing"], true, ["status"]),
  k("networking.k8s.io", "v1", "IngressClass", "ingressclasses", [], false),
]);

/**
 * A kind served in a second group-version over another kind's storage, with
 * conversion on the way in and out: events.k8s.io/v1 Event over the core/v1
 * Event storage (pkg/registry/events/rest/storage_events.go hands the same
 * eventstore.REST, short name `ev` included, to the events.k8s.io group).
 * Kept apart from `kinds`, which the apiserver stores and kubectl resolves.
 */
export interface ConvertedKindInfo extends KindInfo {
  /** The kind whose storage serves this one. */
  readonly storage: KindInfo;
}

const coreEvent = kinds.find((i) => i.kind === "Event")!;

/** Every converted kind, in a fixed order. */
export const convertedKinds: readonly ConvertedKindInfo[] = Object.freeze([
  Object.freeze({
    ...k("events.k8s.io", "v1", "Event", "events", ["ev"], true),
    storage: coreEvent,
  }),
]);

const convertedByGroupResource = new Map(convertedKinds.map((i) => [`${i.group}/${i.plural}`, i]));

/** The converted kind for a group and plural resource name: ("events.k8s.io", "events"). */
export function convertedKindForResource(
  group: string,
  plural: string,
): ConvertedKindInfo | undefined {
  return convertedByGroupResource.get(`${group}/${plural}`);
}

export function apiVersionOf(info: Pick<KindInfo, "group" | "version">): string {
  return info.group === "" ? info.version : `${info.group}/${info.version}`;
}

/** Splits "apps/v1" into { group: "apps", version: "v1" } and "v1" into { group: "", version: "v1" }. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf("/");
  return i < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function groupResource(info: KindInfo): GroupResource {
  return { group: info.group, resource: info.plural };
}

const byApiVersionKind = new Map(kinds.map((i) => [`${apiVersionOf(i)}/${i.kind}`, i]));
const byGroupResource = new Map(kinds.map((i) => [`${i.group}/${i.plural}`, i]));

/** The kind for an object's apiVersion and kind, or undefined when not served. */
export function kindFor(apiVersion: string, kind: string): KindInfo | undefined {
  return byApiVersionKind.get(`${apiVersion}/${kind}`);
}

/** The kind for a group and plural resource name: ("apps", "deployments"). */
export function kindForResource(group: string, plural: string): KindInfo | undefined {
  return byGroupResource.get(`${group}/${plural}`);
}

/**
 * Resolves what a kubectl user types ("deploy", "deployments", "Deployment",
 * "deployment.apps", "deployments.v1.apps") to a kind, as kubectl's RESTMapper does.
 */
export function resolveResource(arg: string): KindInfo | undefined {
  const lower = arg.toLowerCase();
  const dot = lower.indexOf(".");
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const rest = dot < 0 ? undefined : lower.slice(dot + 1);
  const candidates = kinds.filter(
    (i) =>
      i.plural === name ||
      i.singular === name ||
      i.kind.toLowerCase() === name ||
      i.shortNames.includes(name),
  );
  if (rest === undefined) return candidates[0];
  return candidates.find(
    (i) =>
      i.group === rest ||
      `${i.version}.${i.group}` === rest ||
      (i.group === "" && rest === i.version),
  );
}

const byKindName = new Map(kinds.map((i) => [i.kind, i]));

/** The registry entry for a kind name in scope ("Deployment"), or undefined. */
export function kindInfo(kind: string): KindInfo | undefined {
  return byKindName.get(kind);
}
