/**
 * The files the kubelet writes into every container (pkg/kubelet/
 * kubelet_pods.go makeHostsMount / ensureHostsFile, and the DNS configurer
 * pkg/kubelet/network/dns): /etc/hosts with the pod's own entry, and
 * /etc/resolv.conf for the pod's dnsPolicy (ClusterFirst: the cluster DNS
 * service, search paths of the namespace, ndots:5).
 */
import type { Pod } from "kubernetes-types/core/v1";

export interface DnsSettings {
  /** The cluster DNS service IPs (kubelet --cluster-dns); none means no cluster DNS. */
  readonly clusterDNS: readonly string[];
  /** kubelet --cluster-domain. */
  readonly clusterDomain: string;
}

export const DEFAULT_DNS: DnsSettings = {
  clusterDNS: ["10.96.0.10"],
  clusterDomain: "cluster.local",
};

/** The node's own resolv.conf, which Default (and ClusterFirst without cluster DNS) pods get. */
const HOST_RESOLV = "nameserver 172.18.0.1\noptions ndots:0\n";

export function resolvConf(pod: Pod, dns: DnsSettings): string {
  const policy = pod.spec?.dnsPolicy ?? "ClusterFirst";
  const ns = pod.metadata?.namespace ?? "default";
  let servers: string[] = [];
  let searches: string[] = [];
  let options: string[] = [];
  if (
    (policy === "ClusterFirst" || policy === "ClusterFirstWithHostNet") &&
    dns.clusterDNS.length > 0
  ) {
    servers = [...dns.clusterDNS];
    const d = dns.clusterDomain;
    searches = [`${ns}.svc.${d}`, `svc.${d}`, d];
    options = ["ndots:5"];
  } else if (policy === "None") {
    servers = [];
  } else {
    return HOST_RESOLV;
  }
  const cfg = pod.spec?.dnsConfig;
  if (cfg !== undefined) {
    for (const s of cfg.nameservers ?? []) if (!servers.includes(s)) servers.push(s);
    for (const s of cfg.searches ?? []) if (!searches.includes(s)) searches.push(s);
    for (const o of cfg.options ?? []) {
      const text = o.value === undefined ? (o.name ?? "") : `${o.name ?? ""}:${o.value}`;
      options = options.filter((x) => x.split(":")[0] !== o.name);
      options.push(text);
    }
  }
  let out = "";
  if (searches.length > 0) out += `search ${searches.join(" ")}\n`;
  for (const s of servers) out += `nameserver ${s}\n`;
  if (options.length > 0) out += `options ${options.join(" ")}\n`;
  return out;
}

export function hostsFile(pod: Pod, podIP: string, clusterDomain: string): string {
  let out =
    "# Kubernetes-managed hosts file.\n" +
    "127.0.0.1\tlocalhost\n" +
    "::1\tlocalhost ip6-localhost ip6-loopback\n" +
    "fe00::0\tip6-localnet\n" +
    "fe00::0\tip6-mcastprefix\n" +
    "fe00::1\tip6-allnodes\n" +
    "fe00::2\tip6-allrouters\n";
  const name = pod.spec?.hostname ?? pod.metadata?.name ?? "";
  const sub = pod.spec?.subdomain;
  if (podIP !== "") {
    out +=
      sub === undefined || sub === ""
        ? `${podIP}\t${name}\n`
        : `${podIP}\t${name}.${sub}.${pod.metadata?.namespace ?? "default"}.svc.${clusterDomain}\t${name}\n`;
  }
  for (const alias of pod.spec?.hostAliases ?? []) {
    out += `\n# Entries added by HostAliases.\n${alias.ip ?? ""}\t${(alias.hostnames ?? []).join("\t")}\n`;
  }
  return out;
}
