/**
 * Decoding request bodies as kube-apiserver's handlers do
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go
 * transformDecodeError and summarizeData, create.go's API version check,
 * negotiation's UnsupportedMediaType). JSON, YAML and Kubernetes protobuf
 * bodies are accepted; protobuf is decoded to the object's JSON form
 * (../protobuf/serializer.ts) and then takes the JSON path.
 *
 * JSON is parsed so that it can never change an object's prototype: a
 * `__proto__` key anywhere is refused with 400, before anything reads the
 * object. `constructor` and `prototype` stay plain data (they are valid
 * ConfigMap keys); JSON.parse makes them own properties, which change no
 * prototype.
 */
import { ApiError, apiVersionOf, badRequest, type KindInfo } from "@kubesim/api";
import { parse as parseYaml } from "yaml";
import {
  decodeProtobuf,
  PROTOBUF_MEDIA_TYPE,
  ProtobufDecodeError,
} from "../protobuf/serializer.js";

/** The media types an object body may have, in kube-apiserver's order. */
export const BODY_MEDIA_TYPES = [
  "application/json",
  "application/yaml",
  PROTOBUF_MEDIA_TYPE,
] as const;

/** The media type without parameters, lower-cased: "application/json". */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export function unsupportedMediaType(accepted: readonly string[]): ApiError {
  return new ApiError(
    "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
  );
}

/** summarizeData: the start of a body, as text when it looks like JSON, else in hex. */
export function summarizeData(data: Buffer, maxLength = 30): string {
  if (data.length === 0) return "<empty>";
  if (data[0] === 0x7b) {
    return data.length > maxLength
      ? `${data.subarray(0, maxLength).toString("utf8")} ...`
      : data.toString("utf8");
  }
  return data.length > maxLength
    ? `${data.subarray(0, maxLength).toString("hex")} ...`
    : data.toString("hex");
}

/** Where a refused `__proto__` key was found, or undefined when there is none. */
export function findProtoKey(value: unknown, path = ""): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findProtoKey(value[i], `${path}[${i}]`);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  for (const key of Object.keys(value)) {
    const here = path === "" ? key : `${path}.${key}`;
    if (key === "__proto__") return here;
    const p = findProtoKey((value as Record<string, unknown>)[key], here);
    if (p !== undefined) return p;
  }
  return undefined;
}

/**
 * Parses JSON (or YAML) text into plain data; throws `syntax` errors as
 * given by `onSyntax`, and refuses `__proto__` keys.
 */
export function parseData(
  body: Buffer,
  media: string,
  onSyntax: (message: string) => ApiError,
): unknown {
  const text = body.toString("utf8");
  let value: unknown;
  if (media === "application/yaml") {
    try {
      // YAML 1.2 core schema: no custom tags, no prototype-changing keys.
      value = parseYaml(text, { schema: "core", uniqueKeys: true, maxAliasCount: 100 });
    } catch (e) {
      throw onSyntax(`yaml: ${(e as Error).message.split("\n")[0]}`);
    }
  } else {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw onSyntax(`json parse error: ${(e as Error).message}`);
    }
  }
  const proto = findProtoKey(value);
  if (proto !== undefined)
    throw badRequest(
      `the field ${JSON.stringify(proto)} is not allowed: "__proto__" keys are refused`,
    );
  return value;
}

/**
 * A protobuf body's object in its JSON form; errors are worded as
 * handlers/rest.go transformDecodeError words them for `into`, the kind
 * the request's resource expects.
 */
export function parseProtobuf(
  body: Buffer,
  expected: { readonly apiVersion: string; readonly kind: string },
): Record<string, unknown> {
  try {
    const { object } = decodeProtobuf(body, expected);
    const proto = findProtoKey(object);
    if (proto !== undefined)
      throw badRequest(
        `the field ${JSON.stringify(proto)} is not allowed: "__proto__" keys are refused`,
      );
    return object;
  } catch (e) {
    if (!(e instanceof ProtobufDecodeError)) throw e;
    throw badRequest(
      e.gvk === undefined
        ? `the object provided is unrecognized (must be of type ${expected.kind}): ${e.message} (${summarizeData(body)})`
        : `${e.gvk.kind} in version ${JSON.stringify(e.gvk.version)} cannot be handled as a ${expected.kind}: ${e.message}`,
    );
  }
}

/**
 * A subresource's body (Scale, Binding, Eviction) as plain data, from JSON,
 * YAML or protobuf; 415 for any other media type.
 */
export function parseBody(
  body: Buffer,
  contentType: string | undefined,
  expected: { readonly apiVersion: string; readonly kind: string },
  onSyntax: (message: string) => ApiError,
): unknown {
  const media = mediaType(contentType);
  if (!(BODY_MEDIA_TYPES as readonly string[]).includes(media))
    throw unsupportedMediaType(BODY_MEDIA_TYPES);
  return media === PROTOBUF_MEDIA_TYPE
    ? parseProtobuf(body, expected)
    : parseData(body, media, onSyntax);
}

/**
 * The object of a create or update body, checked against the resource the
 * URL names: its apiVersion and kind default to the URL's; a different one
 * is refused with 400 as kube-apiserver refuses it.
 */
export function decodeObject(
  body: Buffer,
  contentType: string | undefined,
  info: KindInfo,
): Record<string, unknown> {
  const media = mediaType(contentType);
  if (!(BODY_MEDIA_TYPES as readonly string[]).includes(media))
    throw unsupportedMediaType(BODY_MEDIA_TYPES);
  const unrecognized = (why: string) =>
    badRequest(
      `the object provided is unrecognized (must be of type ${info.kind}): ${why} (${summarizeData(body)})`,
    );
  const expected = apiVersionOf(info);
  const value =
    media === PROTOBUF_MEDIA_TYPE
      ? parseProtobuf(body, { apiVersion: expected, kind: info.kind })
      : parseData(body, media, (m) => unrecognized(`couldn't get version/kind; ${m}`));
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw unrecognized("couldn't get version/kind; json parse error: the body is not an object");
  const obj = value as Record<string, unknown>;
  const kind = obj["kind"];
  const apiVersion = obj["apiVersion"];
  if (kind !== undefined && typeof kind !== "string")
    throw unrecognized("couldn't get version/kind; json parse error: kind is not a string");
  if (apiVersion !== undefined && typeof apiVersion !== "string")
    throw unrecognized("couldn't get version/kind; json parse error: apiVersion is not a string");
  if (apiVersion !== undefined && apiVersion !== "" && apiVersion !== expected)
    throw badRequest(
      `the API version in the data (${apiVersion}) does not match the expected API version (${expected})`,
    );
  if (kind !== undefined && kind !== "" && kind !== info.kind) {
    const version = (apiVersion ?? expected).split("/").pop();
    throw badRequest(
      `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${info.kind}: the kind in the data does not match the resource of the request`,
    );
  }
  return { ...obj, apiVersion: expected, kind: info.kind };
}
