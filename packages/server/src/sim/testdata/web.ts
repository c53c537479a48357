/**
 * Test data for the /sim/v1 tests: a Deployment "web" of 2 nginx pods
 * (ready 5s after they start: minReadySeconds) with a ClusterIP
 * Service, and a way to post JSON to a running server.
 */
import type { KubesimServer } from "../../server.js";
import { ask, type Answer } from "../../testdata/http.js";

export const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  minReadySeconds: 5
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{ containerPort: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 80 }]
`;

/** Applies manifests as a request would (on the loop, through the pacer). */
export function apply(server: KubesimServer, yaml: string): void {
  const out = server.pacer.run(() => server.cluster.apply(yaml));
  if (out.failed.length > 0) throw new Error(String(out.failed[0]!.error));
}

export function post(
  server: KubesimServer,
  path: string,
  body: unknown,
  method = "POST",
): Promise<Answer> {
  return ask(server, {
    method,
    path,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
