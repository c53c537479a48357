/**
 * `nslookup` of BusyBox 1.36 (networking/nslookup.c, FEATURE_NSLOOKUP_BIG,
 * IPv6 on), answered by the cluster DNS. It does its own queries, not the libc
 * resolver's: a name without a dot is asked once per search domain (never as
 * is, and ndots is ignored); a name with a dot only as is, so from a pod
 * `nslookup my-api.default` is NXDOMAIN although getent and curl find it.
 * A and AAAA queries are sent for each name (all A first); replies are printed
 * in the order sent: `** server can't find NAME: NXDOMAIN` for a failed one
 * (exit code 1 even when another query succeeded), `Name:\tN\nAddress: IP`
 * lines otherwise, each reply followed by an empty line.
 */
import { parseResolvConf } from "./resolv-conf.js";
import { resolve } from "./resolve.js";
import type { ClusterDnsView, CommandOutput, DnsRecord, DnsType } from "./types.js";

export interface NslookupOptions {
  /** The IPs on which the cluster DNS answers; default kube-dns's 10.96.0.10. */
  readonly dnsServers?: readonly string[];
}

const usage =
  "BusyBox v1.36.1 multi-call binary.\n\n" +
  "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\n" +
  "Query DNS about HOST\n\n" +
  "QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n";

const knownTypes = ["soa", "ns", "a", "aaaa", "cname", "mx", "txt", "ptr", "srv", "any"];

/** Run `nslookup ARGS...` (argv without the program name) in a pod. */
export function nslookup(
  argv: readonly string[],
  resolvConf: string,
  view: ClusterDnsView,
  options: NslookupOptions = {},
): CommandOutput {
  const fail = (stderr: string): CommandOutput => ({ stdout: "", stderr, exitCode: 1 });
  const types: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-")) break;
    const [opt = "", val = ""] = arg.slice(1).split("=", 2);
    if (opt === "type" || opt === "querytype") {
      const t = val.toLowerCase();
      if (!knownTypes.includes(t)) return fail(`nslookup: invalid query type "${val}"\n`);
      if (!types.includes(t)) types.push(t);
    } else if (!["port", "retry", "debug", "t", "timeout"].includes(opt)) return fail(usage);
  }
  const host = argv[i];
  if (host === undefined || argv.length > i + 2) return fail(usage);
  const conf = parseResolvConf(resolvConf);
  const server = argv[i + 1] ?? conf.nameservers[0] ?? "127.0.0.1";
  if (!(options.dnsServers ?? ["10.96.0.10"]).includes(server)) {
    return {
      stdout: ";; connection timed out; no servers could be reached\n\n",
      stderr: "",
      exitCode: 1,
    };
  }
  // The query list, in add_query order: for each type, the search names.
  const order = knownTypes.filter((t) => types.includes(t));
  const qtypes = order.length > 0 ? order : ["a", "aaaa"];
  const search = host.includes(".") ? [] : conf.search.filter((d) => d !== ".");
  const names = search.length === 0 ? [host] : search.map((d) => `${host}.${d}`);
  let stdout = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  let exitCode = 0;
  for (const t of qtypes) {
    for (const name of names) {
      const reply = answer(name, t, view);
      if (reply.rcode !== "NOERROR") {
        stdout += `** server can't find ${name}: ${reply.rcode}\n`;
        exitCode = 1;
      } else {
        if (!reply.authoritative) stdout += "Non-authoritative answer:\n";
        stdout += reply.answer.map(formatRecord).join("");
      }
      stdout += "\n";
    }
  }
  return { stdout, stderr: "", exitCode };
}

function answer(name: string, t: string, view: ClusterDnsView) {
  const types: Record<string, DnsType> = { a: "A", aaaa: "AAAA", cname: "CNAME", srv: "SRV" };
  const type = types[t];
  if (type !== undefined) return resolve(name, view, type);
  // Types the simulator does not model: the name's existence, no records.
  const a = resolve(name, view, "A");
  return { ...a, answer: [] };
}

/** parse_reply's line per record. */
function formatRecord(r: DnsRecord): string {
  switch (r.type) {
    case "A":
      return `Name:\t${r.name}\nAddress: ${r.address}\n`;
    case "CNAME":
      return `${r.name}\tcanonical name = ${r.target}\n`;
    case "SRV":
      return `${r.name}\tservice = ${r.priority} ${r.weight} ${r.port} ${r.target}\n`;
  }
}
