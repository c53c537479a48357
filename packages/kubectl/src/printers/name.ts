/**
 * `-o name`: NamePrinter of staging/src/k8s.io/cli-runtime/pkg/printers/name.go.
 * One line per object, `kind/name` for the core group and `kind.group/name`
 * otherwise (`pod/web-1`, `deployment.apps/web`); a List prints its items.
 */
import { parseApiVersion } from "@kubesim/api";

interface Named {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
  readonly items?: readonly Named[];
}

/** `deployment.apps` for apps/v1 Deployment, `pod` for v1 Pod. */
export function groupKindName(apiVersion: string | undefined, kind: string): string {
  const { group } = parseApiVersion(apiVersion ?? "");
  return group === "" ? kind.toLowerCase() : `${kind.toLowerCase()}.${group}`;
}

/** The `-o name` text of an object or a List (each line ends in a newline). */
export function printName(obj: Named, operation = ""): string {
  if (Array.isArray(obj.items)) return obj.items.map((i) => printName(i, operation)).join("");
  if (obj.kind === undefined || obj.kind === "")
    throw new Error(
      "missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type",
    );
  const name = obj.metadata?.name ? obj.metadata.name : "<unknown>";
  const op = operation === "" ? "" : ` ${operation}`;
  return `${groupKindName(obj.apiVersion, obj.kind)}/${name}${op}\n`;
}
