import { describe, expect, it } from "vitest";
import { applyDefaults } from "../defaulting/apply.js";
import { kinds } from "../kinds.js";
import type { J } from "./testdata.js";
import { clone, deployment, messages, pod, replicaSet, service } from "./testdata.js";
import { validateCreate, validateUpdate } from "./validate.js";

/** One valid, defaulted object of every kind in scope, stored-looking (resourceVersion, uid, creationTimestamp). */
function fixtures(): [string, J][] {
  const meta = (name: string, namespace?: string): J => ({
    name,
    ...(namespace === undefined ? {} : { namespace }),
    resourceVersion: "7",
    uid: "uid-1",
    creationTimestamp: "2024-01-01T00:00:00Z",
  });
  const withMeta = (o: J): J => ({
    ...o,
    metadata: { ...meta(o["metadata"].name, o["metadata"].namespace), ...o["metadata"] },
  });
  const raw: J[] = [
    { apiVersion: "v1", kind: "Namespace", metadata: meta("team") },
    pod(),
    {
      apiVersion: "v1",
      kind: "Node",
      metadata: meta("node-1"),
      status: { capacity: { cpu: "4", memory: "8Gi", pods: "110" } },
    },
    service(),
    {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: meta("s", "default"),
      subsets: [{ addresses: [{ ip: "10.0.0.1" }], ports: [{ port: 80 }] }],
    },
    { apiVersion: "v1", kind: "ConfigMap", metadata: meta("c", "default"), data: { k: "v" } },
    { apiVersion: "v1", kind: "Secret", metadata: meta("sec", "default"), data: { k: "dg==" } },
    {
      apiVersion: "v1",
      kind: "Event",
      metadata: meta("e1", "default"),
      involvedObject: { kind: "Pod", name: "p", namespace: "default" },
      reason: "Scheduled",
      message: "ok",
      type: "Normal",
    },
    {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: meta("l", "default"),
      spec: { holderIdentity: "a", leaseDurationSeconds: 15 },
    },
    deployment(),
    replicaSet(),
    {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: meta("s-abc", "default"),
      addressType: "IPv4",
      endpoints: [{ addresses: ["10.0.0.1"] }],
      ports: [{ name: "http", port: 80, protocol: "TCP" }],
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: meta("ing", "default"),
      spec: { defaultBackend: { service: { name: "s", port: { number: 80 } } } },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      metadata: meta("nginx"),
      spec: { controller: "k8s.io/ingress-nginx" },
    },
  ];
  return raw.map((o) => [o["kind"] as string, withMeta(applyDefaults(clone(o)))]);
}

const NAME_REQUIRED = "metadata.name: Required value: name or generateName is required";

/** How many times each message occurs. */
function counts(list: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of list) out.set(m, (out.get(m) ?? 0) + 1);
  return out;
}

describe("metadata checks every kind runs (generic registry and ObjectMeta validation)", () => {
  it("the fixtures cover every kind and are valid on create and on a no-op update", () => {
    const all = fixtures();
    expect(all.map(([k]) => k).sort()).toEqual(kinds.map((k) => k.kind).sort());
    for (const [kind, o] of all) {
      expect(messages(validateCreate(o)), kind).toEqual([]);
      expect(messages(validateUpdate(o, o)), kind).toEqual([]);
    }
  });

  it("a nameless object is refused once, by every kind's create validation (Event included)", () => {
    for (const [kind, o] of fixtures()) {
      const nameless = { ...o, metadata: { ...o["metadata"], name: undefined } };
      const found = messages(validateCreate(nameless));
      expect(counts(found).get(NAME_REQUIRED), `${kind}: ${found.join("; ")}`).toBe(1);
    }
  });

  it("each ObjectMetaUpdate error is reported exactly once by every kind's update validation", () => {
    for (const [kind, o] of fixtures()) {
      const old = {
        ...o,
        metadata: {
          ...o["metadata"],
          deletionTimestamp: "2024-01-01T00:01:00Z",
          deletionGracePeriodSeconds: 30,
          finalizers: ["example.com/keep"],
        },
      };
      const changed = {
        ...o,
        metadata: {
          ...o["metadata"],
          name: `${String(o["metadata"].name)}-x`,
          ...(o["metadata"].namespace === undefined ? {} : { namespace: "other" }),
          uid: "uid-2",
          resourceVersion: "",
          creationTimestamp: "2024-01-02T00:00:00Z",
          deletionTimestamp: "2024-01-01T00:02:00Z",
          deletionGracePeriodSeconds: 5,
          finalizers: ["example.com/keep", "example.com/new"],
        },
      };
      const found = counts(messages(validateUpdate(changed, old)));
      const expected = [
        'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/new"}',
        'metadata.resourceVersion: Invalid value: "": must be specified for an update',
        `metadata.name: Invalid value: "${String(o["metadata"].name)}-x": field is immutable`,
        'metadata.uid: Invalid value: "uid-2": field is immutable',
        'metadata.creationTimestamp: Invalid value: "2024-01-02T00:00:00Z": field is immutable',
        'metadata.deletionTimestamp: Invalid value: "2024-01-01T00:02:00Z": field is immutable',
        "metadata.deletionGracePeriodSeconds: Invalid value: 5: field is immutable",
        ...(o["metadata"].namespace === undefined
          ? []
          : ['metadata.namespace: Invalid value: "other": field is immutable']),
      ];
      for (const e of expected) expect(found.get(e), `${kind}: ${e}`).toBe(1);
    }
  });
});

describe("Event metadata (BeforeCreate's generic ObjectMeta check)", () => {
  const event = (): J => fixtures().find(([k]) => k === "Event")![1];

  it("requires a name, or a generateName", () => {
    const e = event();
    expect(messages(validateCreate({ ...e, metadata: { namespace: "default" } }))).toEqual([
      NAME_REQUIRED,
    ]);
    expect(
      messages(validateCreate({ ...e, metadata: { namespace: "default", generateName: "e-" } })),
    ).toEqual([]);
  });

  it("checks names as path segments, not DNS names", () => {
    const e = event();
    const named = (name: string): J => ({ ...e, metadata: { ...e["metadata"], name } });
    expect(messages(validateCreate(named("Pod.Web_1:x")))).toEqual([]);
    expect(messages(validateCreate(named("a/b%c")))).toEqual([
      "metadata.name: Invalid value: \"a/b%c\": may not contain '/'",
      "metadata.name: Invalid value: \"a/b%c\": may not contain '%'",
    ]);
    expect(messages(validateCreate(named("..")))).toEqual([
      "metadata.name: Invalid value: \"..\": may not be '..'",
    ]);
  });

  it("reports the Event's own errors first and alone, as BeforeCreate does", () => {
    const e = event();
    const bad = {
      ...e,
      metadata: { namespace: "default" },
      involvedObject: { kind: "Pod", name: "p", namespace: "other" },
    };
    expect(messages(validateCreate(bad))).toEqual([
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    ]);
  });

  it("an invalid label on an Event is refused (generic metadata check)", () => {
    const e = event();
    expect(
      messages(validateCreate({ ...e, metadata: { ...e["metadata"], labels: { "-x": "y" } } })),
    ).toHaveLength(1);
  });
});
