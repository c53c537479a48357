import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { produce } from "immer";
import { applyDefaults, type KindName } from "@kubesim/api";
import { configMap, deployment, harness, pod, replicaSet, service } from "./fixtures.js";
import {
  admittedBySpec,
  defaultedBySpec,
  sharesDefaultedFields,
  SPEC_ONLY_DEFAULTS,
  StrictFields,
} from "./memo.js";
import { admitDefaultTolerationSeconds } from "./default-toleration-seconds.js";
import { defaultObject } from "./admission.js";
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

/** A deep-frozen copy (as the informers' and the store's objects are). */
function frozen<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) frozen(x);
  }
  return v;
}

describe("creates whose spec is a frozen object already seen", () => {
  it("defaultedBySpec gives what defaulting gives, computing it once per spec and sharing the result", () => {
    let calls = 0;
    const counted = (o: Parameters<typeof defaultObject>[0]): ReturnType<typeof defaultObject> => {
      calls++;
      return defaultObject(o);
    };
    const spec = frozen(structuredClone(pod("template").spec!));
    const a = frozen({ ...pod("a"), apiVersion: "v1", kind: "Pod", spec });
    const b = frozen({ ...pod("b"), apiVersion: "v1", kind: "Pod", spec });
    const da = defaultedBySpec(a as never, counted) as unknown as Record<string, unknown>;
    const db = defaultedBySpec(b as never, counted) as unknown as Record<string, unknown>;
    expect(calls).toBe(1);
    expect(db).toEqual(defaultObject(b as never));
    expect(db["spec"]).toBe(da["spec"]); // one defaulted spec, shared
    expect(db["metadata"]).toBe(b.metadata); // everything else is the body's own
    expect(Object.keys(db)).toEqual(Object.keys(defaultObject(b as never)));
    expect(Object.isFrozen(db)).toBe(true);
    // the defaulted spec is a fixed point: a body carrying it is left as it is
    const c = frozen({ ...pod("c"), apiVersion: "v1", kind: "Pod", spec: da["spec"] });
    expect(defaultedBySpec(c as never, counted)).toBe(c);
    expect(calls).toBe(1);
  });

  it("defaultedBySpec defaults every other body as usual", () => {
    let calls = 0;
    const counted = (o: Parameters<typeof defaultObject>[0]): ReturnType<typeof defaultObject> => {
      calls++;
      return defaultObject(o);
    };
    const unfrozen = { ...pod("u"), apiVersion: "v1", kind: "Pod" };
    expect(defaultedBySpec(unfrozen as never, counted)).toEqual(defaultObject(unfrozen as never));
    defaultedBySpec(unfrozen as never, counted);
    expect(calls).toBe(2); // a spec that is not frozen could change: never remembered
    const svc = frozen({ ...service("s"), apiVersion: "v1", kind: "Service" });
    defaultedBySpec(svc as never, counted);
    defaultedBySpec(svc as never, counted);
    expect(calls).toBe(4); // only the kinds whose defaulter reads the spec alone
  });

  it("admittedBySpec gives what DefaultTolerationSeconds gives, once per spec, shared", () => {
    let calls = 0;
    const counted = (o: Parameters<typeof admitDefaultTolerationSeconds>[0]) => {
      calls++;
      return admitDefaultTolerationSeconds(o);
    };
    const spec = frozen(structuredClone(pod("template").spec!));
    const a = frozen({ ...pod("a"), apiVersion: "v1", kind: "Pod", spec });
    const b = frozen({ ...pod("b"), apiVersion: "v1", kind: "Pod", spec });
    const xa = admittedBySpec(a as never, counted) as unknown as Record<string, unknown>;
    const xb = admittedBySpec(b as never, counted) as unknown as Record<string, unknown>;
    expect(calls).toBe(1);
    expect(xb).toEqual(admitDefaultTolerationSeconds(b as never));
    expect(xb["spec"]).toBe(xa["spec"]);
    // a spec that needs nothing is remembered as such
    const tolerant = frozen({
      ...pod("t"),
      apiVersion: "v1",
      kind: "Pod",
      spec: { ...pod("t").spec!, tolerations: [{ operator: "Exists" }] },
    });
    expect(admittedBySpec(tolerant as never, counted)).toBe(tolerant);
    expect(admittedBySpec(tolerant as never, counted)).toBe(tolerant);
    expect(calls).toBe(2);
    // other kinds pass through
    const svc = frozen({ ...service("s"), apiVersion: "v1", kind: "Service" });
    expect(admittedBySpec(svc as never, counted)).toBe(svc);
    // another admission function (other options) is asked itself, not answered from this memo
    let otherCalls = 0;
    const other = (o: Parameters<typeof admitDefaultTolerationSeconds>[0]) => {
      otherCalls++;
      return admitDefaultTolerationSeconds(o, { notReadyTolerationSeconds: 60 });
    };
    const xo = admittedBySpec(b as never, other) as unknown as { spec: { tolerations: unknown[] } };
    expect(otherCalls).toBe(1);
    expect(xo.spec.tolerations).toContainEqual({
      key: "node.kubernetes.io/not-ready",
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds: 60,
    });
  });

  it("pods created from one frozen template share one stored spec until they are bound", () => {
    const { api } = harness();
    const spec = frozen(structuredClone(pod("template").spec!));
    const a = api.create("Pod", frozen({ ...pod("a"), spec }));
    const b = api.create("Pod", frozen({ ...pod("b"), spec }));
    expect(b.spec).toBe(a.spec);
    // stored as the full path stores a pod of its own
    const { api: api2 } = harness();
    const own = api2.create("Pod", { ...pod("b"), spec: structuredClone(pod("template").spec!) });
    expect(JSON.parse(JSON.stringify(b.spec))).toEqual(JSON.parse(JSON.stringify(own.spec)));
  });
});
