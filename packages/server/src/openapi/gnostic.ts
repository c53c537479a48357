/**
 * The v2 document as protobuf: a gnostic `openapi.v2.Document`, the encoding
 * kube-apiserver serves for `Accept: application/com.github.proto-openapi.
 * spec.v2@v1.0+protobuf` and the only one kubectl 1.27 reads. The messages
 * below are the subset of google/gnostic openapiv2/OpenAPIv2.proto this
 * document uses, with that file's field numbers (oneofs renamed, which does
 * not change the wire format). Vendor extensions are gnostic `Any`s holding
 * the value as YAML, as gnostic's compiler stores them.
 */
import protobuf from "protobufjs";
import YAML from "yaml";

export const OPENAPI_V2_PROTO = `
syntax = "proto3";
package openapi.v2;

message AdditionalPropertiesItem { oneof value { Schema schema = 1; bool boolean = 2; } }
message Any { string yaml = 2; }
message BodyParameter {
  string description = 1; string name = 2; string in = 3; bool required = 4; Schema schema = 5;
}
message Definitions { repeated NamedSchema additional_properties = 1; }
message Document {
  string swagger = 1; Info info = 2; repeated string consumes = 6; repeated string produces = 7;
  Paths paths = 8; Definitions definitions = 9;
}
message Info { string title = 1; string version = 2; }
message ItemsItem { repeated Schema schema = 1; }
message NamedAny { string name = 1; Any value = 2; }
message NamedPathItem { string name = 1; PathItem value = 2; }
message NamedResponseValue { string name = 1; ResponseValue value = 2; }
message NamedSchema { string name = 1; Schema value = 2; }
message NonBodyParameter {
  oneof value {
    QueryParameterSubSchema query_parameter_sub_schema = 3;
    PathParameterSubSchema path_parameter_sub_schema = 4;
  }
}
message Operation {
  repeated string tags = 1; string description = 3; string operation_id = 5;
  repeated string produces = 6; repeated string consumes = 7;
  repeated ParametersItem parameters = 8; Responses responses = 9; repeated string schemes = 10;
  repeated NamedAny vendor_extension = 13;
}
message Parameter { oneof value { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2; } }
message ParametersItem { oneof value { Parameter parameter = 1; } }
message PathItem {
  Operation get = 2; Operation put = 3; Operation post = 4; Operation delete = 5; Operation patch = 8;
  repeated ParametersItem parameters = 9;
}
message PathParameterSubSchema {
  bool required = 1; string in = 2; string description = 3; string name = 4; string type = 5;
  bool unique_items = 19;
}
message Paths { repeated NamedPathItem path = 2; }
message Properties { repeated NamedSchema additional_properties = 1; }
message QueryParameterSubSchema {
  bool required = 1; string in = 2; string description = 3; string name = 4; string type = 6;
  bool unique_items = 20;
}
message Response { string description = 1; SchemaItem schema = 2; }
message ResponseValue { oneof value { Response response = 1; } }
message Responses { repeated NamedResponseValue response_code = 1; }
message Schema {
  string _ref = 1; string format = 2; string description = 4; repeated string required = 19;
  AdditionalPropertiesItem additional_properties = 21; TypeItem type = 22; ItemsItem items = 23;
  repeated Schema all_of = 24; Properties properties = 25; repeated NamedAny vendor_extension = 31;
}
message SchemaItem { oneof value { Schema schema = 1; } }
message TypeItem { repeated string value = 1; }
`;

const root = protobuf.parse(OPENAPI_V2_PROTO, { keepCase: true }).root;
export const DocumentType = root.lookupType("openapi.v2.Document");

type Json = Record<string, unknown>;

function extensions(o: Json): Json[] {
  return Object.entries(o)
    .filter(([k]) => k.startsWith("x-"))
    .map(([name, v]) => ({ name, value: { yaml: YAML.stringify(v) } }));
}

function schema(s: Json): Json {
  const out: Json = {};
  if (typeof s["$ref"] === "string") out["_ref"] = s["$ref"];
  if (typeof s["format"] === "string") out["format"] = s["format"];
  if (typeof s["description"] === "string") out["description"] = s["description"];
  if (Array.isArray(s["required"])) out["required"] = s["required"];
  if (s["additionalProperties"] !== undefined)
    out["additional_properties"] = { schema: schema(s["additionalProperties"] as Json) };
  if (typeof s["type"] === "string") out["type"] = { value: [s["type"]] };
  if (s["items"] !== undefined) out["items"] = { schema: [schema(s["items"] as Json)] };
  if (Array.isArray(s["allOf"])) out["all_of"] = (s["allOf"] as Json[]).map(schema);
  if (s["properties"] !== undefined)
    out["properties"] = {
      additional_properties: Object.entries(s["properties"] as Record<string, Json>).map(
        ([name, p]) => ({ name, value: schema(p) }),
      ),
    };
  const ext = extensions(s);
  if (ext.length > 0) out["vendor_extension"] = ext;
  return out;
}

function parameter(p: Json): Json {
  if (p["in"] === "body")
    return {
      parameter: {
        body_parameter: {
          name: p["name"],
          in: "body",
          required: p["required"] === true,
          schema: schema(p["schema"] as Json),
        },
      },
    };
  const sub = {
    required: p["required"] === true,
    in: p["in"],
    description: p["description"] ?? "",
    name: p["name"],
    type: p["type"],
    unique_items: p["uniqueItems"] === true,
  };
  return {
    parameter: {
      non_body_parameter:
        p["in"] === "path"
          ? { path_parameter_sub_schema: sub }
          : { query_parameter_sub_schema: sub },
    },
  };
}

function operation(op: Json): Json {
  const responses = Object.entries(op["responses"] as Record<string, Json>).map(([name, r]) => ({
    name,
    value: {
      response: {
        description: r["description"],
        ...(r["schema"] === undefined ? {} : { schema: { schema: schema(r["schema"] as Json) } }),
      },
    },
  }));
  return {
    tags: op["tags"] ?? [],
    description: op["description"] ?? "",
    operation_id: op["operationId"],
    produces: op["produces"] ?? [],
    consumes: op["consumes"] ?? [],
    parameters: ((op["parameters"] as Json[] | undefined) ?? []).map(parameter),
    responses: { response_code: responses },
    schemes: op["schemes"] ?? [],
    vendor_extension: extensions(op),
  };
}

/** The gnostic message object of a Swagger 2.0 JSON document. */
export function toGnostic(doc: Json): Json {
  const paths = Object.entries(doc["paths"] as Record<string, Json>).map(([name, item]) => {
    const value: Json = {};
    for (const m of ["get", "put", "post", "delete", "patch"])
      if (item[m] !== undefined) value[m] = operation(item[m] as Json);
    if (Array.isArray(item["parameters"]))
      value["parameters"] = (item["parameters"] as Json[]).map(parameter);
    return { name, value };
  });
  const definitions = Object.entries(doc["definitions"] as Record<string, Json>).map(
    ([name, s]) => ({ name, value: schema(s) }),
  );
  return {
    swagger: doc["swagger"],
    info: doc["info"],
    paths: { path: paths },
    definitions: { additional_properties: definitions },
  };
}

/** The protobuf bytes of a Swagger 2.0 JSON document. */
export function encodeV2(doc: Json): Uint8Array {
  return DocumentType.encode(DocumentType.fromObject(toGnostic(doc))).finish();
}
