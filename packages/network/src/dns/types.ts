/**
 * Types of the cluster DNS: the snapshot of cluster objects CoreDNS's
 * kubernetes plugin answers from (its informer caches, plugin/kubernetes/
 * controller.go), and DNS questions and responses as a resolver sees them.
 */
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Endpoints, Pod, Service } from "kubernetes-types/core/v1";

/** What the DNS server can see; the caller takes the snapshot. */
export interface ClusterDnsView {
  readonly services: readonly Service[];
  /** Preferred source of endpoints (CoreDNS watches EndpointSlices). */
  readonly endpointSlices?: readonly EndpointSlice[];
  /** Used only when `endpointSlices` is absent. */
  readonly endpoints?: readonly Endpoints[];
  /** Needed only for `pods verified`. */
  readonly pods?: readonly Pod[];
  /**
   * Names of the namespaces that exist (CoreDNS answers NXDOMAIN for a
   * namespace it cannot find). When omitted: every namespace that holds a
   * service, slice, Endpoints or pod of the view, plus default, kube-system,
   * kube-public and kube-node-lease.
   */
  readonly namespaces?: readonly string[];
  /** The cluster domain (kubelet --cluster-domain); default "cluster.local". */
  readonly clusterDomain?: string;
  /** CoreDNS `pods` option; default "insecure" as in kubeadm's Corefile. */
  readonly podMode?: "disabled" | "insecure" | "verified";
}

export type DnsType = "A" | "AAAA" | "CNAME" | "SRV";

export type DnsRcode = "NOERROR" | "NXDOMAIN";

export interface DnsA {
  readonly type: "A";
  /** The owner name, as asked (no trailing dot). */
  readonly name: string;
  readonly address: string;
}

export interface DnsCNAME {
  readonly type: "CNAME";
  readonly name: string;
  readonly target: string;
}

export interface DnsSRV {
  readonly type: "SRV";
  readonly name: string;
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly target: string;
}

export type DnsRecord = DnsA | DnsCNAME | DnsSRV;

/** One DNS reply: its RCODE, the AA bit and the answer section. */
export interface DnsResponse {
  readonly rcode: DnsRcode;
  readonly authoritative: boolean;
  readonly answer: readonly DnsRecord[];
}

/** A pod's /etc/resolv.conf, parsed as the stub resolvers read it. */
export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly ndots: number;
}

/** What gethostbyname/getaddrinfo found for a name after the search list. */
export interface HostLookup {
  /** The fully qualified names asked, in order (no trailing dot). */
  readonly tried: readonly string[];
  /** The canonical name (end of any CNAME chain); absent when not found. */
  readonly name?: string;
  /** Names that led to `name` through CNAMEs (glibc h_aliases). */
  readonly aliases: readonly string[];
  /** IPv4 addresses, in answer order; empty when not found. */
  readonly addresses: readonly string[];
}

/** The output of a command run inside a container. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}
