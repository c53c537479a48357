/**
 * Namespace lifecycle admission, as the NamespaceLifecycle plugin
 * (k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go)
 * enforces it:
 *
 * - cluster-scoped kinds pass; a Namespace itself passes, except that deleting
 *   an immortal one (default, kube-system, kube-public) is 403
 *   `namespaces "default" is forbidden: this namespace may not be deleted`;
 * - deletes of namespaced objects always pass;
 * - any other write into a namespace that does not exist is 404
 *   `namespaces "foo" not found`;
 * - a create into a Terminating namespace is 403
 *   `pods "x" is forbidden: unable to create new content in namespace foo because it is being terminated`
 *   with a NamespaceTerminating cause on metadata.namespace.
 *
 * The namespaces that exist at start are those kube-apiserver creates itself:
 * default, kube-system, kube-public and kube-node-lease.
 */
import {
  ApiError,
  kindInfo,
  notFound,
  qualifiedResource,
  groupResource,
  type KindInfo,
} from "@kubesim/api";
import type { Storage } from "./storage.js";

export const SYSTEM_NAMESPACES = [
  "default",
  "kube-system",
  "kube-public",
  "kube-node-lease",
] as const;
/** Namespaces that may not be deleted (the plugin's immortalNamespaces). */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set([
  "default",
  "kube-system",
  "kube-public",
]);

export const NAMESPACE_INFO: KindInfo = kindInfo("Namespace")!;

/** The stored Namespace, if any. */
export function namespaceObject(
  storage: Storage,
  name: string,
): { readonly status?: { readonly phase?: string } } | undefined {
  return storage.store(NAMESPACE_INFO).get(name) as { status?: { phase?: string } } | undefined;
}

export function isTerminating(storage: Storage, name: string): boolean {
  return namespaceObject(storage, name)?.status?.phase === "Terminating";
}

/** The plugin's check for a create or update of a namespaced object named `name` (or its generateName). */
export function admitNamespaceLifecycle(
  storage: Storage,
  info: KindInfo,
  operation: "create" | "update",
  namespace: string,
  name: string,
): void {
  if (!info.namespaced) return;
  const ns = namespaceObject(storage, namespace);
  if (ns === undefined) throw notFound({ group: "", resource: "namespaces" }, namespace);
  if (operation === "create" && ns.status?.phase === "Terminating") {
    const gr = groupResource(info);
    const subject = `${qualifiedResource(gr)} "${name === "" ? "Unknown" : name}"`;
    throw new ApiError(
      "Forbidden",
      `${subject} is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        name: name === "" ? "Unknown" : name,
        group: gr.group,
        kind: gr.resource,
        causes: [
          {
            reason: "NamespaceTerminating",
            message: `namespace ${namespace} is being terminated`,
            field: "metadata.namespace",
          },
        ],
      },
    );
  }
}

/** The plugin's refusal to delete an immortal namespace. */
export function admitNamespaceDelete(name: string): void {
  if (IMMORTAL_NAMESPACES.has(name)) {
    throw new ApiError(
      "Forbidden",
      `namespaces "${name}" is forbidden: this namespace may not be deleted`,
      {
        name,
        group: "",
        kind: "namespaces",
      },
    );
  }
}
