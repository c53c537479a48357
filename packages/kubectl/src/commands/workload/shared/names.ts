/**
 * How kubectl names an object in its one-line answers: the name printer's
 * `deployment.apps/my-api rolled back` (cli-runtime pkg/printers/name.go) and
 * the `deployments.apps "my-api"` of error messages (resource.group).
 */
import type { KindInfo } from "@kubesim/api";

/** `deployment.apps/my-api`, or `pod/x` for the core group. */
export function kindSlashName(info: Pick<KindInfo, "kind" | "group">, name: string): string {
  const kind = info.kind.toLowerCase();
  return info.group === "" ? `${kind}/${name}` : `${kind}.${info.group}/${name}`;
}

/** The name printer's line: `deployment.apps/my-api paused`. */
export function nameLine(
  info: Pick<KindInfo, "kind" | "group">,
  name: string,
  operation: string,
): string {
  return `${kindSlashName(info, name)}${operation === "" ? "" : ` ${operation}`}\n`;
}

/** `deployments.apps`, or `pods` for the core group. */
export function resourceString(info: Pick<KindInfo, "plural" | "group">): string {
  return info.group === "" ? info.plural : `${info.plural}.${info.group}`;
}

/** Go's %q for the plain strings kubectl quotes (names, container names). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's GroupKind.String(): `Deployment.apps`, or `Pod`. */
export function groupKindString(info: Pick<KindInfo, "kind" | "group">): string {
  return info.group === "" ? info.kind : `${info.kind}.${info.group}`;
}
