/**
 * Small clusters for the `kubectl get` tests: objects with fixed names and
 * addresses, so the printed tables can be compared whole. Test support only.
 */
import { Cluster } from "kubesim";
import type { KubectlHost } from "../../../cli/types.js";
import { kubectl } from "../../../run.js";

/** One node, no DNS, no ingress controller unless asked. */
export function smallCluster(options: { ingress?: boolean; nodes?: number } = {}): Cluster {
  return Cluster.create({
    seed: 1,
    nodes: options.nodes ?? 1,
    dns: false,
    ingress: options.ingress ?? false,
  });
}

/** A pod that runs one nginx container. */
export function createPod(
  c: Cluster,
  name: string,
  labels: Record<string, string> = {},
  namespace = "default",
): void {
  c.apiserver.create("Pod", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: "web", image: "nginx:1.25" }] },
  });
}

export function createNamespace(c: Cluster, name: string): void {
  c.apiserver.create("Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name } });
}

/** The tutorial's Deployment: my-api, `replicas` pods of nginx labelled app=my-api. */
export function createDeployment(c: Cluster, name = "my-api", replicas = 3): void {
  c.apiserver.create("Deployment", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "api", image: "nginx:1.25" }] },
      },
    },
  });
}

/** A ClusterIP Service on a fixed address. */
export function createService(
  c: Cluster,
  name: string,
  clusterIP: string,
  selector = { app: name },
): void {
  c.apiserver.create("Service", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default" },
    spec: { clusterIP, selector, ports: [{ port: 80, targetPort: 8080 }] },
  });
}

/** `kubectl <line>` against the cluster; stdout, stderr and the exit code. */
export function run(c: Cluster, line: string, host: Partial<KubectlHost> = {}) {
  return kubectl(line, { cluster: c, ...host });
}

/** Joins table lines, each ending in a newline. */
export const lines = (...ls: string[]): string => ls.map((l) => `${l}\n`).join("");
