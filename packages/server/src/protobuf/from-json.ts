/**
 * The other way: an object's JSON form encoded as Kubernetes protobuf (the
 * 4-byte prefix and a runtime.Unknown around the object's own message), as
 * client-go's protobuf serializer sends it. The inverse of to-json.ts for
 * the same schema: Time and MicroTime from RFC 3339, IntOrString by the
 * JSON value's type, Quantity from its string, bytes from base64, inlined
 * messages gathered back into their field. Encoding itself is protobufjs's.
 */
import type protobuf from "protobufjs";
import { messageType, objectType } from "./schema/index.js";
import { PROTOBUF_PREFIX } from "./serializer.js";

type JsonObject = Record<string, unknown>;

const META = ".k8s.io.apimachinery.pkg.apis.meta.v1";

/** The message of `type` for a JSON value, as protobufjs's plain-object form. */
export function jsonToMessageObject(type: protobuf.Type, json: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const field of type.fieldsArray) {
    const rt = field.resolvedType;
    if (field.options?.["(inline)"] === true && rt !== null && "fieldsById" in rt) {
      const inner = jsonToMessageObject(rt, json);
      if (Object.keys(inner).length > 0) out[field.name] = inner;
      continue;
    }
    const v = json[field.name];
    if (v === undefined) continue;
    if (field.map)
      out[field.name] = Object.fromEntries(
        Object.entries(v as JsonObject).map(([k, x]) => [k, valueOf(field, x)]),
      );
    else if (field.repeated) out[field.name] = (v as unknown[]).map((x) => valueOf(field, x));
    else out[field.name] = valueOf(field, v);
  }
  return out;
}

function valueOf(field: protobuf.Field, v: unknown): unknown {
  const rt = field.resolvedType;
  if (rt === null || !("fieldsById" in rt))
    return field.type === "bytes" ? Buffer.from(v as string, "base64") : v;
  switch (rt.fullName) {
    case `${META}.Time`:
    case `${META}.MicroTime`:
      return v === null ? {} : timestamp(v as string);
    case ".k8s.io.apimachinery.pkg.util.intstr.IntOrString":
      return typeof v === "number" ? { type: 0, intVal: v } : { type: 1, strVal: v };
    case ".k8s.io.apimachinery.pkg.api.resource.Quantity":
      return { string: v };
    case `${META}.FieldsV1`:
      return { Raw: Buffer.from(JSON.stringify(v)) };
    default:
      return jsonToMessageObject(rt, v as JsonObject);
  }
}

function timestamp(text: string): { seconds: number; nanos: number } {
  const m = /^(.*?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  const ms = Date.parse(m === null ? text : `${m[1]}${m[3]}`);
  const nanos = m?.[2] === undefined ? 0 : Number(m[2].padEnd(9, "0"));
  return { seconds: Math.floor(ms / 1000), nanos };
}

/** An object's own message bytes (the runtime.Unknown's raw). */
export function encodeMessage(type: protobuf.Type, json: JsonObject): Uint8Array {
  return type.encode(type.fromObject(jsonToMessageObject(type, json))).finish();
}

/**
 * A whole protobuf body for an object with apiVersion and kind:
 * `k8s\0` + runtime.Unknown{typeMeta, raw}.
 */
export function encodeProtobuf(json: JsonObject): Buffer {
  const apiVersion = json["apiVersion"] as string;
  const kind = json["kind"] as string;
  const type = objectType(apiVersion, kind);
  if (type === undefined) throw new Error(`no protobuf message for ${apiVersion} ${kind}`);
  const unknown = messageType("k8s.io.apimachinery.pkg.runtime.Unknown");
  const envelope = unknown
    .encode(
      unknown.fromObject({
        typeMeta: { apiVersion, kind },
        raw: encodeMessage(type, json),
        contentEncoding: "",
        contentType: "",
      }),
    )
    .finish();
  return Buffer.concat([PROTOBUF_PREFIX, envelope]);
}
