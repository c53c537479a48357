import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { strictDecodingMessage, unknownFieldsIn } from "./walker.js";
import { unknownFields } from "./index.js";
import type { SchemaRegistry } from "./types.js";

/** A tiny hand-made schema: a Widget with a spec of parts, a label map, and a raw blob. */
const tiny: SchemaRegistry = {
  roots: { "example.com/v1/Widget": "Widget" },
  types: {
    Widget: { fields: { apiVersion: "s", kind: "s", metadata: "Meta", spec: "Spec" } },
    Meta: { fields: { name: "s", labels: "{}s" } },
    Spec: { fields: { size: "s", parts: "[]Part", byName: "{}Part", raw: "*" } },
    Part: { fields: { name: "s" } },
  },
};

describe("unknownFieldsIn (tiny schema)", () => {
  it("accepts known fields at every depth", () => {
    const w = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w", labels: { anything: "goes" } },
      spec: {
        size: 3,
        parts: [{ name: "a" }],
        byName: { a: { name: "a" } },
        raw: { free: { form: true } },
      },
    };
    expect(unknownFieldsIn(tiny, w)).toEqual([]);
  });

  it("reports unknown fields with apimachinery's paths, in document order", () => {
    const w = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      status: {},
      metadata: { name: "w", uid: "x" },
      spec: { sizes: 3, parts: [{ name: "a" }, { nam: "b" }], byName: { k: { extra: 1 } } },
    };
    expect(unknownFieldsIn(tiny, w)).toEqual([
      "status",
      "metadata.uid",
      "spec.sizes",
      "spec.parts[1].nam",
      "spec.byName[k].extra",
    ]);
  });

  it("does not look inside unknown fields, scalars, raw fields or values of the wrong type", () => {
    const w = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      extra: { deep: 1 },
      spec: { size: { x: 1 }, parts: "nope", raw: { y: 2 } },
    };
    expect(unknownFieldsIn(tiny, w)).toEqual(["extra"]);
  });

  it("kinds without a root are not checked", () => {
    expect(unknownFieldsIn(tiny, { apiVersion: "v1", kind: "Gadget", whatever: 1 })).toEqual([]);
    expect(unknownFieldsIn(tiny, { kind: "Widget", whatever: 1 })).toEqual([]);
  });

  it("formats the strict decoding error as runtime.strictDecodingError does", () => {
    expect(strictDecodingMessage(["spec.replica", "spec.x"])).toBe(
      'strict decoding error: unknown field "spec.replica", unknown field "spec.x"',
    );
  });
});

describe("unknownFields (Kubernetes schema from kubernetes-types)", () => {
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "web",
      namespace: "default",
      labels: { app: "web" },
      creationTimestamp: null,
      annotations: {},
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" } },
      template: {
        metadata: { labels: { app: "web" }, creationTimestamp: null },
        spec: {
          containers: [
            {
              name: "web",
              image: "nginx",
              ports: [{ containerPort: 80 }],
              env: [{ name: "A", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
              resources: { limits: { cpu: "1" } },
              readinessProbe: { httpGet: { path: "/", port: 80 } },
            },
          ],
          volumes: [{ name: "v", configMap: { name: "c", items: [{ key: "k", path: "p" }] } }],
        },
      },
    },
    status: {},
  };

  it("a kubectl-style Deployment has no unknown fields", () => {
    expect(unknownFields(deployment)).toEqual([]);
  });

  it("finds the typos kubectl users make", () => {
    const bad = structuredClone(deployment) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    bad["spec"].replica = 3;
    bad["spec"].template.spec.containers[0].imagePullPolice = "Always";
    bad["spec"].template.spec.containers[0].ports[0].containerport = 80;
    bad["metadata"].label = {};
    // Document order: keys added last come after their siblings' subtrees.
    expect(unknownFields(bad)).toEqual([
      "metadata.label",
      "spec.template.spec.containers[0].ports[0].containerport",
      "spec.template.spec.containers[0].imagePullPolice",
      "spec.replica",
    ]);
  });

  it("a restartPolicy inside an init container is known (sidecars, 1.28+)", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      spec: { initContainers: [{ name: "s", restartPolicy: "Always" }], containers: [] },
    };
    expect(unknownFields(pod)).toEqual([]);
  });

  it("covers every served kind", () => {
    const kinds: [string, string, Record<string, unknown>][] = [
      ["v1", "Service", { spec: { ports: [{ port: 80, targetPort: "http" }], selectr: {} } }],
      ["v1", "Secret", { stringData: { a: "b" }, dta: {} }],
      ["v1", "ConfigMap", { data: { a: "b" }, binarydata: {} }],
      ["v1", "Namespace", { spec: { finalizers: [] }, status: { phase: "Active", x: 1 } }],
      ["v1", "Node", { spec: { unschedulable: true, taint: [] } }],
      ["v1", "Endpoints", { subsets: [{ addresses: [{ ip: "1.2.3.4", host: "x" }] }] }],
      ["v1", "Event", { reportingComponent: "c", reportingController: "c" }],
      ["coordination.k8s.io/v1", "Lease", { spec: { holderIdentity: "a", holder: "a" } }],
      ["apps/v1", "ReplicaSet", { spec: { replicas: 1, strategy: {} } }],
      [
        "discovery.k8s.io/v1",
        "EndpointSlice",
        { addressType: "IPv4", endpoints: [{ addresses: [], topology: {} }] },
      ],
      [
        "networking.k8s.io/v1",
        "Ingress",
        { spec: { rules: [{ http: { paths: [{ path: "/", pathtype: "Prefix" }] } }] } },
      ],
      ["networking.k8s.io/v1", "IngressClass", { spec: { controller: "x.io/y", default: true } }],
    ];
    const found = kinds.map(([apiVersion, kind, body]) =>
      unknownFields({ apiVersion, kind, ...body }),
    );
    expect(found).toEqual([
      ["spec.selectr"],
      ["dta"],
      ["binarydata"],
      ["status.x"],
      ["spec.taint"],
      ["subsets[0].addresses[0].host"],
      ["reportingController"],
      ["spec.holder"],
      ["spec.strategy"],
      ["endpoints[0].topology"],
      ["spec.rules[0].http.paths[0].pathtype"],
      ["spec.default"],
    ]);
  });
});

describe("unknownFieldsIn: the walker's shortcuts change no answer", () => {
  /** The walker as first written: entries, paths built as it descends, no memo. */
  function reference(registry: SchemaRegistry, obj: Record<string, unknown>): string[] {
    const out: string[] = [];
    const isRecord = (v: unknown): v is Record<string, unknown> =>
      typeof v === "object" && v !== null && !Array.isArray(v);
    const walk = (type: string, value: unknown, path: string): void => {
      if (type === "s" || type === "*") return;
      if (type.startsWith("[]")) {
        if (Array.isArray(value)) value.forEach((v, i) => walk(type.slice(2), v, `${path}[${i}]`));
        return;
      }
      if (type.startsWith("{}")) {
        if (isRecord(value))
          for (const [k, v] of Object.entries(value)) walk(type.slice(2), v, `${path}[${k}]`);
        return;
      }
      const schema = registry.types[type];
      if (schema === undefined || !isRecord(value)) return;
      for (const [k, v] of Object.entries(value)) {
        const p = path === "" ? k : `${path}.${k}`;
        const t = Object.hasOwn(schema.fields, k) ? schema.fields[k] : undefined;
        if (t === undefined) out.push(p);
        else walk(t, v, p);
      }
    };
    const root = registry.roots[`${String(obj["apiVersion"])}/${String(obj["kind"])}`];
    if (root !== undefined) walk(root, obj, "");
    return out;
  }

  const key = fc.constantFrom("name", "size", "parts", "byName", "raw", "nam", "extra", "labels");
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    v: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(1, "x", null, true),
      fc.array(tie("v"), { maxLength: 3 }),
      fc.dictionary(key, tie("v"), { maxKeys: 4 }),
    ),
  })).v;

  it("property: the same paths as the straightforward walk, frozen or not, walked twice", () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), fc.boolean(), (body, freeze) => {
        const w = { apiVersion: "example.com/v1", kind: "Widget", metadata: {}, spec: body };
        if (freeze) deepFreeze(w);
        expect(unknownFieldsIn(tiny, w)).toEqual(reference(tiny, w));
        expect(unknownFieldsIn(tiny, w)).toEqual(reference(tiny, w));
      }),
      { numRuns: 300 },
    );
  });

  it("a frozen pod spec found clean is not walked again, and an unclean one is reported every time", () => {
    const spec = deepFreeze({ containers: [{ name: "c", image: "i" }] });
    const pod = (s: object): object => ({ apiVersion: "v1", kind: "Pod", spec: s });
    expect(unknownFields(pod(spec))).toEqual([]);
    expect(unknownFields(pod(spec))).toEqual([]);
    const bad = deepFreeze({ containers: [{ name: "c", image: "i", imagePullPolice: "x" }] });
    expect(unknownFields(pod(bad))).toEqual(["spec.containers[0].imagePullPolice"]);
    expect(unknownFields(pod(bad))).toEqual(["spec.containers[0].imagePullPolice"]);
    // what is clean under one registry says nothing under another
    const strictPods: SchemaRegistry = {
      roots: { "v1/Pod": "core/v1.Pod" },
      types: {
        "core/v1.Pod": { fields: { apiVersion: "s", kind: "s", spec: "core/v1.PodSpec" } },
        "core/v1.PodSpec": { fields: {} },
      },
    };
    expect(unknownFieldsIn(strictPods, pod(spec))).toEqual(["spec.containers"]);
  });
});

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
