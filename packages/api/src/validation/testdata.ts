/**
 * Test fixtures for the validation tests (not exported by the package): valid,
 * defaulted objects of each kind, and `messages`, which prints field errors as
 * kube-apiserver does (`spec.replicas: Invalid value: -1: must be ...`).
 */
import { applyDefaults } from "../defaulting/apply.js";
import type { FieldError } from "../errors.js";
import { fieldErrorString } from "../errors.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type J = Record<string, any>;

export const messages = (errs: readonly FieldError[]): string[] => errs.map(fieldErrorString);

export const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

export function deployment(): J {
  return applyDefaults({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", resourceVersion: "1" },
    spec: {
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            { name: "web", image: "nginx:1.27", ports: [{ containerPort: 80, name: "http" }] },
          ],
        },
      },
    },
  }) as J;
}

export function replicaSet(): J {
  const d = deployment();
  return applyDefaults({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web-1", namespace: "default", resourceVersion: "1" },
    spec: { selector: d["spec"].selector, template: d["spec"].template },
  }) as J;
}

export function pod(): J {
  return applyDefaults({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-0", namespace: "default", resourceVersion: "1" },
    spec: {
      containers: [
        {
          name: "web",
          image: "nginx:1.27",
          ports: [{ containerPort: 80, name: "http" }],
          volumeMounts: [{ name: "data", mountPath: "/data" }],
          resources: { requests: { cpu: "100m" }, limits: { cpu: "500m", memory: "128Mi" } },
          readinessProbe: { httpGet: { port: "http" } },
        },
      ],
      volumes: [{ name: "data", emptyDir: {} }],
    },
  }) as J;
}

export function service(): J {
  return applyDefaults({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "default", resourceVersion: "1" },
    spec: {
      selector: { app: "web" },
      ports: [{ port: 80, targetPort: "http" }],
      clusterIP: "10.96.0.10",
      clusterIPs: ["10.96.0.10"],
    },
  }) as J;
}
