/**
 * The network issue's points that services.test.ts leaves to unit tests,
 * checked end to end on a whole default cluster (`Cluster.create`): real pods
 * run by the kubelets, the endpoints and EndpointSlice controllers, the
 * service load-balancer controller, kube-proxy's rules, CoreDNS, ingress-nginx
 * and the data plane, reached with `kubectl exec` programs (curl, wget,
 * nslookup, getent) from pods and with `Cluster.http` from outside.
 *
 * The last block runs the TypeScript samples of docs/networking.md, and
 * checks that each of them appears in this file.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { Cluster } from "kubesim";
import type { KindName, KubeObject } from "@kubesim/api";
import type { ClientResult } from "@kubesim/network";
import type { Container, Pod, Probe, Service, ServiceSpec } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Ingress, IngressSpec } from "kubernetes-types/networking/v1";

const NS = "default";

const isReady = (p: Pod): boolean =>
  p.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True") === true;

interface PodOptions {
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly image?: string;
  readonly ports?: Container["ports"];
  /** The kubesim.io/behavior annotation (docs/image-catalogue.md). */
  readonly behavior?: string;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly grace?: number;
}

function addPod(c: Cluster, name: string, o: PodOptions = {}): void {
  c.apiserver.create("Pod", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: o.namespace ?? NS,
      ...(o.labels === undefined ? {} : { labels: o.labels }),
      ...(o.behavior === undefined ? {} : { annotations: { "kubesim.io/behavior": o.behavior } }),
    },
    spec: {
      ...(o.grace === undefined ? {} : { terminationGracePeriodSeconds: o.grace }),
      containers: [
        {
          name: "app",
          image: o.image ?? "myapp:v1",
          ...(o.ports === undefined ? {} : { ports: o.ports }),
          ...(o.readinessProbe === undefined ? {} : { readinessProbe: o.readinessProbe }),
          ...(o.livenessProbe === undefined ? {} : { livenessProbe: o.livenessProbe }),
        },
      ],
    },
  });
}

const client = (c: Cluster, name = "client", namespace = NS): void =>
  addPod(c, name, { namespace, image: "busybox:1.36" });

function addService(c: Cluster, name: string, spec: ServiceSpec, namespace = NS): Service {
  return c.apiserver.create("Service", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace },
    spec,
  });
}

function addIngress(
  c: Cluster,
  name: string,
  spec: IngressSpec,
  annotations?: Record<string, string>,
): Ingress {
  return c.apiserver.create("Ingress", {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, namespace: NS, ...(annotations === undefined ? {} : { annotations }) },
    spec,
  });
}

/** Runs until the pods run with an IP (ready or not), then lets the controllers and kube-proxy catch up. */
function settle(c: Cluster, names: readonly string[], namespace = NS): void {
  const ran = c.loop.runUntil(
    () =>
      names.every((n) => {
        const p = c.apiserver.get("Pod", namespace, n);
        return p.status?.phase === "Running" && p.status.podIP !== undefined;
      }),
    { timeout: "2m" },
  );
  if (!ran) throw new Error(`pods ${names.join(", ")} did not start within 2m`);
  c.loop.advance(2000);
}

function exec(c: Cluster, pod: string, argv: readonly string[], namespace = NS) {
  const p = c.apiserver.get("Pod", namespace, pod);
  return c.kubelet(p.spec!.nodeName!).exec(namespace, pod, p.spec!.containers[0]!.name, argv);
}

const podIP = (c: Cluster, name: string, namespace = NS): string =>
  c.apiserver.get("Pod", namespace, name).status!.podIP!;

const slicesOf = (c: Cluster, service: string, namespace = NS): readonly EndpointSlice[] =>
  c.apiserver.list("EndpointSlice", {
    namespace,
    labelSelector: `kubernetes.io/service-name=${service}`,
  }).items;

function response(r: ClientResult): Extract<ClientResult, { kind: "response" }> {
  if (r.kind !== "response") throw new Error(`expected an answer, got ${r.error}`);
  return r;
}

/** A client pod's request through the data plane (what curl sends), with its hops. */
function fromPod(c: Cluster, pod: string, url: string, namespace = NS): ClientResult {
  return c.services.dataplane.request({ url, from: c.podOrigin(namespace, pod) });
}

/** A behaviour whose answers say who served and the path it saw (JSON is YAML). */
const echo = (more: object = {}): string =>
  JSON.stringify({ body: "$(POD_NAME) saw $(PATH)\n", ...more });
const readyProbe: Probe = { httpGet: { path: "/ready", port: 8000 }, periodSeconds: 1 };

describe("what the cluster's network has by default", () => {
  const c = Cluster.create({ seed: 51 });
  c.loop.advance(10_000);

  it("the kubernetes Service at 10.96.0.1 has its EndpointSlice too", () => {
    expect(c.apiserver.get("Service", NS, "kubernetes").spec?.clusterIP).toBe("10.96.0.1");
    const slice = c.apiserver.get("EndpointSlice", NS, "kubernetes");
    expect(slice.metadata?.labels?.["kubernetes.io/service-name"]).toBe("kubernetes");
    expect(slice.ports).toEqual([{ name: "https", port: 6443, protocol: "TCP" }]);
    expect(slice.endpoints?.length).toBe(1);
  });

  it("kube-dns at 10.96.0.10; ingress-nginx's LoadBalancer Service with the pool's first IP", () => {
    expect(c.apiserver.get("Service", "kube-system", "kube-dns").spec?.clusterIP).toBe(
      "10.96.0.10",
    );
    const nginx = c.apiserver.get("Service", "ingress-nginx", "ingress-nginx-controller");
    expect(nginx.spec?.type).toBe("LoadBalancer");
    expect(nginx.status?.loadBalancer?.ingress).toEqual([{ ip: "172.18.255.200", ipMode: "VIP" }]);
  });

  it("the IngressClass nginx, marked default", () => {
    const cls = c.apiserver.get("IngressClass", "", "nginx");
    expect(cls.spec?.controller).toBe("k8s.io/ingress-nginx");
    expect(cls.metadata?.annotations?.["ingressclass.kubernetes.io/is-default-class"]).toBe("true");
  });

  it("a LoadBalancer Service gets the next pool IP 3 s after the controller ensures it", () => {
    const svc = addService(c, "lb", { type: "LoadBalancer", ports: [{ port: 80 }] });
    expect(svc.spec?.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    c.loop.advance(2900);
    expect(c.apiserver.get("Service", NS, "lb").status?.loadBalancer?.ingress).toBeUndefined();
    c.loop.advance(200);
    expect(c.apiserver.get("Service", NS, "lb").status?.loadBalancer?.ingress?.[0]?.ip).toBe(
      "172.18.255.201",
    );
  });
});

describe("Service allocation on a whole cluster", () => {
  it("a requested ClusterIP is honoured, or refused when taken or out of range", () => {
    const c = Cluster.create({ seed: 52 });
    expect(
      addService(c, "fixed", { clusterIP: "10.100.0.7", ports: [{ port: 80 }] }).spec?.clusterIP,
    ).toBe("10.100.0.7");
    expect(() =>
      addService(c, "dns-again", { clusterIP: "10.96.0.10", ports: [{ port: 53 }] }),
    ).toThrow(
      'Service "dns-again" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    expect(() =>
      addService(c, "outside", { clusterIP: "10.0.0.10", ports: [{ port: 80 }] }),
    ).toThrow(
      'Service "outside" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.10"}: failed to allocate IP 10.0.0.10: the provided network does not match the current range',
    );
  });

  it("a requested NodePort is honoured, a taken one refused", () => {
    const c = Cluster.create({ seed: 53 });
    const spec: ServiceSpec = { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] };
    expect(addService(c, "a", spec).spec?.ports?.[0]?.nodePort).toBe(30080);
    expect(() => addService(c, "b", spec)).toThrow(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
  });

  it("multi-port: each service port reaches its own container port", () => {
    const c = Cluster.create({ seed: 54 });
    client(c);
    const ports = [
      { name: "http", containerPort: 8000 },
      { name: "metrics", containerPort: 9090 },
    ];
    for (const n of ["multi-a", "multi-b"])
      addPod(c, n, { labels: { app: "multi" }, ports, behavior: echo() });
    addService(c, "multi", {
      selector: { app: "multi" },
      ports: [
        { name: "http", port: 80, targetPort: "http" },
        { name: "metrics", port: 9090, targetPort: "metrics" },
      ],
    });
    settle(c, ["client", "multi-a", "multi-b"]);

    const ep = c.apiserver.get("Endpoints", NS, "multi");
    expect(ep.subsets).toHaveLength(1);
    expect(ep.subsets?.[0]?.ports).toEqual([
      { name: "http", port: 8000, protocol: "TCP" },
      { name: "metrics", port: 9090, protocol: "TCP" },
    ]);
    const [slice] = slicesOf(c, "multi");
    expect(slice?.ports?.map((p) => `${p.name}:${p.port}`).sort()).toEqual([
      "http:8000",
      "metrics:9090",
    ]);

    const web = response(fromPod(c, "client", "http://multi/"));
    expect(web.hops.map((h) => h.address.split(":")[1])).toEqual([undefined, "80", "8000"]);
    const metrics = response(fromPod(c, "client", "http://multi:9090/metrics"));
    expect(metrics.hops.map((h) => h.address.split(":")[1])).toEqual([undefined, "9090", "9090"]);
    expect(metrics.body).toMatch(/^multi-[ab] saw \/metrics\n$/);
    expect(exec(c, "client", ["curl", "-s", "http://multi:9090/metrics"]).exitCode).toBe(0);
  });

  it("a named targetPort resolves per pod: two pods, two port numbers, one Service", () => {
    const c = Cluster.create({ seed: 55 });
    client(c);
    addPod(c, "np-8000", {
      labels: { app: "named" },
      ports: [{ name: "web", containerPort: 8000 }],
      behavior: echo(),
    });
    addPod(c, "np-8080", {
      labels: { app: "named" },
      ports: [{ name: "web", containerPort: 8080 }],
      behavior: echo(),
    });
    addService(c, "named", {
      selector: { app: "named" },
      ports: [{ name: "http", port: 80, targetPort: "web" }],
    });
    settle(c, ["client", "np-8000", "np-8080"]);

    const subsets = c.apiserver.get("Endpoints", NS, "named").subsets ?? [];
    expect(
      subsets
        .map((s) => `${s.addresses?.map((a) => a.targetRef?.name).join()}:${s.ports?.[0]?.port}`)
        .sort(),
    ).toEqual(["np-8000:8000", "np-8080:8080"]);
    expect(
      slicesOf(c, "named")
        .map((s) => s.ports?.[0]?.port)
        .sort(),
    ).toEqual([8000, 8080]);

    const reached = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = response(fromPod(c, "client", "http://named/"));
      const pod = r.hops.at(-1)!;
      reached.add(`${pod.name} ${pod.address.split(":")[1]}`);
    }
    expect([...reached].sort()).toEqual(["default/np-8000 8000", "default/np-8080 8080"]);
  });

  it("sessionAffinity ClientIP keeps a client pod on one endpoint until the timeout passes unused", () => {
    const c = Cluster.create({ seed: 56 });
    client(c, "client-1");
    client(c, "client-2");
    const backends = ["aff-0", "aff-1", "aff-2", "aff-3"];
    for (const n of backends)
      addPod(c, n, { labels: { app: "aff" }, ports: [{ containerPort: 8000 }] });
    const svc = addService(c, "aff", {
      selector: { app: "aff" },
      sessionAffinity: "ClientIP",
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 30 } },
      ports: [{ port: 80, targetPort: 8000 }],
    });
    expect(svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds).toBe(30);
    settle(c, ["client-1", "client-2", ...backends]);

    const servedTo = (pod: string): string =>
      response(fromPod(c, pod, "http://aff/")).servedBy!.pod;
    const first = servedTo("client-1");
    for (let i = 0; i < 20; i++) {
      c.loop.advance(20_000); // used again within 30 s: still the same endpoint
      expect(servedTo("client-1")).toBe(first);
    }
    // curl from the pod goes the same way
    expect(exec(c, "client-1", ["curl", "-s", "http://aff/"]).stdout).toContain(first);
    // after 30 s unused, the client draws again; over a few rounds it lands elsewhere
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      c.loop.advance(31_000);
      seen.add(servedTo("client-1"));
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});

describe("Endpoints and EndpointSlices on a whole cluster", () => {
  it("a not-ready pod is in notReadyAddresses and ready=false, and gets no traffic", () => {
    const c = Cluster.create({ seed: 61 });
    client(c);
    addPod(c, "up", {
      labels: { app: "rd" },
      ports: [{ containerPort: 8000 }],
      readinessProbe: readyProbe,
    });
    addPod(c, "down", {
      labels: { app: "rd" },
      ports: [{ containerPort: 8000 }],
      readinessProbe: readyProbe,
      behavior: "ready: never",
    });
    addService(c, "rd", { selector: { app: "rd" }, ports: [{ port: 80, targetPort: 8000 }] });
    settle(c, ["client", "up", "down"]);
    c.loop.advance(5000);

    const ep = c.apiserver.get("Endpoints", NS, "rd");
    expect(ep.subsets?.[0]?.addresses?.map((a) => a.targetRef?.name)).toEqual(["up"]);
    expect(ep.subsets?.[0]?.notReadyAddresses?.map((a) => a.targetRef?.name)).toEqual(["down"]);
    const conditions = Object.fromEntries(
      slicesOf(c, "rd")[0]!.endpoints!.map((e) => [e.targetRef!.name, e.conditions]),
    );
    expect(conditions).toEqual({
      up: { ready: true, serving: true, terminating: false },
      down: { ready: false, serving: false, terminating: false },
    });
    for (let i = 0; i < 20; i++)
      expect(response(fromPod(c, "client", "http://rd/")).servedBy?.pod).toBe("up");
  });

  it("a terminating pod carries serving and terminating; kube-proxy falls back to it", () => {
    const c = Cluster.create({ seed: 62 });
    client(c);
    addPod(c, "last", {
      labels: { app: "term" },
      ports: [{ containerPort: 8000 }],
      readinessProbe: readyProbe,
      behavior: "stopAfterSigterm: never",
      grace: 60,
    });
    addService(c, "term", { selector: { app: "term" }, ports: [{ port: 80, targetPort: 8000 }] });
    settle(c, ["client", "last"]);
    c.apiserver.delete("Pod", NS, "last");
    c.loop.advance(3000);

    expect(c.apiserver.get("Pod", NS, "last").metadata?.deletionTimestamp).toBeDefined();
    const [endpoint] = slicesOf(c, "term")[0]!.endpoints!;
    expect(endpoint?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    // the Endpoints API leaves terminating pods out
    const ep = c.apiserver.get("Endpoints", NS, "term");
    expect(ep.subsets ?? []).toEqual([]);
    // no ready endpoint: kube-proxy uses the serving terminating one
    const r = exec(c, "client", ["curl", "-s", "http://term/"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("last");

    c.loop.advance(60_000); // killed at the end of the grace period
    expect(exec(c, "client", ["curl", "-s", "http://term/"]).exitCode).toBe(7);
  });

  it("publishNotReadyAddresses: a not-ready pod is an address, ready=true, resolvable and reachable", () => {
    const c = Cluster.create({ seed: 63 });
    client(c);
    addPod(c, "warming", {
      labels: { app: "peer" },
      ports: [{ containerPort: 8000 }],
      readinessProbe: readyProbe,
      behavior: "ready: never",
    });
    addService(c, "peers", {
      clusterIP: "None",
      publishNotReadyAddresses: true,
      selector: { app: "peer" },
      ports: [{ port: 8000 }],
    });
    addService(c, "peer-vip", {
      publishNotReadyAddresses: true,
      selector: { app: "peer" },
      ports: [{ port: 80, targetPort: 8000 }],
    });
    addService(c, "peer-strict", {
      selector: { app: "peer" },
      ports: [{ port: 80, targetPort: 8000 }],
    });
    settle(c, ["client", "warming"]);
    c.loop.advance(5000);
    expect(isReady(c.apiserver.get("Pod", NS, "warming"))).toBe(false);
    const ip = podIP(c, "warming");

    for (const name of ["peers", "peer-vip"]) {
      const subset = c.apiserver.get("Endpoints", NS, name).subsets?.[0];
      expect(subset?.addresses?.map((a) => a.ip)).toEqual([ip]);
      expect(subset?.notReadyAddresses).toBeUndefined();
      expect(slicesOf(c, name)[0]?.endpoints?.[0]?.conditions).toEqual({
        ready: true,
        serving: false,
        terminating: false,
      });
    }
    expect(exec(c, "client", ["getent", "hosts", "peers"]).stdout).toBe(
      `${ip.padEnd(15)} peers.default.svc.cluster.local\n`,
    );
    expect(exec(c, "client", ["curl", "-s", "http://peer-vip/"]).stdout).toContain("warming");
    // without the flag the same pod is not ready: no endpoint, refused
    expect(
      c.apiserver.get("Endpoints", NS, "peer-strict").subsets?.[0]?.notReadyAddresses?.[0]?.ip,
    ).toBe(ip);
    expect(exec(c, "client", ["curl", "-s", "http://peer-strict/"]).exitCode).toBe(7);
  });

  it("the EndpointSlice controller's slices: labels, owner, address type, nodeName and zone", () => {
    const c = Cluster.create({ seed: 64 });
    addPod(c, "one", { labels: { app: "one" }, ports: [{ containerPort: 8000 }] });
    addService(c, "one", { selector: { app: "one" }, ports: [{ port: 80, targetPort: 8000 }] });
    settle(c, ["one"]);
    const slices = slicesOf(c, "one");
    expect(slices).toHaveLength(1);
    const slice = slices[0]!;
    expect(slice.metadata?.name).toMatch(/^one-[a-z0-9]{5}$/);
    expect(slice.metadata?.labels).toMatchObject({
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
      "kubernetes.io/service-name": "one",
    });
    expect(slice.metadata?.ownerReferences?.[0]).toMatchObject({ kind: "Service", name: "one" });
    expect(slice.addressType).toBe("IPv4");
    const pod = c.apiserver.get("Pod", NS, "one");
    const node = c.apiserver.get("Node", "", pod.spec!.nodeName!);
    expect(slice.endpoints?.[0]).toMatchObject({
      addresses: [pod.status!.podIP],
      nodeName: pod.spec!.nodeName,
      zone: node.metadata?.labels?.["topology.kubernetes.io/zone"],
      targetRef: { kind: "Pod", name: "one", namespace: NS },
    });
  });
});

describe("cluster DNS on a whole cluster", () => {
  const c = Cluster.create({ seed: 71 });
  c.apiserver.create("Namespace", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "team" },
  });
  client(c, "client");
  client(c, "team-client", "team");
  addPod(c, "web", { labels: { app: "web" }, ports: [{ containerPort: 8000 }] });
  const mine = addService(c, "my-api", { selector: { app: "web" }, ports: [{ port: 80 }] });
  const theirs = addService(
    c,
    "my-api",
    { selector: { app: "web" }, ports: [{ port: 80 }] },
    "team",
  );
  settle(c, ["client", "web"]);
  settle(c, ["team-client"], "team");
  const ipOf = (pod: string, name: string, ns = NS) =>
    exec(c, pod, ["getent", "hosts", name], ns).stdout.split(/\s+/)[0];

  it("the search path follows the pod's namespace", () => {
    expect(mine.spec?.clusterIP).not.toBe(theirs.spec?.clusterIP);
    expect(ipOf("client", "my-api")).toBe(mine.spec?.clusterIP);
    expect(ipOf("team-client", "my-api", "team")).toBe(theirs.spec?.clusterIP);
    expect(ipOf("team-client", "my-api.default", "team")).toBe(mine.spec?.clusterIP);
    expect(exec(c, "team-client", ["cat", "/etc/resolv.conf"], "team").stdout).toContain(
      "search team.svc.cluster.local svc.cluster.local cluster.local",
    );
    const ns = exec(c, "team-client", ["nslookup", "my-api"], "team");
    expect(ns.stdout).toContain(
      `Name:\tmy-api.team.svc.cluster.local\nAddress: ${theirs.spec?.clusterIP}`,
    );
  });

  it("pod-ip.namespace.pod.cluster.local resolves to the pod's IP", () => {
    const ip = podIP(c, "web");
    const name = `${ip.replaceAll(".", "-")}.default.pod.cluster.local`;
    expect(exec(c, "client", ["getent", "hosts", name]).stdout).toBe(`${ip.padEnd(15)} ${name}\n`);
    expect(exec(c, "team-client", ["nslookup", name], "team").stdout).toContain(
      `Name:\t${name}\nAddress: ${ip}\n`,
    );
    expect(exec(c, "client", ["curl", "-s", `http://${name}:8000/`]).stdout).toContain("web");
  });

  it("any other name is NXDOMAIN: nslookup, getent and curl say so", () => {
    const ns = exec(c, "client", ["nslookup", "no-such-service"]);
    expect(ns.exitCode).toBe(1);
    expect(ns.stdout).toContain(
      "** server can't find no-such-service.default.svc.cluster.local: NXDOMAIN\n",
    );
    const ge = exec(c, "client", ["getent", "hosts", "my-api.nowhere"]);
    expect(ge).toMatchObject({ stdout: "", exitCode: 2 });
    expect(exec(c, "client", ["wget", "-qO-", "http://no-such-service/"])).toMatchObject({
      stderr: "wget: bad address 'no-such-service'\n",
      exitCode: 1,
    });
  });
});

describe("the data plane's choice", () => {
  function picks(seed: number): string[] {
    const c = Cluster.create({ seed });
    client(c);
    const names = ["p-0", "p-1", "p-2"];
    for (const n of names) addPod(c, n, { labels: { app: "p" }, ports: [{ containerPort: 80 }] });
    addService(c, "p", { selector: { app: "p" }, ports: [{ port: 80 }] });
    settle(c, ["client", ...names]);
    return Array.from(
      { length: 30 },
      () => response(fromPod(c, "client", "http://p/")).servedBy!.pod,
    );
  }

  it("is drawn from the seeded stream: the same seed, the same endpoints in the same order", () => {
    const a = picks(81);
    expect(new Set(a).size).toBe(3);
    expect(picks(81)).toEqual(a);
  });
});

describe("ingress-nginx on a whole cluster", () => {
  const c = Cluster.create({ seed: 91 });
  const backends = ["exact", "prefix", "longer", "wild", "fallback", "regex", "cold"];
  for (const b of backends)
    addPod(c, b, {
      labels: { app: b },
      ports: [{ containerPort: 8000 }],
      readinessProbe: readyProbe,
      behavior: echo(b === "cold" ? { ready: "never" } : {}),
    });
  for (const b of backends)
    addService(c, b, { selector: { app: b }, ports: [{ port: 80, targetPort: 8000 }] });
  const path = (p: string, pathType: string, service: string) => ({
    path: p,
    pathType,
    backend: { service: { name: service, port: { number: 80 } } },
  });
  addIngress(c, "paths", {
    defaultBackend: { service: { name: "fallback", port: { number: 80 } } },
    rules: [
      {
        host: "shop.example.com",
        http: {
          paths: [
            path("/cart", "Exact", "exact"),
            path("/cart", "Prefix", "prefix"),
            path("/cart/items", "ImplementationSpecific", "longer"),
            path("/cold", "Prefix", "cold"),
          ],
        },
      },
      { host: "*.apps.example.com", http: { paths: [path("/", "Prefix", "wild")] } },
    ],
  });
  addIngress(
    c,
    "captures",
    {
      rules: [
        {
          host: "rewrite.example.com",
          http: { paths: [path("/something(/|$)(.*)", "ImplementationSpecific", "regex")] },
        },
      ],
    },
    {
      "nginx.ingress.kubernetes.io/use-regex": "true",
      "nginx.ingress.kubernetes.io/rewrite-target": "/$2",
    },
  );
  c.apiserver.create("Secret", {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "secure-tls", namespace: NS },
    type: "kubernetes.io/tls",
    data: { "tls.crt": "Y2VydA==", "tls.key": "a2V5" },
  });
  addIngress(c, "secure", {
    tls: [{ hosts: ["secure.example.com"], secretName: "secure-tls" }],
    rules: [{ host: "secure.example.com", http: { paths: [path("/", "Prefix", "exact")] } }],
  });
  c.apiserver.create("IngressClass", {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: { name: "other" },
    spec: { controller: "example.com/other-controller" },
  });
  addIngress(c, "not-ours", {
    ingressClassName: "other",
    rules: [{ host: "other.example.com", http: { paths: [path("/", "Prefix", "exact")] } }],
  });
  addIngress(
    c,
    "by-annotation",
    {
      rules: [{ host: "legacy.example.com", http: { paths: [path("/", "Prefix", "prefix")] } }],
    },
    { "kubernetes.io/ingress.class": "nginx" },
  );
  settle(c, backends);
  c.loop.advance(90_000); // the next status sync publishes the address
  const address = "172.18.255.200";
  /** "<status> <body>" of a request to the ingress's address with a Host header. */
  const get = (host: string, p: string): string => {
    const r = response(c.http(`http://${address}${p}`, { headers: { Host: host } }));
    return `${r.status} ${r.status === 200 ? r.body.trim() : ""}`.trim();
  };

  it("serves its class by field, default or legacy annotation; leaves another controller's alone", () => {
    expect(c.apiserver.get("Ingress", NS, "paths").spec?.ingressClassName).toBe("nginx");
    expect(c.apiserver.get("Ingress", NS, "by-annotation").spec?.ingressClassName).toBeUndefined();
    for (const name of ["paths", "captures", "secure", "by-annotation"])
      expect(c.apiserver.get("Ingress", NS, name).status?.loadBalancer?.ingress).toEqual([
        { ip: address },
      ]);
    expect(get("legacy.example.com", "/x")).toBe("200 prefix saw /x");
    expect(
      c.apiserver.get("Ingress", NS, "not-ours").status?.loadBalancer?.ingress,
    ).toBeUndefined();
    expect(get("other.example.com", "/")).toBe("404");
    expect(c.http("http://other.example.com/")).toMatchObject({
      kind: "error",
      error: "unknown-host",
    });
  });

  it("Exact beats Prefix, Prefix matches by path elements, ImplementationSpecific as a prefix, longest wins", () => {
    expect(get("shop.example.com", "/cart")).toBe("200 exact saw /cart");
    expect(get("shop.example.com", "/cart/")).toBe("200 prefix saw /cart/");
    expect(get("shop.example.com", "/cart/items/3")).toBe("200 longer saw /cart/items/3");
    expect(get("shop.example.com", "/cart/itemsx")).toBe("200 longer saw /cart/itemsx");
    expect(get("shop.example.com", "/cartoon")).toBe("200 fallback saw /cartoon");
  });

  it("hosts: exact from the URL, a wildcard for exactly one label", () => {
    expect(response(c.http("http://shop.example.com/cart")).servedBy?.pod).toBe("exact");
    expect(get("blog.apps.example.com", "/")).toBe("200 wild saw /");
    expect(get("a.b.apps.example.com", "/")).toBe("404");
  });

  it("spec.defaultBackend serves the unmatched paths of the Ingress's hosts", () => {
    const r = response(c.http("http://shop.example.com/elsewhere"));
    expect(r.servedBy?.pod).toBe("fallback");
    expect(r.hops[1]).toMatchObject({
      kind: "ingress",
      name: "default/paths",
      detail: "host shop.example.com: no rule path matched, spec.defaultBackend",
    });
  });

  it("rewrite-target with use-regex substitutes capture groups; the pod sees the rewritten path", () => {
    expect(get("rewrite.example.com", "/something")).toBe("200 regex saw /");
    expect(get("rewrite.example.com", "/something/new?q=1")).toBe("200 regex saw /new");
    expect(
      c.kubelet(c.apiserver.get("Pod", NS, "regex").spec!.nodeName!).logs(NS, "regex", "app"),
    ).toContain('"GET /new?q=1 HTTP/1.1" 200');
  });

  it("TLS hosts are recorded: plain HTTP is redirected with 308, https served with the secret", () => {
    expect(c.services.ingress!.runningConfiguration().table.tlsHosts).toEqual([
      {
        host: "secure.example.com",
        secretName: "secure-tls",
        ingress: { namespace: NS, name: "secure" },
      },
    ]);
    const plain = response(c.http("http://secure.example.com/account"));
    expect(plain.status).toBe(308);
    expect(plain.headers["Location"]).toBe("https://secure.example.com/account");
    const secure = response(c.http("https://secure.example.com/account"));
    expect(secure.status).toBe(200);
    expect(secure.hops[1]?.detail).toBe(
      "rule secure.example.com/ (Prefix), https (certificate default/secure-tls)",
    );
    expect(secure.headers["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
  });

  // ingress-nginx's GetIngressClass (internal/ingress/controller/store/store.go) reads
  // spec.ingressClassName, then the legacy annotation, then --watch-ingress-without-class; it
  // never falls back to the default IngressClass (the apiserver's DefaultIngressClass admission
  // sets it, on create only).
  it("an Ingress whose class is dropped by an update is no longer served", () => {
    const ing = addIngress(c, "dropped", {
      rules: [{ host: "dropped.example.com", http: { paths: [path("/", "Prefix", "exact")] } }],
    });
    expect(ing.spec?.ingressClassName).toBe("nginx"); // the admission plugin, on create
    c.loop.advance(10_000);
    expect(get("dropped.example.com", "/")).toBe("200 exact saw /");
    const cur = c.apiserver.get("Ingress", NS, "dropped");
    const { ingressClassName: _dropped, ...spec } = cur.spec!;
    c.apiserver.update("Ingress", { ...cur, spec });
    c.loop.advance(10_000);
    expect(c.apiserver.get("Ingress", NS, "dropped").spec?.ingressClassName).toBeUndefined();
    expect(get("dropped.example.com", "/")).toBe("404");
  });

  it("503 when the backend has no ready endpoint; 404 from the default backend for unknown hosts", () => {
    const cold = response(c.http("http://shop.example.com/cold"));
    expect(cold.status).toBe(503);
    expect(cold.body).toContain("<title>503 Service Temporarily Unavailable</title>");
    const none = response(c.http(`http://${address}/`));
    expect(none.status).toBe(404);
    expect(none.body).toContain("<title>404 Not Found</title>");
  });
});

describe("simulated HTTP on a whole cluster", () => {
  const c = Cluster.create({
    seed: 101,
    imageCatalogue: { images: { "slow:1": { latency: "5s" } } },
  });
  client(c);
  addPod(c, "slow", { labels: { app: "slow" }, image: "slow:1", ports: [{ containerPort: 8000 }] });
  addService(c, "slow", { selector: { app: "slow" }, ports: [{ port: 80, targetPort: 8000 }] });
  addPod(c, "echo", {
    labels: { app: "echo" },
    ports: [{ containerPort: 8000 }],
    behavior: echo(),
  });
  addService(c, "echo", { selector: { app: "echo" }, ports: [{ port: 80, targetPort: 8000 }] });
  addIngress(c, "echo", {
    rules: [
      {
        host: "echo.example.com",
        http: {
          paths: [
            {
              path: "/",
              pathType: "Prefix",
              backend: { service: { name: "echo", port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  });
  settle(c, ["client", "slow", "echo"]);
  c.loop.advance(90_000);

  it("an answer from a pod has status, headers, a body naming pod and image, and the hops", () => {
    const svcIP = c.apiserver.get("Service", NS, "slow").spec!.clusterIP!;
    const r = response(fromPod(c, "client", "http://slow/health"));
    expect(r.status).toBe(200);
    expect(r.headers).toEqual({
      Date: new Date(c.loop.now() + r.latency - 2).toUTCString(),
      "Content-Length": "25",
      "Content-Type": "text/plain; charset=utf-8",
    });
    expect(r.body).toBe("Hello from slow (slow:1)\n");
    expect(r.servedBy).toMatchObject({ pod: "slow", image: "slow:1", container: "app" });
    expect(r.hops).toEqual([
      { kind: "dns", name: "slow", address: svcIP, detail: "slow.default.svc.cluster.local" },
      { kind: "service", name: "default/slow", address: `${svcIP}:80`, detail: "ClusterIP" },
      {
        kind: "pod",
        name: "default/slow",
        address: `${podIP(c, "slow")}:8000`,
        detail: "app (slow:1)",
      },
    ]);
    expect(r.latency).toBe(5002); // one DNS query, one leg, the app's 5 s
  });

  it("through the ingress: dns -> ingress -> service -> pod, connected to the ingress address", () => {
    const r = response(c.http("http://echo.example.com/hi"));
    expect(r.hops.map((h) => `${h.kind} ${h.name}`)).toEqual([
      "dns echo.example.com",
      "ingress default/echo",
      "service default/echo",
      "pod default/echo",
    ]);
    expect(r.hops[0]!.address).toBe("172.18.255.200");
    expect(r.body).toBe("echo saw /hi\n");
    expect(r.remote).toEqual({ ip: "172.18.255.200", port: 80 });
  });

  // A frontend's latency counts its upstream legs; a leg costs 1 ms (the Service path above is
  // 1 ms DNS + 1 ms leg).
  it("through the ingress, the latency counts the leg to the ingress and the leg to the pod", () => {
    const r = response(c.http("http://echo.example.com/latency"));
    expect(r.latency).toBe(2);
  });

  it("curl -H 'Host: ...' from a pod reaches the ingress's virtual host", () => {
    const r = exec(c, "client", [
      "curl",
      "-s",
      "-H",
      "Host: echo.example.com",
      "http://172.18.255.200/from-inside",
    ]);
    expect(r).toMatchObject({ stdout: "echo saw /from-inside\n", exitCode: 0 });
  });

  it("curl -v traces resolution, connection, request and answer", () => {
    const svcIP = c.apiserver.get("Service", NS, "echo").spec!.clusterIP!;
    const r = exec(c, "client", ["curl", "-sv", "http://echo/v"]);
    expect(r.stdout).toBe("echo saw /v\n");
    expect(r.stderr).toBe(
      "* Host echo:80 was resolved.\n" +
        "* IPv6: (none)\n" +
        `* IPv4: ${svcIP}\n` +
        `*   Trying ${svcIP}:80...\n` +
        `* Connected to echo (${svcIP}) port 80\n` +
        "> GET /v HTTP/1.1\r\n" +
        "> Host: echo\r\n" +
        "> User-Agent: curl/8.5.0\r\n" +
        "> Accept: */*\r\n" +
        "> \r\n" +
        "< HTTP/1.1 200 OK\r\n" +
        `< Date: ${new Date(c.loop.now()).toUTCString()}\r\n` +
        "< Content-Length: 12\r\n" +
        "< Content-Type: text/plain; charset=utf-8\r\n" +
        "< \r\n" +
        "{ [12 bytes data]\n" +
        "* Connection #0 to host echo left intact\n",
    );
  });

  // An HTTP/1.1 server frames its body with Content-Length (or chunked); without either curl
  // reads to the close and would not say "left intact".
  it("an answer carries Content-Length, as curl -i shows for any HTTP/1.1 server", () => {
    const r = exec(c, "client", ["curl", "-si", "http://echo/len"]);
    expect(r.stdout).toMatch(/^Content-Length: 14\r$/m);
  });

  it("curl --max-time against a slow app: exit 28 with curl's message; a longer limit waits", () => {
    const r = exec(c, "client", ["curl", "-sS", "--max-time", "2", "http://slow/"]);
    expect(r).toMatchObject({
      stdout: "",
      stderr: "curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received\n",
      exitCode: 28,
    });
    const ok = exec(c, "client", [
      "curl",
      "-s",
      "-m",
      "10",
      "-w",
      " %{time_total}",
      "http://slow/",
    ]);
    expect(ok).toMatchObject({ stdout: "Hello from slow (slow:1)\n 5.002000", exitCode: 0 });
    expect(exec(c, "client", ["wget", "-q", "-T", "2", "-O-", "http://slow/"])).toMatchObject({
      stderr: "wget: download timed out\n",
      exitCode: 1,
    });
    expect(c.http(`http://${podIP(c, "slow")}:8000/`, { timeout: 1000 })).toMatchObject({
      kind: "error",
      error: "timeout",
    });
  });

  it("the fake container answers by its behaviour: readiness path 503 until ready, liveness failure status", () => {
    const d = Cluster.create({ seed: 102 });
    client(d);
    addPod(d, "app", {
      ports: [{ containerPort: 8000 }],
      readinessProbe: readyProbe,
      livenessProbe: {
        httpGet: { path: "/health", port: 8000 },
        periodSeconds: 10,
        failureThreshold: 100,
      },
      behavior: "{ ready: { after: 20s }, liveness: { failAfter: 40s, status: 500 } }",
    });
    settle(d, ["client", "app"]);
    const url = (p: string) => `http://${podIP(d, "app")}:8000${p}`;
    const code = (p: string) =>
      exec(d, "client", ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url(p)]).stdout;
    expect([code("/ready"), code("/health"), code("/other")]).toEqual(["503", "200", "200"]);
    expect(exec(d, "client", ["curl", "-s", url("/ready")]).stdout).toBe("not ready\n");
    d.loop.advance(20_000);
    expect([code("/ready"), code("/health")]).toEqual(["200", "200"]);
    d.loop.advance(20_000);
    expect([code("/ready"), code("/health"), code("/other")]).toEqual(["200", "500", "200"]);
    expect(exec(d, "client", ["curl", "-sSf", url("/health")])).toMatchObject({
      stderr: "curl: (22) The requested URL returned error: 500\n",
      exitCode: 22,
    });
  });
});

describe("traffic generators on a whole cluster", () => {
  it("count outcomes by status and by serving image through a rollout", () => {
    const c = Cluster.create({ seed: 111 });
    client(c);
    c.apiserver.create("Deployment", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: NS },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "web:v1", ports: [{ containerPort: 80 }] }] },
        },
      },
    });
    addService(c, "web", { selector: { app: "web" }, ports: [{ port: 80 }] });
    c.loop.runUntil(
      () =>
        c.apiserver.list("Pod", { namespace: NS, labelSelector: "app=web" }).items.filter(isReady)
          .length === 2,
      { timeout: "2m" },
    );
    settle(c, ["client"]);

    const t = c.traffic({ rate: 20, url: "http://web/", from: c.podOrigin(NS, "client") });
    t.start();
    c.loop.advance(5000);
    const d = c.apiserver.get("Deployment", NS, "web");
    const template = d.spec!.template;
    c.apiserver.update("Deployment", {
      ...d,
      spec: {
        ...d.spec!,
        template: {
          ...template,
          spec: { containers: [{ ...template.spec!.containers[0]!, image: "web:v2" }] },
        },
      },
    });
    c.loop.advance(30_000);
    t.stop();

    const s = t.summary();
    expect(s.sent).toBe(701); // 35 s at 20/s, both ends included
    expect(s.succeeded + s.failed).toBe(s.sent);
    expect(s.byOutcome.reduce((n, o) => n + o.count, 0)).toBe(s.sent);
    expect(s.byImage.map((i) => i.image)).toEqual(["web:v1", "web:v2"]);
    const answered = s.byImage.reduce((n, i) => n + i.count, 0);
    expect(answered).toBe(
      s.byOutcome.filter((o) => /^\d+$/.test(o.outcome)).reduce((n, o) => n + o.count, 0),
    );
    const text = t.render();
    expect(text.split("\n")[0]).toBe(
      `GET http://web/ at 20/s from pod ${podIP(c, "client")} on ${c.apiserver.get("Pod", NS, "client").spec!.nodeName}`,
    );
    expect(text).toContain("IMAGE");
    expect(text).toMatch(/^web:v2 +\d+ +\d+ +\d+$/m);
  });
});

/** Creates every object of a tutorial manifest in `default`, as `kubectl apply -f` would. */
function applyTutorial(c: Cluster, file: string): void {
  const text = readFileSync(
    new URL(`../../docs/tutorial/manifests/${file}`, import.meta.url),
    "utf8",
  );
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS() as KubeObject & { kind: KindName; metadata: { namespace?: string } };
    c.apiserver.create(obj.kind, { ...obj, metadata: { namespace: NS, ...obj.metadata } } as never);
  }
}

const docText = readFileSync(new URL("../../docs/networking.md", import.meta.url), "utf8");
const ownText = readFileSync(new URL(import.meta.url), "utf8");

describe("docs/networking.md", () => {
  const c = Cluster.create({
    seed: 7,
    imageCatalogue: { images: { "myapp:v1.3": { start: "10s" } } },
  });
  applyTutorial(c, "deployment.yaml");
  applyTutorial(c, "service.yaml");
  applyTutorial(c, "ingress.yaml");
  c.apiserver.create("Pod", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client", namespace: "default" },
    spec: { containers: [{ name: "sh", image: "busybox:1.36" }] },
  });
  c.loop.advance(90_000); // pods start; ingress-nginx publishes its address

  it("what the cluster has by default", () => {
    const kubernetes = c.apiserver.get("Service", "default", "kubernetes");
    const dns = c.apiserver.get("Service", "kube-system", "kube-dns");
    const nginx = c.apiserver.get("Service", "ingress-nginx", "ingress-nginx-controller");
    expect(kubernetes.spec?.clusterIP).toBe("10.96.0.1");
    expect(dns.spec?.clusterIP).toBe("10.96.0.10");
    expect(nginx.status?.loadBalancer?.ingress?.[0]?.ip).toBe("172.18.255.200");
  });

  it("from outside: Cluster.http", () => {
    const r = c.http("http://api.example.com/api/users");
    const path = r.hops.map((h) => `${h.kind} ${h.name}`);
    expect(r.kind === "response" && r.status).toBe(200);
    expect(docText).toContain(JSON.stringify(path));
    expect(r.kind === "response" && r.body).toMatch(
      /^Hello from my-api-[a-z0-9-]+ \(myapp:v1\.2\)\n$/,
    );
  });

  it("from outside: a NodePort on a node's IP", () => {
    c.apiserver.create("Service", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "my-api-np", namespace: "default" },
      spec: {
        type: "NodePort",
        selector: { app: "my-api" },
        ports: [{ port: 80, targetPort: 8000, nodePort: 30080 }],
      },
    });
    c.loop.advance(1_000);
    const node = c.apiserver.get("Node", "", "node-1");
    const ip = node.status!.addresses!.find((a) => a.type === "InternalIP")!.address;
    const viaNodePort = c.http(`http://${ip}:30080/`);
    expect(viaNodePort.kind === "response" && viaNodePort.status).toBe(200);
    expect(viaNodePort.hops.map((h) => h.detail)[0]).toBe("NodePort");
  });

  it("from a pod: kubectl exec with curl, wget, nslookup, getent", () => {
    const pod = c.apiserver.get("Pod", "default", "client");
    const kubelet = c.kubelet(pod.spec!.nodeName!);
    const sh = (...argv: string[]) => kubelet.exec("default", "client", "sh", argv);

    const health = sh("curl", "-s", "http://my-api/health");
    const code = sh("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://my-api/");
    const verbose = sh("curl", "-sv", "http://my-api/health");
    const page = sh("wget", "-qO-", "http://my-api/");
    const lookup = sh("nslookup", "my-api");
    const hosts = sh("getent", "hosts", "my-api.default");
    const unknown = sh("curl", "-sS", "http://no-such-service/");

    expect(health.exitCode).toBe(0);
    expect(health.stdout).toMatch(/^Hello from my-api-[a-z0-9-]+ \(myapp:v1\.2\)\n$/);
    expect(code.stdout).toBe("200");
    // The Date header depends on how far earlier tests moved the clock; the doc shows one instance.
    const trace = verbose.stderr.replaceAll("\r", "").replace(/ +$/gm, "");
    expect(trace).toMatch(/^< Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/m);
    expect(docText).toContain(
      trace.replace(/^< Date: .*$/m, "< Date: Mon, 01 Jan 2024 00:01:30 GMT"),
    );
    expect(page.stdout).toContain("myapp:v1.2");
    expect(docText).toContain(lookup.stdout);
    expect(docText).toContain(hosts.stdout);
    expect(unknown).toMatchObject({ exitCode: 6 });
    expect(docText).toContain(unknown.stderr);
  });

  it("from a pod: the data plane with podOrigin", () => {
    const from = c.podOrigin("default", "client");
    const r = c.services.dataplane.request({ url: "http://my-api/health", from });
    const path = r.hops.map((h) => `${h.kind} ${h.name}`);
    expect(r.kind === "response" && r.servedBy?.image).toBe("myapp:v1.2");
    expect(docText).toContain(JSON.stringify(path.slice(0, 2)));
  });

  it("traffic generators and their summary", () => {
    const load = c.traffic({
      rate: 50,
      url: "http://my-api/",
      from: c.podOrigin("default", "client"),
    });
    load.start();
    c.loop.advance(5_000);
    const d = c.apiserver.get("Deployment", "default", "my-api");
    const template = d.spec!.template;
    const api = { ...template.spec!.containers[0]!, image: "myapp:v1.3" };
    c.apiserver.update("Deployment", {
      ...d,
      spec: {
        ...d.spec!,
        template: { ...template, spec: { ...template.spec!, containers: [api] } },
      },
    });
    c.loop.advance(30_000);
    load.stop();
    const summary = load.summary();
    expect(summary.byImage.map((i) => i.image)).toEqual(["myapp:v1.2", "myapp:v1.3"]);
    expect(docText).toContain(load.render());
  });

  it("turning the network services off, or choosing the load-balancer pool", () => {
    const quiet = Cluster.create({
      seed: 7,
      dns: false,
      ingress: false,
      loadBalancers: false,
    });
    const lab = Cluster.create({
      seed: 7,
      loadBalancers: {
        pool: "192.168.49.100-192.168.49.120",
        provisioningDelay: 10_000,
      },
    });
    quiet.loop.advance(30_000);
    expect(quiet.apiserver.list("Service").items.map((s) => s.metadata?.name)).toEqual([
      "kubernetes",
    ]);
    expect(quiet.services.dns).toBeUndefined();
    expect(quiet.services.ingress).toBeUndefined();
    expect(quiet.apiserver.list("Namespace").items.map((n) => n.metadata?.name)).not.toContain(
      "ingress-nginx",
    );
    addService(quiet, "lb", { type: "LoadBalancer", ports: [{ port: 80 }] });
    // an Ingress does nothing until a controller runs: no class is defaulted, no address
    addIngress(quiet, "idle", {
      defaultBackend: { service: { name: "lb", port: { number: 80 } } },
    });
    client(quiet);
    settle(quiet, ["client"]);
    quiet.loop.advance(30_000);
    expect(quiet.apiserver.get("Service", NS, "lb").status?.loadBalancer?.ingress).toBeUndefined();
    const idle = quiet.apiserver.get("Ingress", NS, "idle");
    expect(idle.spec?.ingressClassName).toBeUndefined();
    expect(idle.status?.loadBalancer?.ingress).toBeUndefined();
    expect(exec(quiet, "client", ["getent", "hosts", "kubernetes"]).exitCode).toBe(2);
    expect(exec(quiet, "client", ["curl", "-sS", "http://kubernetes/"]).stderr).toBe(
      "curl: (6) Could not resolve host: kubernetes\n",
    );
    lab.loop.advance(9_999);
    const nginx = () => lab.apiserver.get("Service", "ingress-nginx", "ingress-nginx-controller");
    expect(nginx().status?.loadBalancer?.ingress).toBeUndefined();
    lab.loop.advance(1);
    expect(nginx().status?.loadBalancer?.ingress?.[0]?.ip).toBe("192.168.49.100");
  });

  it("every TypeScript sample of the page is in this file", () => {
    const norm = (t: string) =>
      t
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "")
        .join("\n");
    const own = norm(ownText);
    const samples = [...docText.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(samples.length).toBeGreaterThan(5);
    for (const s of samples) expect(own).toContain(norm(s));
  });
});
