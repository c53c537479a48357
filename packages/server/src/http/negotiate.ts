/**
 * What the client accepts, as kube-apiserver's content negotiation reads
 * the Accept header (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/
 * negotiation/negotiate.go, and response.go's `doTransformObject` for the
 * `as=Table` and `as=PartialObjectMetadata` targets): the first acceptable
 * media range wins. JSON is always answered as JSON; protobuf is not served
 * yet, so a protobuf-or-JSON Accept gets JSON, and protobuf alone gets 406.
 */
import { ApiError } from "@kubesim/api";

export interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Splits an Accept header into media ranges, in order, parameters lower-cased by name. */
export function parseAccept(accept: string | undefined): MediaRange[] {
  if (accept === undefined || accept.trim() === "") return [{ type: "*/*", params: {} }];
  return accept
    .split(",")
    .map((part) => {
      const [type = "", ...params] = part.split(";").map((s) => s.trim());
      const p: Record<string, string> = {};
      for (const kv of params) {
        const eq = kv.indexOf("=");
        if (eq > 0)
          p[kv.slice(0, eq).trim().toLowerCase()] = kv
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, "");
      }
      return { type: type.toLowerCase(), params: p };
    })
    .filter((r) => r.type !== "");
}

/** How an API object answer is to be shaped. */
export type ObjectTarget =
  | { readonly as: "object" }
  | { readonly as: "table"; readonly version: "v1" | "v1beta1" }
  | { readonly as: "partial"; readonly version: "v1" | "v1beta1" };

const jsonLike = (t: string) => t === "application/json" || t === "application/*" || t === "*/*";

/**
 * The target of an object request: a Table, PartialObjectMetadata or the
 * object itself, in JSON. Throws 406 when nothing acceptable is offered.
 */
export function objectTarget(accept: string | undefined): ObjectTarget {
  for (const r of parseAccept(accept)) {
    if (!jsonLike(r.type)) continue;
    const as = r.params["as"];
    if (as === undefined) return { as: "object" };
    const g = r.params["g"];
    const v = r.params["v"];
    if (g !== "meta.k8s.io" || (v !== "v1" && v !== "v1beta1")) continue;
    if (as === "Table") return { as: "table", version: v };
    if (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList")
      return { as: "partial", version: v };
  }
  throw notAcceptable();
}

export function notAcceptable(): ApiError {
  return new ApiError(
    "NotAcceptable",
    "only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io",
  );
}
