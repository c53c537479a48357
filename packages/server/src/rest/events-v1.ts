/**
 * events.k8s.io/v1 Events over the core/v1 Event storage: a client that
 * speaks events.k8s.io/v1 to the REST handlers (resource.ts, watch.ts) and
 * core/v1 to the apiserver, converting each way (events-v1-conversion.ts).
 * Mirrors kube-apiserver serving one eventstore.REST in two groups
 * (pkg/registry/events/rest/storage_events.go): the same objects, resource
 * versions, selectors and watch stream, with
 *
 * - ValidateEventCreate / ValidateEventUpdate for the events.k8s.io/v1
 *   request version (pkg/apis/core/validation/events.go: eventTime,
 *   reportingController, reportingInstance, action, reason, type required,
 *   the deprecated fields unset, and on update every field but the series
 *   immutable), answered as upstream's strategy answers, `Event "x" is invalid`;
 * - NotFound, AlreadyExists and Conflict naming `events.events.k8s.io`, the
 *   request's group (genericregistry.Store qualifiedResourceFromContext);
 * - events.k8s.io/v1 field labels (regarding.name, reportingController, ...).
 */
import {
  ApiError,
  invalid,
  isApiError,
  validateEventsV1EventCreate,
  validateEventsV1EventUpdate,
  type ApiClient,
  type DeleteOptions,
  type KindName,
  type ListOptions,
  type ObjectList,
  type PatchOptions,
  type PatchType,
  type UpdateOptions,
  type WatchEvent,
  type WatchOptions,
  type WriteOptions,
} from "@kubesim/api";
import type { Event as CoreEvent } from "kubernetes-types/core/v1";
import type { Event as EventsV1Event } from "kubernetes-types/events/v1";
import {
  EVENTS_V1_API_VERSION,
  toCoreEvent,
  toCorePatch,
  toCoreFieldSelector,
  toEventsV1Event,
} from "./events-v1-conversion.js";

const GROUP = "events.k8s.io";

/** A core error about `events "x"` as the events.k8s.io request's: `events.events.k8s.io "x"`. */
function requalify(e: unknown): unknown {
  if (!isApiError(e)) return e;
  const d = e.status.details;
  if (d?.kind !== "events" || (d.group ?? "") !== "") return e;
  if (e.reason !== "NotFound" && e.reason !== "AlreadyExists" && e.reason !== "Conflict") return e;
  return new ApiError(e.reason, e.message.replace('events "', `events.${GROUP} "`), {
    ...d,
    group: GROUP,
  });
}

function requalified<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw requalify(e);
  }
}

function withCoreSelector<T extends { fieldSelector?: string }>(options: T): T {
  const s = options.fieldSelector;
  if (s === undefined || s === "") return options;
  return { ...options, fieldSelector: toCoreFieldSelector(s).toString() };
}

function convertList(list: ObjectList<CoreEvent>): ObjectList<EventsV1Event> {
  return {
    ...list,
    apiVersion: EVENTS_V1_API_VERSION,
    kind: "EventList",
    items: list.items.map(toEventsV1Event),
  } as unknown as ObjectList<EventsV1Event>;
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => v as Obj;

function nameOf(ev: Obj): string {
  const m = asObj(ev["metadata"] ?? {});
  return typeof m["name"] === "string" ? m["name"] : "";
}

function namespaceOf(ev: Obj): string {
  const m = asObj(ev["metadata"] ?? {});
  return typeof m["namespace"] === "string" ? m["namespace"] : "";
}

const CORE_EVENT_KIND = { group: "", kind: "Event" };

function checkCreate(core: Obj): void {
  const errs = validateEventsV1EventCreate(core);
  if (errs.length > 0) throw invalid(CORE_EVENT_KIND, nameOf(core), errs);
}

function checkUpdate(core: Obj, old: Obj): void {
  // An unconditional update validates with the stored resourceVersion, as the apiserver does.
  const meta = asObj(core["metadata"] ?? {});
  const withRv =
    meta["resourceVersion"] === undefined || meta["resourceVersion"] === ""
      ? {
          ...core,
          metadata: { ...meta, resourceVersion: asObj(old["metadata"])["resourceVersion"] },
        }
      : core;
  const errs = validateEventsV1EventUpdate(withRv, old);
  if (errs.length > 0) throw invalid(CORE_EVENT_KIND, nameOf(core), errs);
}

const clients = new WeakMap<ApiClient, ApiClient>();

/**
 * The client the REST handlers use for events.k8s.io/v1: only the "Event"
 * kind, objects in events.k8s.io/v1, stored through `core` as core/v1 Events.
 */
export function eventsV1Client(core: ApiClient): ApiClient {
  const hit = clients.get(core);
  if (hit !== undefined) return hit;
  const getCore = (ns: string | undefined, name: string): CoreEvent | undefined => {
    try {
      return core.get("Event", ns, name);
    } catch (e) {
      if (isApiError(e) && e.reason === "NotFound") return undefined;
      throw e;
    }
  };
  const client: ApiClient = {
    getScale: (...a) => core.getScale(...a),
    updateScale: (...a) => core.updateScale(...a),
    bind: (...a) => core.bind(...a),
    evict: (...a) => core.evict(...a),
    get: ((_k: KindName, ns: string | undefined, name: string) =>
      requalified(() => toEventsV1Event(core.get("Event", ns, name)))) as ApiClient["get"],
    list: ((_k: KindName, options: ListOptions = {}) =>
      convertList(core.list("Event", withCoreSelector(options)))) as ApiClient["list"],
    create: ((_k: KindName, obj: EventsV1Event, options?: WriteOptions) => {
      const c = toCoreEvent(obj);
      checkCreate(asObj(c));
      return requalified(() => toEventsV1Event(core.create("Event", c, options)));
    }) as ApiClient["create"],
    update: ((_k: KindName, obj: EventsV1Event, options?: UpdateOptions) => {
      const c = toCoreEvent(obj);
      const old = getCore(namespaceOf(asObj(c)), nameOf(asObj(c)));
      // The Event strategy allows create on update: a missing Event is created.
      if (old === undefined) checkCreate(asObj(c));
      else checkUpdate(asObj(c), asObj(old));
      return requalified(() => toEventsV1Event(core.update("Event", c, options)));
    }) as ApiClient["update"],
    patch: ((
      _k: KindName,
      ns: string | undefined,
      name: string,
      type: PatchType,
      patch: unknown,
      options?: PatchOptions,
    ) =>
      requalified(() => {
        const corePatch = toCorePatch(type, patch);
        // Missing: an apply patch creates it (any other patch answers NotFound below).
        const old = getCore(ns, name);
        const dry = core.patch("Event", ns, name, type, corePatch, {
          ...options,
          dryRun: true,
        });
        if (old === undefined) checkCreate(asObj(dry));
        else checkUpdate(asObj(dry), asObj(old));
        if (options?.dryRun === true) return toEventsV1Event(dry);
        return toEventsV1Event(core.patch("Event", ns, name, type, corePatch, options));
      })) as ApiClient["patch"],
    delete: ((_k: KindName, ns: string | undefined, name: string, options?: DeleteOptions) =>
      requalified(() => {
        const r = core.delete("Event", ns, name, options);
        return { ...r, object: toEventsV1Event(r.object) };
      })) as ApiClient["delete"],
    deleteCollection: ((_k: KindName, options: ListOptions & DeleteOptions = {}) =>
      convertList(
        core.deleteCollection("Event", withCoreSelector(options)),
      )) as ApiClient["deleteCollection"],
    watch: ((
      _k: KindName,
      options: WatchOptions,
      handler: (event: WatchEvent<EventsV1Event>) => void,
    ) =>
      core.watch("Event", withCoreSelector(options), (event) =>
        handler(
          event.type === "ERROR"
            ? (event as unknown as WatchEvent<EventsV1Event>)
            : event.type === "BOOKMARK"
              ? ({
                  ...event,
                  object: { ...event.object, apiVersion: EVENTS_V1_API_VERSION },
                } as unknown as WatchEvent<EventsV1Event>)
              : { ...event, object: toEventsV1Event(event.object) },
        ),
      )) as ApiClient["watch"],
  };
  clients.set(core, client);
  return client;
}
