import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Cluster } from "kubesim";
import { Narrator, parseScaling, resolveFenceposts } from "./narrate.js";
import { Recorder } from "./recorder.js";
import { wrap } from "./stage.js";

describe("resolveFenceposts", () => {
  // deployment util ResolveFenceposts: surge rounds up, unavailable down; both 0 means 1 unavailable.
  it.each([
    [1, 0, 5, 1, 0],
    ["25%", "25%", 4, 1, 1],
    ["25%", "25%", 3, 1, 0],
    ["10%", "10%", 5, 1, 0],
    [0, 0, 3, 0, 1],
    ["0%", "0%", 10, 0, 1],
    [2, "50%", 5, 2, 2],
  ] as const)(
    "maxSurge %s, maxUnavailable %s of %i replicas: %i and %i",
    (s, u, n, surge, unavailable) => {
      expect(resolveFenceposts(s, u, n)).toEqual({ surge, unavailable });
    },
  );

  it("always leaves room to make progress", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.nat(10),
          fc.nat(100).map((p) => `${p}%`),
        ),
        fc.oneof(
          fc.nat(10),
          fc.nat(100).map((p) => `${p}%`),
        ),
        fc.nat(50),
        (s, u, n) => {
          const r = resolveFenceposts(s, u, n);
          return r.surge + r.unavailable > 0 && r.surge >= 0 && r.unavailable >= 0;
        },
      ),
    );
  });
});

describe("parseScaling", () => {
  it("reads the Deployment controller's ScalingReplicaSet messages", () => {
    expect(parseScaling("Scaled up replica set my-api-654d6f5777 from 0 to 3")).toEqual({
      up: true,
      rs: "my-api-654d6f5777",
      from: 0,
      to: 3,
    });
    expect(parseScaling("Scaled down replica set web-5d4 from 5 to 4")).toEqual({
      up: false,
      rs: "web-5d4",
      from: 5,
      to: 4,
    });
    expect(parseScaling("Scaled up replica set web-5d4 to 3")?.to).toBe(3);
    expect(parseScaling("Created pod: web-5d4-abcde")).toBeUndefined();
  });
});

describe("wrap", () => {
  it("breaks at spaces within the width, keeping long words whole", () => {
    expect(wrap("the quick brown fox jumps", 10)).toEqual(["the quick", "brown fox", "jumps"]);
    expect(wrap("a verylongwordindeed b", 5)).toEqual(["a", "verylongwordindeed", "b"]);
    expect(wrap("one\ntwo three", 20)).toEqual(["one", "two three"]);
  });
});

describe("Narrator", () => {
  it("says why the Deployment and ReplicaSet controllers acted during a rolling update", () => {
    const cluster = Cluster.create({ seed: 3, nodes: 1, dns: false, ingress: false });
    const rec = new Recorder(cluster, "default");
    const narrator = new Narrator(rec, cluster.now());
    cluster.create("Deployment", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: {
        replicas: 2,
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "web", image: "nginx:1" }] },
        },
      },
    });
    cluster.runUntil({ rollout: "web" });
    cluster.advance("1s");
    const mark = rec.mark();
    cluster.patch("Deployment", "web", {
      spec: { template: { spec: { containers: [{ name: "web", image: "nginx:2" }] } } },
    });
    cluster.runUntil({ rollout: "web" });
    cluster.advance("1s");
    rec.stop();
    const first = narrator.narrate(0, mark).map((l) => l.text);
    expect(first[0]).toMatch(
      /^The Deployment controller scaled up ReplicaSet web-\w+ \(nginx:1\) from 0 to 2, because Deployment web asks for 2 replicas and no ReplicaSet had its pod template yet\.$/,
    );
    const scaling = narrator
      .narrate(mark, rec.mark())
      .map((l) => l.text)
      .filter((t) => t.startsWith("The Deployment controller scaled"))
      .map((t) => t.replace(/web-\w+ /, "RS "));
    expect(scaling).toEqual([
      "The Deployment controller scaled up ReplicaSet RS (nginx:2) from 0 to 1, because the pod template changed to nginx:2, and maxSurge 1 allows 2 + 1 = 3 pods during the rollout.",
      "The Deployment controller scaled down ReplicaSet RS (nginx:1) from 2 to 1, because 1 of 1 new pod is available: 3 pods are available, and maxUnavailable 0 needs only 2 − 0 = 2.",
      "The Deployment controller scaled up ReplicaSet RS (nginx:2) from 1 to 2, because the ReplicaSets had 2 pods and maxSurge 1 allows 2 + 1 = 3.",
      "The Deployment controller scaled down ReplicaSet RS (nginx:1) from 1 to 0, because 2 of 2 new pods are available: 3 pods are available, and maxUnavailable 0 needs only 2 − 0 = 2.",
    ]);
  });
});
