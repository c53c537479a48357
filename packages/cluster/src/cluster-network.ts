/**
 * The cluster's network services, each a process of its own with its own
 * informers, as in a kubeadm cluster with ingress-nginx installed:
 * kube-proxy (one ServiceProxy standing for every node's), CoreDNS behind the
 * kube-dns Service (10.96.0.10), and the ingress-nginx controller with its
 * LoadBalancer Service and default IngressClass `nginx`. The data plane ties
 * them to the pod network for requests from pods and from outside.
 *
 * CoreDNS and ingress-nginx run as processes, not pods (docs/networking.md).
 */
import { isAlreadyExists, type ApiClient } from "@kubesim/api";
import {
  ClusterDns,
  Dataplane,
  DefaultClusterDnsAddress,
  IngressNginxComponent,
  IngressNginxController,
  ServiceProxy,
  ingressNginxManifests,
  type PodNetwork,
} from "@kubesim/network";
import { EventBroadcaster, SharedInformerFactory, type Logger } from "@kubesim/runtime";
import type { Loop, Rng, Trace } from "@kubesim/sim";
import type { Namespace, Service } from "kubernetes-types/core/v1";
import type { IngressClass } from "kubernetes-types/networking/v1";

export interface ClusterNetworkOptions {
  /** The installer's client: kubeadm's addon phase and ingress-nginx's manifests create their objects with it. */
  readonly client: ApiClient;
  /** Each process's own connection to the API server (default: `client` for all). */
  readonly connect?: (process: string) => ApiClient;
  readonly loop: Loop;
  readonly rng: Rng;
  readonly trace: Trace;
  readonly logger: Logger;
  readonly network: PodNetwork;
  /** Run CoreDNS and create the kube-dns Service. */
  readonly dns: boolean;
  /** Run ingress-nginx and install its Namespace, Service and default IngressClass. */
  readonly ingress: boolean;
}

export interface ClusterNetwork {
  readonly dataplane: Dataplane;
  readonly proxy: ServiceProxy;
  /** Present when the cluster runs DNS. */
  readonly dns?: ClusterDns;
  /** Present when the cluster runs the ingress controller. */
  readonly ingress?: IngressNginxController;
}

/** kube-system/kube-dns as kubeadm's CoreDNS addon creates it. */
export function kubeDnsService(address = DefaultClusterDnsAddress): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "kube-dns",
      namespace: "kube-system",
      labels: {
        "k8s-app": "kube-dns",
        "kubernetes.io/cluster-service": "true",
        "kubernetes.io/name": "CoreDNS",
      },
      annotations: { "prometheus.io/port": "9153", "prometheus.io/scrape": "true" },
    },
    spec: {
      selector: { "k8s-app": "kube-dns" },
      clusterIP: address,
      ports: [
        { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
      ],
    },
  };
}

/**
 * The cluster without DNS: a server at no address, so nothing ever asks it a
 * question. It keeps no caches (its informers never start): they would only
 * list and watch for answers nobody can ask for.
 */
class NoClusterDns extends ClusterDns {
  override start(): void {}

  override hasSynced(): boolean {
    return true;
  }
}

/** Creates an addon object unless it exists (a restarted installer leaves it as it is). */
function ensure(client: ApiClient, obj: Namespace | Service | IngressClass): void {
  try {
    if (obj.apiVersion === "networking.k8s.io/v1") client.create("IngressClass", obj);
    else if (obj.kind === "Namespace") client.create("Namespace", obj);
    else client.create("Service", obj as Service);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
  }
}

export function startClusterNetwork(options: ClusterNetworkOptions): ClusterNetwork {
  const { client, loop, rng, trace, logger, network } = options;
  const connect = options.connect ?? (() => client);
  const processInformers = (name: string, processClient = connect(name)) =>
    new SharedInformerFactory({
      client: processClient,
      loop,
      logger: logger.child({ component: name }),
    });

  const proxy = new ServiceProxy({
    informers: processInformers("kube-proxy"),
    loop,
    rng: rng.stream("kube-proxy"),
  });
  let dns: ClusterDns | undefined;
  if (options.dns) {
    ensure(client, kubeDnsService());
    dns = new ClusterDns({ informers: processInformers("coredns") });
  }
  let ingress: IngressNginxController | undefined;
  if (options.ingress) {
    for (const obj of ingressNginxManifests().objects) ensure(client, obj);
    const ingressLog = logger.child({ component: IngressNginxComponent });
    const ingressClient = connect(IngressNginxComponent);
    ingress = new IngressNginxController({
      client: ingressClient,
      informers: processInformers(IngressNginxComponent, ingressClient),
      loop,
      network,
      recorder: new EventBroadcaster({
        client: ingressClient,
        loop,
        trace,
        logger: ingressLog,
      }).newRecorder({
        component: IngressNginxComponent,
      }),
      logger: ingressLog,
    });
  }
  const dataplane = new Dataplane({
    network,
    proxy,
    // Without DNS nothing answers at the pods' nameserver: a server on no address.
    dns: dns ?? new NoClusterDns({ informers: processInformers("no-dns"), address: "" }),
    frontends: ingress === undefined ? [] : [ingress],
    informers: processInformers("outside-resolver"),
  });
  dataplane.start();
  ingress?.start();
  return {
    dataplane,
    proxy,
    ...(dns === undefined ? {} : { dns }),
    ...(ingress === undefined ? {} : { ingress }),
  };
}
