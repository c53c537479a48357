import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { produce } from "immer";
import { applyDefaults, type KindName } from "@kubesim/api";
import { configMap, deployment, harness, pod, replicaSet, service } from "./fixtures.js";
import { sharesDefaultedFields, SPEC_ONLY_DEFAULTS, StrictFields } from "./memo.js";
import { k8sSchema } from "./schema/index.js";

/** One valid object of every kind in scope. */
const fixtures: readonly [KindName, object][] = [
  ["Namespace", { metadata: { name: "team" } }],
  ["Pod", pod("p")],
  [
    "Node",
    {
      metadata: { name: "node-1" },
      status: { capacity: { cpu: "4", memory: "8Gi", pods: "110" } },
    },
  ],
  ["Service", service("s")],
  [
    "Service",
    {
      metadata: { name: "lb", namespace: "default" },
      spec: {
        type: "LoadBalancer",
        selector: { app: "x" },
        ports: [{ port: 443, targetPort: 8443 }],
      },
    },
  ],
  [
    "Endpoints",
    {
      metadata: { name: "s", namespace: "default" },
      subsets: [{ addresses: [{ ip: "10.0.0.1" }], ports: [{ port: 80 }] }],
    },
  ],
  ["ConfigMap", configMap("c", { k: "v" })],
  [
    "Secret",
    { metadata: { name: "sec", namespace: "default" }, stringData: { password: "hunter2" } },
  ],
  [
    "Event",
    {
      metadata: { name: "e1", namespace: "default" },
      involvedObject: { kind: "Pod", name: "p", namespace: "default" },
      reason: "Scheduled",
      message: "ok",
      type: "Normal",
      source: { component: "default-scheduler" },
    },
  ],
  [
    "Lease",
    {
      metadata: { name: "l", namespace: "default" },
      spec: { holderIdentity: "a", leaseDurationSeconds: 15 },
    },
  ],
  ["Deployment", deployment("web", 2)],
  ["ReplicaSet", replicaSet("rs", 2)],
  [
    "EndpointSlice",
    {
      metadata: { name: "s-abc", namespace: "default" },
      addressType: "IPv4",
      endpoints: [{ addresses: ["10.0.0.1"] }],
      ports: [{ name: "http", port: 80, protocol: "TCP" }],
    },
  ],
  [
    "Ingress",
    {
      metadata: { name: "ing", namespace: "default" },
      spec: {
        rules: [
          {
            host: "a.example.com",
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "s", port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
  ],
  ["IngressClass", { metadata: { name: "nginx" }, spec: { controller: "k8s.io/ingress-nginx" } }],
];

describe("write-path shortcuts", () => {
  it("every stored object is a fixed point of defaulting (what skipping defaulting relies on)", () => {
    const { api } = harness();
    for (const [kind, obj] of fixtures) {
      const stored = api.create(kind, obj as never);
      expect(JSON.parse(JSON.stringify(applyDefaults(stored))), kind).toEqual(
        JSON.parse(JSON.stringify(stored)),
      );
      // ...and stays one after an update of its metadata (the memo's fast path).
      const updated = api.update(
        kind,
        produce(stored, (d) => void (d.metadata!.annotations = { touched: "yes" })) as never,
      );
      expect(JSON.parse(JSON.stringify(applyDefaults(updated))), kind).toEqual(
        JSON.parse(JSON.stringify(updated)),
      );
    }
  });

  it("defaulting is skipped only when every field but metadata is the stored object's own", () => {
    const spec = { a: 1 };
    const status = { b: 2 };
    const svc = { kind: "Service", metadata: { name: "x" }, spec, status };
    expect(
      sharesDefaultedFields({ kind: "Service", metadata: { name: "y" }, spec, status }, svc),
    ).toBe(true);
    expect(sharesDefaultedFields({ kind: "Service", spec, status: { b: 2 } }, svc)).toBe(false); // equal, not the same
    expect(sharesDefaultedFields({ kind: "Service", spec }, svc)).toBe(false); // a field fewer
    expect(sharesDefaultedFields({ kind: "Service", spec, status, extra: "x" }, svc)).toBe(false);
    expect(sharesDefaultedFields({ kind: "Service", spec, status }, undefined)).toBe(false);
    const ns = { kind: "Namespace", metadata: { name: "a" }, spec };
    expect(sharesDefaultedFields({ ...ns, metadata: { name: "b" } }, ns)).toBe(false); // its defaulter reads metadata
  });

  it("Pod, Deployment and ReplicaSet: sharing the spec is enough, whatever status says", () => {
    const spec = { a: 1 };
    const stored = { apiVersion: "v1", kind: "Pod", metadata: { name: "x" }, spec, status: {} };
    const pod = (o: object): object => ({ apiVersion: "v1", kind: "Pod", ...o });
    expect(sharesDefaultedFields(pod({ spec, status: { phase: "Running" } }), stored)).toBe(true);
    expect(sharesDefaultedFields(pod({ spec, extra: 1 }), stored)).toBe(true);
    expect(sharesDefaultedFields(pod({ spec: { a: 1 }, status: {} }), stored)).toBe(false); // equal, not the same
    expect(sharesDefaultedFields(pod({ status: {} }), { ...stored, spec: undefined })).toBe(false);
    const rs = { apiVersion: "apps/v1", kind: "ReplicaSet", spec, status: {} };
    expect(sharesDefaultedFields({ ...rs, status: { replicas: 3 } }, rs)).toBe(true);
    expect(sharesDefaultedFields({ ...rs, apiVersion: "apps/v2" }, rs)).toBe(false); // not the defaulter of SPEC_ONLY_DEFAULTS
  });

  it("the defaulters of SPEC_ONLY_DEFAULTS read and write spec alone (property)", () => {
    const raw: Record<string, object> = {
      Pod: pod("p"),
      Deployment: deployment("d"),
      ReplicaSet: replicaSet("r"),
    };
    expect(Object.keys(raw).sort()).toEqual(Object.keys(SPEC_ONLY_DEFAULTS).sort());
    const others = fc.dictionary(
      fc.constantFrom("status", "metadata", "extra", "data"),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(raw)), others, (kind, extra) => {
        const base = { ...raw[kind]!, apiVersion: SPEC_ONLY_DEFAULTS[kind]!, kind };
        const alone = applyDefaults(base) as Record<string, unknown>;
        const withOthers = applyDefaults({ ...base, ...extra }) as Record<string, unknown>;
        // the same spec whatever the other fields hold...
        expect(withOthers["spec"]).toEqual(alone["spec"]);
        // ...and every other field left exactly as it was
        for (const k of Object.keys(extra)) expect(withOthers[k]).toBe(extra[k]);
      }),
      { numRuns: 60 },
    );
  });

  it("a pod status write is stored as full defaulting would store it", () => {
    const { api } = harness();
    const p = api.create("Pod", pod("p"));
    const next = api.update(
      "Pod",
      produce(p, (x) => void (x.status = { phase: "Running", podIP: "10.0.0.9" })),
      { subresource: "status" },
    );
    expect(next.spec).toBe(p.spec);
    expect(JSON.parse(JSON.stringify(applyDefaults(next)))).toEqual(
      JSON.parse(JSON.stringify(next)),
    );
  });

  it("the strict field check walks only what is new relative to the stored object", () => {
    const strict = new StrictFields(k8sSchema);
    const spec = { containers: [{ name: "c", image: "i" }] };
    const owners = [{ apiVersion: "v1", kind: "Node", name: "n", uid: "u" }];
    const base = { apiVersion: "v1", kind: "Pod" };
    const stored = { ...base, metadata: { name: "x", ownerReferences: owners }, spec };
    // shared values, and fields whose type cannot hold an unknown field (labels), need no walk
    expect(
      strict.toCheck(
        { ...base, metadata: { name: "y", labels: { a: "b" }, ownerReferences: owners }, spec },
        stored,
      ),
    ).toBeUndefined();
    // an undeclared metadata field, a new struct value: left to check, with apiVersion and kind
    expect(strict.toCheck({ ...base, metadata: { nmae: "y" }, spec }, stored)).toEqual({
      ...base,
      metadata: { nmae: "y" },
    });
    expect(strict.toCheck({ ...base, spec: { ...spec } }, stored)).toEqual({ ...base, spec });
    expect(strict.toCheck({ ...base, extra: 1 }, stored)).toEqual({ ...base, extra: 1 });
    // without a stored object every struct is checked
    expect(strict.toCheck({ ...base, metadata: { ownerReferences: owners } })).toEqual({
      ...base,
      metadata: { ownerReferences: owners },
    });
    expect(strict.toCheck({ apiVersion: "x/v1", kind: "Widget", a: 1 })).toBeUndefined(); // unserved: nothing to check
  });

  it("unknown fields are still caught in a changed subtree of an object whose other fields are known", () => {
    const { api } = harness();
    const d = api.create("Deployment", deployment("web"));
    expect(() =>
      api.update(
        "Deployment",
        produce(
          d,
          (x) => void ((x.spec!.template.spec as Record<string, unknown>)["hostname2"] = "h"),
        ),
      ),
    ).toThrow('unknown field "spec.template.spec.hostname2"');
    expect(() =>
      api.update(
        "Deployment",
        produce(d, (x) => void ((x.metadata as Record<string, unknown>)["labelz"] = {})),
      ),
    ).toThrow('unknown field "metadata.labelz"');
  });
});
