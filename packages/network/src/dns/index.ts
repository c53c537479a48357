/**
 * Cluster DNS: CoreDNS's kubernetes plugin answers (resolve), the pod's stub
 * resolver search list (lookup) and the DNS commands users run in pods
 * (BusyBox nslookup, glibc getent hosts).
 */
export { defaultClusterDomain, isIPv4, resolve } from "./resolve.js";
export { clusterFirstResolvConf, parseResolvConf } from "./resolv-conf.js";
export { lookup, searchNames } from "./lookup.js";
export type { LookupOptions } from "./lookup.js";
export { nslookup } from "./nslookup.js";
export type { NslookupOptions } from "./nslookup.js";
export { formatGetentHosts, formatHostEntry, getentHosts } from "./getent.js";
export type {
  ClusterDnsView,
  CommandOutput,
  DnsA,
  DnsCNAME,
  DnsRcode,
  DnsRecord,
  DnsResponse,
  DnsSRV,
  DnsType,
  HostLookup,
  ResolvConf,
} from "./types.js";
