/**
 * The resource arguments kubectl takes, as its resource builder reads them
 * (staging/src/k8s.io/cli-runtime/pkg/resource/builder.go:
 * ResourceTypeOrNameArgs, normalizeMultipleResourcesArgs,
 * hasCombinedTypeArgs, splitResourceTypeName, SplitResourceArgument,
 * ReplaceAliases, mappingFor, visitorResult, visitBySelector,
 * visitByResource, visitByName):
 *
 * - `TYPE[,TYPE...]` lists every object of each type (with a selector, or
 *   all of them where the command allows an empty selector);
 * - `TYPE NAME...` gets each name; `TYPE1,TYPE2 NAME...` is read as
 *   `TYPE1/NAME... TYPE2/NAME...`;
 * - `TYPE/NAME...` gets each pair;
 * - `all` is the category (pods, services, deployments, replicasets);
 *
 * with the builder's error for every other combination. Every command that
 * takes resource arguments (get, describe, delete, label, scale, set,
 * rollout...) reads them here.
 */
import { kinds, resolveResource, type KindInfo } from "@kubesim/api";
import { KubectlError } from "./errors.js";

/** mappingFor: one type as the user wrote it ("po", "deployments.apps"); kubectl's error when unknown. */
export function resolveKind(arg: string): KindInfo {
  const info = resolveResource(arg);
  if (info === undefined)
    throw new KubectlError(`the server doesn't have a resource type ${JSON.stringify(arg)}`);
  return info;
}

/** SplitResourceArgument: comma-separated types, repeats dropped. */
export function splitResourceArgument(arg: string): string[] {
  return [...new Set(arg.split(","))];
}

/** ReplaceAliases: a category (`all`) becomes its types. */
function replaceAliases(arg: string): string {
  return arg
    .split(",")
    .map((a) =>
      a.toLowerCase() === "all"
        ? kinds
            .filter((k) => k.categories.includes("all"))
            .map((k) => (k.group === "" ? k.plural : `${k.plural}.${k.group}`))
            .join(",")
        : a,
    )
    .join(",");
}

/** What ResourceTypeOrNameArgs makes of the arguments, before any type is resolved. */
export interface ResourceArgs {
  /** `TYPE/NAME` arguments (resourceTuples). */
  readonly tuples: readonly { readonly resource: string; readonly name: string }[];
  /** The types of `TYPE[,TYPE] [NAME...]` (resources), aliases expanded. */
  readonly types: readonly string[];
  /** The names after a single type (names). */
  readonly names: readonly string[];
}

const combinedTypeError =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/** ResourceTypeOrNameArgs: splits the arguments into tuples, types and names, with the builder's errors. */
export function resourceTypeOrNameArgs(input: readonly string[]): ResourceArgs {
  let args = [...input];
  // normalizeMultipleResourcesArgs: `a,b NAME...` becomes `a/NAME... b/NAME...`
  if (args.length >= 2) {
    const resources = splitResourceArgument(args[0]!);
    if (resources.length > 1)
      args = resources.flatMap((r) => args.slice(1).map((name) => `${r}/${name}`));
  }
  const slashed = args.filter((a) => a.includes("/")).length;
  if (slashed > 0) {
    if (slashed !== args.length) throw new KubectlError(combinedTypeError);
    const tuples = args.map((s) => {
      const seg = s.split("/");
      if (seg.length !== 2)
        throw new KubectlError("arguments in resource/name form may not have more than one slash");
      const [resource, name] = seg as [string, string];
      if (resource === "" || name === "" || splitResourceArgument(resource).length !== 1)
        throw new KubectlError(
          "arguments in resource/name form must have a single resource and name",
        );
      return { resource, name };
    });
    return { tuples, types: [], names: [] };
  }
  if (args.length === 0) return { tuples: [], types: [], names: [] };
  return {
    tuples: [],
    types: splitResourceArgument(replaceAliases(args[0]!)),
    names: args.slice(1),
  };
}

/** One request the builder makes: a list of a type (no name) or one object by name. */
export interface ResourceRequest {
  readonly info: KindInfo;
  readonly name?: string;
}

export interface ResourceRequestOptions {
  /** Label selector (-l); "" for none. */
  readonly selector?: string;
  /** Field selector (--field-selector); "" for none. */
  readonly fieldSelector?: string;
  /** --all: every object of the types given (SelectAllParam). */
  readonly selectAll?: boolean;
  /** `TYPE` alone lists every object of the type (ResourceTypeOrNameArgs(allowEmptySelector=true)). */
  readonly allowEmptySelector: boolean;
  /** -A (AllNamespaces). */
  readonly allNamespaces?: boolean;
}

export interface ResourceRequests {
  readonly requests: readonly ResourceRequest[];
  /** One named object was asked for (`get pod x`, `get pod/x`): it prints alone, not in a List. */
  readonly singleItemImplied: boolean;
  /** The requests list objects through a selector (visitBySelector). */
  readonly bySelector: boolean;
}

export const missingResourceError =
  "You must provide one or more resources by argument or filename.\n" +
  "Example resource specifications include:\n" +
  "   '-f rsrc.yaml'\n" +
  "   '--filename=rsrc.json'\n" +
  "   '<resource> <name>'\n" +
  "   '<resource>'";

/** resourceMappings: each type resolved, repeats of one kind dropped. */
function mappings(types: readonly string[]): KindInfo[] {
  const out: KindInfo[] = [];
  for (const t of types) {
    const info = resolveKind(t);
    if (!out.includes(info)) out.push(info);
  }
  return out;
}

function checkNamespaceForName(info: KindInfo, allNamespaces: boolean | undefined): void {
  if (info.namespaced && allNamespaces === true)
    throw new KubectlError("a resource cannot be retrieved by name across all namespaces");
}

/**
 * visitorResult for resource arguments (not -f): which lists and gets the
 * arguments, selector and --all ask for, in order, or the builder's error.
 */
export function resourceRequests(
  args: readonly string[],
  options: ResourceRequestOptions,
): ResourceRequests {
  const { tuples, types, names } = resourceTypeOrNameArgs(args);
  const selector = options.selector?.trim() ?? "";
  const fieldSelector = options.fieldSelector?.trim() ?? "";
  if (options.selectAll === true && (selector !== "" || fieldSelector !== ""))
    throw new KubectlError("setting 'all' parameter but found a non empty selector. ");
  const bySelector =
    selector !== "" ||
    fieldSelector !== "" ||
    options.selectAll === true ||
    (options.allowEmptySelector && args.length === 1 && tuples.length === 0);

  if (bySelector) {
    if (names.length > 0)
      throw new KubectlError("name cannot be provided when a selector is specified");
    if (tuples.length > 0)
      throw new KubectlError(
        "selectors and the all flag cannot be used when passing resource/name arguments",
      );
    if (types.length === 0)
      throw new KubectlError("at least one resource must be specified to use a selector");
    return {
      requests: mappings(types).map((info) => ({ info })),
      singleItemImplied: false,
      bySelector,
    };
  }
  if (tuples.length > 0) {
    const byResource = new Map<string, KindInfo>();
    for (const t of tuples)
      if (!byResource.has(t.resource)) byResource.set(t.resource, resolveKind(t.resource));
    const requests = tuples.map((t) => {
      const info = byResource.get(t.resource)!;
      checkNamespaceForName(info, options.allNamespaces);
      return { info, name: t.name };
    });
    return { requests, singleItemImplied: tuples.length === 1, bySelector };
  }
  if (names.length > 0) {
    if (types.length > 1) throw new KubectlError("you must specify only one resource");
    const info = mappings(types)[0]!;
    checkNamespaceForName(info, options.allNamespaces);
    return {
      requests: names.map((name) => ({ info, name })),
      singleItemImplied: names.length === 1,
      bySelector,
    };
  }
  if (types.length > 0) {
    mappings(types);
    throw new KubectlError("resource(s) were provided, but no name was specified");
  }
  throw new KubectlError(missingResourceError);
}
