/**
 * The `kubernetes` Service bootstrap of kube-apiserver: the kubernetesservice
 * controller (pkg/controlplane/controller/kubernetesservice/controller.go)
 * with the lease endpoint reconciler (pkg/controlplane/reconcilers/lease.go)
 * and its EndpointsAdapter (reconcilers/endpointsadapter.go). At start it
 * creates, through the ordinary create path:
 *
 *   Service default/kubernetes      labels {component: apiserver, provider: kubernetes},
 *                                   clusterIP = the service CIDR's first address (10.96.0.1),
 *                                   port https 443/TCP -> targetPort 6443, no selector,
 *                                   sessionAffinity None, ipFamilyPolicy SingleStack
 *   Endpoints default/kubernetes    label endpointslice.kubernetes.io/skip-mirror: "true",
 *                                   one subset: {addresses: [{ip: <advertise address>}],
 *                                   ports: [{name: https, port: 6443, protocol: TCP}]}
 *   EndpointSlice default/kubernetes label kubernetes.io/service-name: kubernetes (no
 *                                   managed-by label), addressType IPv4,
 *                                   endpoints [{addresses: [ip], conditions: {ready: true}}]
 *
 * Upstream then re-runs the same sync every 10 s (EndpointInterval), writing
 * only when something is missing or wrong. kubesim runs it only when one of
 * the three objects is changed or removed by someone else, at the next 10 s
 * tick after the change (counted from the start, as upstream's
 * NonSlidingUntil ticks), so an idle cluster has no timer. The Service is
 * created only when missing (its spec is not reconciled after the first
 * run, as upstream); the Endpoints' address and label, and the slice, are
 * reset. The master leases the reconciler keeps in etcd are not modelled
 * (one apiserver, one address). The endpoints and EndpointSlice controllers
 * leave these objects alone: the Service has no selector.
 */
import {
  isAlreadyExists,
  isNotFound,
  type ApiClient,
  type KindName,
  type KubeObject,
} from "@kubesim/api";
import type { Loop } from "@kubesim/sim";
import type { ApiServerLogger } from "./context.js";
import { semanticEqual } from "./freeze.js";
import type { Storage } from "./storage.js";

/** Its writes are kube-apiserver's own (the loopback client's User-Agent names the manager). */
const AS_APISERVER = { userAgent: "kube-apiserver" } as const;

export const KUBERNETES_SERVICE_NAME = "kubernetes";
export const NAMESPACE_DEFAULT = "default";
/** discovery.LabelSkipMirror */
export const LABEL_SKIP_MIRROR = "endpointslice.kubernetes.io/skip-mirror";
/** discovery.LabelServiceName */
export const LABEL_SERVICE_NAME = "kubernetes.io/service-name";
/** kube-apiserver's --endpoint-reconciler interval (EndpointInterval). */
export const ENDPOINT_INTERVAL_MS = 10_000;

export interface KubernetesServiceConfig {
  /** The address other components reach the apiserver at (--advertise-address). */
  readonly publicIP: string;
  /** Where the service lives: the first address of the service CIDR. */
  readonly serviceIP: string;
  /** ServicePort (443). */
  readonly servicePort: number;
  /** PublicServicePort: the apiserver's secure port (6443). */
  readonly publicServicePort: number;
}

type Obj = Record<string, unknown>;

export class KubernetesServiceController {
  private startedAt = 0;
  private reconciling = false;
  private scheduled = false;

  constructor(
    private readonly client: ApiClient,
    private readonly storage: Storage,
    private readonly loop: Loop,
    private readonly config: KubernetesServiceConfig,
    private readonly logger: ApiServerLogger | undefined,
  ) {}

  /** Start: the first sync now, then one after any outside change to the three objects. */
  start(): void {
    this.startedAt = this.loop.now();
    this.sync();
    this.storage.onCommit((store, entry) => {
      if (this.reconciling || this.scheduled) return;
      const kind = store.info.kind;
      if (kind !== "Service" && kind !== "Endpoints" && kind !== "EndpointSlice") return;
      const meta = (entry.next ?? entry.old)?.metadata;
      if (meta?.namespace !== NAMESPACE_DEFAULT || meta.name !== KUBERNETES_SERVICE_NAME) return;
      this.scheduled = true;
      const elapsed = this.loop.now() - this.startedAt;
      const tick =
        this.startedAt + (Math.floor(elapsed / ENDPOINT_INTERVAL_MS) + 1) * ENDPOINT_INTERVAL_MS;
      this.loop.at(
        tick,
        () => {
          this.scheduled = false;
          this.sync();
        },
        "kubernetes service sync",
      );
    });
  }

  /** UpdateKubernetesService(false); errors are logged, as upstream's HandleError does. */
  sync(): void {
    this.reconciling = true;
    try {
      this.createMasterServiceIfNeeded();
      this.reconcileEndpoints();
    } catch (e) {
      this.logger?.debug({ err: (e as Error).message }, "unable to sync kubernetes service");
    } finally {
      this.reconciling = false;
    }
  }

  private get<K extends KindName>(kind: K): KubeObject | undefined {
    try {
      return this.client.get(kind, NAMESPACE_DEFAULT, KUBERNETES_SERVICE_NAME) as KubeObject;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** CreateOrUpdateMasterServiceIfNeeded(reconcile=false): create when missing. */
  private createMasterServiceIfNeeded(): void {
    if (this.get("Service") !== undefined) return;
    try {
      this.client.create(
        "Service",
        {
          metadata: {
            name: KUBERNETES_SERVICE_NAME,
            namespace: NAMESPACE_DEFAULT,
            labels: { component: "apiserver", provider: "kubernetes" },
          },
          spec: {
            ports: [
              {
                name: "https",
                protocol: "TCP",
                port: this.config.servicePort,
                targetPort: this.config.publicServicePort,
              },
            ],
            clusterIP: this.config.serviceIP,
            type: "ClusterIP",
            sessionAffinity: "None",
            ipFamilyPolicy: "SingleStack",
          },
        },
        AS_APISERVER,
      );
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
  }

  private endpointPorts(): Obj[] {
    return [{ name: "https", port: this.config.publicServicePort, protocol: "TCP" }];
  }

  /** leaseEndpointReconciler.doReconcile(serviceName, endpointPorts, reconcilePorts=false). */
  private reconcileEndpoints(): void {
    const found = this.get("Endpoints") as Obj | undefined;
    const masterIPs = [this.config.publicIP];
    const e: Obj = found ?? {
      metadata: { name: KUBERNETES_SERVICE_NAME, namespace: NAMESPACE_DEFAULT },
    };
    const meta = (e["metadata"] ?? {}) as Obj;
    const labels = (meta["labels"] ?? {}) as Record<string, string>;
    const skipMirrorChanged = labels[LABEL_SKIP_MIRROR] !== "true";
    const subsets = Array.isArray(e["subsets"]) ? (e["subsets"] as Obj[]) : [];
    const formatCorrect = subsets.length === 1;
    const addresses =
      formatCorrect && Array.isArray(subsets[0]!["addresses"])
        ? (subsets[0]!["addresses"] as Obj[])
        : [];
    const ipsCorrect =
      formatCorrect &&
      addresses.length === masterIPs.length &&
      new Set(addresses.map((a) => a["ip"])).size === addresses.length &&
      addresses.every((a) => masterIPs.includes(String(a["ip"])));
    let next: Obj = e;
    if (skipMirrorChanged || !formatCorrect || !ipsCorrect) {
      const subset: Obj = formatCorrect ? { ...subsets[0]! } : { ports: this.endpointPorts() };
      subset["addresses"] = masterIPs.map((ip) => ({ ip }));
      next = {
        ...e,
        metadata: { ...meta, labels: { ...labels, [LABEL_SKIP_MIRROR]: "true" } },
        subsets: [
          {
            addresses: subset["addresses"],
            ...(subset["notReadyAddresses"] === undefined
              ? {}
              : { notReadyAddresses: subset["notReadyAddresses"] }),
            ports: subset["ports"],
          },
        ],
      };
      if (found === undefined) {
        try {
          next = this.client.create("Endpoints", next as never, AS_APISERVER) as unknown as Obj;
        } catch (err) {
          if (!isAlreadyExists(err)) throw err;
        }
      } else {
        next = this.client.update("Endpoints", next as never, AS_APISERVER) as unknown as Obj;
      }
    }
    this.ensureEndpointSliceFromEndpoints(next);
  }

  /** EndpointsAdapter.EnsureEndpointSliceFromEndpoints. */
  private ensureEndpointSliceFromEndpoints(endpoints: Obj): void {
    const slice = endpointSliceFromEndpoints(endpoints);
    const current = this.get("EndpointSlice") as Obj | undefined;
    if (current === undefined) {
      try {
        this.client.create("EndpointSlice", slice as never, AS_APISERVER);
      } catch (e) {
        if (!isAlreadyExists(e)) throw e;
      }
      return;
    }
    if (current["addressType"] !== slice["addressType"]) {
      this.client.delete("EndpointSlice", NAMESPACE_DEFAULT, KUBERNETES_SERVICE_NAME);
      this.client.create("EndpointSlice", slice as never, AS_APISERVER);
      return;
    }
    const currentLabels = (current["metadata"] as Obj | undefined)?.["labels"];
    const sliceLabels = (slice["metadata"] as Obj)["labels"];
    if (
      semanticEqual(current["endpoints"], slice["endpoints"]) &&
      semanticEqual(current["ports"], slice["ports"]) &&
      semanticEqual(currentLabels, sliceLabels)
    ) {
      return;
    }
    this.client.update("EndpointSlice", slice as never, AS_APISERVER);
  }
}

/** endpointSliceFromEndpoints: the one-subset Endpoints as a slice of the same name. */
export function endpointSliceFromEndpoints(endpoints: Obj): Obj {
  const meta = (endpoints["metadata"] ?? {}) as Obj;
  const name = String(meta["name"] ?? "");
  const slice: Obj = {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name,
      namespace: meta["namespace"],
      labels: { [LABEL_SERVICE_NAME]: name },
    },
    addressType: "IPv4",
  };
  const subsets = Array.isArray(endpoints["subsets"]) ? (endpoints["subsets"] as Obj[]) : [];
  const subset = subsets[0];
  if (subset !== undefined) {
    const ports = Array.isArray(subset["ports"]) ? (subset["ports"] as Obj[]) : [];
    if (ports.length > 0) {
      slice["ports"] = ports.map((p) => ({
        name: p["name"] ?? "",
        protocol: p["protocol"],
        port: p["port"],
      }));
    }
    const ready = Array.isArray(subset["addresses"]) ? (subset["addresses"] as Obj[]) : [];
    const notReady = Array.isArray(subset["notReadyAddresses"])
      ? (subset["notReadyAddresses"] as Obj[])
      : [];
    const v6 = (ip: unknown): boolean => String(ip).includes(":");
    const all = [...ready, ...notReady];
    if (all.length > 0 && all.every((a) => v6(a["ip"]))) slice["addressType"] = "IPv6";
    const isV6 = slice["addressType"] === "IPv6";
    const endpoint = (a: Obj, isReady: boolean): Obj => ({
      addresses: [a["ip"]],
      conditions: { ready: isReady },
      ...(a["targetRef"] === undefined ? {} : { targetRef: a["targetRef"] }),
      ...(a["nodeName"] === undefined ? {} : { nodeName: a["nodeName"] }),
    });
    const eps = [
      ...ready.filter((a) => v6(a["ip"]) === isV6).map((a) => endpoint(a, true)),
      ...notReady.filter((a) => v6(a["ip"]) === isV6).map((a) => endpoint(a, false)),
    ];
    if (eps.length > 0) slice["endpoints"] = eps;
  }
  return slice;
}
