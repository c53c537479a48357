/**
 * What `kubectl get` fetches for its arguments: the part of
 * staging/src/k8s.io/cli-runtime/pkg/resource/builder.go (visitBySelector,
 * visitByName, visitByResource, ContinueOnError) and selector.go
 * (EnhanceListError) that get uses, against the in-memory apiserver.
 *
 * - `TYPE[,TYPE]`: one list per kind, in the order given (`all` expands to
 *   pods, services, deployments, replicasets), filtered by -l and
 *   --field-selector, in the namespace (or all with -A; cluster-scoped kinds
 *   ignore it).
 * - `TYPE NAME...` and `TYPE/NAME...`: one GET per name, in order.
 * Failures of one request (NotFound) are collected and the others go on.
 */
import { ApiError, isApiError, type KindInfo, type KindName, type KubeObject } from "@kubesim/api";
import type { CommandContext } from "../../cli/command.js";
import { resourceRequests } from "../../cli/resources.js";
import type { GetOptions } from "./get-options.js";

/** One request's answer: a list (all objects of a kind) or one named object. */
export interface Info {
  readonly kind: KindInfo;
  readonly objects: readonly KubeObject[];
  readonly isList: boolean;
  /** The list's resourceVersion, or the object's. */
  readonly resourceVersion: string;
  /** For a named object: its name. */
  readonly name?: string;
}

export interface Fetched {
  readonly infos: readonly Info[];
  readonly errors: readonly unknown[];
  /** One named object was asked for (`get pod x`, `get pod/x`): print it alone, not in a List. */
  readonly singleItemImplied: boolean;
}

/** The requests an argument list makes, as the builder resolves them. */
export interface Request {
  readonly kind: KindInfo;
  /** Undefined for a list of the kind. */
  readonly name?: string;
}

/** The builder's checks on the arguments (ResourceTypeOrNameArgs(true, ...)), then the requests in order. */
export function requestsFor(
  args: readonly string[],
  o: GetOptions,
): {
  requests: Request[];
  singleItemImplied: boolean;
} {
  const { requests, singleItemImplied } = resourceRequests(args, {
    selector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    allowEmptySelector: true,
    allNamespaces: o.allNamespaces,
  });
  return {
    requests: requests.map((r) =>
      r.name === undefined ? { kind: r.info } : { kind: r.info, name: r.name },
    ),
    singleItemImplied,
  };
}

/** GroupVersionResource.String(): `/v1, Resource=pods`, `apps/v1, Resource=deployments`. */
const gvrString = (k: KindInfo): string => `${k.group}/${k.version}, Resource=${k.plural}`;

/** EnhanceListError: BadRequest and NotFound from a list get the request's context. */
function enhanceListError(e: unknown, k: KindInfo, o: GetOptions): unknown {
  if (!isApiError(e) || (e.reason !== "BadRequest" && e.reason !== "NotFound")) return e;
  const message =
    o.labelSelector === "" && o.fieldSelector === ""
      ? `Unable to list "${gvrString(k)}": ${e.message}`
      : `Unable to find "${gvrString(k)}" that match label selector "${o.labelSelector}", field selector "${o.fieldSelector}": ${e.message}`;
  return new ApiError(e.reason, message, e.status.details);
}

/** The namespace a request goes to: none for cluster-scoped kinds and -A lists. */
export function requestNamespace(k: KindInfo, o: GetOptions): string | undefined {
  if (!k.namespaced) return undefined;
  return o.allNamespaces ? undefined : o.namespace;
}

/** Runs the requests; errors of single requests are collected (ContinueOnError). */
export function fetchInfos(
  ctx: CommandContext,
  requests: readonly Request[],
  o: GetOptions,
): {
  infos: Info[];
  errors: unknown[];
} {
  const api = ctx.cluster.apiserver;
  const infos: Info[] = [];
  const errors: unknown[] = [];
  for (const r of requests) {
    const kind = r.kind.kind as KindName;
    const namespace = requestNamespace(r.kind, o);
    try {
      if (r.name === undefined) {
        const list = api.list(kind, {
          ...(namespace === undefined ? {} : { namespace }),
          ...(o.labelSelector === "" ? {} : { labelSelector: o.labelSelector }),
          ...(o.fieldSelector === "" ? {} : { fieldSelector: o.fieldSelector }),
        });
        infos.push({
          kind: r.kind,
          objects: list.items as readonly KubeObject[],
          isList: true,
          resourceVersion: list.metadata.resourceVersion ?? "",
        });
      } else {
        const obj = api.get(kind, namespace, r.name) as KubeObject;
        infos.push({
          kind: r.kind,
          objects: [obj],
          isList: false,
          resourceVersion: obj.metadata?.resourceVersion ?? "",
          name: r.name,
        });
      }
    } catch (e) {
      if (!isApiError(e)) throw e;
      if (r.name === undefined) errors.push(enhanceListError(e, r.kind, o));
      else if (!(o.ignoreNotFound && e.reason === "NotFound")) errors.push(e);
    }
  }
  return { infos, errors };
}
