/**
 * Protobuf request bodies through the whole server: what kubectl 1.32 and
 * 1.33 send for `kubectl create` is created as its JSON twin would be;
 * malformed bodies get a 400 Status in kube-apiserver's words and never a
 * 5xx or a change to the store.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeProtobuf } from "./protobuf/from-json.js";
import { recordedProtobuf } from "./protobuf/testdata/recorded.js";
import type { KubesimServer } from "./server.js";
import { ask } from "./testdata/http.js";
import { closeServers, startServer } from "./testdata/start.js";

const PROTOBUF = {
  "Content-Type": "application/vnd.kubernetes.protobuf",
  Accept: "application/vnd.kubernetes.protobuf,application/json",
};

let server: KubesimServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(closeServers);

const post = (path: string, body: Buffer) =>
  ask(server, { method: "POST", path, body, headers: PROTOBUF });

describe("protobuf request bodies", () => {
  it("creates what kubectl 1.33 sends, answering JSON", async () => {
    const cases = [
      ["/apis/apps/v1/namespaces/default/deployments", "deployment", "web"],
      ["/api/v1/namespaces/default/configmaps", "configmap-files", "c2"],
      ["/api/v1/namespaces/default/secrets", "secret", "s"],
      ["/api/v1/namespaces", "namespace", "n"],
      ["/api/v1/namespaces/default/services", "service", "svc"],
      ["/apis/networking.k8s.io/v1/namespaces/default/ingresses", "ingress", "ing"],
    ] as const;
    for (const [path, name, objectName] of cases) {
      const a = await post(
        `${path}?fieldManager=kubectl-create&fieldValidation=Strict`,
        recordedProtobuf("1.33", name),
      );
      expect(a.status, a.text).toBe(201);
      expect(a.headers["content-type"]).toBe("application/json");
      expect(a.json().metadata.name).toBe(objectName);
    }
    const cm = await ask(server, { path: "/api/v1/namespaces/default/configmaps/c2" });
    expect(cm.json()).toMatchObject({
      data: { "text.txt": "hello" },
      binaryData: { "bin.dat": "YmluAP8B" },
    });
    const secret = await ask(server, { path: "/api/v1/namespaces/default/secrets/s" });
    expect(secret.json().data).toEqual({ password: "eA==" });
  });

  it("updates with a protobuf PUT", async () => {
    const a = await post(
      "/api/v1/namespaces/default/configmaps",
      encodeProtobuf({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "u" },
        data: { a: "1" },
      }),
    );
    expect(a.status).toBe(201);
    const put = await ask(server, {
      method: "PUT",
      path: "/api/v1/namespaces/default/configmaps/u",
      headers: PROTOBUF,
      body: encodeProtobuf({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "u", resourceVersion: a.json().metadata.resourceVersion },
        data: { a: "2" },
      }),
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json().data).toEqual({ a: "2" });
  });

  it("scales and evicts with protobuf subresource bodies (Scale, Eviction)", async () => {
    const scale = await ask(server, {
      method: "PUT",
      path: "/apis/apps/v1/namespaces/default/deployments/web/scale",
      headers: PROTOBUF,
      body: encodeProtobuf({
        apiVersion: "autoscaling/v1",
        kind: "Scale",
        metadata: { name: "web", namespace: "default" },
        spec: { replicas: 3 },
      }),
    });
    expect(scale.status, scale.text).toBe(200);
    expect(scale.json().spec).toEqual({ replicas: 3 });
    const pod = await ask(server, {
      method: "POST",
      path: "/api/v1/namespaces/default/pods",
      body: JSON.stringify({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p" },
        spec: { containers: [{ name: "c", image: "nginx" }] },
      }),
    });
    expect(pod.status, pod.text).toBe(201);
    const eviction = await ask(server, {
      method: "POST",
      path: "/api/v1/namespaces/default/pods/p/eviction",
      headers: PROTOBUF,
      body: encodeProtobuf({
        apiVersion: "policy/v1",
        kind: "Eviction",
        metadata: { name: "p", namespace: "default" },
        deleteOptions: { gracePeriodSeconds: 0 },
      }),
    });
    expect(eviction.status, eviction.text).toBe(201);
  });

  it("answers bodies that do not decode with 400, in kube-apiserver's words", async () => {
    const path = "/apis/apps/v1/namespaces/default/deployments";
    const notProtobuf = await post(path, Buffer.from('{"kind":"Deployment"}'));
    expect(notProtobuf.status).toBe(400);
    expect(notProtobuf.json()).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "BadRequest",
      code: 400,
      message:
        'the object provided is unrecognized (must be of type Deployment): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ({"kind":"Deployment"})',
    });
    const job = await post(path, recordedProtobuf("1.33", "job"));
    expect(job.status).toBe(400);
    expect(job.json().message).toBe(
      'Job in version "v1" cannot be handled as a Deployment: no kind "Job" is registered for version "batch/v1" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"',
    );
    const truncated = recordedProtobuf("1.33", "deployment").subarray(0, 40);
    const t = await post(path, truncated);
    expect(t.status).toBe(400);
    expect(t.json().message).toMatch(
      /^the object provided is unrecognized \(must be of type Deployment\): unexpected EOF \(6b387300/,
    );
  });

  it("never answers random or mutated protobuf bodies with 5xx, nor changes the store", async () => {
    const kubectlBody = recordedProtobuf("1.33", "deployment");
    const paths = [
      "/apis/apps/v1/namespaces/default/deployments",
      "/api/v1/namespaces/default/pods",
      "/api/v1/namespaces/default/configmaps",
      "/api/v1/namespaces/default/services",
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from("k8s\0"), b])),
          fc
            .array(fc.tuple(fc.nat(kubectlBody.length - 1), fc.integer({ min: 0, max: 255 })), {
              minLength: 1,
              maxLength: 3,
            })
            .map((edits) => {
              const b = Buffer.from(kubectlBody);
              for (const [i, v] of edits) if (i >= 4) b[i] = v;
              return b;
            }),
        ),
        async (path, body) => {
          const before = server.pacer.run(() => server.cluster.apiserver.resourceVersion);
          const a = await post(path, body);
          const after = server.pacer.run(() => server.cluster.apiserver.resourceVersion);
          expect(a.status, a.text).toBeLessThan(500);
          if (a.status >= 400) {
            expect(a.json()).toMatchObject({ kind: "Status", status: "Failure", code: a.status });
            expect(after).toBe(before);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
