/**
 * Storage keys and kind lookup. Mirrors the key layout of
 * k8s.io/apiserver/pkg/registry/generic/registry (NamespaceKeyFunc,
 * NoNamespaceKeyFunc): etcd keeps `/registry/pods/<namespace>/<name>`, and lists
 * come back in key order. kubesim keeps one map per kind, so the key drops the
 * common prefix: `"default/web-1"` for a namespaced object, `"node-1"` for a
 * cluster-scoped one. Comparing these keys as strings gives etcd's order
 * (names are ASCII), e.g. `"a-b/x" < "a/x"` because '-' sorts before '/'.
 */
import { ApiError, kindInfo, type KindInfo } from "@kubesim/api";

/** The namespace a namespaced object lives in when none is given (kubectl's default context). */
export const DEFAULT_NAMESPACE = "default";

/** The registry entry for a kind name, or 404 as kube-apiserver answers an unknown resource. */
export function resolveKind(kind: string): KindInfo {
  const info = typeof kind === "string" ? kindInfo(kind) : undefined;
  if (info === undefined) {
    throw new ApiError("NotFound", "the server could not find the requested resource", {
      kind: String(kind),
      causes: [
        {
          reason: "FieldValueNotFound",
          field: "kind",
          message: `unknown kind ${JSON.stringify(kind)}`,
        },
      ],
    });
  }
  return info;
}

/** The store key of an object. */
export function storeKey(info: KindInfo, namespace: string, name: string): string {
  // join() makes one flat string (`+` would leave a tree of pieces in every map holding the key).
  return info.namespaced ? [namespace, "/", name].join("") : name;
}

/**
 * `s` as one flat string. Strings built with `+` or templates are trees of
 * their pieces in V8; a name kept for the object's lifetime and used as a key
 * everywhere is cheaper to hash, compare and keep flat.
 */
export function flatString(s: string): string {
  return s.length < 2 ? s : [s.slice(0, 1), s.slice(1)].join("");
}

/** The namespace a request addresses: "" for cluster-scoped kinds, "default" when a namespaced request names none. */
export function requestNamespace(info: KindInfo, namespace: string | undefined): string {
  if (!info.namespaced) return "";
  return namespace === undefined || namespace === "" ? DEFAULT_NAMESPACE : namespace;
}

/** The etcd key upstream would use, as it appears in some storage error messages. */
export function etcdKey(info: KindInfo, namespace: string, name: string): string {
  return info.namespaced
    ? `/registry/${info.plural}/${namespace}/${name}`
    : `/registry/${info.plural}/${name}`;
}
