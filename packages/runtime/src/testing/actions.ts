/**
 * Records what a component asks of the API server, for "then these API
 * actions" assertions. Mirrors client-go's fake clientset `Actions()`
 * (k8s.io/client-go/testing), which the Deployment controller's tests use to
 * compare expected and actual actions; here it is a `Client` interceptor
 * around any `ApiClient`, so it works over the real in-memory apiserver.
 *
 *   const { client, actions } = recordActions(apiserver);
 *   ...reconcile...
 *   expect(writes(actions).map(describeAction)).toEqual([
 *     "create ReplicaSet default/web-7d9c6b5f4",
 *     "update Deployment default/web status",
 *   ]);
 */
import type { ApiClient, KindName, PatchType } from "@kubesim/api";
import { Client } from "../client/client.js";

export type Verb =
  "create" | "get" | "list" | "update" | "patch" | "delete" | "deletecollection" | "watch";

export interface Action {
  readonly verb: Verb;
  readonly kind: KindName;
  readonly namespace: string;
  /** "" for list, watch and deletecollection. */
  readonly name: string;
  readonly subresource?: "status" | "scale" | "binding" | "eviction";
  readonly patchType?: PatchType;
  /** The object sent (create, update) or the patch body (patch). */
  readonly body?: unknown;
}

/** Verbs that change state. */
const writeVerbs: ReadonlySet<Verb> = new Set([
  "create",
  "update",
  "patch",
  "delete",
  "deletecollection",
]);

/** Only the writes (client-go tests usually filter out list and watch). */
export function writes(actions: readonly Action[]): readonly Action[] {
  return actions.filter((a) => writeVerbs.has(a.verb));
}

/** "create ReplicaSet default/web-abc", "update Deployment default/web status", "list Pod default". */
export function describeAction(a: Action): string {
  const where =
    a.name === "" ? a.namespace : a.namespace === "" ? a.name : `${a.namespace}/${a.name}`;
  return [a.verb, a.kind, where, a.subresource]
    .filter((s) => s !== undefined && s !== "")
    .join(" ");
}

export interface RecordedClient {
  readonly client: Client;
  /** Every call, in order, including failed ones. */
  readonly actions: Action[];
  /** Forgets the actions recorded so far (between "given" and "when"). */
  clear(): void;
}

/** Wraps `next` in a client that records every call before passing it on. */
export function recordActions(next: ApiClient): RecordedClient {
  const actions: Action[] = [];
  const push = (a: Action) => actions.push(Object.freeze(a));
  const client = new Client(next, {
    interceptors: {
      create: (c, kind, obj, o) => {
        push({
          verb: "create",
          kind,
          namespace: obj.metadata?.namespace ?? "",
          name: obj.metadata?.name ?? obj.metadata?.generateName ?? "",
          body: obj,
        });
        return c.create(kind, obj, o);
      },
      get: (c, kind, ns, name) => {
        push({ verb: "get", kind, namespace: ns ?? "", name });
        return c.get(kind, ns, name);
      },
      list: (c, kind, o) => {
        push({ verb: "list", kind, namespace: o?.namespace ?? "", name: "" });
        return c.list(kind, o);
      },
      update: (c, kind, obj, o) => {
        push({
          verb: "update",
          kind,
          namespace: obj.metadata?.namespace ?? "",
          name: obj.metadata?.name ?? "",
          ...(o?.subresource === undefined ? {} : { subresource: o.subresource }),
          body: obj,
        });
        return c.update(kind, obj, o);
      },
      patch: (c, kind, ns, name, type, patch, o) => {
        push({
          verb: "patch",
          kind,
          namespace: ns ?? "",
          name,
          patchType: type,
          ...(o?.subresource === undefined ? {} : { subresource: o.subresource }),
          body: patch,
        });
        return c.patch(kind, ns, name, type, patch, o);
      },
      delete: (c, kind, ns, name, o) => {
        push({ verb: "delete", kind, namespace: ns ?? "", name });
        return c.delete(kind, ns, name, o);
      },
      deleteCollection: (c, kind, o) => {
        push({ verb: "deletecollection", kind, namespace: o?.namespace ?? "", name: "" });
        return c.deleteCollection(kind, o);
      },
      // client-go's fake records these as actions on the subresource.
      getScale: (c, kind, ns, name) => {
        push({ verb: "get", kind, namespace: ns, name, subresource: "scale" });
        return c.getScale(kind, ns, name);
      },
      updateScale: (c, kind, ns, name, scale, o) => {
        push({ verb: "update", kind, namespace: ns, name, subresource: "scale", body: scale });
        return c.updateScale(kind, ns, name, scale, o);
      },
      bind: (c, ns, binding, o) => {
        const name = binding.metadata?.name ?? "";
        push({
          verb: "create",
          kind: "Pod",
          namespace: ns,
          name,
          subresource: "binding",
          body: binding,
        });
        c.bind(ns, binding, o);
      },
      evict: (c, ns, eviction, o) => {
        push({
          verb: "create",
          kind: "Pod",
          namespace: ns,
          name: eviction.metadata?.name ?? "",
          subresource: "eviction",
          body: eviction,
        });
        c.evict(ns, eviction, o);
      },
      watch: (c, kind, o, handler) => {
        push({ verb: "watch", kind, namespace: o.namespace ?? "", name: "" });
        return c.watch(kind, o, handler);
      },
    },
  });
  return { client, actions, clear: () => actions.splice(0) };
}
