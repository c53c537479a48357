/**
 * POST: create one object. Mirrors the create handler
 * (k8s.io/apiserver/pkg/endpoints/handlers/create.go) and the generic store's
 * Create (registry/generic/registry/store.go: createWithGenerateNameRetry,
 * create, rest.BeforeCreate), in that order:
 *
 *   decode (kind, strict fields) -> defaults -> namespace lifecycle
 *   -> DefaultTolerationSeconds (pods), DefaultIngressClass (ingresses)
 *   -> name from generateName -> BeginCreate (Services: ClusterIP and
 *   NodePort allocation) -> PrepareForCreate (status, generation, system
 *   metadata) -> validation -> "already exists" -> uid -> commit
 *
 * What BeginCreate allocated is given back when any later step refuses the
 * request (and for each generated name that collides), and kept once the
 * object is committed; a dry run allocates nothing.
 *
 * With generateName and no name, a name that collides is drawn again, up to
 * 8 attempts (maxNameGenerationCreateAttempts, the RetryGenerateName feature);
 * after the last, 409 `pods "web-x2k4q" already exists, the server was not
 * allowed to generate a unique name`.
 */
import {
  alreadyExists,
  ApiError,
  badRequest,
  generateName,
  groupResource,
  normalizeServiceClusterIPs,
  prepareNamespaceForCreate,
  qualifiedResource,
  type KindInfo,
  type KubeObject,
  type WriteOptions,
} from "@kubesim/api";
import { rfc3339 } from "@kubesim/sim";
import { admitCreate, decodeBody, defaultObject } from "./admission.js";
import type { ServerContext } from "./context.js";
import { admitDefaultIngressClass } from "./default-ingress-class.js";
import { admitDefaultTolerationSeconds } from "./default-toleration-seconds.js";
import { withFields } from "./freeze.js";
import { updateManagedFields, withManagedFieldsList } from "./fieldmanager/index.js";
import { createMeta, orderedMeta } from "./metadata.js";
import { admittedBySpec, defaultedBySpec } from "./memo.js";
import { admitNamespaceLifecycle } from "./namespaces.js";
import { flatString, requestNamespace, storeKey } from "./keys.js";
import { KEEP_STATUS, statusForCreate, strategyFor } from "./strategies.js";

const MAX_NAME_GENERATION_ATTEMPTS = 8;

/** The label every namespace carries with its own name (namespace strategy Canonicalize). */
export const LABEL_METADATA_NAME = "kubernetes.io/metadata.name";

/** Kind-specific PrepareForCreate steps that run before the common ones. */
function kindPrepare(info: KindInfo, obj: KubeObject): KubeObject {
  if (info.kind === "Namespace") return prepareNamespaceForCreate(obj);
  if (info.kind === "Service") return normalizeServiceClusterIPs(obj);
  return obj;
}

/** Creates `body` as an object of kind `info`. Returns what was stored (or would be, under dryRun). */
export function createObject(
  ctx: ServerContext,
  info: KindInfo,
  body: unknown,
  options: WriteOptions = {},
  managedGiven = false,
): KubeObject {
  const decoded = defaultedBySpec(
    decodeBody(info, body, options.fieldValidation, ctx.warnings, ctx.strict),
    defaultObject,
  );
  return createDecoded(ctx, info, decoded, options, managedGiven);
}

/**
 * The create path after decoding and defaulting (also used by create-on-update
 * PUTs and by applies that create). `managedGiven`: the object's
 * managedFields are final (an apply computed them).
 */
export function createDecoded(
  ctx: ServerContext,
  info: KindInfo,
  decoded: KubeObject,
  options: WriteOptions,
  managedGiven = false,
): KubeObject {
  const meta = (decoded.metadata ?? {}) as Record<string, unknown>;
  const givenName = typeof meta["name"] === "string" ? meta["name"] : "";
  const generate = typeof meta["generateName"] === "string" ? meta["generateName"] : "";
  const namespace = requestNamespace(
    info,
    typeof meta["namespace"] === "string" ? meta["namespace"] : undefined,
  );
  admitNamespaceLifecycle(
    ctx.storage,
    info,
    "create",
    namespace,
    givenName !== "" ? givenName : generate,
  );

  // The create handler's field manager runs on the decoded, defaulted object,
  // before mutating admission and the strategy: what they add is no one's.
  const managedFields = managedGiven
    ? undefined
    : updateManagedFields({
        info,
        live: undefined,
        next: decoded,
        options,
        subresource: "",
        now: rfc3339(ctx.loop.now()),
      }).metadata?.managedFields;

  // Mutating admission (default-toleration-seconds.ts, default-ingress-class.ts), after NamespaceLifecycle.
  let admitted = admittedBySpec(decoded, admitDefaultTolerationSeconds);
  if (info.kind === "Ingress") admitted = admitDefaultIngressClass(ctx.storage, admitted);

  const strategy = strategyFor(info);
  const store = ctx.storage.store(info);
  const prepared0 = kindPrepare(info, admitted);
  const gr = groupResource(info);
  const useGenerated = givenName === "" && generate !== "";
  // PrepareForCreate's status (pod phase and QoS class, cleared status, ...) does not depend on the name.
  const status = statusForCreate(
    strategy,
    prepared0 as unknown as Record<string, unknown>,
    rfc3339(ctx.loop.now()),
  );
  const attempts = useGenerated ? MAX_NAME_GENERATION_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    const name = useGenerated ? flatString(generateName(generate, ctx.nameRng)) : givenName;
    const rv = String(ctx.storage.nextResourceVersion);
    const m = createMeta({
      meta: (prepared0.metadata ?? {}) as Record<string, unknown>,
      name,
      namespace,
      creationTimestamp: rfc3339(ctx.loop.now()),
      resourceVersion: rv,
      generation: strategy.generation,
    });
    if (info.kind === "Namespace") {
      m["labels"] = Object.freeze({
        ...((m["labels"] as Record<string, string> | undefined) ?? {}),
        [LABEL_METADATA_NAME]: name,
      });
    }
    // createMeta's result is in order already; only a label added above may need placing.
    const fields: Record<string, unknown> = {
      metadata: info.kind === "Namespace" ? orderedMeta(m) : m,
    };
    if (status !== KEEP_STATUS) fields["status"] = status;
    let prepared = withFields<KubeObject>(prepared0, fields);
    if (!managedGiven) prepared = withManagedFieldsList(prepared, managedFields);
    // BeginCreate: the Service registry allocates before BeforeCreate validates.
    const begun =
      info.kind === "Service"
        ? ctx.services.beginCreate(prepared, options.dryRun === true)
        : undefined;
    if (begun !== undefined) prepared = begun.obj;
    let committed = false;
    try {
      admitCreate(info, prepared);
      if (typeof meta["resourceVersion"] === "string" && meta["resourceVersion"] !== "") {
        throw badRequest("resourceVersion should not be set on objects to be created");
      }
      const existing = store.lookup(namespace, name);
      if (existing !== undefined) {
        if (attempt < attempts) continue;
        if (useGenerated) {
          throw new ApiError(
            "AlreadyExists",
            `${qualifiedResource(gr)} "${name}" already exists, the server was not allowed to generate a unique name`,
            { name, group: gr.group, kind: gr.resource, retryAfterSeconds: 1 },
          );
        }
        const err = alreadyExists(gr, name);
        if (existing.metadata?.deletionTimestamp !== undefined) {
          throw new ApiError(
            "AlreadyExists",
            `object is being deleted: ${err.message}`,
            err.status.details,
          );
        }
        throw err;
      }
      const uid = ctx.uidRng.uuid();
      const finalMeta: Record<string, unknown> = {
        ...(prepared.metadata as Record<string, unknown>),
        uid,
      };
      if (options.dryRun === true) delete finalMeta["resourceVersion"];
      const obj = Object.freeze({
        ...prepared,
        metadata: Object.freeze(orderedMeta(finalMeta)),
      }) as KubeObject;
      if (options.dryRun !== true) {
        ctx.storage.commit(store, storeKey(info, namespace, name), undefined, obj);
      }
      committed = true;
      return obj;
    } finally {
      // finishCreate(ctx, success)
      if (committed) begun?.txn.commit();
      else begun?.txn.revert();
    }
  }
}
