/**
 * ClusterDns: CoreDNS as a running server (coredns plugin/kubernetes
 * controller.go dnsControl: informers over Services, EndpointSlices,
 * Namespaces, and Pods only for `pods verified`), answering at the kube-dns
 * Service's IP with resolve() and the stub resolver's lookup() over views
 * built from its caches.
 *
 * A question costs what its names touch, not the size of the cluster: the
 * view handed to resolve() holds only the services, slices, namespaces (and
 * pods) the asked names can reach, read by key and by index from the caches,
 * following ExternalName CNAMEs inside the zone.
 *
 * Deviation: CoreDNS runs as pods behind the kube-dns Service; here it is a
 * component that answers at that address itself.
 */
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Pod, Service } from "kubernetes-types/core/v1";
import type {
  HandlerRegistration,
  ResourceEventHandler,
  SharedIndexInformer,
  SharedInformerFactory,
} from "@kubesim/runtime";
import { lookup, searchNames, type LookupOptions } from "./lookup.js";
import { canonicalName, inZone, parseRequest } from "./parse-request.js";
import { defaultClusterDomain, resolve } from "./resolve.js";
import type { ClusterDnsView, DnsResponse, DnsType, HostLookup, ResolvConf } from "./types.js";

/** The kube-dns Service IP kubeadm picks (the 10th address of 10.96.0.0/12). */
export const DefaultClusterDnsAddress = "10.96.0.10";

/** Index of EndpointSlices by "<namespace>/<kubernetes.io/service-name>". */
export const CoreDnsServiceIndex = "coredns/service";

export function coreDnsServiceIndexFunc(s: EndpointSlice): readonly string[] {
  const svc = s.metadata?.labels?.["kubernetes.io/service-name"];
  return svc === undefined || svc === "" ? [] : [`${s.metadata?.namespace ?? "default"}/${svc}`];
}

/** CoreDNS's maxCnameChainLength: ExternalName chains followed into the view. */
const maxChain = 10;

export interface ClusterDnsOptions {
  /** CoreDNS's informer factory. */
  readonly informers: SharedInformerFactory;
  /** Where it answers (the kube-dns ClusterIP, kubelet --cluster-dns); default 10.96.0.10. */
  readonly address?: string;
  /** The zone (kubelet --cluster-domain); default cluster.local. */
  readonly clusterDomain?: string;
  /** The `pods` option of the Corefile; default "insecure" (kubeadm). */
  readonly podMode?: "disabled" | "insecure" | "verified";
}

export class ClusterDns {
  readonly address: string;
  readonly clusterDomain: string;
  readonly podMode: "disabled" | "insecure" | "verified";
  private readonly services: SharedIndexInformer<"Service">;
  private readonly slices: SharedIndexInformer<"EndpointSlice">;
  private readonly namespaces: SharedIndexInformer<"Namespace">;
  private readonly pods: SharedIndexInformer<"Pod"> | undefined;
  private registrations: HandlerRegistration[] = [];
  private started = false;
  private version = 0;
  private snapshot: { readonly version: number; readonly view: ClusterDnsView } | undefined;

  constructor(options: ClusterDnsOptions) {
    this.address = options.address ?? DefaultClusterDnsAddress;
    this.clusterDomain = options.clusterDomain ?? defaultClusterDomain;
    this.podMode = options.podMode ?? "insecure";
    this.services = options.informers.informerFor("Service");
    this.slices = options.informers.informerFor("EndpointSlice", {
      indexers: { [CoreDnsServiceIndex]: coreDnsServiceIndexFunc },
    });
    this.namespaces = options.informers.informerFor("Namespace");
    this.pods = this.podMode === "verified" ? options.informers.informerFor("Pod") : undefined;
  }

  /** Starts the informers (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    const bump = {
      onAdd: () => void this.version++,
      onUpdate: () => void this.version++,
      onDelete: () => void this.version++,
    };
    const informers = [this.services, this.slices, this.namespaces, this.pods].filter(
      (i) => i !== undefined,
    ) as SharedIndexInformer<"Service" | "EndpointSlice" | "Namespace" | "Pod">[];
    for (const i of informers) {
      this.registrations.push(i.addEventHandler(bump as ResourceEventHandler<never>));
      i.run();
    }
  }

  hasSynced(): boolean {
    return this.started && this.registrations.every((r) => r.hasSynced());
  }

  /** Whether a resolv.conf nameserver is this server. */
  serves(ip: string): boolean {
    return ip === this.address;
  }

  /** One question, as CoreDNS answers it. */
  resolve(name: string, type: DnsType = "A"): DnsResponse {
    return resolve(name, this.viewFor([name]), type);
  }

  /** A name through a pod's search list (glibc order unless `libc: "musl"`). */
  lookup(name: string, resolvConf: ResolvConf | string, options: LookupOptions = {}): HostLookup {
    const text = typeof resolvConf === "string" ? resolvConf : formatResolvConf(resolvConf);
    return lookup(name, text, this.viewFor(searchNames(name, text, options)), options);
  }

  /**
   * The whole cache as a view (for nslookup and getent, which take one),
   * rebuilt only after the caches changed.
   */
  view(): ClusterDnsView {
    if (this.snapshot?.version !== this.version) {
      this.snapshot = {
        version: this.version,
        view: {
          services: this.services.lister.list(),
          endpointSlices: this.slices.lister.list(),
          namespaces: this.namespaces.lister.keys(),
          ...(this.pods === undefined ? {} : { pods: this.pods.lister.list() }),
          clusterDomain: this.clusterDomain,
          podMode: this.podMode,
        },
      };
    }
    return this.snapshot.view;
  }

  /** The part of the caches that questions for `names` can reach. */
  viewFor(names: readonly string[]): ClusterDnsView {
    const zone = canonicalName(this.clusterDomain);
    const services = new Map<string, Service>();
    const slices = new Map<string, readonly EndpointSlice[]>();
    const namespaces = new Set<string>();
    const pods = new Map<string, readonly Pod[]>();
    const visit = (name: string, depth: number): void => {
      const n = canonicalName(name);
      if (!inZone(n, zone)) return;
      const r = parseRequest(n, zone);
      if (r === undefined || r.podOrSvc === "" || r.namespace === "") return;
      if (this.namespaces.lister.get(r.namespace) !== undefined) namespaces.add(r.namespace);
      if (this.pods !== undefined && !pods.has(r.namespace))
        pods.set(r.namespace, this.pods.lister.list({ namespace: r.namespace }));
      if (r.podOrSvc !== "svc" || r.service === "") return;
      const key = `${r.namespace}/${r.service}`;
      if (services.has(key)) return;
      const svc = this.services.lister.get(key);
      if (svc === undefined) return;
      services.set(key, svc);
      slices.set(key, this.slices.lister.byIndex(CoreDnsServiceIndex, key));
      const target = svc.spec?.type === "ExternalName" ? svc.spec.externalName : undefined;
      if (target !== undefined && depth < maxChain) visit(target, depth + 1);
    };
    for (const name of names) visit(name, 0);
    return {
      services: [...services.values()],
      endpointSlices: [...slices.values()].flat(),
      namespaces: [...namespaces],
      ...(this.pods === undefined ? {} : { pods: [...pods.values()].flat() }),
      clusterDomain: this.clusterDomain,
      podMode: this.podMode,
    };
  }
}

/** A parsed resolv.conf written back as the kubelet would write it. */
export function formatResolvConf(conf: ResolvConf): string {
  return (
    conf.nameservers.map((ip) => `nameserver ${ip}\n`).join("") +
    (conf.search.length > 0 ? `search ${conf.search.join(" ")}\n` : "") +
    `options ndots:${conf.ndots}\n`
  );
}
