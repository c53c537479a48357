/**
 * The network programs a container's image has besides coreutils: BusyBox
 * nslookup, glibc getent hosts, curl and BusyBox wget. They reach the cluster
 * the way a process in the pod's network namespace would: names through the
 * pod's /etc/hosts and resolv.conf (answered by the cluster DNS when it
 * listens at the nameserver), connections through the node's kube-proxy
 * rules (the data plane).
 */
import {
  curl,
  getentHosts,
  nslookup,
  parseResolvConf,
  wget,
  type ClusterDnsView,
  type CommandOutput,
  type HttpClient,
  type RequestOrigin,
} from "@kubesim/network";

/** The cluster DNS server as a pod's nameserver reaches it. */
export interface PodDnsServer {
  /** The address it answers on (kube-dns's ClusterIP). */
  readonly address: string;
  view(): ClusterDnsView;
}

/** The cluster's network as seen from inside pods. */
export interface PodServices {
  /** Absent: nothing answers at the pods' nameserver. */
  readonly dns?: PodDnsServer;
  /** Absent: the images have no curl or wget. */
  readonly http?: HttpClient;
}

export type NetworkProgram = (args: readonly string[]) => CommandOutput;

export interface PodNetworkIdentity {
  readonly podIP: string;
  readonly node: string;
  /** The pod's /etc/resolv.conf text. */
  readonly resolvConf: string;
  /** The pod's /etc/hosts text. */
  readonly hosts: string;
  /** kubectl exec -t: curl then shows no meter for a body on the terminal. */
  readonly tty?: boolean;
}

/** /etc/hosts as address -> names (comments and blank lines skipped). */
export function parseHosts(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of text.split("\n")) {
    const line = raw.split("#")[0]?.trim() ?? "";
    if (line === "") continue;
    const [address, ...names] = line.split(/\s+/);
    if (address === undefined || names.length === 0) continue;
    out.set(address, [...(out.get(address) ?? []), ...names]);
  }
  return out;
}

/** Where requests from a process in the pod start. */
export function podOrigin(pod: PodNetworkIdentity): RequestOrigin {
  return {
    kind: "pod",
    podIP: pod.podIP,
    node: pod.node,
    resolvConf: parseResolvConf(pod.resolvConf),
    hosts: parseHosts(pod.hosts),
  };
}

export function networkPrograms(
  services: PodServices,
  pod: PodNetworkIdentity,
): Map<string, NetworkProgram> {
  const programs = new Map<string, NetworkProgram>();
  const dns = services.dns;
  const servers = dns === undefined ? [] : [dns.address];
  const emptyView: ClusterDnsView = { services: [] };
  const view = (): ClusterDnsView => dns?.view() ?? emptyView;
  programs.set("nslookup", (args) =>
    nslookup(args, pod.resolvConf, view(), { dnsServers: servers }),
  );
  programs.set("getent", (args) =>
    args[0] === "hosts"
      ? getentHosts(args.slice(1), pod.resolvConf, view())
      : { stdout: "", stderr: `Unknown database: ${args[0] ?? ""}\n`, exitCode: 1 },
  );
  const http = services.http;
  if (http !== undefined) {
    const origin = podOrigin(pod);
    programs.set("curl", (args) => curl(args, http, origin, { tty: pod.tty ?? false }));
    programs.set("wget", (args) => wget(args, http, origin, { tty: pod.tty ?? false }));
  }
  return programs;
}
