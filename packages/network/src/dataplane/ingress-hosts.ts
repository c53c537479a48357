/**
 * How a laptop outside the cluster finds an Ingress's host names: the name
 * leads to the address the ingress controller published in the Ingress's
 * status.loadBalancer.ingress, as after `echo "<address> api.example.com" >>
 * /etc/hosts` (or a DNS record pointing there). A name matches a rule's host
 * exactly, or a wildcard host `*.example.com` by its first label; among
 * several Ingresses naming the host, the first by namespace/name that has an
 * address wins. An Ingress without a published address names nothing yet.
 */
import type { Ingress } from "kubernetes-types/networking/v1";
import {
  metaNamespaceKey,
  unwrapTombstone,
  type HandlerRegistration,
  type SharedIndexInformer,
  type SharedInformerFactory,
} from "@kubesim/runtime";

export interface IngressAddress {
  readonly address: string;
  readonly ingress: { readonly namespace: string; readonly name: string };
  /** The rule host that matched ("api.example.com" or "*.example.com"). */
  readonly host: string;
}

interface Published {
  readonly hosts: readonly string[];
  readonly address: string | undefined;
}

export class IngressHosts {
  private readonly informer: SharedIndexInformer<"Ingress">;
  private registration: HandlerRegistration | undefined;
  private readonly byKey = new Map<string, Published>();
  /** host -> keys of the Ingresses naming it. */
  private readonly byHost = new Map<string, Set<string>>();

  constructor(informers: SharedInformerFactory) {
    this.informer = informers.informerFor("Ingress");
  }

  start(): void {
    if (this.registration !== undefined) return;
    this.registration = this.informer.addEventHandler({
      onAdd: (i) => this.set(i),
      onUpdate: (_o, i) => this.set(i),
      onDelete: (i) => this.remove(metaNamespaceKey(unwrapTombstone(i))),
    });
    this.informer.run();
  }

  hasSynced(): boolean {
    return this.registration?.hasSynced() === true;
  }

  /** The published address for `name` (lower case), if an Ingress names it. */
  resolve(name: string): IngressAddress | undefined {
    const host = name.toLowerCase().replace(/\.$/, "");
    const dot = host.indexOf(".");
    for (const candidate of dot > 0 ? [host, `*${host.slice(dot)}`] : [host]) {
      const keys = this.byHost.get(candidate);
      if (keys === undefined) continue;
      for (const key of [...keys].sort()) {
        const address = this.byKey.get(key)?.address;
        if (address === undefined) continue;
        const slash = key.indexOf("/");
        return {
          address,
          host: candidate,
          ingress: { namespace: key.slice(0, slash), name: key.slice(slash + 1) },
        };
      }
    }
    return undefined;
  }

  private set(ing: Ingress): void {
    const key = metaNamespaceKey(ing);
    this.remove(key);
    const hosts = [
      ...new Set(
        (ing.spec?.rules ?? []).map((r) => (r.host ?? "").toLowerCase()).filter((h) => h !== ""),
      ),
    ];
    const address = (ing.status?.loadBalancer?.ingress ?? []).find(
      (i) => i.ip !== undefined && i.ip !== "",
    )?.ip;
    this.byKey.set(key, { hosts, address });
    for (const h of hosts) {
      let keys = this.byHost.get(h);
      if (keys === undefined) {
        keys = new Set();
        this.byHost.set(h, keys);
      }
      keys.add(key);
    }
  }

  private remove(key: string): void {
    const old = this.byKey.get(key);
    if (old === undefined) return;
    this.byKey.delete(key);
    for (const h of old.hosts) {
      const keys = this.byHost.get(h);
      keys?.delete(key);
      if (keys?.size === 0) this.byHost.delete(h);
    }
  }
}
