/**
 * The resource arguments kubectl takes: `TYPE[,TYPE...] [NAME...]`,
 * `TYPE/NAME [TYPE/NAME...]`, and the `all` category, resolved through the
 * API's kinds as kubectl's RESTMapper resolves them.
 */
import { kinds, resolveResource, type KindInfo } from "@kubesim/api";
import { KubectlError } from "./errors.js";

export interface ResourceRef {
  readonly info: KindInfo;
  /** Names asked for; empty means "all of them" (with a selector, or --all). */
  readonly names: readonly string[];
}

/** One type as the user wrote it ("po", "deployments.apps"); kubectl's error when unknown. */
export function resolveKind(arg: string): KindInfo {
  const info = resolveResource(arg);
  if (info === undefined)
    throw new KubectlError(`the server doesn't have a resource type "${arg}"`);
  return info;
}

/** Expands `all` to the kinds in that category (pods, services, deployments, replicasets). */
function expand(arg: string): KindInfo[] {
  if (arg.toLowerCase() === "all") return kinds.filter((k) => k.categories.includes("all"));
  return [resolveKind(arg)];
}

/**
 * Parses the positional arguments of get/describe/delete/label...:
 * `pods`, `pods web-1 web-2`, `pods,services`, `deploy/web svc/web`.
 */
export function parseResourceArgs(args: readonly string[]): ResourceRef[] {
  if (args.length === 0) return [];
  if (args.some((a) => a.includes("/"))) {
    const out: ResourceRef[] = [];
    for (const a of args) {
      const slash = a.indexOf("/");
      if (slash < 0)
        throw new KubectlError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
        );
      const name = a.slice(slash + 1);
      if (name === "")
        throw new KubectlError(
          `arguments in resource/name form must have a single resource and name`,
        );
      out.push({ info: resolveKind(a.slice(0, slash)), names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const infos = types!.split(",").flatMap(expand);
  if (names.length > 0 && infos.length > 1 && types!.includes(","))
    throw new KubectlError(`you may only specify a single resource type`);
  return infos.map((info) => ({ info, names }));
}
