/**
 * Every OpenAPI document `kubesim serve` answers, built once per Kubernetes
 * version string and kept: the v3 documents and their root, the v2 document
 * as JSON and as gnostic protobuf, each with its ETag (the upper-case hex
 * SHA-512 of its bytes, as kube-openapi's computeETag). The served kinds
 * never change while a server runs, so neither do the documents.
 */
import { createHash } from "node:crypto";
import { encodeV2 } from "./gnostic.js";
import { withPatchExtensions } from "./patch-extensions.js";
import { componentSchemas } from "./schemas.generated.js";
import { buildV2Document } from "./v2.js";
import { buildV3Documents, kindDefinitions, served, v3Root, type Served } from "./v3.js";

export type { Served } from "./v3.js";

export interface OpenApiDocuments {
  /** `/openapi/v3`. */
  readonly v3Root: Served;
  /** `/openapi/v3/<key>`: "api/v1", "apis/apps/v1", "api", "apis", "apis/apps". */
  readonly v3: ReadonlyMap<string, Served>;
  readonly v2Json: Served;
  readonly v2Proto: Served;
}

const built = new Map<string, OpenApiDocuments>();

/** The documents for a server reporting `gitVersion` (v1.31.0), built on first use. */
export function openApiDocuments(gitVersion: string): OpenApiDocuments {
  const cached = built.get(gitVersion);
  if (cached !== undefined) return cached;
  const { schemas } = withPatchExtensions(componentSchemas, kindDefinitions());
  const v3Docs = buildV3Documents(schemas, gitVersion);
  const v3 = new Map([...v3Docs].map(([k, d]) => [k, served(d)]));
  const v2 = buildV2Document(v3Docs, gitVersion);
  const proto = Buffer.from(encodeV2(v2));
  const docs: OpenApiDocuments = {
    v3Root: served(v3Root(v3)),
    v3,
    v2Json: served(v2),
    v2Proto: {
      body: proto,
      etag: createHash("sha512").update(proto).digest("hex").toUpperCase(),
    },
  };
  built.set(gitVersion, docs);
  return docs;
}
