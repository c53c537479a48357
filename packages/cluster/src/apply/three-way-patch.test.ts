import { applyStrategicMergePatch } from "@kubesim/apiserver";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { goJson } from "./go-json.js";
import { createThreeWayMergePatch } from "./three-way-patch.js";

type Json = Record<string, unknown>;
const deployment = { group: "apps", kind: "Deployment" };
const service = { group: "", kind: "Service" };

function dep(spec: Json, meta: Json = {}): Json {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "my-api", namespace: "default", ...meta },
    spec,
  };
}

const podSpec = (containers: Json[]) => ({
  selector: { matchLabels: { app: "my-api" } },
  template: { metadata: { labels: { app: "my-api" } }, spec: { containers } },
});

describe("createThreeWayMergePatch (kubectl's measured patch bodies)", () => {
  it("sends changed fields with $setElementOrder for merged lists", () => {
    const original = dep({ replicas: 3, ...podSpec([{ name: "api", image: "myapp:v1.2" }]) });
    const modified = dep({ replicas: 4, ...podSpec([{ name: "api", image: "myapp:v1.3" }]) });
    const live = {
      ...original,
      metadata: { ...(original["metadata"] as Json), uid: "u1", generation: 1 },
      status: { replicas: 3 },
    };
    expect(goJson(createThreeWayMergePatch(original, modified, live, deployment))).toBe(
      '{"spec":{"replicas":4,"template":{"spec":{"$setElementOrder/containers":[{"name":"api"}],"containers":[{"image":"myapp:v1.3","name":"api"}]}}}}',
    );
  });

  it("builds $retainKeys for a retainKeys struct (the deployment strategy)", () => {
    const original = dep({ ...podSpec([{ name: "api", image: "a" }]) });
    const modified = dep({
      ...podSpec([{ name: "api", image: "a" }]),
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    });
    const live = dep({
      ...podSpec([{ name: "api", image: "a" }]),
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" },
      },
    });
    expect(goJson(createThreeWayMergePatch(original, modified, live, deployment))).toBe(
      '{"spec":{"strategy":{"$retainKeys":["rollingUpdate","type"],"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}',
    );
  });

  it("deletes what the user removed, and only that", () => {
    const original = dep({
      ...podSpec([
        {
          name: "api",
          image: "a",
          env: [{ name: "A", value: "1" }],
          readinessProbe: { httpGet: { path: "/", port: 80 } },
        },
      ]),
      strategy: { type: "Recreate" },
    });
    const modified = dep({ ...podSpec([{ name: "api", image: "a" }]) });
    const live = dep({
      ...podSpec([
        {
          name: "api",
          image: "a",
          env: [{ name: "A", value: "1" }],
          readinessProbe: { httpGet: { path: "/", port: 80 }, timeoutSeconds: 1 },
          terminationMessagePath: "/dev/termination-log",
        },
      ]),
      strategy: { type: "Recreate" },
      revisionHistoryLimit: 10,
    });
    expect(goJson(createThreeWayMergePatch(original, modified, live, deployment))).toBe(
      '{"spec":{"strategy":null,"template":{"spec":{"$setElementOrder/containers":[{"name":"api"}],"containers":[{"env":null,"name":"api","readinessProbe":null}]}}}}',
    );
  });

  it("removes a field of a Service (spec.type: null)", () => {
    const original = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: { type: "ClusterIP", ports: [{ port: 80 }] },
    };
    const modified = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "s" },
      spec: { ports: [{ port: 80 }] },
    };
    const live = { ...original, spec: { ...original.spec, clusterIP: "10.96.0.5" } };
    expect(goJson(createThreeWayMergePatch(original, modified, live, service))).toBe(
      '{"spec":{"type":null}}',
    );
  });

  it("deletes a container removed from the list by its merge key", () => {
    const original = dep(
      podSpec([
        { name: "api", image: "a" },
        { name: "side", image: "s" },
      ]),
    );
    const modified = dep(podSpec([{ name: "api", image: "a" }]));
    expect(goJson(createThreeWayMergePatch(original, modified, original, deployment))).toBe(
      '{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"api"}],"containers":[{"$patch":"delete","name":"side"}]}}}}',
    );
  });

  it("removes scalars from a merging list with $deleteFromPrimitiveList", () => {
    const original = dep({}, { finalizers: ["a", "b"] });
    const modified = dep({}, { finalizers: ["a"] });
    expect(goJson(createThreeWayMergePatch(original, modified, original, deployment))).toBe(
      '{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"$setElementOrder/finalizers":["a"]}}',
    );
  });

  it("is empty when nothing the user wrote differs, whatever the server added", () => {
    const config = dep({ replicas: 2, ...podSpec([{ name: "api", image: "a" }]) });
    const live = {
      ...config,
      metadata: {
        ...(config["metadata"] as Json),
        uid: "x",
        annotations: { "deployment.kubernetes.io/revision": "1" },
      },
      spec: { ...(config["spec"] as Json), progressDeadlineSeconds: 600 },
      status: { replicas: 2 },
    };
    expect(createThreeWayMergePatch(config, config, live, deployment)).toEqual({});
  });

  it("keeps a change made by someone else to a field the user never wrote", () => {
    const config = dep(podSpec([{ name: "api", image: "a" }]));
    const live = dep(podSpec([{ name: "api", image: "a", env: [{ name: "DEBUG", value: "1" }] }]));
    const patch = createThreeWayMergePatch(config, config, live, deployment);
    expect(patch).toEqual({});
  });

  it("never mutates its (frozen) inputs", () => {
    const freeze = <T>(o: T): T => {
      if (typeof o === "object" && o !== null) {
        Object.values(o).forEach(freeze);
        Object.freeze(o);
      }
      return o;
    };
    const original = freeze(
      dep(
        podSpec([
          { name: "api", image: "a" },
          { name: "b", image: "b" },
        ]),
      ),
    );
    const modified = freeze(dep(podSpec([{ name: "b", image: "c" }])));
    expect(() => createThreeWayMergePatch(original, modified, original, deployment)).not.toThrow();
  });
});

// ---- the property: patch(live) gives back the new configuration, server-only fields kept ----

const containerArb = fc.record(
  {
    name: fc.constantFrom("api", "side", "log"),
    image: fc.constantFrom("a:1", "a:2", "b:1"),
    env: fc.uniqueArray(
      fc.record({ name: fc.constantFrom("A", "B", "C"), value: fc.constantFrom("1", "2") }),
      { selector: (e) => e.name, maxLength: 3 },
    ),
    ports: fc.uniqueArray(fc.record({ containerPort: fc.constantFrom(80, 8080, 9090) }), {
      selector: (p) => p.containerPort,
      maxLength: 2,
    }),
    args: fc.array(fc.constantFrom("-v", "--x", "run"), { maxLength: 3 }),
  },
  { requiredKeys: ["name", "image"] },
);

const strategyArb = fc.oneof(
  fc.constant({ type: "Recreate" }),
  fc.record({
    type: fc.constant("RollingUpdate"),
    rollingUpdate: fc.record(
      { maxSurge: fc.constantFrom(0, 1, "25%"), maxUnavailable: fc.constantFrom(0, 1) },
      { requiredKeys: [] },
    ),
  }),
);

const configArb = fc
  .record(
    {
      replicas: fc.integer({ min: 0, max: 5 }),
      labels: fc.dictionary(fc.constantFrom("tier", "team", "env"), fc.constantFrom("x", "y")),
      finalizers: fc.uniqueArray(fc.constantFrom("f1", "f2", "f3"), { maxLength: 3 }),
      containers: fc.uniqueArray(containerArb, {
        selector: (c) => c.name,
        minLength: 1,
        maxLength: 3,
      }),
      strategy: strategyArb,
    },
    { requiredKeys: ["containers"] },
  )
  .map(({ replicas, labels, finalizers, containers, strategy }) => {
    const meta: Json = {};
    if (labels !== undefined && Object.keys(labels).length > 0) meta["labels"] = labels;
    if (finalizers !== undefined && finalizers.length > 0) meta["finalizers"] = finalizers;
    const spec: Json = { ...podSpec(containers.map((c) => dropEmpty(c))) };
    if (replicas !== undefined) spec["replicas"] = replicas;
    if (strategy !== undefined) spec["strategy"] = strategy;
    return dep(spec, meta);
  });

function dropEmpty(o: Json): Json {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => !(Array.isArray(v) && v.length === 0)),
  );
}

/** What the server adds that the user never writes. */
function withServerFields(o: Json): Json {
  return {
    ...o,
    metadata: { ...(o["metadata"] as Json), uid: "uid-1", resourceVersion: "7" },
    status: { replicas: 1, observedGeneration: 1 },
  };
}

function stripServerFields(o: Json): Json {
  const meta = { ...(o["metadata"] as Json) };
  delete meta["uid"];
  delete meta["resourceVersion"];
  const out = { ...o, metadata: meta };
  delete (out as Json)["status"];
  return out;
}

describe("three-way patch property", () => {
  it("applied by the server to the live object, gives the new configuration and keeps server fields", () => {
    fc.assert(
      fc.property(configArb, configArb, (original, modified) => {
        const live = withServerFields(original);
        const patch = createThreeWayMergePatch(original, modified, live, deployment);
        const result = applyStrategicMergePatch(live, patch, deployment) as Json;
        expect(stripServerFields(result)).toEqual(modified);
        expect(result["status"]).toEqual(live["status"]);
        expect((result["metadata"] as Json)["uid"]).toBe("uid-1");
      }),
      { numRuns: 300 },
    );
  });

  it("is empty exactly when the live object already matches", () => {
    fc.assert(
      fc.property(configArb, (config) => {
        expect(
          createThreeWayMergePatch(config, config, withServerFields(config), deployment),
        ).toEqual({});
      }),
    );
  });
});
