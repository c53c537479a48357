/**
 * How kubectl names objects and kinds in its one-line answers and messages:
 * the NamePrinter of staging/src/k8s.io/cli-runtime/pkg/printers/name.go
 * (`pod/web-1`, `deployment.apps/web created`, and `-o name`), and the
 * GroupResource / GroupKind strings of apimachinery's schema package that
 * errors quote (`deployments.apps "web"`, `Deployment.apps`).
 */
import { parseApiVersion, type KindInfo } from "@kubesim/api";

interface Named {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
  readonly items?: readonly Named[];
}

/** The name printer's kind: `deployment.apps`, or `pod` for the core group. */
export function kindString(info: Pick<KindInfo, "kind" | "group">): string {
  const kind = info.kind.toLowerCase();
  return info.group === "" ? kind : `${kind}.${info.group}`;
}

/** `deployment.apps` for apps/v1 Deployment, `pod` for v1 Pod. */
export function groupKindName(apiVersion: string | undefined, kind: string): string {
  return kindString({ kind, group: parseApiVersion(apiVersion ?? "").group });
}

/** GroupResource.String(): `deployments.apps`, or `pods` for the core group. */
export function resourceString(info: Pick<KindInfo, "plural" | "group">): string {
  return info.group === "" ? info.plural : `${info.plural}.${info.group}`;
}

/** GroupKind.String(): `Deployment.apps`, or `Pod`. */
export function groupKindString(info: Pick<KindInfo, "kind" | "group">): string {
  return info.group === "" ? info.kind : `${info.kind}.${info.group}`;
}

/**
 * NamePrinter.PrintObj for one object: `deployment.apps/web created`;
 * with ShortOutput (`-o name`) the operation is left out.
 */
export function nameLine(kind: string, name: string, operation = "", shortOutput = false): string {
  const op = shortOutput || operation === "" ? "" : ` ${operation}`;
  return `${kind}/${name}${op}\n`;
}

/** The `-o name` text of an object or a List (each line ends in a newline). */
export function printName(obj: Named, operation = ""): string {
  if (Array.isArray(obj.items)) return obj.items.map((i) => printName(i, operation)).join("");
  if (obj.kind === undefined || obj.kind === "")
    throw new Error(
      "missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type",
    );
  const name = obj.metadata?.name ? obj.metadata.name : "<unknown>";
  return nameLine(groupKindName(obj.apiVersion, obj.kind), name, operation);
}
