/**
 * The web Deployment and Service the invariant tests run: 4 replicas of an
 * app on 8080 with a readiness probe, a rolling update of maxSurge 1 and
 * maxUnavailable 25%, and images that are ready 3 s after they start.
 */
export const webDeployment = (image: string, replicas = 4) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas,
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" } },
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [
          {
            name: "app",
            image,
            ports: [{ containerPort: 8080 }],
            readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 1 },
          },
        ],
      },
    },
  },
});

export const webService = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web" },
  spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
};

export const webImages = { images: { "app:*": { ready: { after: "3s" } } } };
