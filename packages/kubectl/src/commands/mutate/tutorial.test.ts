/**
 * The mutating commands of ../shared/tutorial/commands.md, as a reader runs
 * them, with whole outputs (the manifests are copies in testdata/tutorial).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { session, smallCluster } from "./testdata/host.js";

const manifest = (name: string) =>
  readFileSync(new URL(`./testdata/tutorial/${name}`, import.meta.url), "utf8");

describe("the tutorial's kubectl commands", () => {
  it("apply, scale, set image, delete", () => {
    const s = session(
      {
        "deployment.yaml": manifest("deployment.yaml"),
        "full-deployment.yaml": manifest("full-deployment.yaml"),
        "config.yaml": manifest("config.yaml"),
      },
      smallCluster(3),
    );
    const ok = (stdout: string) => ({ stdout, stderr: "", exitCode: 0 });
    expect(s.run("kubectl apply -f deployment.yaml")).toEqual(
      ok("deployment.apps/my-api created\n"),
    );
    s.cluster.loop.advance("60s");
    expect(s.run("kubectl scale deployment my-api --replicas=5")).toEqual(
      ok("deployment.apps/my-api scaled\n"),
    );
    s.cluster.loop.advance("60s");
    expect(s.cluster.apiserver.get("Deployment", "default", "my-api").status?.readyReplicas).toBe(
      5,
    );
    expect(s.run("kubectl apply -f config.yaml")).toEqual(
      ok("configmap/app-config created\nsecret/db-secret created\n"),
    );
    expect(s.run("kubectl apply -f full-deployment.yaml")).toEqual(
      ok("deployment.apps/my-api configured\nservice/my-api created\n"),
    );
    s.cluster.loop.advance("2m");
    expect(s.run("kubectl set image deployment/my-api api=myapp:v1.3")).toEqual(
      ok("deployment.apps/my-api image updated\n"),
    );
    s.cluster.loop.advance("5m");
    const d = s.cluster.apiserver.get("Deployment", "default", "my-api");
    expect(d.spec?.template.spec?.containers[0]?.image).toBe("myapp:v1.3");
    // full-deployment.yaml says 3 replicas: applying it took the scale back to 3.
    expect(d.spec?.replicas).toBe(3);
    expect(s.run("kubectl delete deployment my-api")).toEqual(
      ok('deployment.apps "my-api" deleted\n'),
    );
    s.cluster.loop.advance("2m");
    expect(s.cluster.apiserver.list("Pod", { namespace: "default" }).items).toEqual([]);
  });
});
