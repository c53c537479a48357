/**
 * A node for kubelet component tests: a real ApiServer, a PodNetwork and one
 * Kubelet on a sim loop, with helpers to bind pods to it and read what the
 * API then shows.
 */
import { ApiServer } from "@kubesim/apiserver";
import { PodNetwork } from "@kubesim/network";
import { Loop, Rng } from "@kubesim/sim";
import type { Container, Event, Pod } from "kubernetes-types/core/v1";
import type { ImageCatalogue } from "../images/catalogue.js";
import { Kubelet } from "../kubelet.js";
import { PartitionableClient } from "./partitionable-client.js";

export class World {
  readonly loop = new Loop();
  readonly rng = new Rng(7);
  readonly api: ApiServer;
  readonly network = new PodNetwork();
  readonly kubelet: Kubelet;
  /** The kubelet's link to the API server, which tests may cut (partition) and heal. */
  readonly link: PartitionableClient;
  readonly t0: number;

  constructor(options: { catalogue?: ImageCatalogue; settle?: number; lazyProbes?: boolean } = {}) {
    this.api = new ApiServer({ loop: this.loop, rng: this.rng.stream("apiserver") });
    this.link = new PartitionableClient(this.api, this.loop);
    this.kubelet = new Kubelet({
      client: this.link.client,
      loop: this.loop,
      rng: this.rng.stream("node/node-1"),
      network: this.network,
      node: {
        name: "node-1",
        podCIDR: "10.244.0.0/24",
        internalIP: "172.18.0.2",
        zone: "zone-a",
        region: "region-1",
        cpu: "4",
        memory: "16Gi",
        pods: "110",
      },
      ...(options.catalogue === undefined ? {} : { catalogue: options.catalogue }),
      ...(options.lazyProbes === undefined ? {} : { lazyProbes: options.lazyProbes }),
    });
    this.kubelet.start();
    // Past the kubelet's first probe period, so workers start without the restart jitter.
    this.loop.advance(options.settle ?? 600_000);
    this.t0 = this.loop.now();
  }

  /** Seconds since t0. */
  get s(): number {
    return (this.loop.now() - this.t0) / 1000;
  }

  run(
    pod: { name: string; containers: Container[]; annotations?: Record<string, string> } & Partial<
      Pod["spec"]
    >,
  ): Pod {
    const { name, containers, annotations, ...spec } = pod;
    return this.api.create("Pod", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace: "default",
        ...(annotations === undefined ? {} : { annotations }),
      },
      spec: { ...spec, containers, nodeName: "node-1" },
    });
  }

  pod(name: string): Pod {
    return this.api.get("Pod", "default", name);
  }

  exists(name: string): boolean {
    return this.api
      .list("Pod", { namespace: "default" })
      .items.some((p) => p.metadata?.name === name);
  }

  /** Advances to t0 + s seconds. */
  at(s: number): this {
    const target = this.t0 + s * 1000;
    this.loop.advance(target - this.loop.now());
    return this;
  }

  events(name?: string): Event[] {
    return this.api
      .list("Event", { namespace: "default" })
      .items.filter((e) => name === undefined || e.involvedObject.name === name);
  }

  messages(name?: string): string[] {
    return this.events(name).map((e) => `${e.reason}: ${e.message}`);
  }

  ready(name: string): boolean {
    return this.pod(name).status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
  }

  status(name: string, container = 0) {
    return this.pod(name).status?.containerStatuses?.[container];
  }
}

export const web = (extra: Partial<Container> = {}): Container => ({
  name: "web",
  image: "nginx:1.27",
  ports: [{ containerPort: 80 }],
  ...extra,
});
