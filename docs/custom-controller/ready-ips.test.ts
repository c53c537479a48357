// Property tests: random scaling, pod deletions, node stops and controller restarts.
import fc from "fast-check";
import { Cluster } from "kubesim";
import { actionOf, stepsArb, type ActionType } from "@kubesim/testing";
import { describe, expect, it } from "vitest";
import { readyIpsController } from "./ready-ips-controller.js";

const web = [
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: [
            {
              name: "app",
              image: "app:v1",
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: "/", port: 8080 }, periodSeconds: 1 },
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web" },
    spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
  },
];

/** Pods answer their readiness probe 2 s after they start. */
const images = { images: { "app:*": { ready: { after: "2s" } } } };

const newCluster = (seed: number, withController = true) =>
  Cluster.create({
    seed,
    images,
    dns: false,
    ingress: false,
    customControllers: withController ? [readyIpsController] : [],
  });

/** The oracle: the Service's ready pod IPs, read from the API server. */
function readyPodIps(c: Cluster): string[] {
  return c
    .list("Pod", { namespace: "default", labelSelector: "app=web" })
    .filter((p) => p.metadata?.deletionTimestamp == null && p.status?.podIP)
    .filter((p) => p.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True"))
    .map((p) => p.status!.podIP!)
    .sort();
}

/** What the controller wrote (undefined: no ConfigMap). */
function listedIps(c: Cluster): string[] | undefined {
  const cm = c.list("ConfigMap", { namespace: "default" });
  const ips = cm.find((x) => x.metadata?.name === "web-ready-ips")?.data?.["ips"];
  return ips === undefined ? undefined : ips.split("\n").filter((ip) => ip !== "");
}

/**
 * Checked after every task of the sim loop: the ConfigMap never lists an IP
 * whose pod is not Ready for longer than `graceMs` of virtual time.
 */
class NoStaleIps {
  readonly violations: string[] = [];
  private readonly since = new Map<string, number>();
  constructor(
    private readonly c: Cluster,
    private readonly graceMs: number,
  ) {}

  check(): boolean {
    const ready = new Set(readyPodIps(this.c));
    const listed = listedIps(this.c) ?? [];
    for (const ip of [...this.since.keys()])
      if (ready.has(ip) || !listed.includes(ip)) this.since.delete(ip);
    for (const ip of listed.filter((ip) => !ready.has(ip))) {
      const since = this.since.get(ip) ?? this.c.now();
      this.since.set(ip, since);
      if (this.c.now() - since > this.graceMs)
        this.violations.push(`${ip} listed but not ready for ${this.c.now() - since} ms`);
    }
    return this.violations.length > 0;
  }

  /** Runs virtual time, checking after every task; stops at the first violation. */
  advance(ms: number): void {
    this.c.loop.runUntil(() => this.check(), { timeout: ms });
  }
}

/** Operator actions and faults from @kubesim/testing, all but these. */
const exclude: ActionType[] = [
  "setImage",
  "pause",
  "resume",
  "undo",
  "partition",
  "dropWatches",
  "apiLatency",
  "advance",
];

describe("the ready-ips controller", () => {
  it("keeps a ConfigMap of ready pod IPs, owned by the Service", () => {
    const c = newCluster(1);
    c.apply(web);
    c.runUntil(() => readyPodIps(c).length === 3);
    c.advance("1s");
    expect(listedIps(c)).toEqual(readyPodIps(c));
    // owns: a ConfigMap deleted by hand brings its Service back into the queue
    c.delete("ConfigMap", "web-ready-ips");
    c.advance("1s");
    expect(listedIps(c)).toEqual(readyPodIps(c));
    c.delete("Service", "web");
    c.advance("10s"); // the garbage collector follows the owner reference
    expect(listedIps(c)).toBeUndefined();
  });

  it("lists exactly the ready pods, whatever happens", () => {
    const steps = stepsArb({ images: ["app:v1"], maxReplicas: 5, maxSteps: 6, exclude });
    fc.assert(
      fc.property(fc.nat({ max: 1000 }), steps, (seed, steps) => {
        const c = newCluster(seed);
        const watch = new NoStaleIps(c, 1000);
        c.apply(web);
        watch.advance(10_000);
        for (const step of steps) {
          actionOf(step.action).run(c, { deployment: "web", namespace: "default" });
          watch.advance(step.waitMs);
        }
        // heal: power the stopped nodes on again, then let the cluster settle
        for (const node of c.nodes.names())
          if (!c.nodes.kubelet(node).isRunning) c.faults.startNode(node);
        watch.advance(120_000);
        expect(watch.violations).toEqual([]);
        expect(listedIps(c)).toEqual(readyPodIps(c));
      }),
      { numRuns: 25, seed: 8 },
    );
  });

  it("the running invariant catches a ConfigMap that lists a pod that is not ready", () => {
    const c = newCluster(1, false); // no controller: we write the ConfigMap by hand
    const watch = new NoStaleIps(c, 1000);
    c.apply(web);
    c.create("ConfigMap", { metadata: { name: "web-ready-ips" }, data: { ips: "10.0.0.99" } });
    watch.advance(5000);
    expect(watch.violations[0]).toMatch(/^10\.0\.0\.99 listed but not ready for \d+ ms$/);
    expect(watch.violations).toHaveLength(1); // it stops at the first
  });
});
