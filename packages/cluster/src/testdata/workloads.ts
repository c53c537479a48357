/** Objects the cluster tests deploy. Test support only. */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Service } from "kubernetes-types/core/v1";

export interface WebOptions {
  readonly replicas?: number;
  readonly image?: string;
  readonly progressDeadlineSeconds?: number;
  readonly readinessProbe?: boolean;
}

/** Deployment `name` (app=name): `replicas` pods of one container "web" listening on 80. */
export function web(name = "web", o: WebOptions = {}): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      ...(o.progressDeadlineSeconds === undefined
        ? {}
        : { progressDeadlineSeconds: o.progressDeadlineSeconds }),
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: "web",
              image: o.image ?? "nginx:1.25",
              ports: [{ containerPort: 80 }],
              ...(o.readinessProbe === true
                ? { readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 1 } }
                : {}),
            },
          ],
        },
      },
    },
  };
}

/** ClusterIP Service `name` in front of app=name, port 80. */
export function webService(name = "web"): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default" },
    spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 80 }] },
  };
}

/** An image catalogue: `never-ready:1` is Running but never Ready. */
export const CATALOGUE = `
images:
  "*":
    logRequests: false
  "never-ready:1":
    ready: never
`;
