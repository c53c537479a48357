/**
 * Clusters for the describe group's tests: the tutorial's objects (ConfigMap,
 * Secret, the full my-api Deployment with probes and resources, its Service
 * and Ingress) on a real `Cluster`, and a pod whose container keeps
 * crashing. Test support only.
 */
import { Cluster } from "kubesim";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { ConfigMap, Pod, Secret, Service } from "kubernetes-types/core/v1";
import type { Ingress } from "kubernetes-types/networking/v1";
import type { KubectlHost } from "../../../cli/types.js";
import { kubectl } from "../../../run.js";

export const configMap: ConfigMap = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "app-config", namespace: "default" },
  data: { LOG_LEVEL: "info", CACHE_TTL: "300", FEATURE_FLAGS: "new_ui=true" },
};

export const secret: Secret = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "db-secret", namespace: "default" },
  type: "Opaque",
  data: { url: "cG9zdGdyZXNxbDovLy4uLg==" },
};

export function myApi(image = "myapp:v1.2", replicas = 3): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "my-api", namespace: "default" },
    spec: {
      replicas,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      selector: { matchLabels: { app: "my-api" } },
      template: {
        metadata: { labels: { app: "my-api" } },
        spec: {
          containers: [
            {
              name: "api",
              image,
              ports: [{ containerPort: 8000 }],
              env: [
                {
                  name: "DATABASE_URL",
                  valueFrom: { secretKeyRef: { name: "db-secret", key: "url" } },
                },
                {
                  name: "LOG_LEVEL",
                  valueFrom: { configMapKeyRef: { name: "app-config", key: "LOG_LEVEL" } },
                },
              ],
              resources: {
                requests: { memory: "128Mi", cpu: "250m" },
                limits: { memory: "512Mi", cpu: "1" },
              },
              livenessProbe: {
                httpGet: { path: "/health", port: 8000 },
                initialDelaySeconds: 10,
                periodSeconds: 10,
                failureThreshold: 3,
              },
              readinessProbe: {
                httpGet: { path: "/ready", port: 8000 },
                initialDelaySeconds: 5,
                periodSeconds: 5,
              },
            },
          ],
        },
      },
    },
  };
}

export const myApiService: Service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "my-api", namespace: "default" },
  spec: { selector: { app: "my-api" }, ports: [{ port: 80, targetPort: 8000 }] },
};

export const myIngress: Ingress = {
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: {
    name: "my-ingress",
    namespace: "default",
    annotations: { "nginx.ingress.kubernetes.io/rewrite-target": "/" },
  },
  spec: {
    rules: [
      {
        host: "api.example.com",
        http: {
          paths: [
            {
              path: "/api",
              pathType: "Prefix",
              backend: { service: { name: "my-api", port: { number: 80 } } },
            },
            {
              path: "/docs",
              pathType: "Prefix",
              backend: { service: { name: "docs-service", port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  },
};

/** The tutorial's objects on two nodes, two minutes after they were created. */
export function tutorialCluster(): Cluster {
  const c = Cluster.create({ seed: 1, nodes: 2 });
  c.apiserver.create("ConfigMap", configMap);
  c.apiserver.create("Secret", secret);
  c.apiserver.create("Deployment", myApi());
  c.apiserver.create("Service", myApiService);
  c.apiserver.create("Ingress", myIngress);
  c.loop.advance("2m");
  return c;
}

/** A bare pod whose container exits with code 1 two seconds after each start. */
export function crasher(name = "crasher"): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      annotations: { "kubesim.io/behavior": "exit: { after: 2s, code: 1 }" },
    },
    spec: { containers: [{ name: "app", image: "busybox:1.36" }] },
  };
}

/** Runs a command line against the cluster: stdout, stderr and the exit code. */
export function run(cluster: Cluster, line: string, host: Partial<KubectlHost> = {}) {
  return kubectl(line, { cluster, ...host });
}
