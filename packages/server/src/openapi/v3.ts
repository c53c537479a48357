/**
 * The OpenAPI v3 documents: one per served group-version (`api/v1`,
 * `apis/apps/v1`, …), one per discovery path (`api`, `apis`, `apis/apps`),
 * each with the component schemas its paths reach, and the root
 * `/openapi/v3` listing them with `?hash=` (the upper-case hex SHA-512 of
 * the document's JSON). Mirrors kube-apiserver's per-group-version v3
 * documents (k8s.io/kube-openapi/pkg/builder3 BuildOpenAPISpecFromRoutes;
 * pkg/handler3 OpenAPIV3Discovery, computeETag, constructServerRelativeURL).
 */
import { createHash } from "node:crypto";
import type { KindInfo } from "@kubesim/api";
import { groupVersions } from "../discovery.js";
import {
  definitionName,
  groupPart,
  prefixOf,
  resourcePaths,
  tagOf,
  type PathItemObject,
} from "./paths.js";
import { refsOf, SCHEMA_REF_PREFIX, type SchemaObject } from "./schema-object.js";

export interface OpenApiV3Document {
  readonly openapi: "3.0.0";
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, unknown>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, SchemaObject>>;
    readonly securitySchemes: Readonly<Record<string, unknown>>;
  };
}

/** A document ready to serve: its JSON bytes and their hash (the ETag). */
export interface Served {
  readonly body: Buffer;
  readonly etag: string;
}

export function served(value: unknown): Served {
  const body = Buffer.from(JSON.stringify(value));
  return { body, etag: createHash("sha512").update(body).digest("hex").toUpperCase() };
}

const SECURITY_SCHEMES = {
  BearerToken: {
    description: "Bearer Token authentication",
    in: "header",
    name: "authorization",
    type: "apiKey",
  },
};

/** The schemas reached from `paths`, closed over their references. */
function closure(
  paths: Readonly<Record<string, unknown>>,
  schemas: Readonly<Record<string, SchemaObject>>,
): Record<string, SchemaObject> {
  const todo = [...refsInJson(paths)];
  const out: Record<string, SchemaObject> = {};
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (out[name] !== undefined) continue;
    const s = schemas[name];
    if (s === undefined) throw new Error(`no schema ${name}`);
    out[name] = s;
    todo.push(...refsOf(s));
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function refsInJson(v: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(v)) for (const x of v) refsInJson(x, out);
  else if (typeof v === "object" && v !== null)
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string") out.add(x.slice(SCHEMA_REF_PREFIX.length));
      else refsInJson(x, out);
    }
  return out;
}

function discoveryGet(operationId: string, description: string, tag: string, schema: string) {
  return {
    get: {
      tags: [tag],
      description,
      operationId,
      responses: {
        "200": {
          description: "OK",
          content: { "application/json": { schema: { $ref: SCHEMA_REF_PREFIX + schema } } },
        },
        "401": { description: "Unauthorized" },
      },
    },
  };
}

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";

function document(
  paths: Record<string, unknown>,
  schemas: Readonly<Record<string, SchemaObject>>,
  version: string,
): OpenApiV3Document {
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version },
    paths: sorted,
    components: { schemas: closure(sorted, schemas), securitySchemes: SECURITY_SCHEMES },
  };
}

/** The v3 documents, keyed as the root lists them ("api/v1", "apis/apps/v1", "apis"). */
export function buildV3Documents(
  schemas: Readonly<Record<string, SchemaObject>>,
  version: string,
): Map<string, OpenApiV3Document> {
  const docs = new Map<string, OpenApiV3Document>();
  const groups = new Set<string>();
  for (const gv of groupVersions()) {
    const paths: Record<string, PathItemObject | object> = {};
    const prefix = prefixOf(gv.group, gv.version);
    const gvName = `${groupPart(gv.group)}${gv.version.charAt(0).toUpperCase()}${gv.version.slice(1)}`;
    paths[`${prefix}/`] = discoveryGet(
      `get${gvName}APIResources`,
      "get available resources",
      tagOf(gv.group, gv.version),
      `${META}.APIResourceList`,
    );
    for (const k of gv.kinds) for (const [p, item] of resourcePaths(k)) paths[p] = item;
    docs.set(prefix.slice(1), document(paths, schemas, version));
    if (gv.group !== "") groups.add(gv.group);
  }
  docs.set(
    "api",
    document(
      {
        "/api/": discoveryGet(
          "getCoreAPIVersions",
          "get available API versions",
          "core",
          `${META}.APIVersions`,
        ),
      },
      schemas,
      version,
    ),
  );
  docs.set(
    "apis",
    document(
      {
        "/apis/": discoveryGet(
          "getAPIVersions",
          "get available API versions",
          "apis",
          `${META}.APIGroupList`,
        ),
      },
      schemas,
      version,
    ),
  );
  for (const g of groups) {
    const tag = g.replace(/\.k8s\.io$/, "").replaceAll(".", "");
    docs.set(
      `apis/${g}`,
      document(
        {
          [`/apis/${g}/`]: discoveryGet(
            `get${groupPart(g)}APIGroup`,
            "get information of a group",
            tag,
            `${META}.APIGroup`,
          ),
        },
        schemas,
        version,
      ),
    );
  }
  return new Map([...docs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Each served kind with its definition name, for the patch overlay. */
export function kindDefinitions(): [KindInfo, string][] {
  return groupVersions().flatMap((gv) =>
    gv.kinds.map((k): [KindInfo, string] => [k, definitionName(k.group, k.version, k.kind)]),
  );
}

/** The root `/openapi/v3` document for served documents keyed as in buildV3Documents. */
export function v3Root(docs: ReadonlyMap<string, Served>): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [key, doc] of docs)
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.etag}` };
  return { paths };
}
