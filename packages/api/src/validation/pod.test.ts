import { describe, expect, it } from "vitest";
import { applyDefaults } from "../defaulting/apply.js";
import { validateCreate, validateUpdate } from "./validate.js";
import type { J } from "./testdata.js";
import { clone, messages, pod } from "./testdata.js";

const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function withPod(patch: (spec: J) => void): J {
  const p = clone(pod());
  patch(p["spec"]);
  return p;
}
const c0 = (s: J): J => s["containers"][0];
const errsOf = (patch: (spec: J) => void): string[] => messages(validateCreate(withPod(patch)));

describe("Pod create: containers", () => {
  it("accepts the defaulted fixture", () => {
    expect(messages(validateCreate(pod()))).toEqual([]);
  });

  it("containers are required", () => {
    expect(errsOf((s) => (s.containers = []))).toEqual(["spec.containers: Required value"]);
  });

  it("container names: required, DNS labels, unique", () => {
    expect(errsOf((s) => (c0(s).name = ""))).toEqual(["spec.containers[0].name: Required value"]);
    expect(errsOf((s) => (c0(s).name = "Web"))).toEqual([
      `spec.containers[0].name: Invalid value: "Web": ${labelMsg}`,
    ]);
    expect(errsOf((s) => s.containers.push({ ...clone(c0(s)), ports: [] }))).toEqual([
      'spec.containers[1].name: Duplicate value: "web"',
    ]);
    expect(
      errsOf(
        (s) => (s.initContainers = [{ ...clone(c0(s)), ports: [], readinessProbe: undefined }]),
      ),
    ).toEqual(['spec.initContainers[0].name: Duplicate value: "web"']);
  });

  it("image is required; a Pod's image may not have surrounding spaces", () => {
    expect(errsOf((s) => (c0(s).image = ""))).toEqual(["spec.containers[0].image: Required value"]);
    expect(errsOf((s) => (c0(s).image = " nginx"))).toEqual([
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
  });

  it("ports: 1-65535, IANA_SVC_NAME names, unique names, protocol", () => {
    expect(errsOf((s) => (c0(s).ports = [{ containerPort: 70000, protocol: "TCP" }]))).toEqual([
      "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]);
    expect(errsOf((s) => (c0(s).ports = [{ containerPort: 0, protocol: "TCP" }]))).toEqual([
      "spec.containers[0].ports[0].containerPort: Required value",
    ]);
    expect(
      errsOf((s) => (c0(s).ports = [{ containerPort: 80, protocol: "TCP", name: "HTTP" }])),
    ).toEqual([
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
    expect(
      errsOf(
        (s) =>
          (c0(s).ports = [
            { containerPort: 80, protocol: "TCP", name: "http" },
            { containerPort: 81, protocol: "TCP", name: "http" },
          ]),
      ),
    ).toEqual(['spec.containers[0].ports[1].name: Duplicate value: "http"']);
    expect(
      errsOf((s) => (c0(s).ports = [{ containerPort: 80, protocol: "HTTP", name: "http" }])),
    ).toEqual([
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it("host ports are unique across containers", () => {
    expect(
      errsOf((s) => {
        c0(s).ports = [{ containerPort: 80, hostPort: 8080, protocol: "TCP" }];
        s.containers.push({ ...clone(c0(s)), name: "b", readinessProbe: undefined });
      }),
    ).toEqual(['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']);
  });

  it("imagePullPolicy and terminationMessagePolicy values", () => {
    expect(errsOf((s) => (c0(s).imagePullPolicy = "Sometimes"))).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
    expect(errsOf((s) => (c0(s).terminationMessagePolicy = "Stdout"))).toEqual([
      'spec.containers[0].terminationMessagePolicy: Unsupported value: "Stdout": supported values: "File", "FallbackToLogsOnError"',
    ]);
  });
});

describe("Pod create: probes", () => {
  it("exactly one handler", () => {
    expect(
      errsOf(
        (s) =>
          (c0(s).readinessProbe = {
            periodSeconds: 10,
            timeoutSeconds: 1,
            successThreshold: 1,
            failureThreshold: 3,
          }),
      ),
    ).toEqual(["spec.containers[0].readinessProbe: Required value: must specify a handler type"]);
    expect(errsOf((s) => (c0(s).readinessProbe.exec = { command: ["true"] }))).toEqual([
      "spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
    ]);
  });

  it("handler details: exec command, httpGet path/port/scheme, tcpSocket port", () => {
    expect(
      errsOf(
        (s) => (c0(s).livenessProbe = { ...c0(s).readinessProbe, httpGet: undefined, exec: {} }),
      ),
    ).toEqual(["spec.containers[0].livenessProbe.exec.command: Required value"]);
    expect(
      errsOf((s) => (c0(s).readinessProbe.httpGet = { path: "", port: 0, scheme: "FTP" })),
    ).toEqual([
      "spec.containers[0].readinessProbe.httpGet.path: Required value",
      "spec.containers[0].readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive",
      'spec.containers[0].readinessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"',
    ]);
    expect(
      errsOf(
        (s) =>
          (c0(s).readinessProbe = {
            ...c0(s).readinessProbe,
            httpGet: undefined,
            tcpSocket: { port: "no_such" },
          }),
      ),
    ).toEqual([
      'spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: "no_such": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it("periodSeconds, timeoutSeconds, successThreshold, failureThreshold ≥ 0", () => {
    expect(
      errsOf((s) =>
        Object.assign(c0(s).readinessProbe, {
          periodSeconds: -1,
          timeoutSeconds: -1,
          successThreshold: -1,
          failureThreshold: -1,
          initialDelaySeconds: -1,
        }),
      ),
    ).toEqual([
      "spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.containers[0].readinessProbe.timeoutSeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.containers[0].readinessProbe.successThreshold: Invalid value: -1: must be greater than or equal to 0",
      "spec.containers[0].readinessProbe.failureThreshold: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });

  it("liveness and startup probes need successThreshold 1", () => {
    expect(
      errsOf((s) => (c0(s).livenessProbe = { ...c0(s).readinessProbe, successThreshold: 2 })),
    ).toEqual(["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]);
    expect(
      errsOf((s) => (c0(s).startupProbe = { ...c0(s).readinessProbe, successThreshold: 3 })),
    ).toEqual(["spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1"]);
    expect(errsOf((s) => (c0(s).readinessProbe.successThreshold = 3))).toEqual([]);
  });

  it("readiness probes may not set terminationGracePeriodSeconds", () => {
    expect(errsOf((s) => (c0(s).readinessProbe.terminationGracePeriodSeconds = 5))).toEqual([
      "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes",
    ]);
  });

  it("init containers may carry probes only as sidecars (restartPolicy Always)", () => {
    const init =
      (extra: J): ((s: J) => void) =>
      (s) =>
        (s.initContainers = [{ ...clone(c0(s)), name: "init", ports: [], ...extra }]);
    expect(errsOf(init({}))).toEqual([
      "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
    ]);
    expect(errsOf(init({ restartPolicy: "Always" }))).toEqual([]);
    expect(errsOf(init({ restartPolicy: "OnFailure", readinessProbe: undefined }))).toEqual([
      'spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
    expect(errsOf((s) => (c0(s).restartPolicy = "Always"))).toEqual([
      "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
    ]);
  });
});

describe("Pod create: resources", () => {
  it("requests may not exceed limits", () => {
    expect(
      errsOf((s) => (c0(s).resources = { limits: { cpu: "1" }, requests: { cpu: "2" } })),
    ).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
    expect(
      errsOf(
        (s) => (c0(s).resources = { limits: { memory: "1Gi" }, requests: { memory: "1025Mi" } }),
      ),
    ).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "1025Mi": must be less than or equal to memory limit of 1Gi',
    ]);
  });

  it("quantities are ≥ 0 and parse", () => {
    expect(errsOf((s) => (c0(s).resources = { requests: { cpu: "-1" } }))).toEqual([
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
    expect(errsOf((s) => (c0(s).resources = { requests: { cpu: "1 core" } }))).toEqual([
      "spec.containers[0].resources.requests[cpu]: Invalid value: \"1 core\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });

  it("resource names: standard, or a qualified extended resource with request == limit, integers", () => {
    expect(errsOf((s) => (c0(s).resources = { limits: { gpu: "1" } }))).toEqual([
      'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
    ]);
    expect(errsOf((s) => (c0(s).resources = { limits: { pods: "1" } }))).toEqual([
      'spec.containers[0].resources.limits[pods]: Invalid value: "pods": must be a standard resource for containers',
    ]);
    expect(
      errsOf(
        (s) =>
          (c0(s).resources = {
            limits: { "example.com/gpu": "1" },
            requests: { "example.com/gpu": "1" },
          }),
      ),
    ).toEqual([]);
    expect(
      errsOf(
        (s) =>
          (c0(s).resources = {
            limits: { "example.com/gpu": "2" },
            requests: { "example.com/gpu": "1" },
          }),
      ),
    ).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
    ]);
    expect(errsOf((s) => (c0(s).resources = { requests: { "example.com/gpu": "500m" } }))).toEqual([
      'spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "500m": must be an integer',
      "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
    ]);
  });

  it("hugepages need cpu or memory and a multiple of the page size", () => {
    expect(
      errsOf(
        (s) =>
          (c0(s).resources = {
            limits: { "hugepages-2Mi": "3Mi" },
            requests: { "hugepages-2Mi": "3Mi" },
          }),
      ),
    ).toEqual([
      'spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
      'spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
      "spec.containers[0].resources: Forbidden: HugePages require cpu or memory",
    ]);
  });
});

describe("Pod create: env and volumes", () => {
  it("env names are required and printable ASCII without '='", () => {
    expect(
      errsOf((s) => (c0(s).env = [{ name: "" }, { name: "A=B" }, { name: "1.ok-now" }])),
    ).toEqual([
      "spec.containers[0].env[0].name: Required value",
      `spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
    ]);
  });

  it("valueFrom needs exactly one source and no value", () => {
    expect(errsOf((s) => (c0(s).env = [{ name: "A", valueFrom: {} }]))).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
    ]);
    expect(
      errsOf(
        (s) =>
          (c0(s).env = [
            { name: "A", value: "x", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
          ]),
      ),
    ).toEqual([
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ]);
    expect(
      errsOf(
        (s) =>
          (c0(s).env = [
            { name: "A", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "spec.foo" } } },
          ]),
      )[0],
    ).toMatch(
      /^spec\.containers\[0\]\.env\[0\]\.valueFrom\.fieldRef\.fieldPath: Unsupported value: "spec\.foo": supported values: "metadata\.name", /,
    );
    expect(
      errsOf(
        (s) =>
          (c0(s).env = [{ name: "A", valueFrom: { configMapKeyRef: { name: "cm", key: "" } } }]),
      ),
    ).toEqual(["spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value"]);
  });

  it("volume names: DNS labels, unique; one source; mounts must name a volume", () => {
    expect(errsOf((s) => s.volumes.push({ name: "data", emptyDir: {} }))).toEqual([
      'spec.volumes[1].name: Duplicate value: "data"',
    ]);
    expect(
      errsOf(
        (s) =>
          (s.volumes[0] = {
            name: "data",
            emptyDir: {},
            secret: { secretName: "s", defaultMode: 420 },
          }),
      ),
    ).toEqual([
      "spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type",
      // A volume with errors cannot be mounted, so its mounts are not found either (as upstream).
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ]);
    expect(errsOf((s) => (s.volumes[0] = { name: "data" }))).toEqual([
      "spec.volumes[0]: Required value: must specify a volume type",
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ]);
    expect(errsOf((s) => (c0(s).volumeMounts = [{ name: "logs", mountPath: "/logs" }]))).toEqual([
      'spec.containers[0].volumeMounts[0].name: Not found: "logs"',
    ]);
    expect(errsOf((s) => c0(s).volumeMounts.push({ name: "data", mountPath: "/data" }))).toEqual([
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique',
    ]);
  });

  it("secret and configMap sources need a name and a mode within 0777", () => {
    expect(errsOf((s) => s.volumes.push({ name: "s", secret: { defaultMode: 1000 } }))).toEqual([
      "spec.volumes[1].secret.secretName: Required value",
      "spec.volumes[1].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive",
    ]);
    expect(
      errsOf((s) => s.volumes.push({ name: "c", configMap: { name: "", defaultMode: 420 } })),
    ).toEqual(["spec.volumes[1].configMap.name: Required value"]);
  });
});

describe("Pod create: spec fields", () => {
  it("restartPolicy, dnsPolicy and terminationGracePeriodSeconds", () => {
    expect(
      errsOf((s) => {
        s.restartPolicy = "Sometimes";
        s.dnsPolicy = "Google";
        delete s.terminationGracePeriodSeconds;
      }),
    ).toEqual([
      "spec.terminationGracePeriodSeconds: Required value",
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it("activeDeadlineSeconds, nodeName, hostname and tolerations", () => {
    expect(
      errsOf((s) => {
        s.activeDeadlineSeconds = 0;
        s.nodeName = "Node_1";
        s.hostname = "a.b";
        s.tolerations = [
          { key: "", operator: "Equal", value: "x" },
          { key: "k", operator: "Exists", value: "v" },
        ];
      }).map((m) => m.replace(/: a lowercase RFC.*$/, ": <dns>")),
    ).toEqual([
      'spec.nodeName: Invalid value: "Node_1": <dns>',
      "spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive",
      'spec.hostname: Invalid value: "a.b": must not contain dots',
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.tolerations[1].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'",
    ]);
  });

  it("ephemeral containers cannot be set on create; nodeName waits for scheduling gates", () => {
    expect(
      errsOf(
        (s) =>
          (s.ephemeralContainers = [
            {
              name: "debug",
              image: "busybox",
              imagePullPolicy: "Always",
              terminationMessagePolicy: "File",
            },
          ]),
      ),
    ).toContain("spec.ephemeralContainers: Forbidden: cannot be set on create");
    expect(
      errsOf((s) => {
        s.nodeName = "n1";
        s.schedulingGates = [{ name: "example.com/wait" }];
      }),
    ).toEqual([
      "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared",
    ]);
  });
});

describe("Pod update", () => {
  const updated = (patch: (spec: J) => void): J => {
    const p = withPod(patch);
    return p;
  };

  it("allows image changes", () => {
    expect(
      messages(
        validateUpdate(
          updated((s) => (c0(s).image = "nginx:1.28")),
          pod(),
        ),
      ),
    ).toEqual([]);
  });

  it("forbids other spec changes, with upstream's message and a diff", () => {
    const errs = messages(
      validateUpdate(
        updated((s) => (c0(s).ports[0].containerPort = 8080)),
        pod(),
      ),
    );
    expect(errs).toEqual([
      "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n" +
        "  spec.containers[0].ports[0].containerPort: 80 -> 8080",
    ]);
  });

  it("containers may not be added or removed", () => {
    expect(
      messages(
        validateUpdate(
          updated((s) => s.containers.push({ ...clone(c0(s)), name: "b", ports: [] })),
          pod(),
        ),
      ),
    ).toEqual(["spec.containers: Forbidden: pod updates may not add or remove containers"]);
  });

  it("activeDeadlineSeconds may be set, then only lowered", () => {
    const withDeadline = updated((s) => (s.activeDeadlineSeconds = 100));
    expect(messages(validateUpdate(withDeadline, pod()))).toEqual([]);
    expect(
      messages(
        validateUpdate(
          updated((s) => (s.activeDeadlineSeconds = 200)),
          withDeadline,
        ),
      ),
    ).toEqual([
      "spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value",
    ]);
    expect(messages(validateUpdate(pod(), withDeadline))).toEqual([
      "spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value",
    ]);
  });

  it("tolerations may only be added", () => {
    const tolerating = updated(
      (s) =>
        (s.tolerations = [
          { key: "a", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 },
        ]),
    );
    expect(messages(validateUpdate(tolerating, pod()))).toEqual([]);
    const changedSeconds = updated(
      (s) =>
        (s.tolerations = [
          { key: "a", operator: "Exists", effect: "NoExecute", tolerationSeconds: 9 },
        ]),
    );
    expect(messages(validateUpdate(changedSeconds, tolerating))).toEqual([]);
    expect(messages(validateUpdate(pod(), tolerating))).toEqual([
      "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds",
    ]);
  });

  it("metadata identity is immutable", () => {
    const renamed = clone(pod());
    renamed["metadata"].name = "other";
    expect(messages(validateUpdate(renamed, pod()))).toEqual([
      'metadata.name: Invalid value: "other": field is immutable',
    ]);
  });

  it("defaulting then validating an unchanged pod finds nothing", () => {
    expect(messages(validateUpdate(applyDefaults(pod()), pod()))).toEqual([]);
  });
});
