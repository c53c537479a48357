import { describe, expect, it } from "vitest";
import { messageType } from "./schema/index.js";
import { messageToJson } from "./to-json.js";

/** Encodes a protobufjs plain object with the schema, then decodes it to JSON. */
function roundTrip(name: string, message: Record<string, unknown>): Record<string, unknown> {
  const type = messageType(name);
  return messageToJson(type, type.encode(type.fromObject(message)).finish());
}

const meta = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  generateName: "",
  namespace: "",
  uid: "",
  resourceVersion: "",
  generation: 0,
  creationTimestamp: {},
  ...extra,
});

describe("protobuf to JSON", () => {
  it("a Deployment as kubectl sends it: zero values dropped unless Go keeps them", () => {
    const json = roundTrip("k8s.io.api.apps.v1.Deployment", {
      metadata: meta("web", { labels: { app: "web" } }),
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: meta("", { labels: { app: "web" } }),
          spec: {
            containers: [
              { name: "nginx", image: "nginx:1.27", workingDir: "", resources: {}, tty: false },
            ],
            terminationGracePeriodSeconds: 0,
            hostNetwork: false,
          },
        },
        strategy: {
          type: "RollingUpdate",
          rollingUpdate: {
            maxSurge: { type: 1, strVal: "25%" },
            maxUnavailable: { type: 0, intVal: 0 },
          },
        },
        minReadySeconds: 0,
        revisionHistoryLimit: 10,
        paused: false,
      },
      status: {},
    });
    expect(json).toEqual({
      metadata: { name: "web", creationTimestamp: null, labels: { app: "web" } },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { creationTimestamp: null, labels: { app: "web" } },
          spec: {
            containers: [{ name: "nginx", image: "nginx:1.27", resources: {} }],
            terminationGracePeriodSeconds: 0,
          },
        },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
        revisionHistoryLimit: 10,
      },
      status: {},
    });
  });

  it("a ConfigMap's data and binaryData (base64), and immutable=false kept", () => {
    const json = roundTrip("k8s.io.api.core.v1.ConfigMap", {
      metadata: meta("c"),
      data: { a: "b", empty: "" },
      binaryData: { "bin.dat": Buffer.from([0x62, 0, 0xff, 1]) },
      immutable: false,
    });
    expect(json).toEqual({
      metadata: { name: "c", creationTimestamp: null },
      data: { a: "b", empty: "" },
      binaryData: { "bin.dat": "YgD/AQ==" },
      immutable: false,
    });
  });

  it("a Secret's data bytes as base64, its stringData and type", () => {
    const json = roundTrip("k8s.io.api.core.v1.Secret", {
      metadata: meta("s"),
      data: { password: Buffer.from("x") },
      stringData: { user: "me" },
      type: "Opaque",
    });
    expect(json).toEqual({
      metadata: { name: "s", creationTimestamp: null },
      data: { password: "eA==" },
      stringData: { user: "me" },
      type: "Opaque",
    });
  });

  it("a Service's ports, with IntOrString targetPort as number or name", () => {
    const json = roundTrip("k8s.io.api.core.v1.Service", {
      metadata: meta("svc"),
      spec: {
        ports: [
          {
            name: "http",
            protocol: "TCP",
            port: 80,
            targetPort: { type: 0, intVal: 8080, strVal: "" },
            nodePort: 0,
          },
          {
            name: "named",
            protocol: "TCP",
            port: 0,
            targetPort: { type: 1, intVal: 0, strVal: "web" },
          },
        ],
        selector: { app: "svc" },
        type: "ClusterIP",
        publishNotReadyAddresses: false,
        ipFamilyPolicy: "SingleStack",
        allocateLoadBalancerNodePorts: false,
      },
      status: { loadBalancer: {} },
    });
    expect(json).toEqual({
      metadata: { name: "svc", creationTimestamp: null },
      spec: {
        ports: [
          { name: "http", protocol: "TCP", port: 80, targetPort: 8080 },
          { name: "named", protocol: "TCP", port: 0, targetPort: "web" },
        ],
        selector: { app: "svc" },
        type: "ClusterIP",
        ipFamilyPolicy: "SingleStack",
        allocateLoadBalancerNodePorts: false,
      },
      status: { loadBalancer: {} },
    });
  });

  it("a Namespace with its spec and status", () => {
    expect(
      roundTrip("k8s.io.api.core.v1.Namespace", {
        metadata: meta("n", { annotations: { note: "hi" } }),
        spec: { finalizers: ["kubernetes"] },
        status: { phase: "" },
      }),
    ).toEqual({
      metadata: { name: "n", creationTimestamp: null, annotations: { note: "hi" } },
      spec: { finalizers: ["kubernetes"] },
      status: {},
    });
  });

  it("a Pod with probes: the inlined handler, IntOrString ports, lifecycle and volumes", () => {
    const json = roundTrip("k8s.io.api.core.v1.Pod", {
      metadata: meta("p", { namespace: "default" }),
      spec: {
        volumes: [
          {
            name: "cfg",
            volumeSource: { configMap: { localObjectReference: { name: "c" }, defaultMode: 420 } },
          },
          { name: "tmp", volumeSource: { emptyDir: { sizeLimit: { string: "1Gi" } } } },
        ],
        containers: [
          {
            name: "app",
            image: "app:1",
            ports: [{ containerPort: 8080, protocol: "TCP" }],
            env: [
              { name: "A", value: "1" },
              {
                name: "B",
                valueFrom: { secretKeyRef: { localObjectReference: { name: "s" }, key: "k" } },
              },
            ],
            resources: { requests: { cpu: { string: "100m" }, memory: { string: "64Mi" } } },
            livenessProbe: {
              handler: {
                httpGet: { path: "/healthz", port: { type: 1, strVal: "http" }, scheme: "HTTP" },
              },
              initialDelaySeconds: 3,
              periodSeconds: 10,
              timeoutSeconds: 0,
            },
            readinessProbe: {
              handler: { tcpSocket: { port: { type: 0, intVal: 8080 } } },
              failureThreshold: 3,
            },
            startupProbe: {
              handler: { exec: { command: ["true"] } },
              terminationGracePeriodSeconds: 0,
            },
            lifecycle: { preStop: { sleep: { seconds: 5 } } },
            volumeMounts: [{ name: "cfg", mountPath: "/etc/cfg", readOnly: true }],
            securityContext: { runAsNonRoot: true, runAsUser: 0 },
          },
        ],
        ephemeralContainers: [
          {
            ephemeralContainerCommon: { name: "debug", image: "busybox" },
            targetContainerName: "app",
          },
        ],
        restartPolicy: "Always",
        nodeSelector: { disk: "ssd" },
        tolerations: [{ key: "k", operator: "Exists", tolerationSeconds: 30 }],
      },
      status: {
        phase: "Running",
        startTime: { seconds: 1704067200, nanos: 999 },
        conditions: [
          {
            type: "Ready",
            status: "True",
            lastTransitionTime: { seconds: 1704067230 },
            lastProbeTime: {},
          },
        ],
        containerStatuses: [
          {
            name: "app",
            ready: false,
            restartCount: 0,
            image: "app:1",
            imageID: "",
            state: { running: { startedAt: { seconds: 1704067201 } } },
          },
        ],
      },
    });
    expect(json).toEqual({
      metadata: { name: "p", namespace: "default", creationTimestamp: null },
      spec: {
        volumes: [
          { name: "cfg", configMap: { name: "c", defaultMode: 420 } },
          { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
        ],
        containers: [
          {
            name: "app",
            image: "app:1",
            ports: [{ containerPort: 8080, protocol: "TCP" }],
            env: [
              { name: "A", value: "1" },
              { name: "B", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
            ],
            resources: { requests: { cpu: "100m", memory: "64Mi" } },
            livenessProbe: {
              httpGet: { path: "/healthz", port: "http", scheme: "HTTP" },
              initialDelaySeconds: 3,
              periodSeconds: 10,
            },
            readinessProbe: { tcpSocket: { port: 8080 }, failureThreshold: 3 },
            startupProbe: { exec: { command: ["true"] }, terminationGracePeriodSeconds: 0 },
            lifecycle: { preStop: { sleep: { seconds: 5 } } },
            volumeMounts: [{ name: "cfg", mountPath: "/etc/cfg", readOnly: true }],
            securityContext: { runAsNonRoot: true, runAsUser: 0 },
          },
        ],
        ephemeralContainers: [{ name: "debug", image: "busybox", targetContainerName: "app" }],
        restartPolicy: "Always",
        nodeSelector: { disk: "ssd" },
        tolerations: [{ key: "k", operator: "Exists", tolerationSeconds: 30 }],
      },
      status: {
        phase: "Running",
        startTime: "2024-01-01T00:00:00Z",
        conditions: [
          {
            type: "Ready",
            status: "True",
            lastTransitionTime: "2024-01-01T00:00:30Z",
            lastProbeTime: null,
          },
        ],
        containerStatuses: [
          {
            name: "app",
            ready: false,
            restartCount: 0,
            image: "app:1",
            imageID: "",
            state: { running: { startedAt: "2024-01-01T00:00:01Z" } },
          },
        ],
      },
    });
  });

  it("MicroTime to the microsecond, FieldsV1 as its JSON, int64 as numbers", () => {
    const json = roundTrip("k8s.io.api.coordination.v1.Lease", {
      metadata: meta("l", {
        managedFields: [
          {
            manager: "kubectl",
            operation: "Update",
            time: { seconds: 1704067200 },
            fieldsType: "FieldsV1",
            fieldsV1: { Raw: Buffer.from('{"f:spec":{}}') },
          },
        ],
        generation: 3,
      }),
      spec: {
        holderIdentity: "",
        leaseDurationSeconds: 15,
        renewTime: { seconds: 1704067200, nanos: 123456789 },
        leaseTransitions: 0,
      },
    });
    expect(json).toEqual({
      metadata: {
        name: "l",
        generation: 3,
        creationTimestamp: null,
        managedFields: [
          {
            manager: "kubectl",
            operation: "Update",
            time: "2024-01-01T00:00:00Z",
            fieldsType: "FieldsV1",
            fieldsV1: { "f:spec": {} },
          },
        ],
      },
      spec: {
        holderIdentity: "",
        leaseDurationSeconds: 15,
        renewTime: "2024-01-01T00:00:00.123456Z",
        leaseTransitions: 0,
      },
    });
  });

  it("merges a message sent twice and keeps the last scalar, as gogo's Unmarshal does", () => {
    const cm = messageType("k8s.io.api.core.v1.ConfigMap");
    const a = cm
      .encode(cm.fromObject({ metadata: { name: "a", labels: { x: "1" } }, data: { k: "1" } }))
      .finish();
    const b = cm
      .encode(
        cm.fromObject({ metadata: { namespace: "ns", labels: { y: "2" } }, data: { k: "2" } }),
      )
      .finish();
    expect(messageToJson(cm, Buffer.concat([a, b]))).toEqual({
      metadata: { name: "a", namespace: "ns", labels: { x: "1", y: "2" } },
      data: { k: "2" },
    });
  });

  it("reads packed and unpacked repeated integers alike", () => {
    const ctx = messageType("k8s.io.api.core.v1.PodSecurityContext");
    // supplementalGroups = 4: unpacked 1, then packed [2, 3]
    const bytes = Uint8Array.from([0x20, 0x01, 0x22, 0x02, 0x02, 0x03]);
    expect(messageToJson(ctx, bytes)).toEqual({ supplementalGroups: [1, 2, 3] });
  });

  it("keeps a __proto__ map key as an own property, changing no prototype", () => {
    const key = Buffer.from("__proto__");
    const entry = Buffer.concat([Buffer.of(0x0a, key.length), key, Buffer.of(0x12, 1, 0x78)]);
    const cm = messageType("k8s.io.api.core.v1.ConfigMap");
    const json = messageToJson(cm, Buffer.concat([Buffer.of(0x12, entry.length), entry]));
    const data = json["data"] as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(data, "__proto__")?.value).toBe("x");
  });
});
