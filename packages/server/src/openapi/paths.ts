/**
 * The OpenAPI v3 paths and operations of one served resource: list, create,
 * deletecollection on the collection, get, replace, patch, delete on the
 * object, get/replace/patch on its status and scale subresources, and the
 * all-namespaces list, each with its operationId, `x-kubernetes-action` and
 * `x-kubernetes-group-version-kind`. Mirrors kube-apiserver's endpoint
 * installer (staging/src/k8s.io/apiserver/pkg/endpoints/installer.go
 * registerResourceHandlers, and the operation ids of
 * pkg/endpoints/openapi/openapi.go GetOperationIDAndTags).
 */
import type { KindInfo } from "@kubesim/api";
import { verbsOf } from "@kubesim/kubectl";
import { nameOf, namespace, pretty, queryParameters, type ParameterObject } from "./parameters.js";
import type { GroupVersionKind } from "./schema-object.js";
import { SCHEMA_REF_PREFIX } from "./schema-object.js";

export const PATCH_CONTENT_TYPES = [
  "application/apply-patch+yaml",
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
] as const;

export interface OperationObject {
  readonly tags: readonly string[];
  readonly description: string;
  readonly operationId: string;
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: {
    readonly content: Readonly<Record<string, { readonly schema: { readonly $ref: string } }>>;
    readonly required?: true;
  };
  readonly responses: Readonly<
    Record<
      string,
      {
        readonly description: string;
        readonly content?: Readonly<Record<string, { readonly schema: { readonly $ref: string } }>>;
      }
    >
  >;
  readonly "x-kubernetes-action": string;
  readonly "x-kubernetes-group-version-kind": GroupVersionKind;
}

export type Method = "get" | "put" | "post" | "delete" | "patch";

export interface PathItemObject {
  readonly get?: OperationObject;
  readonly put?: OperationObject;
  readonly post?: OperationObject;
  readonly delete?: OperationObject;
  readonly patch?: OperationObject;
  readonly parameters: readonly ParameterObject[];
}

/** The definition name of a kind ("io.k8s.api.apps.v1.Deployment"). */
export function definitionName(group: string, version: string, kind: string): string {
  if (group === "" || group === "core") return `io.k8s.api.core.${version}.${kind}`;
  return `io.k8s.api.${group.split(".")[0]!}.${version}.${kind}`;
}

const ref = (name: string) => ({ $ref: SCHEMA_REF_PREFIX + name });
const STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
const PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
const DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "apps" → "Apps", "networking.k8s.io" → "Networking", "" → "Core" (operation ids). */
export function groupPart(group: string): string {
  if (group === "") return "Core";
  return group
    .replace(/\.k8s\.io$/, "")
    .split(".")
    .map(capitalize)
    .join("");
}

/** "apps_v1", "core_v1", "networking_v1" (operation tags). */
export function tagOf(group: string, version: string): string {
  return `${group === "" ? "core" : group.replace(/\.k8s\.io$/, "").replaceAll(".", "")}_${version}`;
}

/** The URL prefix of a group-version: "/api/v1", "/apis/apps/v1". */
export function prefixOf(group: string, version: string): string {
  return group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
}

function responses(
  codes: readonly [string, string][],
  schema: string,
  list = false,
): OperationObject["responses"] {
  const content: Record<string, { schema: { $ref: string } }> = {
    "application/json": { schema: ref(schema) },
  };
  if (list) content["application/json;stream=watch"] = { schema: ref(schema) };
  const out: Record<string, OperationObject["responses"][string]> = {};
  for (const [code, description] of codes) out[code] = { description, content };
  out["401"] = { description: "Unauthorized" };
  return out;
}

interface Target {
  readonly kind: KindInfo;
  readonly gvk: GroupVersionKind;
  /** Definition of the object the operations take and return. */
  readonly schema: string;
  /** "", "Status", "Scale": the operationId suffix. */
  readonly suffix: string;
}

function operation(
  t: Target,
  action: "get" | "list" | "post" | "put" | "patch" | "delete" | "deletecollection",
  scoped: string,
): OperationObject {
  const { kind } = t;
  const base = `${groupPart(kind.group)}${capitalize(kind.version)}`;
  const what = t.suffix === "" ? "" : `${t.suffix.toLowerCase()} of `;
  const common = {
    tags: [tagOf(kind.group, kind.version)],
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": t.gvk,
  };
  const params = queryParameters[action] ?? [];
  const withParams = params.length > 0 ? { parameters: params } : {};
  const body = (schema: string) => ({
    requestBody: { content: { "*/*": { schema: ref(schema) } }, required: true as const },
  });
  switch (action) {
    case "get":
      return {
        ...common,
        description: `read ${what}the specified ${kind.kind}`,
        operationId: `read${base}${scoped}${kind.kind}${t.suffix}`,
        responses: responses([["200", "OK"]], t.schema),
      };
    case "list":
      return {
        ...common,
        description: `list or watch objects of kind ${kind.kind}`,
        operationId: `list${base}${scoped}${kind.kind}`,
        ...withParams,
        responses: responses([["200", "OK"]], `${t.schema}List`, true),
      };
    case "post":
      return {
        ...common,
        description: `create ${/^[AEIOU]/.test(kind.kind) ? "an" : "a"} ${kind.kind}`,
        operationId: `create${base}${scoped}${kind.kind}`,
        ...withParams,
        ...body(t.schema),
        responses: responses(
          [
            ["200", "OK"],
            ["201", "Created"],
            ["202", "Accepted"],
          ],
          t.schema,
        ),
      };
    case "put":
      return {
        ...common,
        description: `replace ${what}the specified ${kind.kind}`,
        operationId: `replace${base}${scoped}${kind.kind}${t.suffix}`,
        ...withParams,
        ...body(t.schema),
        responses: responses(
          [
            ["200", "OK"],
            ["201", "Created"],
          ],
          t.schema,
        ),
      };
    case "patch":
      return {
        ...common,
        description: `partially update ${what}the specified ${kind.kind}`,
        operationId: `patch${base}${scoped}${kind.kind}${t.suffix}`,
        ...withParams,
        requestBody: {
          content: Object.fromEntries(PATCH_CONTENT_TYPES.map((c) => [c, { schema: ref(PATCH) }])),
          required: true,
        },
        responses: responses(
          [
            ["200", "OK"],
            ["201", "Created"],
          ],
          t.schema,
        ),
      };
    case "delete":
      return {
        ...common,
        description: `delete ${/^[AEIOU]/.test(kind.kind) ? "an" : "a"} ${kind.kind}`,
        operationId: `delete${base}${scoped}${kind.kind}`,
        ...withParams,
        requestBody: { content: { "*/*": { schema: ref(DELETE_OPTIONS) } } },
        responses: responses(
          [
            ["200", "OK"],
            ["202", "Accepted"],
          ],
          STATUS,
        ),
      };
    case "deletecollection":
      return {
        ...common,
        description: `delete collection of ${kind.kind}`,
        operationId: `delete${base}Collection${scoped}${kind.kind}`,
        ...withParams,
        requestBody: { content: { "*/*": { schema: ref(DELETE_OPTIONS) } } },
        responses: responses([["200", "OK"]], STATUS),
      };
  }
}

/** The paths of one served resource, keyed by URL template. */
export function resourcePaths(kind: KindInfo): Map<string, PathItemObject> {
  const verbs = new Set(verbsOf(kind));
  const prefix = prefixOf(kind.group, kind.version);
  const own: Target = {
    kind,
    gvk: { group: kind.group, kind: kind.kind, version: kind.version },
    schema: definitionName(kind.group, kind.version, kind.kind),
    suffix: "",
  };
  const scoped = kind.namespaced ? "Namespaced" : "";
  const base = kind.namespaced
    ? `${prefix}/namespaces/{namespace}/${kind.plural}`
    : `${prefix}/${kind.plural}`;
  const scopeParams = kind.namespaced ? [namespace] : [];
  const name = nameOf(kind.kind);
  const out = new Map<string, PathItemObject>();

  const collection: Partial<Record<Method, OperationObject>> = {};
  if (verbs.has("list")) collection.get = operation(own, "list", scoped);
  if (verbs.has("create")) collection.post = operation(own, "post", scoped);
  if (verbs.has("deletecollection")) collection.delete = operation(own, "deletecollection", scoped);
  out.set(base, { ...collection, parameters: [...scopeParams, pretty] });

  const item: Partial<Record<Method, OperationObject>> = {};
  if (verbs.has("get")) item.get = operation(own, "get", scoped);
  if (verbs.has("update")) item.put = operation(own, "put", scoped);
  if (verbs.has("patch")) item.patch = operation(own, "patch", scoped);
  if (verbs.has("delete")) item.delete = operation(own, "delete", scoped);
  out.set(`${base}/{name}`, { ...item, parameters: [name, ...scopeParams, pretty] });

  for (const sub of kind.subresources) {
    if (sub !== "status" && sub !== "scale") continue;
    const target: Target =
      sub === "status"
        ? { ...own, suffix: "Status" }
        : {
            kind,
            gvk: { group: "autoscaling", kind: "Scale", version: "v1" },
            schema: definitionName("autoscaling", "v1", "Scale"),
            suffix: "Scale",
          };
    out.set(`${base}/{name}/${sub}`, {
      get: operation(target, "get", scoped),
      put: operation(target, "put", scoped),
      patch: operation(target, "patch", scoped),
      parameters: [nameOf(target.gvk.kind), ...scopeParams, pretty],
    });
  }

  if (kind.namespaced && verbs.has("list")) {
    const all = operation(own, "list", "");
    out.set(`${prefix}/${kind.plural}`, {
      get: { ...all, operationId: `${all.operationId}ForAllNamespaces` },
      parameters: [pretty],
    });
  }
  return out;
}
