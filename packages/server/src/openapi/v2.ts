/**
 * The OpenAPI v2 (Swagger 2.0) document: every served path and every
 * definition in one document, as kube-apiserver serves /openapi/v2
 * (k8s.io/kube-openapi/pkg/builder BuildOpenAPISpecFromRoutes). It is
 * derived from the v3 documents: `allOf: [{$ref}]` becomes a `$ref` with its
 * description beside it, refs point into `#/definitions/`, the v3 `oneOf`
 * of IntOrString and Quantity is the v2 `type: string`, request bodies are
 * `in: body` parameters with the operation's `consumes`, responses carry
 * their schema directly and `produces` lists their media types.
 */
import type { OpenApiV3Document } from "./v3.js";
import { SCHEMA_REF_PREFIX, type SchemaObject } from "./schema-object.js";

export const DEFINITIONS_REF_PREFIX = "#/definitions/";

type Json = Record<string, unknown>;

/** A v3 schema as v2 writes it. */
export function v2Schema(s: SchemaObject): Json {
  const out: Json = {};
  const only = s.allOf?.length === 1 ? s.allOf[0] : undefined;
  for (const [k, v] of Object.entries(s)) {
    if (k === "allOf" && only !== undefined) Object.assign(out, v2Schema(only));
    else if (k === "oneOf") out["type"] = "string";
    else if (k === "$ref")
      out[k] = DEFINITIONS_REF_PREFIX + (v as string).slice(SCHEMA_REF_PREFIX.length);
    else if (k === "items" || k === "additionalProperties") out[k] = v2Schema(v as SchemaObject);
    else if (k === "properties")
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, SchemaObject>).map(([n, p]) => [n, v2Schema(p)]),
      );
    else if (k === "allOf") out[k] = (v as SchemaObject[]).map(v2Schema);
    else out[k] = v;
  }
  return out;
}

interface V3Parameter {
  name: string;
  in: string;
  description?: string;
  required?: boolean;
  schema: { type: string; uniqueItems?: boolean };
}

function v2Parameter(p: V3Parameter): Json {
  return {
    ...(p.description === undefined ? {} : { description: p.description }),
    in: p.in,
    name: p.name,
    ...(p.required === true ? { required: true } : {}),
    type: p.schema.type,
    ...(p.schema.uniqueItems === true ? { uniqueItems: true } : {}),
  };
}

interface V3Operation {
  tags?: string[];
  description?: string;
  operationId: string;
  parameters?: V3Parameter[];
  requestBody?: { content: Record<string, { schema: SchemaObject }>; required?: boolean };
  responses: Record<
    string,
    { description: string; content?: Record<string, { schema: SchemaObject }> }
  >;
  [extension: `x-${string}`]: unknown;
}

function v2Operation(op: V3Operation): Json {
  const parameters: Json[] = [];
  let consumes: string[] | undefined;
  if (op.requestBody !== undefined) {
    consumes = Object.keys(op.requestBody.content);
    const schema = Object.values(op.requestBody.content)[0]?.schema;
    parameters.push({
      in: "body",
      name: "body",
      ...(op.requestBody.required === true ? { required: true } : {}),
      ...(schema === undefined ? {} : { schema: v2Schema(schema) }),
    });
  }
  for (const p of op.parameters ?? []) parameters.push(v2Parameter(p));
  const produces = new Set<string>();
  const responses: Json = {};
  for (const [code, r] of Object.entries(op.responses)) {
    const contents = Object.entries(r.content ?? {});
    for (const [type] of contents) produces.add(type);
    const schema = contents[0]?.[1].schema;
    responses[code] = {
      description: r.description,
      ...(schema === undefined ? {} : { schema: v2Schema(schema) }),
    };
  }
  const out: Json = {
    ...(consumes === undefined ? {} : { consumes }),
    ...(op.description === undefined ? {} : { description: op.description }),
    operationId: op.operationId,
    ...(parameters.length > 0 ? { parameters } : {}),
    produces: [...produces],
    responses,
    schemes: ["https"],
    ...(op.tags === undefined ? {} : { tags: op.tags }),
  };
  for (const [k, v] of Object.entries(op)) if (k.startsWith("x-")) out[k] = v;
  return out;
}

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

/** The Swagger 2.0 document of all the v3 documents together. */
export function buildV2Document(v3: ReadonlyMap<string, OpenApiV3Document>, version: string): Json {
  const paths: Record<string, Json> = {};
  const definitions: Record<string, Json> = {};
  for (const doc of v3.values()) {
    for (const [p, item] of Object.entries(doc.paths)) {
      const it = item as Record<string, unknown>;
      const out: Json = {};
      for (const m of METHODS) if (it[m] !== undefined) out[m] = v2Operation(it[m] as V3Operation);
      const params = it["parameters"] as V3Parameter[] | undefined;
      if (params !== undefined) out["parameters"] = params.map(v2Parameter);
      paths[p] = out;
    }
    for (const [name, s] of Object.entries(doc.components.schemas))
      definitions[name] ??= v2Schema(s);
  }
  const sort = <T>(o: Record<string, T>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    swagger: "2.0",
    info: { title: "Kubernetes", version },
    paths: sort(paths),
    definitions: sort(definitions),
    securityDefinitions: {
      BearerToken: {
        description: "Bearer Token authentication",
        in: "header",
        name: "authorization",
        type: "apiKey",
      },
    },
    security: [{ BearerToken: [] }],
  };
}
