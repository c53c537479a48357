import type { Deployment } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { NS, cluster, myApi, run, settleRollout, setImage } from "../testdata/fixtures.js";

const image = (d: Deployment) => d.spec?.template.spec?.containers[0]?.image;

describe("kubectl rollout undo", () => {
  it("rolls back to the previous revision, which the controller then re-numbers", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    setImage(c, "myapp:v1.3");
    settleRollout(c);
    expect(run(c, "rollout undo deployment/my-api")).toMatchObject({
      stdout: "deployment.apps/my-api rolled back\n",
      stderr: "",
      exitCode: 0,
    });
    const d = c.apiserver.get("Deployment", NS, "my-api");
    expect(image(d)).toBe("myapp:v1.2");
    expect(d.spec?.template.metadata?.labels).toEqual({ app: "my-api" });
    expect(run(c, "rollout status deployment/my-api").stdout.split("\n").at(-2)).toBe(
      'deployment "my-api" successfully rolled out',
    );
    expect(run(c, "rollout history deployment/my-api").stdout).toBe(
      "deployment.apps/my-api \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n",
    );
  });

  it("--to-revision goes to that revision, skips the current one, and knows missing ones", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    setImage(c, "myapp:v1.3");
    settleRollout(c);
    setImage(c, "myapp:v1.4");
    settleRollout(c);
    expect(run(c, "rollout undo deployment/my-api --to-revision=9")).toMatchObject({
      stdout: "",
      stderr: "error: unable to find specified revision 9 in history\n",
      exitCode: 1,
    });
    expect(run(c, "rollout undo deployment/my-api --to-revision=3").stdout).toBe(
      "deployment.apps/my-api skipped rollback (current template already matches revision 3)\n",
    );
    expect(run(c, "rollout undo deployment my-api --to-revision=1").stdout).toBe(
      "deployment.apps/my-api rolled back\n",
    );
    expect(image(c.apiserver.get("Deployment", NS, "my-api"))).toBe("myapp:v1.2");
    expect(run(c, "rollout undo deployment/my-api --to-revision=-1").stderr).toBe(
      "error: unable to find specified revision -1 in history\n",
    );
  });

  it("keeps the Deployment's own annotations and takes the ReplicaSet's others", () => {
    const c = cluster();
    c.apiserver.create(
      "Deployment",
      myApi({ annotations: { "kubernetes.io/change-cause": "v1.2" } }),
    );
    settleRollout(c);
    c.apiserver.patch("Deployment", NS, "my-api", "strategic", {
      metadata: { annotations: { "kubernetes.io/change-cause": "v1.3" } },
      spec: { template: { spec: { containers: [{ name: "api", image: "myapp:v1.3" }] } } },
    });
    settleRollout(c);
    run(c, "rollout undo deployment/my-api");
    const a = c.apiserver.get("Deployment", NS, "my-api").metadata?.annotations ?? {};
    expect(a["kubernetes.io/change-cause"]).toBe("v1.2");
    expect(a["deployment.kubernetes.io/revision"]).toBe("2");
  });

  it("refuses a paused Deployment and one with a single revision", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    expect(run(c, "rollout undo deployment/my-api")).toMatchObject({
      stderr: 'error: no rollout history found for deployment "my-api"\n',
      exitCode: 1,
    });
    setImage(c, "myapp:v1.3");
    settleRollout(c);
    c.apiserver.patch("Deployment", NS, "my-api", "merge", { spec: { paused: true } });
    expect(run(c, "rollout undo deployment/my-api").stderr).toBe(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n",
    );
  });

  it("words its input errors as kubectl does", () => {
    const c = cluster();
    expect(run(c, "rollout undo").stderr).toBe("error: required resource not specified\n");
    expect(run(c, "rollout undo deployment/nope").stderr).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    expect(run(c, "rollout undo svc/kubernetes").stderr).toBe(
      'error: no rollbacker has been implemented for "Service"\n',
    );
  });
});
