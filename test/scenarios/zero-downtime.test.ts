/**
 * The zero-downtime claim, measured (the network issue's done-means 2): 50
 * requests per second from a client pod through the Service while the
 * Deployment rolls from v1 to v2 with maxSurge 1 and maxUnavailable 0. The
 * app takes 5 s after its container starts before it listens, and finishes
 * in-flight work for 2 s after SIGTERM.
 *
 * - With a readiness probe, a new pod joins the Service only once it
 *   answers, and an old one leaves it when it starts terminating: no request
 *   is lost.
 * - Without one, a new pod is Ready as soon as its container runs, so the
 *   Service sends it connections for 5 s that it refuses, and the rollout
 *   removes the old pods meanwhile: requests are lost.
 */
import { describe, expect, it } from "vitest";
import { Cluster, type TrafficGenerator } from "kubesim";
import type { Deployment } from "kubernetes-types/apps/v1";
import type { Probe } from "kubernetes-types/core/v1";

const NS = "default";

const catalogue = {
  images: { myapp: { start: "5s", stopAfterSigterm: "2s" } },
};

function myApi(readinessProbe: Probe | undefined): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "my-api", namespace: NS },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "my-api" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { app: "my-api" } },
        spec: {
          containers: [
            {
              name: "api",
              image: "myapp:v1",
              ports: [{ containerPort: 8000 }],
              ...(readinessProbe === undefined ? {} : { readinessProbe }),
            },
          ],
        },
      },
    },
  };
}

interface RolloutRun {
  readonly traffic: TrafficGenerator;
  readonly rolloutSeconds: number;
}

/** Steady traffic, then `kubectl set image deployment/my-api api=myapp:v2`, until the rollout is done and 10 s more. */
function rollOutUnderTraffic(seed: number, readinessProbe: Probe | undefined): RolloutRun {
  const c = Cluster.create({ seed, imageCatalogue: catalogue });
  c.apiserver.create("Deployment", myApi(readinessProbe));
  c.apiserver.create("Service", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "my-api", namespace: NS },
    spec: { selector: { app: "my-api" }, ports: [{ port: 80, targetPort: 8000 }] },
  });
  c.apiserver.create("Pod", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client", namespace: NS },
    spec: { containers: [{ name: "sh", image: "busybox:1.36" }] },
  });
  // Settle: every pod up and listening, the client running.
  c.loop.advance(60_000);

  const traffic = c.traffic({
    url: "http://my-api/",
    rate: 50,
    from: c.podOrigin(NS, "client"),
    timeout: 2000,
  });
  traffic.start();
  c.loop.advance(10_000);

  const d = c.apiserver.get("Deployment", NS, "my-api");
  const spec = d.spec!;
  const template = spec.template;
  c.apiserver.update("Deployment", {
    ...d,
    spec: {
      ...spec,
      template: {
        ...template,
        spec: {
          ...template.spec!,
          containers: [{ ...template.spec!.containers[0]!, image: "myapp:v2" }],
        },
      },
    },
  });
  const started = c.loop.now();
  c.loop.runUntil(
    () => {
      const s = c.apiserver.get("Deployment", NS, "my-api").status;
      return (
        s?.observedGeneration === d.metadata!.generation! + 1 &&
        s.updatedReplicas === 3 &&
        s.availableReplicas === 3 &&
        s.replicas === 3
      );
    },
    { timeout: "5m" },
  );
  const rolloutSeconds = (c.loop.now() - started) / 1000;
  c.loop.advance(10_000);
  traffic.stop();
  return { traffic, rolloutSeconds };
}

describe("zero downtime under 50 requests per second", () => {
  const withProbe = rollOutUnderTraffic(31, {
    httpGet: { path: "/health", port: 8000 },
    periodSeconds: 1,
  });
  const withoutProbe = rollOutUnderTraffic(31, undefined);

  it("prints both counts", () => {
    const a = withProbe.traffic.summary();
    const b = withoutProbe.traffic.summary();
    console.log(
      `with readiness probes: ${a.failed} of ${a.sent} requests lost (rollout ${withProbe.rolloutSeconds} s)\n` +
        `without readiness probes: ${b.failed} of ${b.sent} requests lost (rollout ${withoutProbe.rolloutSeconds} s)\n\n` +
        withProbe.traffic.render() +
        "\n\n" +
        withoutProbe.traffic.render(),
    );
    expect(a.sent).toBeGreaterThan(50 * 20);
    expect(b.sent).toBeGreaterThan(50 * 20);
  });

  it("with readiness probes and maxUnavailable=0, no request is lost", () => {
    const s = withProbe.traffic.summary();
    expect(s.failed).toBe(0);
    expect(s.byOutcome).toEqual([{ outcome: "200", ok: true, count: s.sent }]);
    // Both versions served during the rollout.
    expect(s.byImage.map((i) => i.image).sort()).toEqual(["myapp:v1", "myapp:v2"]);
  });

  it("without readiness probes, requests are lost while new pods start", () => {
    const s = withoutProbe.traffic.summary();
    expect(s.failed).toBeGreaterThan(0);
    expect(s.byOutcome.find((o) => !o.ok)?.outcome).toBe("refused");
  });
});
