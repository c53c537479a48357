import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import { describe, expect, it } from "vitest";
import { runPlan } from "./plan.js";
import type { DeploymentAction } from "./plan.js";
import { applyRollback, deploymentRevision, planRollback, rollback } from "./rollback.js";
import { newDeployment, newReplicaSet, webTemplate } from "./testdata/fixtures.js";
import { DeprecatedRollbackTo, RevisionAnnotation } from "./util.js";

const withHash = (image: string, hash: string) => {
  const t = webTemplate(image);
  return { ...t, metadata: { labels: { ...t.metadata?.labels, "pod-template-hash": hash } } };
};
const rsOf = (rev: number, image: string, extra: Record<string, string> = {}): ReplicaSet =>
  newReplicaSet({
    name: `web-h${rev}`,
    replicas: 0,
    created: `2024-01-01T0${rev}:00:00Z`,
    template: withHash(image, `h${rev}`),
    annotations: { [RevisionAnnotation]: String(rev), ...extra },
  });
const history = [
  rsOf(1, "nginx:1", { "kubernetes.io/change-cause": "first" }),
  rsOf(2, "nginx:2"),
  rsOf(3, "nginx:3"),
];
const current = (o: Partial<Parameters<typeof newDeployment>[0]> = {}): Deployment =>
  newDeployment({
    name: "web",
    template: webTemplate("nginx:3"),
    annotations: {
      [RevisionAnnotation]: "3",
      "kubectl.kubernetes.io/last-applied-configuration": "{...}",
      "kubernetes.io/change-cause": "third",
    },
    ...o,
  });

describe("deploymentRevision (kubectl rollback.go)", () => {
  it("revision 0 is the second-highest revision", () => {
    const got = deploymentRevision(current(), history, 0);
    expect("rs" in got ? got.rs.metadata?.name : got.error).toBe("web-h2");
  });
  it("revision N is that revision", () => {
    const got = deploymentRevision(current(), history, 1);
    expect("rs" in got ? got.rs.metadata?.name : got.error).toBe("web-h1");
  });
  it("a missing revision", () => {
    expect(deploymentRevision(current(), history, 7)).toEqual({
      error: "unable to find specified revision 7 in history",
    });
  });
  it("a single revision has no history", () => {
    expect(deploymentRevision(current(), [rsOf(3, "nginx:3")], 0)).toEqual({
      error: 'no rollout history found for deployment "web"',
    });
  });
});

describe("planRollback (kubectl rollout undo)", () => {
  it("patches the template (without pod-template-hash) and the annotations back", () => {
    const plan = planRollback(current(), history, 1);
    expect(plan.type).toBe("rollback");
    if (plan.type !== "rollback") return;
    expect(plan.revision).toBe(1);
    expect(plan.template).toEqual(webTemplate("nginx:1"));
    // annotationsToSkip stay as they are on the Deployment; the rest comes from the RS.
    expect(plan.annotations).toEqual({
      [RevisionAnnotation]: "3",
      "kubectl.kubernetes.io/last-applied-configuration": "{...}",
      "kubernetes.io/change-cause": "first",
    });
    expect(plan.patch).toEqual([
      { op: "replace", path: "/spec/template", value: webTemplate("nginx:1") },
      { op: "replace", path: "/metadata/annotations", value: plan.annotations },
    ]);
    const d = applyRollback(current(), plan);
    expect(d.spec?.template).toEqual(webTemplate("nginx:1"));
    expect(d.metadata?.annotations?.["kubernetes.io/change-cause"]).toBe("first");
  });
  it("an undo without --to-revision goes back to the previous revision", () => {
    const plan = planRollback(current(), history);
    expect(plan.type === "rollback" ? plan.revision : plan.type).toBe(2);
  });
  it("skips when the template already matches (the message carries the requested N)", () => {
    expect(planRollback(current(), history, 3)).toEqual({
      type: "skipped",
      message: "skipped rollback (current template already matches revision 3)",
    });
    expect(planRollback(current({ template: webTemplate("nginx:2") }), history)).toEqual({
      type: "skipped",
      message: "skipped rollback (current template already matches revision 0)",
    });
  });
  it("refuses a paused Deployment, after finding the revision", () => {
    expect(planRollback(current({ paused: true }), history, 1)).toEqual({
      type: "error",
      message:
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    });
    expect(
      planRollback(current({ paused: true }), history, 9).type === "error" &&
        planRollback(current({ paused: true }), history, 9),
    ).toMatchObject({
      message: "unable to find specified revision 9 in history",
    });
  });
  it("a negative revision is not found", () => {
    expect(planRollback(current(), history, -1)).toEqual({
      type: "error",
      message: "unable to find specified revision -1 in history",
    });
  });
});

describe("rollback (legacy deprecated.deployment.rollback.to, rollback.go)", () => {
  const newRS = newReplicaSet({
    name: "web-h3",
    replicas: 1,
    created: "2024-01-01T03:00:00Z",
    template: withHash("nginx:3", "h3"),
    // In sync with the Deployment, so getAllReplicaSetsAndSyncRevision writes nothing.
    annotations: { [RevisionAnnotation]: "3", "kubernetes.io/change-cause": "third" },
  });
  const rsList = [history[0], history[1], newRS] as ReplicaSet[];
  const requested = (rev: string) =>
    current({
      annotations: {
        [RevisionAnnotation]: "3",
        [DeprecatedRollbackTo]: rev,
        "kubernetes.io/change-cause": "third",
      },
      status: {
        conditions: [{ type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" }],
      },
    });
  const summary = (actions: readonly DeploymentAction[]) =>
    actions.map((a) =>
      a.type === "recordEvent" ? `${a.event.reason}: ${a.event.message}` : a.type,
    );

  it("copies the revision's template and annotations, clears the request, then records DeploymentRollback", () => {
    const { actions } = runPlan(rollback(requested("1"), rsList, 0));
    expect(summary(actions)).toEqual([
      "updateDeployment",
      'DeploymentRollback: Rolled back deployment "web" to revision 1',
    ]);
    const updated = actions[0]?.type === "updateDeployment" ? actions[0].deployment : undefined;
    expect(updated?.spec?.template).toEqual(webTemplate("nginx:1"));
    expect(updated?.metadata?.annotations).toEqual({
      [RevisionAnnotation]: "3",
      "kubernetes.io/change-cause": "first",
    });
  });
  it("revision 0 means the last revision", () => {
    const { actions } = runPlan(rollback(requested("0"), rsList, 0));
    expect(summary(actions)[1]).toBe(
      'DeploymentRollback: Rolled back deployment "web" to revision 2',
    );
  });
  it("same template: a Warning, and the request is cleared", () => {
    const { actions } = runPlan(rollback(requested("3"), rsList, 0));
    expect(summary(actions)).toEqual([
      'DeploymentRollbackTemplateUnchanged: The rollback revision contains the same template as current deployment "web"',
      "updateDeployment",
    ]);
  });
  it("unknown revision, or no last revision: a Warning, and the request is cleared", () => {
    expect(summary(runPlan(rollback(requested("9"), rsList, 0)).actions)).toEqual([
      "DeploymentRollbackRevisionNotFound: Unable to find the revision to rollback to.",
      "updateDeployment",
    ]);
    expect(summary(runPlan(rollback(requested("0"), [newRS], 0)).actions)).toEqual([
      "DeploymentRollbackRevisionNotFound: Unable to find last revision.",
      "updateDeployment",
    ]);
  });
});
