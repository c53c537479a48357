import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyDefaults, normalizeServiceClusterIPs, prepareNamespaceForCreate } from "./apply.js";

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function deepFreeze(o: unknown): J {
  if (typeof o === "object" && o !== null && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o as J;
}

const d = (spec: J = {}): J =>
  deepFreeze({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec,
  });
const pod = (spec: J): J =>
  deepFreeze({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec });

describe("Deployment defaults (SetDefaults_Deployment)", () => {
  it("fills replicas, strategy, revisionHistoryLimit and progressDeadlineSeconds", () => {
    const out = applyDefaults(d());
    expect(out.spec).toEqual({
      replicas: 1,
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxUnavailable: "25%", maxSurge: "25%" },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
  });

  it("keeps values that are set, including 0", () => {
    const out = applyDefaults(
      d({
        replicas: 0,
        revisionHistoryLimit: 0,
        progressDeadlineSeconds: 30,
        strategy: { rollingUpdate: { maxSurge: 0 } },
      }),
    );
    expect(out.spec.replicas).toBe(0);
    expect(out.spec.revisionHistoryLimit).toBe(0);
    expect(out.spec.progressDeadlineSeconds).toBe(30);
    expect(out.spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: 0, maxUnavailable: "25%" },
    });
  });

  it("gives a Recreate strategy no rollingUpdate", () => {
    expect(applyDefaults(d({ strategy: { type: "Recreate" } })).spec.strategy).toEqual({
      type: "Recreate",
    });
  });

  it("defaults the pod template's spec but not Pod-only fields", () => {
    const out = applyDefaults(
      d({
        template: {
          spec: {
            containers: [{ name: "c", image: "nginx", resources: { limits: { cpu: "1" } } }],
          },
        },
      }),
    );
    const spec = out.spec.template.spec;
    expect(spec).toMatchObject({
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: "default-scheduler",
    });
    expect(spec.enableServiceLinks).toBeUndefined();
    expect(spec.containers[0].resources).toEqual({ limits: { cpu: "1" } });
  });
});

describe("ReplicaSet defaults", () => {
  it("fills replicas and the template", () => {
    const rs = deepFreeze({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      spec: { template: { spec: { containers: [] } } },
    });
    const out: J = applyDefaults(rs);
    expect(out.spec.replicas).toBe(1);
    expect(out.spec.template.spec.restartPolicy).toBe("Always");
    expect(out.spec.strategy).toBeUndefined();
  });
});

describe("Pod defaults (SetDefaults_Pod, SetDefaults_PodSpec, containers, probes, volumes)", () => {
  it("fills the PodSpec and container defaults", () => {
    const out = applyDefaults(
      pod({ containers: [{ name: "c", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] }),
    );
    expect(out.spec).toEqual({
      containers: [
        {
          name: "c",
          image: "nginx:1.27",
          ports: [{ containerPort: 80, protocol: "TCP" }],
          imagePullPolicy: "IfNotPresent",
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
      enableServiceLinks: true,
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: "default-scheduler",
    });
  });

  it("copies limits into missing requests, for containers and init containers", () => {
    const out = applyDefaults(
      pod({
        containers: [
          {
            name: "c",
            image: "x",
            resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "100m" } },
          },
        ],
        initContainers: [{ name: "i", image: "x", resources: { limits: { memory: "1Gi" } } }],
      }),
    );
    expect(out.spec.containers[0].resources.requests).toEqual({ cpu: "100m", memory: "128Mi" });
    expect(out.spec.initContainers[0].resources.requests).toEqual({ memory: "1Gi" });
  });

  it("defaults probes and httpGet handlers (liveness, readiness, startup, lifecycle)", () => {
    const probe = { httpGet: { port: 8080 } };
    const out = applyDefaults(
      pod({
        containers: [
          {
            name: "c",
            image: "x",
            livenessProbe: probe,
            readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
            startupProbe: { exec: { command: ["true"] }, failureThreshold: 30 },
            lifecycle: { preStop: { httpGet: { port: 80 } } },
          },
        ],
      }),
    );
    const c = out.spec.containers[0];
    expect(c.livenessProbe).toEqual({
      httpGet: { port: 8080, path: "/", scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.readinessProbe).toMatchObject({
      periodSeconds: 5,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.startupProbe).toMatchObject({ failureThreshold: 30, periodSeconds: 10 });
    expect(c.lifecycle.preStop.httpGet).toEqual({ port: 80, path: "/", scheme: "HTTP" });
  });

  it("defaults env fieldRef apiVersion to v1", () => {
    const out = applyDefaults(
      pod({
        containers: [
          {
            name: "c",
            image: "x",
            env: [{ name: "N", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
          },
        ],
      }),
    );
    expect(out.spec.containers[0].env[0].valueFrom.fieldRef).toEqual({
      fieldPath: "metadata.name",
      apiVersion: "v1",
    });
  });

  it("defaults volumes: emptyDir for a bare volume, modes 420, token expiry, hostPath type", () => {
    const out = applyDefaults(
      pod({
        containers: [],
        volumes: [
          { name: "a" },
          { name: "b", secret: { secretName: "s" } },
          { name: "c", configMap: { name: "cm", defaultMode: 256 } },
          {
            name: "d",
            downwardAPI: { items: [{ path: "n", fieldRef: { fieldPath: "metadata.name" } }] },
          },
          { name: "e", projected: { sources: [{ serviceAccountToken: { path: "t" } }] } },
          { name: "f", hostPath: { path: "/x" } },
        ],
      }),
    );
    const v = out.spec.volumes;
    expect(v[0]).toEqual({ name: "a", emptyDir: {} });
    expect(v[1].secret).toEqual({ secretName: "s", defaultMode: 420 });
    expect(v[2].configMap).toEqual({ name: "cm", defaultMode: 256 });
    expect(v[3].downwardAPI).toEqual({
      defaultMode: 420,
      items: [{ path: "n", fieldRef: { fieldPath: "metadata.name", apiVersion: "v1" } }],
    });
    expect(v[4].projected).toEqual({
      defaultMode: 420,
      sources: [{ serviceAccountToken: { path: "t", expirationSeconds: 3600 } }],
    });
    expect(v[5].hostPath).toEqual({ path: "/x", type: "" });
  });

  it("with hostNetwork, sets hostPort to containerPort", () => {
    const out = applyDefaults(
      pod({
        hostNetwork: true,
        containers: [{ name: "c", image: "x", ports: [{ containerPort: 53 }] }],
      }),
    );
    expect(out.spec.containers[0].ports[0]).toEqual({
      containerPort: 53,
      hostPort: 53,
      protocol: "TCP",
    });
  });
});

describe("quantities (SetDefaults_ResourceList and the JSON round trip)", () => {
  it("writes container resources, overhead and emptyDir sizes in canonical form, rounding up to milli", () => {
    const out = applyDefaults(
      pod({
        overhead: { cpu: "0.25" },
        containers: [
          {
            name: "c",
            image: "x",
            resources: {
              limits: { cpu: "0.5", memory: "1024Mi" },
              requests: { cpu: "0.1m", memory: 2 },
            },
          },
        ],
        volumes: [{ name: "v", emptyDir: { sizeLimit: "1024Mi" } }],
      }),
    );
    expect(out.spec.containers[0].resources).toEqual({
      limits: { cpu: "500m", memory: "1Gi" },
      requests: { cpu: "1m", memory: "2" },
    });
    expect(out.spec.overhead).toEqual({ cpu: "250m" });
    expect(out.spec.volumes[0].emptyDir).toEqual({ sizeLimit: "1Gi" });
  });

  it("keeps what Kubernetes keeps verbatim and what does not parse", () => {
    const out = applyDefaults(
      pod({
        containers: [
          {
            name: "c",
            image: "x",
            resources: { limits: { cpu: "100m", memory: "1.5Gi", gpu: "lots" } },
          },
        ],
      }),
    );
    expect(out.spec.containers[0].resources.limits).toEqual({
      cpu: "100m",
      memory: "1536Mi",
      gpu: "lots",
    });
  });

  it("node capacity and allocatable", () => {
    const n = deepFreeze({
      apiVersion: "v1",
      kind: "Node",
      status: { capacity: { cpu: "4000m", memory: "8192Mi" } },
    });
    expect(applyDefaults(n).status).toEqual({
      capacity: { cpu: "4", memory: "8Gi" },
      allocatable: { cpu: "4", memory: "8Gi" },
    });
  });
});

describe("Service defaults (SetDefaults_Service)", () => {
  const svc = (spec: J): J =>
    deepFreeze({ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec });

  it("ClusterIP: type, affinity, port protocol, targetPort, internalTrafficPolicy", () => {
    const out = applyDefaults(svc({ ports: [{ port: 80 }, { port: 81, targetPort: "http" }] }));
    expect(out.spec).toEqual({
      ports: [
        { port: 80, protocol: "TCP", targetPort: 80 },
        { port: 81, targetPort: "http", protocol: "TCP" },
      ],
      sessionAffinity: "None",
      type: "ClusterIP",
      internalTrafficPolicy: "Cluster",
    });
  });

  it("NodePort and LoadBalancer get externalTrafficPolicy Cluster; LoadBalancer allocates node ports", () => {
    expect(
      applyDefaults(svc({ type: "NodePort", ports: [{ port: 80 }] })).spec.externalTrafficPolicy,
    ).toBe("Cluster");
    const lb = applyDefaults(svc({ type: "LoadBalancer", ports: [{ port: 80 }] }));
    expect(lb.spec).toMatchObject({
      externalTrafficPolicy: "Cluster",
      allocateLoadBalancerNodePorts: true,
      internalTrafficPolicy: "Cluster",
    });
    expect(
      applyDefaults(svc({ ports: [{ port: 80 }] })).spec.externalTrafficPolicy,
    ).toBeUndefined();
    expect(
      applyDefaults(svc({ externalIPs: ["1.2.3.4"], ports: [{ port: 80 }] })).spec
        .externalTrafficPolicy,
    ).toBe("Cluster");
    expect(
      applyDefaults(svc({ type: "ExternalName", externalName: "x.io" })).spec.internalTrafficPolicy,
    ).toBeUndefined();
  });

  it("sessionAffinity None drops sessionAffinityConfig; ClientIP gets 10800 seconds", () => {
    expect(
      applyDefaults(svc({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } })).spec
        .sessionAffinityConfig,
    ).toBeUndefined();
    expect(applyDefaults(svc({ sessionAffinity: "ClientIP" })).spec.sessionAffinityConfig).toEqual({
      clientIP: { timeoutSeconds: 10800 },
    });
  });

  it("normalizeServiceClusterIPs mirrors the registry's clusterIP/clusterIPs syncing", () => {
    expect(normalizeServiceClusterIPs(svc({ clusterIP: "10.0.0.5" })).spec.clusterIPs).toEqual([
      "10.0.0.5",
    ]);
    const old = svc({ clusterIP: "10.0.0.5", clusterIPs: ["10.0.0.5"] });
    expect(
      normalizeServiceClusterIPs(svc({ clusterIP: "10.0.0.9", clusterIPs: ["10.0.0.5"] }), old).spec
        .clusterIPs,
    ).toEqual(["10.0.0.9"]);
    expect(normalizeServiceClusterIPs(svc({ clusterIP: "10.0.0.5" }), old).spec.clusterIPs).toEqual(
      ["10.0.0.5"],
    );
  });
});

describe("Secret defaults", () => {
  it("type Opaque; stringData folded into data (base64, stringData wins) and removed", () => {
    const s = deepFreeze({
      apiVersion: "v1",
      kind: "Secret",
      data: { a: "eA==", keep: "eQ==" },
      stringData: { a: "b", c: "✓" },
    });
    expect(applyDefaults(s)).toEqual({
      apiVersion: "v1",
      kind: "Secret",
      data: { a: "Yg==", keep: "eQ==", c: "4pyT" },
      type: "Opaque",
    });
  });
  it("keeps an explicit type", () => {
    expect(
      applyDefaults(deepFreeze({ apiVersion: "v1", kind: "Secret", type: "kubernetes.io/tls" }))
        .type,
    ).toBe("kubernetes.io/tls");
  });
});

describe("Namespace, Node, Endpoints, EndpointSlice, IngressClass defaults", () => {
  it("Namespace: metadata.name label and phase Active; the finalizer only on create", () => {
    const ns = deepFreeze({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    const out = applyDefaults(ns);
    expect(out).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "team-a", labels: { "kubernetes.io/metadata.name": "team-a" } },
      status: { phase: "Active" },
    });
    expect(prepareNamespaceForCreate(out)).toMatchObject({
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
    const withOther = prepareNamespaceForCreate(
      deepFreeze({ ...out, spec: { finalizers: ["example.com/x"] } }),
    );
    expect(withOther.spec.finalizers).toEqual(["example.com/x", "kubernetes"]);
  });

  it("Node: allocatable defaults to capacity", () => {
    const n = deepFreeze({
      apiVersion: "v1",
      kind: "Node",
      status: { capacity: { cpu: "4", pods: "110" } },
    });
    expect(applyDefaults(n).status.allocatable).toEqual({ cpu: "4", pods: "110" });
  });

  it("Endpoints: port protocol TCP", () => {
    const ep = deepFreeze({
      apiVersion: "v1",
      kind: "Endpoints",
      subsets: [{ ports: [{ port: 80 }] }],
    });
    expect(applyDefaults(ep).subsets[0].ports[0]).toEqual({ port: 80, protocol: "TCP" });
  });

  it('EndpointSlice: port name "" and protocol TCP', () => {
    const s = deepFreeze({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      ports: [{ port: 80 }],
    });
    expect(applyDefaults(s).ports[0]).toEqual({ port: 80, name: "", protocol: "TCP" });
  });

  it("IngressClass: parameters scope Cluster", () => {
    const ic = deepFreeze({
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      spec: { controller: "x.io/c", parameters: { kind: "K", name: "n" } },
    });
    expect(applyDefaults(ic).spec.parameters.scope).toBe("Cluster");
  });

  it("kinds without defaults come back as the same object", () => {
    for (const o of [
      { apiVersion: "v1", kind: "ConfigMap", data: {} },
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        spec: { rules: [{ http: { paths: [{ path: "/" }] } }] },
      },
      { apiVersion: "coordination.k8s.io/v1", kind: "Lease" },
      { apiVersion: "v1", kind: "Event" },
      { apiVersion: "example.com/v1", kind: "Widget" },
    ]) {
      const frozen = deepFreeze(o);
      expect(applyDefaults(frozen)).toBe(frozen);
    }
  });

  it("tolerates wrong shapes instead of throwing", () => {
    expect(() => applyDefaults(pod({ containers: "nope", volumes: [1, null] }) as J)).not.toThrow();
    expect(() => applyDefaults(d({ strategy: "x", template: 3 }))).not.toThrow();
  });
});

describe("properties", () => {
  const container = fc.record(
    {
      name: fc.constantFrom("a", "b"),
      image: fc.constantFrom("nginx", "nginx:1.2", "nginx:latest", `x@sha256:${"b".repeat(64)}`),
      imagePullPolicy: fc.constantFrom("Never", "Always"),
      ports: fc.array(
        fc.record(
          { containerPort: fc.integer({ min: 1, max: 9 }), protocol: fc.constantFrom("UDP") },
          { requiredKeys: ["containerPort"] },
        ),
        { maxLength: 2 },
      ),
      resources: fc.record(
        { limits: fc.dictionary(fc.constantFrom("cpu", "memory"), fc.constantFrom("1", "2Gi")) },
        { requiredKeys: [] },
      ),
      livenessProbe: fc.record(
        {
          httpGet: fc.record({ port: fc.constant(80) }),
          periodSeconds: fc.integer({ min: 0, max: 5 }),
        },
        { requiredKeys: ["httpGet"] },
      ),
    },
    { requiredKeys: ["name", "image"] },
  );
  const podSpec = fc.record(
    {
      containers: fc.array(container, { maxLength: 2 }),
      restartPolicy: fc.constantFrom("Never", "OnFailure"),
      volumes: fc.array(
        fc.record(
          { name: fc.constant("v"), secret: fc.record({ secretName: fc.constant("s") }) },
          { requiredKeys: ["name"] },
        ),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  );
  const deployment = fc
    .record(
      {
        replicas: fc.integer({ min: 0, max: 5 }),
        strategy: fc.record(
          {
            type: fc.constantFrom("Recreate", "RollingUpdate", ""),
            rollingUpdate: fc.record(
              { maxSurge: fc.constantFrom(0, 1, "50%") },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: [] },
        ),
        template: fc.record({ spec: podSpec }),
      },
      { requiredKeys: [] },
    )
    .map((spec) => d(spec));
  const pods = podSpec.map((spec) => pod(spec));

  it("defaulting is idempotent and never mutates its (frozen) input", () => {
    fc.assert(
      fc.property(fc.oneof(deployment, pods), (o) => {
        const before = JSON.stringify(o);
        const once = applyDefaults(o);
        expect(JSON.stringify(o)).toBe(before);
        expect(applyDefaults(once)).toEqual(once);
      }),
      { numRuns: 150 },
    );
  });

  it("every container of a defaulted pod has a pull policy and termination message fields", () => {
    fc.assert(
      fc.property(pods, (p) => {
        for (const c of applyDefaults(p).spec.containers ?? []) {
          expect(["Always", "IfNotPresent", "Never"]).toContain(c.imagePullPolicy);
          expect(c.terminationMessagePath).toBe("/dev/termination-log");
        }
      }),
      { numRuns: 100 },
    );
  });
});
