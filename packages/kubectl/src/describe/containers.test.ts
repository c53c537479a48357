import type { Container, ContainerStatus, Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import {
  describeContainers,
  describeProbe,
  envValueRetriever,
  quantityString,
} from "./containers.js";
import { tabbedString } from "./prefix-writer.js";
import { describeVolumes } from "./volumes.js";

const attrs = "delay=0s timeout=1s period=10s #success=1 #failure=3";
const defaults = { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };

describe("describeProbe", () => {
  it("http-get with the defaulted scheme and an empty host", () => {
    expect(
      describeProbe({ httpGet: { path: "/health", port: 8000, scheme: "HTTP" }, ...defaults }),
    ).toBe(`http-get http://:8000/health ${attrs}`);
  });
  it("http-get with a host, a named port, HTTPS, a path without a slash, an IPv6 host", () => {
    expect(
      describeProbe({
        httpGet: { host: "example.com", path: "ready", port: "http", scheme: "HTTPS" },
        ...defaults,
      }),
    ).toBe(`http-get https://example.com:http/ready ${attrs}`);
    expect(
      describeProbe({ httpGet: { host: "::1", path: "/", port: 80, scheme: "HTTP" }, ...defaults }),
    ).toBe(`http-get http://[::1]:80/ ${attrs}`);
    expect(
      describeProbe({ httpGet: { path: "/a b?c", port: 80, scheme: "HTTP" }, ...defaults }),
    ).toBe(`http-get http://:80/a%20b%3Fc ${attrs}`);
  });
  it("exec, tcp-socket, grpc and unknown", () => {
    expect(
      describeProbe({
        exec: { command: ["cat", "/tmp/healthy"] },
        initialDelaySeconds: 5,
        ...defaults,
      }),
    ).toBe("exec [cat /tmp/healthy] delay=5s timeout=1s period=10s #success=1 #failure=3");
    expect(describeProbe({ tcpSocket: { port: 5432 }, ...defaults })).toBe(
      `tcp-socket :5432 ${attrs}`,
    );
    expect(describeProbe({ grpc: { port: 9000, service: "" }, ...defaults })).toBe(
      `grpc <pod>:9000  ${attrs}`,
    );
    expect(describeProbe({ grpc: { port: 9000, service: "health" }, ...defaults })).toBe(
      `grpc <pod>:9000 health ${attrs}`,
    );
    expect(describeProbe({})).toBe("unknown delay=0s timeout=0s period=0s #success=0 #failure=0");
  });
});

describe("quantityString (resource.Quantity String())", () => {
  it("prints the canonical form", () => {
    expect(quantityString("128Mi")).toBe("128Mi");
    expect(quantityString("0.5")).toBe("500m");
    expect(quantityString("1000")).toBe("1k");
    expect(quantityString("4G")).toBe("4G");
    expect(quantityString("not-a-quantity")).toBe("not-a-quantity");
  });
});

function containersText(containers: Container[], statuses?: ContainerStatus[], pod?: Pod): string {
  return tabbedString((w) =>
    describeContainers(
      "Containers",
      containers,
      statuses,
      pod === undefined ? undefined : envValueRetriever(pod),
      w,
      "",
    ),
  );
}

describe("describeContainers", () => {
  it("a container without status: no ID, State, Ready or Restart Count", () => {
    expect(containersText([{ name: "app", image: "busybox" }])).toBe(
      "Containers:\n  app:\n    Image:        busybox\n    Port:         <none>\n    Host Port:    <none>\n" +
        "    Environment:  <none>\n    Mounts:       <none>\n",
    );
  });

  it("several ports, command and args split on newlines, env values, sorted mounts", () => {
    const out = containersText([
      {
        name: "app",
        image: "web:1",
        ports: [
          { containerPort: 80, protocol: "TCP" },
          { containerPort: 53, protocol: "UDP", hostPort: 5353 },
        ],
        command: ["sh", "-c"],
        args: ["echo a\necho b"],
        env: [{ name: "MODE", value: "line1\nline2" }],
        volumeMounts: [
          { name: "data", mountPath: "/var/data" },
          { name: "config", mountPath: "/etc/config", readOnly: true, subPath: "app.conf" },
        ],
      },
    ]);
    expect(out).toBe(
      "Containers:\n  app:\n" +
        "    Image:       web:1\n" +
        "    Ports:       80/TCP, 53/UDP\n" +
        "    Host Ports:  0/TCP, 5353/UDP\n" +
        "    Command:\n      sh\n      -c\n" +
        "    Args:\n      echo a\n      echo b\n" +
        "    Environment:\n      MODE:  line1\n             line2\n" +
        "    Mounts:\n" +
        '      /etc/config from config (ro,path="app.conf")\n' +
        "      /var/data from data (rw)\n",
    );
  });

  it("env from the downward API, resources, envFrom", () => {
    const pod: Pod = {
      metadata: { name: "web-1", namespace: "prod", labels: { app: "web" } },
      spec: { containers: [], nodeName: "node-1" },
      status: { podIP: "10.244.0.9" },
    };
    const out = containersText(
      [
        {
          name: "app",
          image: "web:1",
          resources: { limits: { cpu: "500m" } },
          envFrom: [
            { configMapRef: { name: "cfg" } },
            { prefix: "DB_", secretRef: { name: "db", optional: true } },
          ],
          env: [
            {
              name: "POD",
              valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } },
            },
            {
              name: "APP",
              valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels['app']" } },
            },
            {
              name: "IP",
              valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "status.podIP" } },
            },
            {
              name: "CPU",
              valueFrom: { resourceFieldRef: { resource: "limits.cpu", divisor: "1m" } },
            },
            { name: "MEM", valueFrom: { resourceFieldRef: { resource: "limits.memory" } } },
          ],
        },
      ],
      undefined,
      pod,
    );
    expect(out).toBe(
      "Containers:\n  app:\n" +
        "    Image:      web:1\n" +
        "    Port:       <none>\n" +
        "    Host Port:  <none>\n" +
        "    Limits:\n      cpu:  500m\n" +
        "    Environment Variables from:\n" +
        "      cfg  ConfigMap                 Optional: false\n" +
        "      db   Secret with prefix 'DB_'  Optional: true\n" +
        "    Environment:\n" +
        "      POD:   web-1 (v1:metadata.name)\n" +
        "      APP:   web (v1:metadata.labels['app'])\n" +
        "      IP:    10.244.0.9 (v1:status.podIP)\n" +
        "      CPU:   500 (limits.cpu)\n" +
        "      MEM:   node allocatable (limits.memory)\n" +
        "    Mounts:  <none>\n",
    );
  });

  it("state blocks: Running, Waiting with a reason, Terminated with signal and message", () => {
    const status = (
      state: ContainerStatus["state"],
      lastState?: ContainerStatus["lastState"],
    ): ContainerStatus => ({
      name: "app",
      image: "web",
      imageID: "docker.io/library/web@sha256:ab",
      containerID: "containerd://1",
      ready: false,
      restartCount: 2,
      ...(state === undefined ? {} : { state }),
      ...(lastState === undefined ? {} : { lastState }),
    });
    const text = (s: ContainerStatus) => containersText([{ name: "app", image: "web" }], [s]);
    expect(text(status({ waiting: { reason: "ImagePullBackOff" } }))).toContain(
      "    State:          Waiting\n      Reason:       ImagePullBackOff\n    Ready:          False\n    Restart Count:  2\n",
    );
    expect(text(status(undefined))).toContain("    State:          Waiting\n    Ready:");
    expect(
      text(
        status(
          { running: { startedAt: "2024-01-01T00:01:00Z" } },
          {
            terminated: {
              exitCode: 137,
              signal: 9,
              reason: "OOMKilled",
              message: "out of memory",
              startedAt: "2024-01-01T00:00:00Z",
              finishedAt: "2024-01-01T00:00:59Z",
            },
          },
        ),
      ),
    ).toContain(
      "    State:          Running\n" +
        "      Started:      Mon, 01 Jan 2024 00:01:00 +0000\n" +
        "    Last State:     Terminated\n" +
        "      Reason:       OOMKilled\n" +
        "      Message:      out of memory\n" +
        "      Exit Code:    137\n" +
        "      Signal:       9\n" +
        "      Started:      Mon, 01 Jan 2024 00:00:00 +0000\n" +
        "      Finished:     Mon, 01 Jan 2024 00:00:59 +0000\n",
    );
  });

  it("a pod template's containers are indented one space more", () => {
    expect(
      tabbedString((w) =>
        describeContainers(
          "Containers",
          [{ name: "app", image: "web" }],
          undefined,
          undefined,
          w,
          "  ",
        ),
      ),
    ).toBe(
      "  Containers:\n   app:\n    Image:        web\n    Port:         <none>\n    Host Port:    <none>\n" +
        "    Environment:  <none>\n    Mounts:       <none>\n",
    );
    expect(
      tabbedString((w) => describeContainers("Containers", [], undefined, undefined, w, "")),
    ).toBe("Containers: <none>\n");
  });
});

describe("describeVolumes", () => {
  it("<none>, and one block per source kubesim pods use", () => {
    expect(tabbedString((w) => describeVolumes([], w, ""))).toBe("Volumes:  <none>\n");
    const out = tabbedString((w) =>
      describeVolumes(
        [
          { name: "config", configMap: { name: "app-config" } },
          { name: "creds", secret: { secretName: "db-secret", optional: true } },
          { name: "scratch", emptyDir: { sizeLimit: "1Gi" } },
          { name: "cache", emptyDir: {} },
          { name: "logs", hostPath: { path: "/var/log" } },
          { name: "data", persistentVolumeClaim: { claimName: "data" } },
          {
            name: "info",
            downwardAPI: {
              items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }],
            },
          },
          { name: "odd", iscsi: { targetPortal: "x", iqn: "y", lun: 0 } },
        ],
        w,
        "",
      ),
    );
    expect(out).toBe(
      "Volumes:\n" +
        "  config:\n    Type:      ConfigMap (a volume populated by a ConfigMap)\n    Name:      app-config\n    Optional:  false\n" +
        "  creds:\n    Type:        Secret (a volume populated by a Secret)\n    SecretName:  db-secret\n    Optional:    true\n" +
        "  scratch:\n    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:     \n    SizeLimit:  1Gi\n" +
        "  cache:\n    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:     \n    SizeLimit:  <unset>\n" +
        "  logs:\n    Type:          HostPath (bare host directory volume)\n    Path:          /var/log\n    HostPathType:  <none>\n" +
        "  data:\n    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:  data\n    ReadOnly:   false\n" +
        "  info:\n    Type:  DownwardAPI (a volume populated by information about the pod)\n    Items:\n      metadata.labels -> labels\n" +
        "  odd:\n  <unknown>\n",
    );
  });
});
