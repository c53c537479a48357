/**
 * Test support for the workload commands: the tutorial's my-api Deployment
 * (plain, and the full one with its ConfigMap, Secret, probes and resources),
 * a cluster to run them on, the rollout-status vectors, and a `kubectl`
 * runner that records when each chunk of output appeared on the virtual clock.
 */
import { readFileSync } from "node:fs";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Container, Pod } from "kubernetes-types/core/v1";
import { Cluster } from "kubesim";
import { kubectl } from "../../../run.js";
import type { CommandResult, KubectlHost } from "../../../cli/types.js";

export const NS = "default";

export interface StatusVector {
  readonly source: string;
  readonly name: string;
  readonly input: {
    readonly name: string;
    readonly namespace?: string;
    readonly generation: number;
    readonly specReplicas: number;
    readonly annotations?: Record<string, string>;
    readonly status: NonNullable<Deployment["status"]>;
    readonly revision: number;
  };
  readonly expected: {
    readonly message: string;
    readonly done: boolean;
    readonly error: string | null;
  };
}

export function statusVectors(): StatusVector[] {
  const text = readFileSync(new URL("./rollout-status-vectors.json", import.meta.url), "utf8");
  const d = JSON.parse(text) as Record<string, StatusVector[]>;
  return [...(d["rolloutStatusDeployment"] ?? []), ...(d["rolloutStatusDeploymentDerived"] ?? [])];
}

/** The tutorial's Deployment (docs/tutorial/manifests/deployment.yaml) with a readiness probe. */
export function myApi(
  options: {
    replicas?: number;
    image?: string;
    maxSurge?: number;
    maxUnavailable?: number;
    containers?: Container[];
    progressDeadlineSeconds?: number;
    annotations?: Record<string, string>;
    podAnnotations?: Record<string, string>;
  } = {},
): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "my-api",
      namespace: NS,
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: {
      replicas: options.replicas ?? 3,
      ...(options.progressDeadlineSeconds === undefined
        ? {}
        : { progressDeadlineSeconds: options.progressDeadlineSeconds }),
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: {
          maxSurge: options.maxSurge ?? 1,
          maxUnavailable: options.maxUnavailable ?? 0,
        },
      },
      selector: { matchLabels: { app: "my-api" } },
      template: {
        metadata: {
          labels: { app: "my-api" },
          ...(options.podAnnotations ? { annotations: options.podAnnotations } : {}),
        },
        spec: {
          containers: options.containers ?? [
            {
              name: "api",
              image: options.image ?? "myapp:v1.2",
              ports: [{ containerPort: 8000 }],
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

/** docs/tutorial/manifests/full-deployment.yaml's container. */
export const fullContainer: Container = {
  name: "api",
  image: "myapp:v1.2",
  ports: [{ containerPort: 8000 }],
  env: [
    { name: "DATABASE_URL", valueFrom: { secretKeyRef: { name: "db-secret", key: "url" } } },
    { name: "LOG_LEVEL", valueFrom: { configMapKeyRef: { name: "app-config", key: "LOG_LEVEL" } } },
  ],
  resources: { requests: { memory: "128Mi", cpu: "250m" }, limits: { memory: "512Mi", cpu: "1" } },
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
};

/** A small cluster: three nodes, no DNS or ingress. */
export function cluster(seed = 1): Cluster {
  return Cluster.create({ seed, dns: false, ingress: false });
}

export interface Run extends CommandResult {
  /** Each stdout/stderr chunk with the virtual seconds (since the command started) it appeared at. */
  readonly chunks: readonly string[];
}

/** Runs one kubectl command line, recording output chunks on the virtual clock. */
export function run(c: Cluster, line: string, host: Partial<KubectlHost> = {}): Run {
  const chunks: string[] = [];
  const t0 = c.loop.now();
  const r = kubectl(line, {
    cluster: c,
    ...host,
    onOutput: (stream, text) => chunks.push(`${(c.loop.now() - t0) / 1000}s ${stream} ${text}`),
  });
  return { ...r, chunks };
}

/** Runs the clock until the Deployment reports a finished rollout. */
export function settleRollout(c: Cluster, name = "my-api", timeout = "5m"): void {
  const ok = c.loop.runUntil(
    () => {
      const d = c.apiserver.get("Deployment", NS, name);
      const s = d.status ?? {};
      return (
        (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1) &&
        s.updatedReplicas === d.spec?.replicas &&
        s.replicas === d.spec?.replicas &&
        s.availableReplicas === d.spec?.replicas
      );
    },
    { timeout },
  );
  if (!ok) throw new Error(`rollout of ${name} did not finish within ${timeout}`);
}

/** `kubectl set image` as the apiserver sees it (the set command is another group's). */
export function setImage(c: Cluster, image: string, name = "my-api", container = "api"): void {
  c.apiserver.patch("Deployment", NS, name, "strategic", {
    spec: { template: { spec: { containers: [{ name: container, image }] } } },
  });
}

/** The Deployment's pods, by name. */
export function podsOf(c: Cluster, app = "my-api"): Pod[] {
  return [...c.apiserver.list("Pod", { namespace: NS, labelSelector: `app=${app}` }).items];
}

/** The name of the single pod matching a prefix-free pick: the first pod by name. */
export function firstPod(c: Cluster, app = "my-api"): string {
  return podsOf(c, app)[0]!.metadata!.name!;
}
