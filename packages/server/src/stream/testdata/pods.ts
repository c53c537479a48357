/**
 * Test fixtures: a Secret and pods for the streaming subresources, with a
 * helper that applies them to a running server and lets them start.
 */
import type { KubesimServer } from "../../server.js";

export const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db-secret
type: Opaque
data:
  url: cG9zdGdyZXNxbDovLy4uLg==
`;

/** One container that logs a probe's request every 5 s. */
export const WEB = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: api
      image: myapp:v1.2
      ports:
        - containerPort: 8000
      env:
        - name: DATABASE_URL
          valueFrom:
            secretKeyRef:
              name: db-secret
              key: url
      readinessProbe:
        httpGet:
          path: /ready
          port: 8000
        periodSeconds: 5
`;

/** Two containers. */
export const DUO = `apiVersion: v1
kind: Pod
metadata:
  name: duo
spec:
  containers:
    - name: a
      image: myapp:v1.2
    - name: b
      image: myapp:v1.2
`;

/** Never scheduled (no such scheduler): no node, and an init container. */
export const UNSCHEDULED = `apiVersion: v1
kind: Pod
metadata:
  name: nowhere
spec:
  schedulerName: nobody
  initContainers:
    - name: setup
      image: myapp:v1.2
  containers:
    - name: a
      image: myapp:v1.2
    - name: b
      image: myapp:v1.2
`;

/** Applies the manifests and lets `ms` of virtual time pass. */
export function applyPods(server: KubesimServer, manifests: readonly string[], ms = 30_000): void {
  server.pacer.run(() => {
    for (const m of manifests) server.cluster.apply(m);
  });
  server.advance(ms);
}

/** Its image takes 30 s to pull: ContainerCreating until then. */
export const SLOW = `apiVersion: v1
kind: Pod
metadata:
  name: slow
  annotations:
    kubesim.io/behavior: "pull: { duration: 30s }"
spec:
  containers:
    - name: api
      image: myapp:v1.2
`;

/** Kills a container through its kubelet (it restarts, as the pod's restartPolicy says). */
export function killContainer(server: KubesimServer, pod: string, container: string): void {
  server.pacer.run(() => {
    const p = server.cluster.client.get("Pod", "default", pod);
    server.cluster.kubelet(p.spec?.nodeName ?? "").killContainer("default", pod, container);
  });
}
