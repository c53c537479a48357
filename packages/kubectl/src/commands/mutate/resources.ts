/**
 * Which objects a command acts on, as kubectl's resource builder decides it
 * (cli-runtime/pkg/resource/builder.go: ResourceTypeOrNameArgs,
 * visitorResult, visitBySelector, visitByResource, visitByName,
 * visitByPaths): `-f` files, `TYPE -l sel` / `TYPE --all` (listed),
 * `TYPE/NAME ...`, or `TYPE NAME ...`, with the builder's error for every
 * other combination.
 */
import { parseSelector, type ApiClient, type KindInfo, type KindName } from "@kubesim/api";
import { readManifests } from "kubesim";
import type { CommandContext } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import { resolveKind } from "../../cli/resources.js";
import type { ManifestSource } from "./filenames.js";

/** One object to act on (resource.Info). */
export interface Target {
  readonly info: KindInfo;
  /** "" for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
  /** The file it came from ("" for arguments). */
  readonly source: string;
  /** The object, when read from a file, listed, or fetched (`retrieve`). */
  readonly object?: Record<string, unknown>;
}

export interface SelectOptions {
  readonly args: readonly string[];
  readonly selector?: string;
  readonly fieldSelector?: string;
  /** --all: every object of the types given. */
  readonly all?: boolean;
  /** -A. */
  readonly allNamespaces?: boolean;
  /** -f sources, already read. */
  readonly files?: readonly ManifestSource[];
  /** GET each object named by argument (the builder's Latest/RetrieveLazy). */
  readonly retrieve?: boolean;
  /** `TYPE` alone means every object of the type (ResourceTypeOrNameArgs(allowEmptySelector=true)). */
  readonly allowEmptySelector?: boolean;
}

export interface Selection {
  readonly targets: readonly Target[];
  /** Errors met on the way (kubectl continues past them and reports them at the end). */
  readonly errors: readonly unknown[];
}

const missingResourceError = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** SplitResourceArgument: comma-separated types, duplicates dropped. */
function splitTypes(arg: string): string[] {
  return [...new Set(arg.split(","))];
}

function nsFor(info: KindInfo, ns: string): string {
  return info.namespaced ? ns : "";
}

function get(client: ApiClient, t: Target): Target {
  const object = client.get(t.info.kind as KindName, t.namespace || undefined, t.name);
  return { ...t, object: object as unknown as Record<string, unknown> };
}

/** Resolves the targets of a command. Throws for errors that stop it before anything is done. */
export function selectTargets(ctx: CommandContext, o: SelectOptions): Selection {
  const client = ctx.cluster.apiserver;
  const namespace = ctx.namespace;
  const args = [...o.args];
  const errors: unknown[] = [];
  const targets: Target[] = [];
  const slashed = args.filter((a) => a.includes("/")).length;
  if (slashed > 0 && slashed !== args.length)
    throw new KubectlError(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
  const tuples = slashed > 0 ? args : [];
  const types = slashed > 0 || args.length === 0 ? [] : splitTypes(args[0]!);
  const names = slashed > 0 ? [] : args.slice(1);
  let selector = o.selector?.trim() === "" ? undefined : o.selector?.trim();
  const fieldSelector = o.fieldSelector?.trim() === "" ? undefined : o.fieldSelector?.trim();
  if (o.all === true) selector = "";
  if (types.length > 0 && names.length === 0 && selector === undefined && o.allowEmptySelector)
    selector = "";

  if (o.files !== undefined && o.files.length > 0) {
    if (types.length > 0)
      throw new KubectlError(
        "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
      );
    if (tuples.length > 0)
      throw new KubectlError("resource/name arguments cannot be provided when a path is specified");
    const sel = selector === undefined || selector === "" ? undefined : parseSelector(selector);
    const decode: unknown[] = [];
    for (const f of o.files) {
      const read = readManifests(f.text, {
        namespace,
        enforceNamespace: ctx.namespaceExplicit,
        source: f.source,
      });
      for (const p of read.problems) (p.stage === "decode" ? decode : errors).push(p.error);
      for (const m of read.objects) {
        const labels = (m.object["metadata"] as { labels?: Record<string, string> }).labels;
        if (sel !== undefined && !sel.matches(labels)) continue;
        const t: Target = {
          info: m.info,
          namespace: m.namespace,
          name: m.name,
          source: m.source,
          object: m.object,
        };
        if (o.retrieve !== true) targets.push(t);
        else {
          // The builder's Latest(): act on the live object, not the file's.
          try {
            targets.push(get(client, t));
          } catch (e) {
            errors.push(e);
          }
        }
      }
    }
    errors.push(...decode);
    return { targets, errors };
  }

  if (selector !== undefined || fieldSelector !== undefined) {
    if (names.length > 0)
      throw new KubectlError("name cannot be provided when a selector is specified");
    if (tuples.length > 0)
      throw new KubectlError(
        "selectors and the all flag cannot be used when passing resource/name arguments",
      );
    if (types.length === 0)
      throw new KubectlError("at least one resource must be specified to use a selector");
    const infos = dedupe(types.map(resolveKind));
    for (const info of infos) {
      const list = client.list(info.kind as KindName, {
        ...(info.namespaced && o.allNamespaces !== true ? { namespace } : {}),
        ...(selector ? { labelSelector: selector } : {}),
        ...(fieldSelector === undefined ? {} : { fieldSelector }),
      });
      for (const item of list.items) {
        const meta = item.metadata ?? {};
        targets.push({
          info,
          namespace: nsFor(info, meta.namespace ?? ""),
          name: meta.name ?? "",
          source: "",
          object: item as unknown as Record<string, unknown>,
        });
      }
    }
    return { targets, errors };
  }

  const fetch = (t: Target) => {
    if (o.retrieve !== true) return targets.push(t);
    try {
      targets.push(get(client, t));
    } catch (e) {
      errors.push(e);
    }
    return 0;
  };
  if (tuples.length > 0) {
    const resolved = tuples.map((a) => {
      const slash = a.indexOf("/");
      const name = a.slice(slash + 1);
      if (slash === 0 || name === "")
        throw new KubectlError(
          "arguments in resource/name form must have a single resource and name",
        );
      return { info: resolveKind(a.slice(0, slash)), name };
    });
    for (const { info, name } of resolved)
      fetch({ info, namespace: nsFor(info, namespace), name, source: "" });
    return { targets, errors };
  }
  if (names.length > 0) {
    if (types.length > 1) throw new KubectlError("you must specify only one resource");
    const info = resolveKind(types[0]!);
    for (const name of names) fetch({ info, namespace: nsFor(info, namespace), name, source: "" });
    return { targets, errors };
  }
  if (types.length > 0) {
    types.forEach(resolveKind);
    throw new KubectlError("resource(s) were provided, but no name was specified");
  }
  throw new KubectlError(missingResourceError);
}

function dedupe(infos: KindInfo[]): KindInfo[] {
  return infos.filter((x, i) => infos.indexOf(x) === i);
}

/** `deployment.apps` / `pod`: the kind part of kubectl's `kind.group "name" deleted` lines. */
export function kindString(info: KindInfo): string {
  const k = info.kind.toLowerCase();
  return info.group === "" ? k : `${k}.${info.group}`;
}
