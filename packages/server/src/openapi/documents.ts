/**
 * Every OpenAPI document `kubesim serve` answers, built on first use and
 * kept: the v3 documents and their root, the v2 document as JSON and as
 * gnostic protobuf, each with its ETag (the upper-case hex SHA-512 of its
 * bytes, as kube-openapi's computeETag). The served kinds never change, so
 * neither do the documents: they are built once per process and Kubernetes
 * version string, v3 and v2 separately (the protobuf encoding is the
 * slowest part, and only kubectl 1.27/1.28 and re-applies ask for v2).
 */
import { createHash } from "node:crypto";
import { encodeV2 } from "./gnostic.js";
import { withPatchExtensions } from "./patch-extensions.js";
import type { SchemaObject } from "./schema-object.js";
import { componentSchemas } from "./schemas.generated.js";
import { buildV2Document } from "./v2.js";
import {
  buildV3Documents,
  kindDefinitions,
  served,
  v3Root,
  type OpenApiV3Document,
  type Served,
} from "./v3.js";

export type { Served } from "./v3.js";

export interface V3Documents {
  /** `/openapi/v3`. */
  readonly root: Served;
  /** `/openapi/v3/<key>`: "api/v1", "apis/apps/v1", "api", "apis", "apis/apps". */
  readonly documents: ReadonlyMap<string, Served>;
}

export interface V2Documents {
  readonly json: Served;
  readonly proto: Served;
}

export interface OpenApiDocuments {
  v3(): V3Documents;
  v2(): V2Documents;
}

let schemas: Readonly<Record<string, SchemaObject>> | undefined;

/** The generated schemas with the server's strategic-merge tags on them. */
export function servedSchemas(): Readonly<Record<string, SchemaObject>> {
  schemas ??= withPatchExtensions(componentSchemas, kindDefinitions()).schemas;
  return schemas;
}

const built = new Map<string, OpenApiDocuments>();

/** The documents of a server reporting `gitVersion` (v1.31.0). */
export function openApiDocuments(gitVersion: string): OpenApiDocuments {
  const cached = built.get(gitVersion);
  if (cached !== undefined) return cached;
  let v3Objects: Map<string, OpenApiV3Document> | undefined;
  let v3: V3Documents | undefined;
  let v2: V2Documents | undefined;
  const objects = () => (v3Objects ??= buildV3Documents(servedSchemas(), gitVersion));
  const docs: OpenApiDocuments = {
    v3() {
      if (v3 === undefined) {
        const documents = new Map([...objects()].map(([k, d]) => [k, served(d)]));
        v3 = { root: served(v3Root(documents)), documents };
      }
      return v3;
    },
    v2() {
      if (v2 === undefined) {
        const doc = buildV2Document(objects(), gitVersion);
        const proto = Buffer.from(encodeV2(doc));
        v2 = {
          json: served(doc),
          proto: {
            body: proto,
            etag: createHash("sha512").update(proto).digest("hex").toUpperCase(),
          },
        };
      }
      return v2;
    },
  };
  built.set(gitVersion, docs);
  return docs;
}
