/**
 * Saving and loading the cluster's state (GET and PUT /sim/v1/state): the
 * objects people make, as a v1 List (what `kubectl get -o yaml` prints for
 * several objects, and `kubectl apply -f` reads back). Left out, because
 * the cluster makes them itself: the objects there were when the server
 * started (the `kubernetes` Service, the ingress controller's namespace,
 * Service and IngressClass, ...), Events, Nodes and Leases (the machines
 * and their heartbeats), objects a controller owns (ReplicaSets of a
 * Deployment, their pods, EndpointSlices), the Endpoints of a Service with
 * a selector, the system namespaces and what is in them, and the
 * kube-root-ca.crt ConfigMaps.
 *
 * Loading makes the saved objects the cluster's: missing ones are created,
 * changed ones replaced, ones not in the file deleted; pods and namespaces
 * that exist are left as they are (a pod's spec cannot be replaced). Every
 * write is first made as a dry run, so a load that would fail changes
 * nothing. Virtual time is not restored: it never runs backwards. Like a
 * Velero restore over the API (velero pkg/restore), without the backup
 * store.
 */
import {
  ApiError,
  apiVersionOf,
  fieldError,
  isApiError,
  isNotFound,
  kindFor,
  kinds,
  type KindInfo,
} from "@kubesim/api";
import type { Cluster, KindName, KubeObject } from "kubesim";
import { badField, isObject } from "./shapes.js";

const SYSTEM_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);
const SKIPPED_KINDS = new Set(["Event", "Node", "Lease", "EndpointSlice"]);

/** The order objects are created in (what others refer to first). */
const CREATE_ORDER = [
  "Namespace",
  "IngressClass",
  "ConfigMap",
  "Secret",
  "Service",
  "Endpoints",
  "Deployment",
  "ReplicaSet",
  "Pod",
  "Ingress",
];

/** Kinds left as they are when they exist. */
const KEPT_WHEN_PRESENT = new Set(["Namespace", "Pod"]);

type Obj = Record<string, unknown> & { metadata?: Record<string, unknown> };

const meta = (o: KubeObject | Obj) =>
  (o.metadata ?? {}) as {
    name?: string;
    namespace?: string;
    ownerReferences?: readonly { controller?: boolean }[];
  };

/** Whether `obj` of `kind` is saved (made by people rather than by the cluster). */
function isSaved(
  kind: KindInfo,
  obj: KubeObject | Obj,
  selectorServices: ReadonlySet<string>,
  builtIn: ReadonlySet<string>,
): boolean {
  if (SKIPPED_KINDS.has(kind.kind)) return false;
  const m = meta(obj);
  const name = m.name ?? "";
  const ns = m.namespace ?? "";
  if (builtIn.has(keyOf({ info: kind, namespace: ns, name }))) return false;
  if (kind.kind === "Namespace") return !SYSTEM_NAMESPACES.has(name);
  if (ns !== "default" && SYSTEM_NAMESPACES.has(ns)) return false;
  if ((m.ownerReferences ?? []).some((r) => r.controller === true)) return false;
  if (
    ns === "default" &&
    name === "kubernetes" &&
    (kind.kind === "Service" || kind.kind === "Endpoints")
  )
    return false;
  if (kind.kind === "ConfigMap" && name === "kube-root-ca.crt") return false;
  if (kind.kind === "Endpoints" && selectorServices.has(`${ns}/${name}`)) return false;
  return true;
}

function selectorServices(cluster: Cluster): Set<string> {
  const out = new Set<string>();
  for (const s of cluster.list("Service"))
    if (Object.keys(s.spec?.selector ?? {}).length > 0)
      out.add(`${s.metadata?.namespace ?? ""}/${s.metadata?.name ?? ""}`);
  return out;
}

function orderOf(kind: string): number {
  const i = CREATE_ORDER.indexOf(kind);
  return i < 0 ? CREATE_ORDER.length : i;
}

const byKindThenName = (a: Saved, b: Saved): number =>
  orderOf(a.info.kind) - orderOf(b.info.kind) ||
  (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0) ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

interface Saved {
  readonly info: KindInfo;
  readonly namespace: string;
  readonly name: string;
  readonly object: Obj;
}

const keyOf = (s: { info: KindInfo; namespace: string; name: string }) =>
  `${s.info.group}/${s.info.kind}/${s.namespace}/${s.name}`;

/** kubectl's `deployment.apps/web` for an object. */
export function resourceRef(info: KindInfo, name: string): string {
  return `${info.kind.toLowerCase()}${info.group === "" ? "" : `.${info.group}`}/${name}`;
}

/** Every object there is now, by key: what the cluster made before anyone asked. */
export function objectKeys(cluster: Cluster): Set<string> {
  const out = new Set<string>();
  for (const info of kinds)
    for (const o of cluster.list(info.kind as KindName)) {
      const m = meta(o);
      out.add(keyOf({ info, namespace: m.namespace ?? "", name: m.name ?? "" }));
    }
  return out;
}

/** The objects saved now, in creation order. */
function currentObjects(cluster: Cluster, builtIn: ReadonlySet<string>): Saved[] {
  const selectors = selectorServices(cluster);
  const out: Saved[] = [];
  for (const info of kinds) {
    for (const o of cluster.list(info.kind as KindName)) {
      if (!isSaved(info, o, selectors, builtIn)) continue;
      const m = meta(o);
      out.push({
        info,
        namespace: m.namespace ?? "",
        name: m.name ?? "",
        object: { apiVersion: apiVersionOf(info), kind: info.kind, ...(o as Obj) },
      });
    }
  }
  return out.sort(byKindThenName);
}

/** GET /sim/v1/state: the saved objects as a v1 List. */
export function saveState(cluster: Cluster, builtIn: ReadonlySet<string>): Record<string, unknown> {
  return {
    kind: "List",
    apiVersion: "v1",
    metadata: { resourceVersion: "" },
    items: currentObjects(cluster, builtIn).map((s) => s.object),
  };
}

/** What a load did, each as kubectl names objects (`deployment.apps/web`). */
export interface LoadResult {
  readonly kind: "LoadResult";
  readonly created: readonly string[];
  readonly configured: readonly string[];
  readonly deleted: readonly string[];
  readonly unchanged: readonly string[];
}

/** Server-set fields a write must not carry. */
function writable(o: Obj): Obj {
  const m = { ...(o.metadata ?? {}) };
  for (const k of [
    "uid",
    "resourceVersion",
    "creationTimestamp",
    "generation",
    "managedFields",
    "selfLink",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
  ])
    delete m[k];
  const { status: _status, ...rest } = o;
  return { ...rest, metadata: m };
}

/** The parts of an object a load compares: everything but status and server-set metadata. */
function comparable(o: Obj): string {
  return stableJson(writable(o));
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

/** The List a load was given, checked; 400 naming the item for anything amiss. */
function parseList(body: unknown): Saved[] {
  if (!isObject(body) || !Array.isArray(body["items"]))
    throw new ApiError(
      "BadRequest",
      "the state must be a List with items (as GET /sim/v1/state returns it)",
    );
  const out: Saved[] = [];
  const seen = new Set<string>();
  for (const [i, item] of (body["items"] as unknown[]).entries()) {
    const at = `items[${i}]`;
    if (!isObject(item)) throw badField(fieldError.invalid(at, item ?? null, "must be an object"));
    const apiVersion = item["apiVersion"];
    const kind = item["kind"];
    if (typeof apiVersion !== "string" || apiVersion === "")
      throw badField(fieldError.required(`${at}.apiVersion`));
    if (typeof kind !== "string" || kind === "") throw badField(fieldError.required(`${at}.kind`));
    const info = kindFor(apiVersion, kind);
    if (info === undefined)
      throw badField(
        fieldError.invalid(
          `${at}.kind`,
          kind,
          `no kind "${kind}" is registered for version "${apiVersion}"`,
        ),
      );
    const m = item["metadata"];
    if (!isObject(m) || typeof m["name"] !== "string" || m["name"] === "")
      throw badField(fieldError.required(`${at}.metadata.name`));
    const name = m["name"];
    let namespace = "";
    if (info.namespaced) {
      const ns = m["namespace"] ?? "default";
      if (typeof ns !== "string" || ns === "")
        throw badField(
          fieldError.invalid(`${at}.metadata.namespace`, ns, "must be a namespace name"),
        );
      namespace = ns;
    }
    const saved: Saved = {
      info,
      namespace,
      name,
      object: { ...item, metadata: { ...m, ...(info.namespaced ? { namespace } : {}) } } as Obj,
    };
    const key = keyOf(saved);
    if (seen.has(key))
      throw badField(
        fieldError.duplicate(
          at,
          `${resourceRef(info, name)}${namespace === "" ? "" : ` in ${namespace}`}`,
        ),
      );
    seen.add(key);
    out.push(saved);
  }
  return out;
}

type Write = { readonly ref: string; run(dryRun: boolean): void };

/** PUT /sim/v1/state: makes the saved objects the cluster's; all or nothing. */
export function loadState(
  cluster: Cluster,
  builtIn: ReadonlySet<string>,
  body: unknown,
): LoadResult {
  const selectors = new Set(selectorServices(cluster));
  const wanted = parseList(body);
  // Endpoints of a Service with a selector in the file are the controller's too.
  for (const s of wanted)
    if (
      s.info.kind === "Service" &&
      Object.keys((s.object["spec"] as Obj | undefined)?.["selector"] ?? {}).length > 0
    )
      selectors.add(`${s.namespace}/${s.name}`);
  const restored = wanted
    .filter((s) => isSaved(s.info, s.object, selectors, builtIn))
    .sort(byKindThenName);
  const present = new Map(currentObjects(cluster, builtIn).map((s) => [keyOf(s), s]));
  const newNamespaces = new Set(
    restored
      .filter((s) => s.info.kind === "Namespace" && !present.has(keyOf(s)))
      .map((s) => s.name),
  );
  const client = cluster.client;
  const created: string[] = [];
  const configured: string[] = [];
  const unchanged: string[] = [];
  const deleted: string[] = [];
  const writes: Write[] = [];
  const ns = (s: Saved) => (s.info.namespaced ? s.namespace : undefined);

  for (const s of restored) {
    const ref = resourceRef(s.info, s.name);
    const now = present.get(keyOf(s));
    present.delete(keyOf(s));
    const kind = s.info.kind as KindName;
    if (now === undefined) {
      created.push(ref);
      writes.push({
        ref,
        run: (dryRun) => {
          try {
            client.create(kind, writable(s.object) as never, { dryRun });
          } catch (e) {
            // A dry run cannot see the namespace this load creates first.
            if (dryRun && isNotFound(e) && newNamespaces.has(s.namespace)) return;
            throw e;
          }
        },
      });
      continue;
    }
    if (KEPT_WHEN_PRESENT.has(s.info.kind) || comparable(now.object) === comparable(s.object)) {
      unchanged.push(ref);
      continue;
    }
    configured.push(ref);
    writes.push({
      ref,
      run: (dryRun) => {
        const current = client.get(kind, ns(s), s.name) as unknown as Obj;
        const next = writable(s.object);
        const cm = current.metadata ?? {};
        const spec = next["spec"];
        const curSpec = current["spec"];
        // A Service keeps its cluster IPs: they are immutable.
        const keepIps =
          s.info.kind === "Service" && isObject(spec) && isObject(curSpec)
            ? {
                spec: {
                  ...spec,
                  clusterIP: curSpec["clusterIP"],
                  clusterIPs: curSpec["clusterIPs"],
                },
              }
            : {};
        client.update(
          kind,
          {
            ...next,
            ...keepIps,
            metadata: { ...next.metadata, resourceVersion: cm["resourceVersion"] },
          } as never,
          { dryRun },
        );
      },
    });
  }
  // What the file does not have goes, namespaces last (deleting one deletes what is in it).
  const extra = [...present.values()].sort((a, b) => byKindThenName(b, a));
  for (const s of extra) {
    const ref = resourceRef(s.info, s.name);
    deleted.push(ref);
    writes.push({
      ref,
      run: (dryRun) => {
        client.delete(s.info.kind as KindName, ns(s), s.name, { dryRun });
      },
    });
  }

  for (const w of writes) {
    try {
      w.run(true);
    } catch (e) {
      if (isApiError(e)) throw e;
      throw new ApiError("BadRequest", `${w.ref}: ${(e as Error).message}`);
    }
  }
  for (const w of writes) w.run(false);
  return { kind: "LoadResult", created, configured, deleted, unchanged };
}
