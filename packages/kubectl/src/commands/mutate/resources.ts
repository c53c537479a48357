/**
 * Which objects a mutating command acts on, as kubectl's resource builder
 * decides it (cli-runtime/pkg/resource/builder.go visitByPaths, with
 * Latest()): `-f` files here, and the resource arguments through the shared
 * reading of cli/resources.ts (`TYPE -l sel` / `TYPE --all` listed,
 * `TYPE/NAME ...`, `TYPE NAME ...`), with the builder's error for every
 * other combination.
 */
import { parseSelector, type ApiClient, type KindInfo, type KindName } from "@kubesim/api";
import { readManifests } from "kubesim";
import type { CommandContext } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import { resourceRequests, resourceTypeOrNameArgs } from "../../cli/resources.js";
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
  const errors: unknown[] = [];
  const targets: Target[] = [];
  /** A target as it is, or (the builder's Latest()) the live object, its error kept for later. */
  const take = (t: Target): void => {
    if (o.retrieve !== true) {
      targets.push(t);
      return;
    }
    try {
      targets.push(get(client, t));
    } catch (e) {
      errors.push(e);
    }
  };

  if (o.files !== undefined && o.files.length > 0) {
    // visitByPaths: resource arguments may not come with files
    const { tuples, types, names } = resourceTypeOrNameArgs(o.args);
    if (types.length > 0)
      throw new KubectlError(
        "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
      );
    if (names.length > 0)
      throw new KubectlError("name cannot be provided when a path is specified");
    if (tuples.length > 0)
      throw new KubectlError("resource/name arguments cannot be provided when a path is specified");
    const selector = o.selector?.trim() ?? "";
    const sel = selector === "" ? undefined : parseSelector(selector);
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
        // with Latest(), the live object, not the file's
        take(t);
      }
    }
    errors.push(...decode);
    return { targets, errors };
  }

  const { requests, bySelector } = resourceRequests(o.args, {
    ...(o.selector === undefined ? {} : { selector: o.selector }),
    ...(o.fieldSelector === undefined ? {} : { fieldSelector: o.fieldSelector }),
    selectAll: o.all === true,
    allowEmptySelector: o.allowEmptySelector === true,
    allNamespaces: o.allNamespaces === true,
  });
  if (bySelector) {
    const selector = o.selector?.trim() ?? "";
    const fieldSelector = o.fieldSelector?.trim() ?? "";
    for (const { info } of requests) {
      const list = client.list(info.kind as KindName, {
        ...(info.namespaced && o.allNamespaces !== true ? { namespace } : {}),
        ...(selector === "" ? {} : { labelSelector: selector }),
        ...(fieldSelector === "" ? {} : { fieldSelector }),
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
  for (const { info, name } of requests) {
    take({ info, namespace: nsFor(info, namespace), name: name ?? "", source: "" });
  }
  return { targets, errors };
}
