/**
 * A Kubernetes protobuf message, decoded to the JSON form Kubernetes gives
 * the same object (the Go struct the gogo Unmarshal fills, then
 * encoding/json with the types' JSON tags):
 * - field names are the JSON names; `(inline)` messages merge into their parent;
 * - meta/v1 Time is RFC 3339 in UTC to the second, MicroTime to the
 *   microsecond (time_proto.go, micro_time_proto.go); an empty one is null;
 * - IntOrString is its intVal or strVal by its type; Quantity its string;
 * - bytes are base64 (Secret.data, ConfigMap.binaryData); FieldsV1 is its raw JSON;
 * - a field that is not on the wire is left out; a zero value that is on the
 *   wire is kept only where Go keeps it (`(keep)`: a pointer, or no
 *   omitempty), as encoding/json's omitempty would drop it otherwise;
 * - repeated messages and maps merge as gogo's Unmarshal merges them.
 * Errors are gogo's (wire.ts).
 */
import type protobuf from "protobufjs";
import { goFieldName, goMessageName } from "./go-names.js";
import {
  ProtobufError,
  WIRE_BYTES,
  WIRE_END_GROUP,
  WIRE_VARINT,
  WireReader,
  toInt32,
  toInt64,
} from "./wire.js";

const TIME = ".k8s.io.apimachinery.pkg.apis.meta.v1.Time";
const MICRO_TIME = ".k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";
const FIELDS_V1 = ".k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1";
const INT_OR_STRING = ".k8s.io.apimachinery.pkg.util.intstr.IntOrString";
const QUANTITY = ".k8s.io.apimachinery.pkg.api.resource.Quantity";
const SPECIAL = new Set([TIME, MICRO_TIME, FIELDS_V1, INT_OR_STRING, QUANTITY]);

type JsonObject = Record<string, unknown>;

/** Decodes `bytes` as a message of `type` into its JSON form. */
export function messageToJson(type: protobuf.Type, bytes: Uint8Array): JsonObject {
  const out: JsonObject = {};
  readMessage(new WireReader(bytes), type, out);
  return out;
}

/** A tag's field number and wire type, checked as every gogo Unmarshal checks them. */
function readTag(r: WireReader, message: string): { field: number; wireType: number } {
  const tag = r.varint();
  const field = Number(BigInt.asIntN(32, tag >> 3n));
  const wireType = Number(tag & 7n);
  if (wireType === WIRE_END_GROUP)
    throw new ProtobufError(`proto: ${message}: wiretype end group for non-group`);
  if (field <= 0)
    throw new ProtobufError(`proto: ${message}: illegal tag ${field} (wire type ${tag})`);
  return { field, wireType };
}

function readMessage(r: WireReader, type: protobuf.Type, out: JsonObject): void {
  const message = goMessageName(type.name);
  while (!r.done) {
    const start = r.pos;
    const { field: id, wireType } = readTag(r, message);
    const field = type.fieldsById[id];
    if (field === undefined) r.skipFrom(start);
    else readField(r, type, field, wireType, out);
  }
}

const VARINT_TYPES = new Set(["int32", "int64", "bool"]);

function readField(
  r: WireReader,
  type: protobuf.Type,
  field: protobuf.Field,
  wireType: number,
  out: JsonObject,
): void {
  const wrong = () =>
    new ProtobufError(
      `proto: wrong wireType = ${wireType} for field ${goFieldName(type.name, field.name)}`,
    );
  const name = field.name;
  if (field.map) {
    if (wireType !== WIRE_BYTES) throw wrong();
    const [key, value] = readMapEntry(r.sub(), field);
    const map = plainObject(out[name]);
    setOwn(map, key, value);
    out[name] = map;
    return;
  }
  const rt = field.resolvedType;
  if (rt !== null && "fieldsById" in rt) {
    if (wireType !== WIRE_BYTES) throw wrong();
    const sub = r.sub();
    if (field.repeated) push(out, name, messageValue(sub, rt, {}));
    else if (field.options?.["(inline)"] === true) readMessage(sub, rt, out);
    else out[name] = messageValue(sub, rt, out[name]);
    return;
  }
  const varint = VARINT_TYPES.has(field.type);
  if (field.repeated && varint && wireType === WIRE_BYTES) {
    const sub = r.sub();
    while (!sub.done) push(out, name, scalar(sub, field.type));
    return;
  }
  if (wireType !== (varint ? WIRE_VARINT : WIRE_BYTES)) throw wrong();
  const value = scalar(r, field.type);
  if (field.repeated) push(out, name, value);
  else if (isZero(value) && field.options?.["(keep)"] !== true) delete out[name];
  else out[name] = value;
}

function scalar(r: WireReader, type: string): unknown {
  switch (type) {
    case "int32":
      return toInt32(r.varint());
    case "int64":
      return toInt64(r.varint());
    case "bool":
      return r.varint() !== 0n;
    case "bytes":
      return Buffer.from(r.bytes()).toString("base64");
    default:
      return Buffer.from(r.bytes()).toString("utf8");
  }
}

function isZero(v: unknown): boolean {
  return v === 0 || v === false || v === "";
}

/** A message value: a special type's JSON value, or the message merged into `existing`. */
function messageValue(r: WireReader, type: protobuf.Type, existing: unknown): unknown {
  if (SPECIAL.has(type.fullName)) return specialValue(r, type);
  const target = plainObject(existing);
  readMessage(r, type, target);
  return target;
}

function specialValue(r: WireReader, type: protobuf.Type): unknown {
  const empty = r.done;
  const fields: JsonObject = {};
  readMessage(r, type, fields);
  switch (type.fullName) {
    case TIME:
    case MICRO_TIME:
      return empty ? null : formatTime(fields, type.fullName === MICRO_TIME);
    case INT_OR_STRING:
      return fields["type"] === 1 ? (fields["strVal"] ?? "") : (fields["intVal"] ?? 0);
    case QUANTITY:
      return fields["string"] ?? "0";
    default:
      return rawJson(fields["Raw"]);
  }
}

/** Go's Time/MicroTime JSON: time.Unix(seconds, nanos) in UTC, RFC 3339 (Micro). */
function formatTime(fields: JsonObject, micro: boolean): string {
  const seconds = BigInt((fields["seconds"] as number | undefined) ?? 0);
  const nanos = (fields["nanos"] as number | undefined) ?? 0;
  // Time drops the nanoseconds; MicroTime truncates them to microseconds.
  const ns = micro ? BigInt(Math.trunc(nanos / 1000) * 1000) : 0n;
  const total = seconds * 1_000_000_000n + ns;
  let whole = total / 1_000_000_000n;
  let frac = total % 1_000_000_000n;
  if (frac < 0n) {
    whole -= 1n;
    frac += 1_000_000_000n;
  }
  const date = new Date(Number(whole) * 1000);
  const year = Number.isNaN(date.getTime()) ? -1 : date.getUTCFullYear();
  if (year < 0 || year > 9999)
    throw new ProtobufError(
      `${micro ? "MicroTime" : "Time"}.MarshalJSON: year outside of range [0,9999]`,
    );
  const text = date.toISOString().slice(0, 19);
  return micro ? `${text}.${String(frac / 1000n).padStart(6, "0")}Z` : `${text}Z`;
}

function rawJson(raw: unknown): unknown {
  if (typeof raw !== "string" || raw === "") return null;
  try {
    return JSON.parse(Buffer.from(raw, "base64").toString("utf8"));
  } catch {
    throw new ProtobufError("FieldsV1: the raw field is not JSON");
  }
}

/** A map entry: key (field 1) and value (field 2), read as gogo reads them. */
function readMapEntry(r: WireReader, field: protobuf.Field): [string, unknown] {
  let key = "";
  let value: unknown;
  const valueType = field.resolvedType;
  while (!r.done) {
    const start = r.pos;
    const tag = r.varint();
    const id = Number(BigInt.asIntN(32, tag >> 3n));
    if (id === 1) key = Buffer.from(r.bytes()).toString("utf8");
    else if (id === 2)
      value =
        valueType !== null && "fieldsById" in valueType
          ? messageValue(r.sub(), valueType, {})
          : scalar(r, field.type);
    else r.skipFrom(start);
  }
  if (value === undefined)
    value =
      valueType !== null && "fieldsById" in valueType
        ? messageValue(new WireReader(new Uint8Array(0)), valueType, {})
        : "";
  return [key, value];
}

function plainObject(v: unknown): JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as JsonObject) : {};
}

/** Sets an own property, even "__proto__" (which the JSON path then refuses by name). */
function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function push(out: JsonObject, name: string, value: unknown): void {
  const list = out[name];
  if (Array.isArray(list)) list.push(value);
  else out[name] = [value];
}
