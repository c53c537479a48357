/**
 * Decoding a Kubernetes protobuf body as kube-apiserver's protobuf
 * serializer does (k8s.io/apimachinery/pkg/runtime/serializer/protobuf/
 * protobuf.go Decode, with runtime.Unknown from pkg/runtime/
 * generated.proto): the 4-byte prefix `k8s\0`, then a runtime.Unknown
 * whose typeMeta names the object's apiVersion and kind (defaulted from
 * the request's, as copyKindDefaults does) and whose raw bytes are the
 * object's own message. The object comes out in its JSON form
 * (to-json.ts) for the server's JSON path.
 */
import { kindFor } from "@kubesim/api";
import { messageType, objectType } from "./schema/index.js";
import { messageToJson } from "./to-json.js";
import { ProtobufError } from "./wire.js";

export const PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

/** protoEncodingPrefix: "k8s" and the encoding style 0 (runtime.Unknown). */
export const PROTOBUF_PREFIX: Uint8Array = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

const UNKNOWN = "k8s.io.apimachinery.pkg.runtime.Unknown";
const LEGACY_SCHEME = "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30";

export interface GroupVersionKind {
  readonly apiVersion: string;
  /** The version part of apiVersion ("v1" of "apps/v1"), as kube-apiserver's messages name it. */
  readonly version: string;
  readonly kind: string;
}

/**
 * A body that did not decode. `gvk` is set once the envelope named a kind,
 * which changes how kube-apiserver words the 400 (handlers/rest.go
 * transformDecodeError).
 */
export class ProtobufDecodeError extends Error {
  constructor(
    message: string,
    readonly gvk?: GroupVersionKind,
  ) {
    super(message);
  }
}

export interface DecodedObject {
  readonly gvk: GroupVersionKind;
  /** The object in its JSON form, with apiVersion and kind set. */
  readonly object: Record<string, unknown>;
}

/** schema.ParseGroupVersion's shape check: "" or "v" or "g/v". */
function validApiVersion(apiVersion: string): boolean {
  return apiVersion.split("/").length <= 2 && apiVersion !== "/";
}

/**
 * Decodes `data`; `defaults` is the apiVersion and kind of the request's
 * resource, used where the envelope leaves them empty.
 */
export function decodeProtobuf(
  data: Uint8Array,
  defaults: { readonly apiVersion: string; readonly kind: string },
): DecodedObject {
  if (data.length === 0) throw new ProtobufDecodeError("empty data");
  if (data.length < 4 || PROTOBUF_PREFIX.some((b, i) => data[i] !== b))
    throw new ProtobufDecodeError(
      `provided data does not appear to be a protobuf message, expected prefix [${PROTOBUF_PREFIX.join(" ")}]`,
    );
  if (data.length === 4) throw new ProtobufDecodeError("empty body");
  let unknown: Record<string, unknown>;
  try {
    unknown = messageToJson(messageType(UNKNOWN), data.subarray(4));
  } catch (e) {
    if (e instanceof ProtobufError) throw new ProtobufDecodeError(e.message);
    throw e;
  }
  const typeMeta = (unknown["typeMeta"] ?? {}) as { apiVersion?: string; kind?: string };
  let apiVersion = typeMeta.apiVersion ?? "";
  if (!validApiVersion(apiVersion) || apiVersion.endsWith("/")) apiVersion = "";
  const kind = typeMeta.kind || defaults.kind;
  if (apiVersion === "") apiVersion = defaults.apiVersion;
  const gvk = { apiVersion, version: apiVersion.split("/").pop() ?? "", kind };
  const type =
    kindFor(apiVersion, kind) !== undefined || SUBRESOURCE_KINDS.has(`${apiVersion}/${kind}`)
      ? objectType(apiVersion, kind)
      : undefined;
  if (type === undefined)
    throw new ProtobufDecodeError(
      `no kind "${kind}" is registered for version "${apiVersion}" in scheme "${LEGACY_SCHEME}"`,
      gvk,
    );
  const raw = Buffer.from((unknown["raw"] as string | undefined) ?? "", "base64");
  try {
    return { gvk, object: { apiVersion, kind, ...messageToJson(type, raw) } };
  } catch (e) {
    if (e instanceof ProtobufError) throw new ProtobufDecodeError(e.message, gvk);
    throw e;
  }
}

/** The bodies of subresources, decoded besides the served kinds. */
const SUBRESOURCE_KINDS = new Set(["autoscaling/v1/Scale", "v1/Binding", "policy/v1/Eviction"]);
