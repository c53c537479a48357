/**
 * Properties: JSON -> protobuf (protobufjs with the schema) -> JSON is the
 * identity for generated ConfigMaps, Secrets and Deployments within the
 * covered fields; random bytes never make the decoder fail with anything
 * but a ProtobufDecodeError.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeProtobuf } from "./from-json.js";
import { decodeProtobuf, ProtobufDecodeError } from "./serializer.js";

const name = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);
const text = fc.string({ minLength: 1, maxLength: 20 });
const labels = fc.dictionary(name, name, { minKeys: 1, maxKeys: 3 });
const time = fc
  .integer({ min: 0, max: 4_000_000_000 })
  .map((s) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"));
const base64 = fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b).toString("base64"));

const metadata = fc.record(
  {
    name,
    namespace: name,
    labels,
    annotations: fc.dictionary(text, fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 3 }),
    creationTimestamp: fc.oneof(fc.constant(null), time),
    generation: fc.integer({ min: 1, max: 1000 }),
    deletionGracePeriodSeconds: fc.integer({ min: 0, max: 60 }),
    finalizers: fc.array(name, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ["name"] },
);

const configMap = fc.record(
  {
    apiVersion: fc.constant("v1"),
    kind: fc.constant("ConfigMap"),
    metadata,
    data: fc.dictionary(text, fc.string({ maxLength: 30 }), { minKeys: 1, maxKeys: 4 }),
    binaryData: fc.dictionary(text, base64, { minKeys: 1, maxKeys: 3 }),
    immutable: fc.boolean(),
  },
  { requiredKeys: ["apiVersion", "kind", "metadata"] },
);

const secret = fc.record(
  {
    apiVersion: fc.constant("v1"),
    kind: fc.constant("Secret"),
    metadata,
    data: fc.dictionary(text, base64, { minKeys: 1, maxKeys: 4 }),
    stringData: fc.dictionary(text, fc.string({ maxLength: 30 }), { minKeys: 1, maxKeys: 2 }),
    type: fc.constantFrom("Opaque", "kubernetes.io/tls"),
    immutable: fc.boolean(),
  },
  { requiredKeys: ["apiVersion", "kind", "metadata"] },
);

const intOrString = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom("25%", "1"));
const quantity = fc.constantFrom("100m", "1", "64Mi", "1Gi", "0");
const probe = fc.record(
  {
    httpGet: fc.record({
      path: fc.constant("/healthz"),
      port: fc.oneof(fc.integer({ min: 1, max: 65535 }), name),
    }),
    initialDelaySeconds: fc.integer({ min: 1, max: 30 }),
    periodSeconds: fc.integer({ min: 1, max: 30 }),
  },
  { requiredKeys: ["httpGet"] },
);
const container = fc.record(
  {
    name,
    image: name,
    command: fc.array(text, { minLength: 1, maxLength: 2 }),
    ports: fc.array(
      fc.record({
        containerPort: fc.integer({ min: 0, max: 65535 }),
        protocol: fc.constant("TCP"),
      }),
      { minLength: 1, maxLength: 2 },
    ),
    env: fc.array(fc.record({ name, value: text }), { minLength: 1, maxLength: 2 }),
    resources: fc.record({
      requests: fc.dictionary(fc.constantFrom("cpu", "memory"), quantity, { minKeys: 1 }),
    }),
    readinessProbe: probe,
    imagePullPolicy: fc.constantFrom("Always", "IfNotPresent"),
  },
  { requiredKeys: ["name", "image"] },
);
const deployment = fc.record(
  {
    apiVersion: fc.constant("apps/v1"),
    kind: fc.constant("Deployment"),
    metadata,
    spec: fc.record(
      {
        replicas: fc.integer({ min: 0, max: 10 }),
        selector: fc.record({ matchLabels: labels }),
        template: fc.record({
          metadata: fc.record({ labels }, { requiredKeys: [] }),
          spec: fc.record({ containers: fc.array(container, { minLength: 1, maxLength: 2 }) }),
        }),
        strategy: fc.record(
          {
            type: fc.constant("RollingUpdate"),
            rollingUpdate: fc.record({ maxSurge: intOrString, maxUnavailable: intOrString }),
          },
          { requiredKeys: [] },
        ),
        revisionHistoryLimit: fc.integer({ min: 0, max: 10 }),
        paused: fc.constant(true),
      },
      { requiredKeys: ["template"] },
    ),
    status: fc.record(
      {
        replicas: fc.integer({ min: 1, max: 10 }),
        conditions: fc.array(
          fc.record({
            type: fc.constant("Available"),
            status: fc.constantFrom("True", "False"),
            lastTransitionTime: time,
            reason: text,
          }),
          { minLength: 1, maxLength: 1 },
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["apiVersion", "kind", "metadata", "spec"] },
);

describe("JSON -> protobuf -> JSON", () => {
  for (const [kind, arbitrary] of [
    ["ConfigMap", configMap],
    ["Secret", secret],
    ["Deployment", deployment],
  ] as const)
    it(`is the identity for ${kind}s`, () => {
      fc.assert(
        fc.property(arbitrary, (json: Record<string, unknown>) => {
          const body = encodeProtobuf(json);
          const { object } = decodeProtobuf(body, { apiVersion: "v1", kind: "Pod" });
          expect(object).toEqual(json);
        }),
        { numRuns: 150 },
      );
    });
});

describe("random bytes", () => {
  const expectDecodeError = (data: Uint8Array) => {
    try {
      decodeProtobuf(data, { apiVersion: "apps/v1", kind: "Deployment" });
    } catch (e) {
      if (!(e instanceof ProtobufDecodeError)) throw e;
    }
  };

  it("fail only as ProtobufDecodeError, with or without the prefix", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, prefixed) => {
        expectDecodeError(prefixed ? Buffer.concat([Buffer.from("k8s\0"), bytes]) : bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it("inside a well-formed envelope of every served kind, fail only as ProtobufDecodeError", () => {
    const kinds = [
      ["apps/v1", "Deployment"],
      ["v1", "Pod"],
      ["v1", "Service"],
      ["v1", "ConfigMap"],
      ["v1", "Secret"],
      ["v1", "Node"],
      ["v1", "Event"],
      ["discovery.k8s.io/v1", "EndpointSlice"],
      ["networking.k8s.io/v1", "Ingress"],
      ["coordination.k8s.io/v1", "Lease"],
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.uint8Array({ maxLength: 300 }),
        ([apiVersion, kind], raw) => {
          const body = encodeProtobuf({ apiVersion, kind, metadata: { name: "x" } });
          // swap the object's bytes for the random ones: Unknown = typeMeta, raw
          const typeMetaLength = 2 + body[5]!;
          const envelope = Buffer.concat([
            body.subarray(4, 4 + typeMetaLength),
            Buffer.of(0x12),
            varint(raw.length),
            raw,
          ]);
          expectDecodeError(Buffer.concat([Buffer.from("k8s\0"), envelope]));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("mutations of kubectl-like bodies fail only as ProtobufDecodeError", () => {
    const body = encodeProtobuf({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", labels: { app: "web" }, creationTimestamp: null },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "nginx", image: "nginx" }] },
        },
      },
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(body.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(body.length),
        (edits, cut) => {
          const b = Buffer.from(body);
          for (const [i, v] of edits) b[i] = v;
          expectDecodeError(b.subarray(0, cut));
          expectDecodeError(b);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
