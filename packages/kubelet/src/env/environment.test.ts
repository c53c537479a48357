import { describe, expect, it } from "vitest";
import type { ConfigMap, Container, Pod, Secret } from "kubernetes-types/core/v1";
import { encodeBase64 } from "@kubesim/api";
import type { EnvironmentContext } from "./environment.js";
import { makeEnvironmentVariables } from "./environment.js";
import { serviceEnvVarMap } from "./envvars.js";
import type { EnvironmentVectors } from "./testdata/vectors.js";
import { loadJson } from "./testdata/vectors.js";

const table = loadJson<EnvironmentVectors>("make-environment-vectors.json");
const byName = (a: { name: string }, b: { name: string }): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

describe("makeEnvironmentVariables (kubelet_pods_test.go TestMakeEnvironmentVariables)", () => {
  for (const v of table.vectors) {
    it(v.name, () => {
      const { input } = v;
      const pod: Pod = {
        metadata: { name: table.pod.name, namespace: input.ns, annotations: {} },
        spec: {
          serviceAccountName: table.pod.serviceAccountName,
          nodeName: table.pod.nodeName,
          enableServiceLinks: input.enableServiceLinks,
          containers: [{ name: "c", ...input.container }],
        },
      };
      const ctx: EnvironmentContext = {
        configMap: () => input.configMap,
        secret: () => input.secret,
        hostIPs: table.hostIPs,
        podIPs: input.podIPs ?? [],
        podIP: input.podIPs?.[0] ?? "",
        serviceEnv: input.nilLister
          ? new Map()
          : serviceEnvVarMap(table.services, input.ns, input.enableServiceLinks),
      };
      const result = makeEnvironmentVariables(pod, pod.spec!.containers[0]!, ctx);
      if ("error" in v.expected) {
        expect(result).toHaveProperty("error");
        return;
      }
      if ("error" in result) throw new Error(result.error);
      const want = v.expected.env.map((e) => ({ name: e.name, value: e.value ?? "" }));
      expect([...result.env].sort(byName)).toEqual([...want].sort(byName));
      expect(result.warnings).toEqual([]);
    });
  }
});

// ---- kubesim cases, one per rule and message --------------------------------------------------

const ns = "shop";
const cm = (name: string, data: Record<string, string>): ConfigMap => ({
  metadata: { name, namespace: ns },
  data,
});
const secret = (name: string, data: Record<string, string>): Secret => ({
  metadata: { name, namespace: ns },
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, encodeBase64(v)])),
});

function run(
  container: Omit<Container, "name">,
  opts: {
    configMaps?: ConfigMap[];
    secrets?: Secret[];
    pod?: Partial<Pod>;
    ctx?: Partial<EnvironmentContext>;
  } = {},
) {
  const c: Container = { name: "app", ...container };
  const pod: Pod = {
    metadata: {
      name: "web-1",
      namespace: ns,
      uid: "0b1c2d3e-1111-2222-3333-444455556666",
      labels: { app: "web", tier: "front" },
      annotations: { "example.com/owner": 'team "a"' },
    },
    spec: { containers: [c], nodeName: "node-1", serviceAccountName: "default" },
    ...opts.pod,
  };
  const find =
    <T extends { metadata?: { name?: string; namespace?: string } }>(list: T[] = []) =>
    (n: string, name: string): T | undefined =>
      list.find((o) => o.metadata?.namespace === n && o.metadata.name === name);
  return makeEnvironmentVariables(
    pod,
    pod.spec!.containers.find((x) => x.name === "app")!,
    {
      configMap: find(opts.configMaps),
      secret: find(opts.secrets),
      podIP: "10.244.1.7",
      podIPs: ["10.244.1.7"],
      hostIPs: ["172.18.0.2"],
      nodeAllocatable: { cpu: "4", memory: "8Gi", "ephemeral-storage": "100Gi" },
      ...opts.ctx,
    },
  );
}

function envOf(result: ReturnType<typeof run>): [string, string][] {
  if ("error" in result) throw new Error(result.error);
  return result.env.map((e) => [e.name, e.value]);
}

describe("envFrom", () => {
  it("adds every key of a ConfigMap, in key order, with the prefix", () => {
    const r = run(
      { envFrom: [{ configMapRef: { name: "cfg" }, prefix: "APP_" }] },
      { configMaps: [cm("cfg", { b: "2", a: "1" })] },
    );
    expect(envOf(r)).toEqual([
      ["APP_a", "1"],
      ["APP_b", "2"],
    ]);
  });

  it("decodes Secret values (base64 in the API object)", () => {
    const r = run(
      { envFrom: [{ secretRef: { name: "db" } }] },
      { secrets: [secret("db", { PASSWORD: "s3cr3t ✓" })] },
    );
    expect(envOf(r)).toEqual([["PASSWORD", "s3cr3t ✓"]]);
  });

  it("lets a later source override an earlier one, and env override both", () => {
    const r = run(
      {
        envFrom: [{ configMapRef: { name: "one" } }, { secretRef: { name: "two" } }],
        env: [{ name: "B", value: "from-env" }],
      },
      {
        configMaps: [cm("one", { A: "cm", B: "cm", C: "cm" })],
        secrets: [secret("two", { A: "secret" })],
      },
    );
    expect(envOf(r)).toEqual([
      ["C", "cm"],
      ["A", "secret"],
      ["B", "from-env"],
    ]);
  });

  it('fails with `configmap "x" not found` for a missing ConfigMap', () => {
    expect(run({ envFrom: [{ configMapRef: { name: "cfg" } }] })).toEqual({
      error: 'configmap "cfg" not found',
    });
  });

  it('fails with `secret "x" not found` for a missing Secret', () => {
    expect(run({ envFrom: [{ secretRef: { name: "db" } }] })).toEqual({
      error: 'secret "db" not found',
    });
  });

  it("skips a missing optional source", () => {
    const r = run({
      envFrom: [
        { configMapRef: { name: "cfg", optional: true } },
        { secretRef: { name: "db", optional: true } },
      ],
      env: [{ name: "X", value: "1" }],
    });
    expect(envOf(r)).toEqual([["X", "1"]]);
  });

  it("ignores binaryData and an entry with neither ref", () => {
    const r = run(
      { envFrom: [{ prefix: "P_" }, { configMapRef: { name: "cfg" } }] },
      { configMaps: [{ ...cm("cfg", { a: "1" }), binaryData: { bin: "AAE=" } }] },
    );
    expect(envOf(r)).toEqual([["a", "1"]]);
  });

  it("keeps keys that are not C identifiers and emits no event (relaxed names, 1.30+)", () => {
    const r = run(
      { envFrom: [{ configMapRef: { name: "cfg" } }] },
      { configMaps: [cm("cfg", { "1st": "x", "my.key": "y" })] },
    );
    expect(r).toEqual({
      env: [
        { name: "1st", value: "x" },
        { name: "my.key", value: "y" },
      ],
      warnings: [],
    });
  });

  it("with strict names, skips invalid keys with one InvalidEnvironmentVariableNames event per source", () => {
    const r = run(
      {
        envFrom: [{ configMapRef: { name: "cfg" } }, { secretRef: { name: "db" }, prefix: "9" }],
      },
      {
        configMaps: [cm("cfg", { "2b": "x", ok: "y", "1a": "z" })],
        secrets: [secret("db", { K: "v" })],
        ctx: { envVarNameValidation: "strict" },
      },
    );
    expect(r).toEqual({
      env: [{ name: "ok", value: "y" }],
      warnings: [
        {
          type: "Warning",
          reason: "InvalidEnvironmentVariableNames",
          message:
            "Keys [1a, 2b] from the EnvFrom configMap shop/cfg were skipped since they are considered invalid environment variable names.",
        },
        {
          type: "Warning",
          reason: "InvalidEnvironmentVariableNames",
          message:
            "Keys [9K] from the EnvFrom secret shop/db were skipped since they are considered invalid environment variable names.",
        },
      ],
    });
  });
});

describe("env values and $(VAR) expansion", () => {
  it("keeps declaration order and expands against earlier variables only", () => {
    const r = run({
      env: [
        { name: "LATER", value: "$(FIRST)-$(SECOND)" },
        { name: "FIRST", value: "1" },
        { name: "SECOND", value: "$(FIRST)+1" },
        { name: "ESCAPED", value: "$$(FIRST) costs $$5" },
        { name: "EMPTY" },
      ],
    });
    expect(envOf(r)).toEqual([
      ["LATER", "$(FIRST)-$(SECOND)"],
      ["FIRST", "1"],
      ["SECOND", "1+1"],
      ["ESCAPED", "$(FIRST) costs $5"],
      ["EMPTY", ""],
    ]);
  });

  it("expands envFrom variables and service variables", () => {
    const r = run(
      {
        envFrom: [{ configMapRef: { name: "cfg" } }],
        env: [{ name: "URL", value: "http://$(DB_SERVICE_HOST):$(PORT)/$(NAME)" }],
      },
      {
        configMaps: [cm("cfg", { PORT: "5432" })],
        ctx: { serviceEnv: new Map([["DB_SERVICE_HOST", "10.96.0.20"]]) },
      },
    );
    expect(envOf(r)).toEqual([
      ["PORT", "5432"],
      ["URL", "http://10.96.0.20:5432/$(NAME)"],
      ["DB_SERVICE_HOST", "10.96.0.20"],
    ]);
  });

  it("places a redefined variable at its last definition, with the last value", () => {
    const r = run({
      env: [
        { name: "A", value: "1" },
        { name: "B", value: "2" },
        { name: "A", value: "$(A)3" },
      ],
    });
    expect(envOf(r)).toEqual([
      ["B", "2"],
      ["A", "13"],
    ]);
  });

  it("lets env override a service variable, which then is not repeated", () => {
    const r = run(
      { env: [{ name: "KUBERNETES_SERVICE_HOST", value: "override" }] },
      {
        ctx: {
          serviceEnv: new Map([
            ["KUBERNETES_SERVICE_HOST", "10.96.0.1"],
            ["KUBERNETES_SERVICE_PORT", "443"],
          ]),
        },
      },
    );
    expect(envOf(r)).toEqual([
      ["KUBERNETES_SERVICE_HOST", "override"],
      ["KUBERNETES_SERVICE_PORT", "443"],
    ]);
  });
});

describe("valueFrom configMapKeyRef / secretKeyRef", () => {
  const cms = [cm("cfg", { mode: "prod" })];
  const secrets = [secret("db", { password: "hunter2" })];

  it("reads a key, decoding Secret values", () => {
    const r = run(
      {
        env: [
          { name: "MODE", valueFrom: { configMapKeyRef: { name: "cfg", key: "mode" } } },
          { name: "PW", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
        ],
      },
      { configMaps: cms, secrets },
    );
    expect(envOf(r)).toEqual([
      ["MODE", "prod"],
      ["PW", "hunter2"],
    ]);
  });

  it.each([
    [{ configMapKeyRef: { name: "nope", key: "k" } }, 'configmap "nope" not found'],
    [{ secretKeyRef: { name: "nope", key: "k" } }, 'secret "nope" not found'],
    [{ configMapKeyRef: { name: "cfg", key: "k" } }, "couldn't find key k in ConfigMap shop/cfg"],
    [{ secretKeyRef: { name: "db", key: "k" } }, "couldn't find key k in Secret shop/db"],
  ])("fails for %j with %s", (valueFrom, message) => {
    const r = run({ env: [{ name: "X", valueFrom }] }, { configMaps: cms, secrets });
    expect(r).toEqual({ error: message });
  });

  it("skips optional refs to a missing object or key, keeping an envFrom value of that name", () => {
    const r = run(
      {
        envFrom: [{ configMapRef: { name: "base" } }],
        env: [
          { name: "A", valueFrom: { configMapKeyRef: { name: "nope", key: "k", optional: true } } },
          { name: "B", valueFrom: { configMapKeyRef: { name: "cfg", key: "k", optional: true } } },
          { name: "C", valueFrom: { secretKeyRef: { name: "nope", key: "k", optional: true } } },
          { name: "D", valueFrom: { secretKeyRef: { name: "db", key: "k", optional: true } } },
        ],
      },
      { configMaps: [...cms, cm("base", { A: "kept" })], secrets },
    );
    expect(envOf(r)).toEqual([["A", "kept"]]);
  });

  it("reports the first error in declaration order", () => {
    const r = run({
      envFrom: [{ configMapRef: { name: "first" } }],
      env: [{ name: "X", valueFrom: { secretKeyRef: { name: "second", key: "k" } } }],
    });
    expect(r).toEqual({ error: 'configmap "first" not found' });
  });

  it("reads each object once per start", () => {
    let reads = 0;
    const pod: Pod = {
      metadata: { name: "p", namespace: ns },
      spec: {
        containers: [
          {
            name: "app",
            envFrom: [{ configMapRef: { name: "cfg" } }],
            env: [{ name: "M", valueFrom: { configMapKeyRef: { name: "cfg", key: "mode" } } }],
          },
        ],
      },
    };
    makeEnvironmentVariables(pod, pod.spec!.containers[0]!, {
      configMap: () => {
        reads++;
        return cms[0];
      },
      secret: () => undefined,
    });
    expect(reads).toBe(1);
  });
});

describe("valueFrom fieldRef", () => {
  const field = (fieldPath: string, apiVersion?: string) => ({
    name: "V",
    valueFrom: { fieldRef: apiVersion === undefined ? { fieldPath } : { fieldPath, apiVersion } },
  });
  it.each([
    ["metadata.name", "web-1"],
    ["metadata.namespace", "shop"],
    ["metadata.uid", "0b1c2d3e-1111-2222-3333-444455556666"],
    ["metadata.labels['app']", "web"],
    ["metadata.labels['missing']", ""],
    ["metadata.annotations['example.com/owner']", 'team "a"'],
    ["metadata.labels", 'app="web"\ntier="front"'],
    ["metadata.annotations", 'example.com/owner="team \\"a\\""'],
    ["spec.nodeName", "node-1"],
    ["spec.host", "node-1"],
    ["spec.serviceAccountName", "default"],
    ["status.hostIP", "172.18.0.2"],
    ["status.hostIPs", "172.18.0.2"],
    ["status.podIP", "10.244.1.7"],
    ["status.podIPs", "10.244.1.7"],
  ])("%s → %j", (path, value) => {
    expect(envOf(run({ env: [field(path, "v1")] }))).toEqual([["V", value]]);
  });

  it("defaults apiVersion to v1", () => {
    expect(envOf(run({ env: [field("metadata.name")] }))).toEqual([["V", "web-1"]]);
  });

  it.each([
    [field("metadata.name", "v2"), "unsupported pod version: v2"],
    [field("spec.containers", "v1"), "field label not supported: spec.containers"],
    [
      field("spec.nodeName['x']", "v1"),
      "field label does not support subscript: spec.nodeName['x']",
    ],
    [field("spec.restartPolicy", "v1"), "unsupported fieldPath: spec.restartPolicy"],
    [field("status.phase", "v1"), "unsupported fieldPath: status.phase"],
  ])("fails for %j", (envVar, message) => {
    expect(run({ env: [envVar] })).toEqual({ error: message });
  });
});

describe("valueFrom resourceFieldRef", () => {
  const res = (resource: string, divisor?: string, containerName?: string) => ({
    name: "V",
    valueFrom: {
      resourceFieldRef: {
        resource,
        ...(divisor === undefined ? {} : { divisor }),
        ...(containerName === undefined ? {} : { containerName }),
      },
    },
  });
  const resources = {
    requests: { cpu: "250m", memory: "64Mi", "ephemeral-storage": "1Gi" },
    limits: { cpu: "1500m", memory: "128Mi" },
  };
  it.each([
    ["requests.cpu", undefined, "1"],
    ["requests.cpu", "1m", "250"],
    ["limits.cpu", undefined, "2"],
    ["limits.cpu", "100m", "15"],
    ["requests.memory", undefined, String(64 * 1024 * 1024)],
    ["requests.memory", "1Mi", "64"],
    ["limits.memory", "1M", "135"],
    ["requests.ephemeral-storage", "1Gi", "1"],
    ["requests.ephemeral-storage", "1k", "1073742"],
    ["limits.ephemeral-storage", "1Gi", "100"],
    ["limits.cpu", "0", "2"],
  ])("%s with divisor %s → %s", (resource, divisor, value) => {
    expect(envOf(run({ resources, env: [res(resource, divisor)] }))).toEqual([["V", value]]);
  });

  it("defaults missing limits to the node's allocatable", () => {
    const r = run({
      env: [res("limits.cpu", "1m"), { ...res("limits.memory", "1Gi"), name: "M" }],
    });
    expect(envOf(r)).toEqual([
      ["V", "4000"],
      ["M", "8"],
    ]);
  });

  it("reads 0 for a request that is not set", () => {
    expect(envOf(run({ env: [res("requests.memory")] }))).toEqual([["V", "0"]]);
  });

  it("reads another container by containerName", () => {
    const r = run(
      { env: [res("limits.memory", "1Mi", "sidecar")] },
      {
        pod: {
          spec: {
            containers: [
              { name: "app", env: [res("limits.memory", "1Mi", "sidecar")] },
              { name: "sidecar", resources: { limits: { memory: "32Mi" } } },
            ],
          },
        },
      },
    );
    expect(envOf(r)).toEqual([["V", "32"]]);
  });

  it.each([
    [res("limits.gpu"), "unsupported container resource : limits.gpu"],
    [res("cpu"), "unsupported container resource : cpu"],
    [res("limits.cpu", undefined, "ghost"), "container ghost not found"],
  ])("fails for %j", (envVar, message) => {
    expect(run({ env: [envVar] })).toEqual({ error: message });
  });
});
