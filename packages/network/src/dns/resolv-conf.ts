/**
 * /etc/resolv.conf as the kubelet writes it for dnsPolicy ClusterFirst
 * (kubernetes pkg/kubelet/network/dns/dns.go: nameserver, search
 * `<ns>.svc.<domain> svc.<domain> <domain>`, options ndots:5) and as the stub
 * resolvers read it (glibc resolv/res_init.c: the last `search`/`domain`
 * line wins, ndots capped at 15, default 1).
 */
import type { ResolvConf } from "./types.js";

/** The kubelet's resolv.conf for a ClusterFirst pod in `namespace`. */
export function clusterFirstResolvConf(
  namespace: string,
  clusterDns: readonly string[] = ["10.96.0.10"],
  clusterDomain = "cluster.local",
): string {
  const search = [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain];
  return (
    clusterDns.map((ip) => `nameserver ${ip}\n`).join("") +
    `search ${search.join(" ")}\n` +
    "options ndots:5\n"
  );
}

export function parseResolvConf(text: string): ResolvConf {
  const nameservers: string[] = [];
  let search: string[] = [];
  let ndots = 1;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const [key, ...args] = line.split(/\s+/);
    if (key === "nameserver" && args[0] !== undefined) nameservers.push(args[0]);
    else if (key === "search") search = args;
    else if (key === "domain" && args[0] !== undefined) search = [args[0]];
    else if (key === "options") {
      for (const opt of args) {
        const m = /^ndots:(\d+)$/.exec(opt);
        if (m?.[1] !== undefined) ndots = Math.min(Number(m[1]), 15);
      }
    }
  }
  return { nameservers, search, ndots };
}
