import { describe, expect, it } from "vitest";
import { NS, cluster, myApi, run, settleRollout, setImage } from "../testdata/fixtures.js";

describe("kubectl rollout pause, resume and restart", () => {
  it("pauses and resumes, refusing to do either twice", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    expect(run(c, "rollout pause deployment/my-api")).toMatchObject({
      stdout: "deployment.apps/my-api paused\n",
      stderr: "",
      exitCode: 0,
    });
    expect(c.apiserver.get("Deployment", NS, "my-api").spec?.paused).toBe(true);
    expect(run(c, "rollout pause deployment/my-api")).toMatchObject({
      stdout: "",
      stderr: 'error: deployments.apps "my-api" is already paused\n',
      exitCode: 1,
    });
    // While paused a template change makes no new ReplicaSet.
    setImage(c, "myapp:v1.3");
    c.loop.advance("30s");
    expect(c.apiserver.list("ReplicaSet", { namespace: NS }).items).toHaveLength(1);
    expect(run(c, "rollout resume deployment/my-api").stdout).toBe(
      "deployment.apps/my-api resumed\n",
    );
    expect(c.apiserver.get("Deployment", NS, "my-api").spec?.paused).toBeUndefined();
    settleRollout(c);
    expect(c.apiserver.list("ReplicaSet", { namespace: NS }).items).toHaveLength(2);
    expect(run(c, "rollout resume deployment/my-api")).toMatchObject({
      stdout: "",
      stderr: 'error: deployments.apps "my-api" is not paused\n',
      exitCode: 1,
    });
  });

  it("restart stamps restartedAt with the sim clock and starts a rollout", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    c.loop.advance("5m");
    const at = new Date(c.loop.now()).toISOString().replace(/\.\d+Z$/, "Z");
    expect(run(c, "rollout restart deployment/my-api")).toMatchObject({
      stdout: "deployment.apps/my-api restarted\n",
      stderr: "",
      exitCode: 0,
    });
    const d = c.apiserver.get("Deployment", NS, "my-api");
    expect(d.spec?.template.metadata?.annotations).toEqual({
      "kubectl.kubernetes.io/restartedAt": at,
    });
    // Within the same second the patch would be empty: kubectl refuses.
    expect(run(c, "rollout restart deployment/my-api")).toMatchObject({
      stderr:
        "error: failed to create patch for my-api: if restart has already been triggered within the past second, please wait before attempting to trigger another\n",
      exitCode: 1,
    });
    settleRollout(c);
    expect(run(c, "rollout history deployment/my-api").stdout).toBe(
      "deployment.apps/my-api \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
    );
  });

  it("restart refuses a paused Deployment", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    c.loop.settle();
    run(c, "rollout pause deployment/my-api");
    expect(run(c, "rollout restart deployment/my-api")).toMatchObject({
      stdout: "",
      stderr: `error: deployments.apps "my-api" can't restart paused deployment (run rollout resume first)\n`,
      exitCode: 1,
    });
  });

  it("acts on every selected Deployment and reports each failure on its own line", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    c.apiserver.create("Deployment", { ...myApi(), metadata: { name: "web", namespace: NS } });
    c.apiserver.create("Deployment", { ...myApi(), metadata: { name: "db", namespace: NS } });
    c.loop.settle();
    run(c, "rollout pause deployment/web");
    const r = run(c, "rollout pause deployments");
    expect(r.stdout).toBe("deployment.apps/db paused\ndeployment.apps/my-api paused\n");
    expect(r.stderr).toBe('error: deployments.apps "web" is already paused\n');
    expect(r.exitCode).toBe(1);
    const both = run(c, "rollout pause deployment/web deployment/db");
    expect(both.stderr).toBe(
      'error: deployments.apps "web" is already paused\nerror: deployments.apps "db" is already paused\n',
    );
  });

  it("says so when nothing matches, and refuses kinds without rollouts", () => {
    const c = cluster();
    expect(run(c, "rollout restart deployment -l app=none")).toMatchObject({
      stdout: "",
      stderr: "No resources found in default namespace.\n",
      exitCode: 0,
    });
    expect(run(c, "rollout pause svc/kubernetes").stderr).toBe(
      'error: services "kubernetes" pausing is not supported\n',
    );
    expect(run(c, "rollout resume")).toMatchObject({
      stderr: "error: required resource not specified\n",
      exitCode: 1,
    });
  });

  it("bare `rollout` prints its help and exits 1; an unknown subcommand is an error", () => {
    const c = cluster();
    const r = run(c, "rollout");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^Manage the rollout of one or many resources\.\n/);
    expect(r.stderr).toContain("  undo          Undo a previous rollout\n");
    expect(run(c, "rollout frobnicate deployment/x")).toMatchObject({
      stdout: "",
      stderr:
        "error: unknown command \"frobnicate deployment/x\"\nSee 'kubectl rollout -h' for help and examples\n",
      exitCode: 1,
    });
  });
});
