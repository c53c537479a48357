/**
 * What the demo applies: the tutorial's manifests, as docs/tutorial/manifests/
 * has them (test/demo.test.ts checks they are the same text), so the demo runs
 * from any folder; the client pod it sends in-cluster requests from (the
 * tutorial's "From another service in the cluster"); and the image catalogue
 * that makes myapp take visible time to start and become ready.
 */

/** File name -> YAML text: what `kubectl apply -f NAME` reads in the demo. */
export const tutorialManifests: Readonly<Record<string, string>> = {
  "config.yaml": `# ConfigMap: non-sensitive config
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: "info"
  CACHE_TTL: "300"
  FEATURE_FLAGS: "new_ui=true"
---
# Secret: sensitive data (base64 encoded, encrypted at rest)
apiVersion: v1
kind: Secret
metadata:
  name: db-secret
type: Opaque
data:
  url: cG9zdGdyZXNxbDovLy4uLg== # base64("postgresql://...")
`,
  "full-deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-api
spec:
  replicas: 3
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1 # Allow 1 extra pod during update
      maxUnavailable: 0 # Never have fewer than desired pods
  selector:
    matchLabels:
      app: my-api
  template:
    metadata:
      labels:
        app: my-api
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
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: app-config
                  key: LOG_LEVEL
          resources:
            requests:
              memory: "128Mi"
              cpu: "250m"
            limits:
              memory: "512Mi"
              cpu: "1"
          livenessProbe:
            httpGet:
              path: /health
              port: 8000
            initialDelaySeconds: 10
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet:
              path: /ready
              port: 8000
            initialDelaySeconds: 5
            periodSeconds: 5
---
apiVersion: v1
kind: Service
metadata:
  name: my-api
spec:
  selector:
    app: my-api
  ports:
    - port: 80
      targetPort: 8000
`,
  "ingress.yaml": `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: my-ingress
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: my-api
                port:
                  number: 80
          - path: /docs
            pathType: Prefix
            backend:
              service:
                name: docs-service
                port:
                  number: 80
`,
};

/** The pod the demo sends in-cluster requests from (the tutorial's "another service in the cluster"). */
export const clientPod = `apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  containers:
    - name: sh
      image: busybox:1.36
`;

/** How the app's images behave (docs/image-catalogue.md): slow enough that the probes matter. */
const app = {
  // the first pull on a node takes 2 s
  pull: { duration: "2s", size: "48Mi" },
  // the app listens 3 s after its container starts and answers /ready 200 after 8 s
  start: "3s",
  ready: { after: "8s" },
  // on SIGTERM it finishes in-flight requests for 5 s, as a preStop sleep would let it
  stopAfterSigterm: "5s",
  logRequests: false,
};

export const imageCatalogue = {
  images: {
    "myapp:v1.2": app,
    "myapp:v1.3": app,
    // a release whose /ready never answers 200
    "myapp:v1.4": { ...app, ready: "never" },
  },
};
