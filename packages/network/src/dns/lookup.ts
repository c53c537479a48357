/**
 * lookup: a host name resolved through the pod's resolv.conf search list, as
 * glibc does it (resolv/res_query.c __res_context_search: with at least
 * `ndots` dots the name as is first, then the search list; with fewer, the
 * search list first, then the name as is; a trailing dot means the name only)
 * or musl (src/network/lookup_name.c name_from_dns_search: with `ndots` dots
 * or more the name only). The first name with an address answer wins;
 * NXDOMAIN and empty answers move on to the next.
 */
import { resolve } from "./resolve.js";
import { parseResolvConf } from "./resolv-conf.js";
import type { ClusterDnsView, DnsRecord, HostLookup } from "./types.js";

export interface LookupOptions {
  /** Which C library's search order; default glibc. */
  readonly libc?: "glibc" | "musl";
}

/** The fully qualified names a stub resolver asks for `name`, in order. */
export function searchNames(
  name: string,
  resolvConf: string,
  options: LookupOptions = {},
): string[] {
  const conf = parseResolvConf(resolvConf);
  if (name.endsWith(".")) return [name.slice(0, -1)];
  const dots = name.split(".").length - 1;
  const expanded = conf.search.filter((d) => d !== "." && d !== "").map((d) => `${name}.${d}`);
  if (dots >= conf.ndots) return options.libc === "musl" ? [name] : [name, ...expanded];
  return [...expanded, name];
}

export function lookup(
  name: string,
  resolvConf: string,
  view: ClusterDnsView,
  options: LookupOptions = {},
): HostLookup {
  const tried: string[] = [];
  for (const candidate of searchNames(name, resolvConf, options)) {
    tried.push(candidate);
    const reply = resolve(candidate, view, "A");
    const addresses = reply.answer.flatMap((r) => (r.type === "A" ? [r.address] : []));
    if (reply.rcode === "NOERROR" && addresses.length > 0) {
      return { tried, ...canonical(candidate, reply.answer), addresses };
    }
  }
  return { tried, aliases: [], addresses: [] };
}

/** glibc getanswer: h_name is the end of the CNAME chain, the names before it are aliases. */
function canonical(
  asked: string,
  answer: readonly DnsRecord[],
): { name: string; aliases: string[] } {
  const aliases: string[] = [];
  let name = asked;
  for (const r of answer) {
    if (r.type === "CNAME" && r.name.toLowerCase() === name.toLowerCase()) {
      aliases.push(name);
      name = r.target;
    }
  }
  return { name, aliases };
}
