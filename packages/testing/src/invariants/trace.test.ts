import { Cluster, type DeploymentSyncHook } from "kubesim";
import { describe, expect, it } from "vitest";
import { ignoreMaxUnavailable } from "../testdata/ignore-max-unavailable.js";
import { webDeployment, webImages, webService } from "../testdata/web.js";
import { TraceView, checkTrace } from "./trace.js";
import { watchInvariants } from "./watch.js";

function rollout(hook?: DeploymentSyncHook, traceObjects = true) {
  const c = Cluster.create({
    seed: 1,
    dns: false,
    ingress: false,
    images: webImages,
    traceObjects,
    ...(hook === undefined ? {} : { deploymentSyncHook: hook }),
  });
  const w = watchInvariants(c, { deployment: "web" });
  c.apply([webDeployment("app:v1"), webService]);
  w.advance("1m");
  c.apply([webDeployment("app:v2")]);
  w.advance("2m");
  return { c, w };
}

describe("checkTrace", () => {
  it("finds nothing in the trace of a passing rollout, whose objects it rebuilds exactly", () => {
    const { c, w } = rollout();
    expect(w.violations).toEqual([]);
    const r = checkTrace(c.trace, { deployment: "web" });
    expect(r.violations).toEqual([]);
    expect(r.checks).toBe(w.checks); // the same points as the live check
    expect(r.entries).toBe(c.trace.length);

    const view = new TraceView();
    for (const e of c.trace.entries()) view.apply(e);
    for (const kind of ["Pod", "ReplicaSet", "Deployment", "EndpointSlice", "Node"] as const)
      expect(view.list(kind)).toEqual(c.apiserver.list(kind).items);
    expect(view.get("Deployment", "default", "web")).toBe(
      c.apiserver.get("Deployment", "default", "web"),
    );
    expect(view.now()).toBe(c.trace.entries().at(-1)?.t);
  });

  it("finds, in the trace of the controller that ignores maxUnavailable, the violation the live check found", () => {
    const { c, w } = rollout(ignoreMaxUnavailable);
    expect(w.violations).toHaveLength(1);
    const r = checkTrace(c.trace, { deployment: "web" });
    expect(r.violations).toEqual(w.violations);
    expect(r.violations[0]?.message).toBe(
      "total pods available 0 < min required 3 (replicas 4 - maxUnavailable)",
    );
  });

  it("takes the trace's faults as the live check does: nodes stopped and cut off, pods deleted", () => {
    const c = Cluster.create({
      seed: 5,
      dns: false,
      ingress: false,
      images: webImages,
      traceObjects: true,
    });
    const w = watchInvariants(c, { deployment: "web" });
    c.apply([webDeployment("app:v1"), webService]);
    w.advance("1m");
    const [node] = [...c.nodes.names()].sort();
    c.faults.stopNode(node ?? "");
    c.apply([webDeployment("app:v2")]);
    w.advance("30s");
    c.faults.partitionNode([...c.nodes.names()].sort()[1] ?? "", { for: "20s" });
    c.faults.dropWatches();
    w.advance("1m");
    c.faults.startNode(node ?? "");
    const pod = c.list("Pod").find((p) => p.metadata?.labels?.["app"] === "web");
    c.faults.deletePod(pod?.metadata?.name ?? "");
    w.advance("3m");
    expect(w.violations).toEqual([]);
    expect(w.bounds.armed).toBe(true);
    expect(checkTrace(c.trace.entries(), { deployment: "web" }).violations).toEqual([]);
  });

  it("needs a trace recorded with its objects", () => {
    const { c } = rollout(undefined, false);
    expect(() => checkTrace(c.trace)).toThrow(
      /^trace entry \d+ \(create \w+ [^)]+\) carries no object: record the trace with Cluster.create\(\{ traceObjects: true \}\)$/,
    );
  });
});
