/**
 * `getent hosts NAME...` of glibc (nss/getent.c hosts_keys, print_hosts):
 * gethostbyname2 through the resolv.conf search list, one line per address
 * printed as `%-15s %s` (the address padded to 15, the canonical name) plus
 * ` alias` for each CNAME owner; exit code 2 when a key is not found.
 */
import type { ClusterDnsView, CommandOutput, HostLookup } from "./types.js";
import { lookup } from "./lookup.js";

/** print_hosts for one found name. */
export function formatHostEntry(found: HostLookup): string {
  if (found.name === undefined) return "";
  const suffix = [found.name, ...found.aliases].join(" ");
  return found.addresses.map((ip) => `${ip.padEnd(15)} ${suffix}\n`).join("");
}

/** The output of `getent hosts` for the lookup results of its keys, in order. */
export function formatGetentHosts(results: readonly HostLookup[]): CommandOutput {
  let stdout = "";
  let exitCode = 0;
  for (const r of results) {
    if (r.addresses.length === 0) exitCode = 2;
    else stdout += formatHostEntry(r);
  }
  return { stdout, stderr: "", exitCode };
}

/** Run `getent hosts KEYS...` (argv after `hosts`) in a pod; IP-literal keys are not modelled (exit 2). */
export function getentHosts(
  keys: readonly string[],
  resolvConf: string,
  view: ClusterDnsView,
): CommandOutput {
  if (keys.length === 0) return { stdout: "", stderr: "", exitCode: 0 };
  return formatGetentHosts(keys.map((k) => lookup(k, resolvConf, view)));
}
