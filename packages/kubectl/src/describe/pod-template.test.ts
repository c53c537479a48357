import { describe, expect, it } from "vitest";
import type { PodTemplateSpec } from "kubernetes-types/core/v1";
import { describeProbe } from "./containers.js";
import { describePodTemplate as describeInto } from "./pod-template.js";
import { plainString } from "./prefix-writer.js";

/** DescribePodTemplate through NewPrefixWriter(buf), as `rollout history --revision` prints it. */
const describePodTemplate = (t: PodTemplateSpec | undefined): string =>
  plainString((w) => describeInto(t, w));

describe("DescribePodTemplate", () => {
  it("lays out volumes, mounts, command, args, envFrom, tolerations and node selectors", () => {
    const text = describePodTemplate({
      metadata: {
        labels: { app: "web", tier: "front" },
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": "{}",
          "kubectl.kubernetes.io/restartedAt": "2024-01-01T00:05:00Z",
          note: "x".repeat(150),
        },
      },
      spec: {
        serviceAccountName: "web-sa",
        initContainers: [
          { name: "setup", image: "busybox:1.36", command: ["sh", "-c", "echo hi\necho bye"] },
        ],
        containers: [
          {
            name: "web",
            image: "nginx:1.27",
            args: ["--port", "80"],
            ports: [
              { containerPort: 80, protocol: "TCP" },
              { containerPort: 443, protocol: "TCP", hostPort: 8443 },
            ],
            envFrom: [
              { configMapRef: { name: "cfg" } },
              { secretRef: { name: "sec", optional: true }, prefix: "S_" },
            ],
            env: [
              { name: "MULTI", value: "a\nb" },
              {
                name: "POD",
                valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } },
              },
              { name: "CPU", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
              {
                name: "MEM",
                valueFrom: { resourceFieldRef: { resource: "requests.memory", divisor: "1Mi" } },
              },
            ],
            resources: { requests: { memory: "64Mi" } },
            volumeMounts: [
              { name: "data", mountPath: "/var/data" },
              { name: "cfg", mountPath: "/etc/cfg", readOnly: true, subPath: "app.conf" },
            ],
            livenessProbe: {
              exec: { command: ["cat", "/tmp/healthy"] },
              periodSeconds: 10,
              timeoutSeconds: 1,
              successThreshold: 1,
              failureThreshold: 3,
            },
            startupProbe: {
              tcpSocket: { port: 80 },
              periodSeconds: 5,
              timeoutSeconds: 1,
              successThreshold: 1,
              failureThreshold: 30,
            },
          },
        ],
        volumes: [
          { name: "data", emptyDir: {} },
          { name: "cfg", configMap: { name: "cfg" } },
          { name: "sec", secret: { secretName: "sec", optional: true } },
          { name: "host", hostPath: { path: "/var/log", type: "Directory" } },
          { name: "claim", persistentVolumeClaim: { claimName: "pvc-1" } },
        ],
        priorityClassName: "high",
        nodeSelector: { disktype: "ssd" },
        tolerations: [
          {
            key: "node.kubernetes.io/unreachable",
            operator: "Exists",
            effect: "NoExecute",
            tolerationSeconds: 300,
          },
          { key: "dedicated", operator: "Equal", value: "web", effect: "NoSchedule" },
          { operator: "Exists" },
        ],
      },
    });
    expect(text).toBe(
      [
        "Pod Template:",
        "  Labels:\tapp=web",
        "\ttier=front",
        "  Annotations:\tkubectl.kubernetes.io/restartedAt: 2024-01-01T00:05:00Z",
        "\tnote:",
        `\t  ${"x".repeat(138)}...`,
        "  Service Account:\tweb-sa",
        "  Init Containers:",
        "   setup:",
        "    Image:\tbusybox:1.36",
        "    Port:\t<none>",
        "    Host Port:\t<none>",
        "    Command:",
        "      sh",
        "      -c",
        "      echo hi",
        "      echo bye",
        "    Environment:\t<none>",
        "    Mounts:\t<none>",
        "  Containers:",
        "   web:",
        "    Image:\tnginx:1.27",
        "    Ports:\t80/TCP, 443/TCP",
        "    Host Ports:\t0/TCP, 8443/TCP",
        "    Args:",
        "      --port",
        "      80",
        "    Requests:",
        "      memory:\t64Mi",
        "    Liveness:\texec [cat /tmp/healthy] delay=0s timeout=1s period=10s #success=1 #failure=3",
        "    Startup:\ttcp-socket :80 delay=0s timeout=1s period=5s #success=1 #failure=30",
        "    Environment Variables from:",
        "      cfg\tConfigMap\tOptional: false",
        "      sec\tSecret with prefix 'S_'\tOptional: true",
        "    Environment:",
        "      MULTI:\ta",
        "      \tb",
        "      POD:\t (v1:metadata.name)",
        "      CPU:\tnode allocatable (limits.cpu)",
        "      MEM:\t64 (requests.memory)",
        "    Mounts:",
        '      /etc/cfg from cfg (ro,path="app.conf")',
        "      /var/data from data (rw)",
        "  Volumes:",
        "   data:",
        "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)",
        "    Medium:\t",
        "    SizeLimit:\t<unset>",
        "   cfg:",
        "    Type:\tConfigMap (a volume populated by a ConfigMap)",
        "    Name:\tcfg",
        "    Optional:\tfalse",
        "   sec:",
        "    Type:\tSecret (a volume populated by a Secret)",
        "    SecretName:\tsec",
        "    Optional:\ttrue",
        "   host:",
        "    Type:\tHostPath (bare host directory volume)",
        "    Path:\t/var/log",
        "    HostPathType:\tDirectory",
        "   claim:",
        "    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)",
        "    ClaimName:\tpvc-1",
        "    ReadOnly:\tfalse",
        "  Priority Class Name:\thigh",
        "  Node-Selectors:\tdisktype=ssd",
        "  Tolerations:\top=Exists",
        "\tdedicated=web:NoSchedule",
        "\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        "",
      ].join("\n"),
    );
  });

  it("describes every probe kind", () => {
    const base = {
      initialDelaySeconds: 3,
      timeoutSeconds: 2,
      periodSeconds: 7,
      successThreshold: 1,
      failureThreshold: 4,
    };
    const attrs = "delay=3s timeout=2s period=7s #success=1 #failure=4";
    expect(
      describeProbe({
        ...base,
        httpGet: { path: "/h", port: "http", scheme: "HTTPS", host: "10.0.0.1" },
      }),
    ).toBe(`http-get https://10.0.0.1:http/h ${attrs}`);
    expect(describeProbe({ ...base, grpc: { port: 9090 } })).toBe(`grpc <pod>:9090  ${attrs}`);
    expect(describeProbe({ ...base, tcpSocket: { host: "db", port: 5432 } })).toBe(
      `tcp-socket db:5432 ${attrs}`,
    );
    expect(describeProbe(base)).toBe(`unknown ${attrs}`);
  });

  it("builds the http-get URL as Go's url.URL.String does (the path escaped, no // without scheme or host)", () => {
    const attrs = "delay=0s timeout=0s period=0s #success=0 #failure=0";
    expect(describeProbe({ httpGet: { path: "/a b", port: 8000 } })).toBe(
      `http-get //:8000/a%20b ${attrs}`,
    );
    expect(describeProbe({ httpGet: { path: "/x", port: "" } })).toBe(`http-get /x ${attrs}`);
  });

  it("prints a projected volume's sources with their optional pointers (<nil> when unset)", () => {
    const text = describePodTemplate({
      spec: {
        containers: [],
        volumes: [
          {
            name: "api",
            projected: {
              sources: [
                { serviceAccountToken: { path: "token", expirationSeconds: 3607 } },
                { configMap: { name: "kube-root-ca.crt" } },
                { secret: { name: "s", optional: true } },
                { downwardAPI: {} },
              ],
            },
          },
        ],
      },
    });
    expect(text).toContain(
      [
        "  Volumes:",
        "   api:",
        "    Type:\tProjected (a volume that contains injected data from multiple sources)",
        "    TokenExpirationSeconds:\t3607",
        "    ConfigMapName:\tkube-root-ca.crt",
        "    ConfigMapOptional:\t<nil>",
        "    SecretName:\ts",
        "    SecretOptionalName:\ttrue",
        "    DownwardAPI:\ttrue",
        "",
      ].join("\n"),
    );
  });

  it("prints <none> for an empty template", () => {
    expect(describePodTemplate({})).toBe(
      "Pod Template:\n  Labels:\t<none>\n  Containers: <none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n",
    );
  });
});
