/**
 * `kubectl rollout undo` and `kubectl rollout undo --to-revision=N` on a whole cluster.
 * kubectl (pkg/polymorphichelpers/rollback.go) picks the ReplicaSet of the wanted revision and
 * PATCHes the Deployment with its template (minus pod-template-hash) and its annotations; the
 * controller then finds that ReplicaSet as the new one (FindNewReplicaSet, EqualIgnoreHash),
 * raises its revision to MaxRevision(old) + 1 and appends its old number to revision-history
 * (SetNewReplicaSetAnnotations), and rolls to it like any other template (workloads.md §4.3, §4.4).
 *
 * Setup: 3 replicas, maxSurge 1, maxUnavailable 0, pods Ready 1 s after binding. Phases are
 * 11 minutes apart so that client-go's EventAggregator (10 distinct messages within 10 minutes)
 * starts afresh in each; identical messages are still counted on the existing Event.
 */
import { describe, expect, it } from "vitest";
import { ChangeCauseAnnotation, Scenario, makeDeployment, rolledOut } from "./support/harness.js";
import {
  DesiredReplicasAnnotation,
  MaxReplicasAnnotation,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  availableTrue,
  conditionsOf,
  counters,
  deploymentAnnotations,
  progressed,
  scaled,
} from "./support/expect.js";

const aliases = { "nginx:1": "v1", "nginx:2": "v2", "nginx:3": "v3" };

function run(seed: number) {
  const s = new Scenario({ seed, aliases, readyAfter: () => 1000 });
  s.create(
    makeDeployment({
      replicas: 3,
      strategy: { maxSurge: 1, maxUnavailable: 0 },
      changeCause: "create nginx:1",
    }),
  );
  s.untilRolledOut();
  const phase = (act: () => void) => {
    s.advance("11m");
    act();
    s.untilRolledOut();
  };
  phase(() => s.setImage("nginx:2", "set image nginx:2"));
  phase(() => s.setImage("nginx:3", "set image nginx:3"));
  const marks = { undo: 0, undoTo1: 0 };
  let undo: ReturnType<Scenario["undo"]> | undefined;
  let undoTo1: ReturnType<Scenario["undo"]> | undefined;
  phase(() => {
    marks.undo = s.sizes.length;
    undo = s.undo();
  });
  phase(() => {
    marks.undoTo1 = s.sizes.length;
    undoTo1 = s.undo(1);
  });
  s.quiesce("1m");
  return { s, marks, undo, undoTo1 };
}

describe("rollout undo", () => {
  // Revisions before the undos: v1 → 1, v2 → 2, v3 → 3 (each new RS gets MaxRevision(old) + 1).
  //
  // undo (to the second-highest revision, 2): the v2 RS becomes new with revision
  //   MaxRevision(v1=1, v3=3) + 1 = 4 and revision-history "2". It is at 0, so the roll is the
  //   plain maxSurge=1/maxUnavailable=0 staircase (current 3 < 4 → new 0 → 1, ...):
  //     v2:1, v3:2, v2:2, v3:1, v2:3, v3:0
  // undo --to-revision=1: the v1 RS becomes revision MaxRevision(v2=4, v3=3) + 1 = 5 with
  //   revision-history "1":
  //     v1:1, v2:2, v1:2, v2:1, v1:3, v2:0
  it("re-uses the old ReplicaSets and rolls to them one pod at a time", () => {
    const { s, marks, undo, undoTo1 } = run(1);
    expect(undo).toMatchObject({ type: "rollback", revision: 2, message: "rolled back" });
    expect(undoTo1).toMatchObject({ type: "rollback", revision: 1, message: "rolled back" });
    expect(s.sizes.slice(0, marks.undo)).toEqual([
      "v1:3",
      ...["v2:1", "v1:2", "v2:2", "v1:1", "v2:3", "v1:0"],
      ...["v3:1", "v2:2", "v3:2", "v2:1", "v3:3", "v2:0"],
    ]);
    expect(s.sizes.slice(marks.undo, marks.undoTo1)).toEqual([
      ...["v2:1", "v3:2", "v2:2", "v3:1", "v2:3", "v3:0"],
    ]);
    expect(s.sizes.slice(marks.undoTo1)).toEqual([
      ...["v1:1", "v2:2", "v1:2", "v2:1", "v1:3", "v2:0"],
    ]);
    // Three ReplicaSets only: a rollback never creates one.
    expect(s.replicaSets()).toHaveLength(3);
  });

  it("moves the revisions and keeps the history as the controller does", () => {
    const { s } = run(1);
    expect(deploymentAnnotations(s.rsFor("nginx:1"))).toEqual({
      [RevisionAnnotation]: "5",
      [RevisionHistoryAnnotation]: "1",
      [DesiredReplicasAnnotation]: "3",
      [MaxReplicasAnnotation]: "4",
    });
    expect(deploymentAnnotations(s.rsFor("nginx:2"))).toEqual({
      [RevisionAnnotation]: "4",
      [RevisionHistoryAnnotation]: "2",
      [DesiredReplicasAnnotation]: "3",
      [MaxReplicasAnnotation]: "4",
    });
    expect(deploymentAnnotations(s.rsFor("nginx:3"))).toEqual({
      [RevisionAnnotation]: "3",
      [DesiredReplicasAnnotation]: "3",
      [MaxReplicasAnnotation]: "4",
    });
    // `kubectl rollout history`: one row per ReplicaSet revision, ascending, with change-cause
    // (copied Deployment → RS at creation, and RS → Deployment by the rollback patch).
    const history = s
      .replicaSets()
      .map((rs) => [
        Number(rs.metadata?.annotations?.[RevisionAnnotation]),
        rs.metadata?.annotations?.[ChangeCauseAnnotation] ?? "<none>",
      ])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(history).toEqual([
      [3, "set image nginx:3"],
      [4, "set image nginx:2"],
      [5, "create nginx:1"],
    ]);
    const d = s.deployment();
    // kubectl's patch kept the Deployment's revision ("4"); the controller then raised it to 5.
    expect(d.metadata?.annotations).toEqual({
      [RevisionAnnotation]: "5",
      [ChangeCauseAnnotation]: "create nginx:1",
    });
    expect(d.spec?.template.spec?.containers[0]?.image).toBe("nginx:1");
    expect(d.spec?.template.metadata?.labels).toEqual({ app: "web" });
    expect(rolledOut(d)).toBe(true);
    expect(conditionsOf(d)).toEqual([availableTrue, progressed(s.rs("nginx:1"))]);
    // Generations: create 1, two image+annotation patches, two rollback patches = 5.
    expect(counters(d)).toEqual({
      observedGeneration: 5,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 0,
    });
  });

  it("records the scaling Events, counting repeats on the same Event", () => {
    const { s } = run(1);
    const [h1, h2, h3] = ["nginx:1", "nginx:2", "nginx:3"].map((i) => s.rs(i)) as [
      string,
      string,
      string,
    ];
    // Rolling back to v2 repeats v2's own earlier messages ("from 0 to 1", "1 to 2", "2 to 3"),
    // and rolling back to v1 repeats v2's scale-down messages of the v3 rollout: the
    // correlator patches those Events to count 2 instead of creating new ones.
    expect(s.events()).toEqual([
      scaled(h1, 0, 3),
      scaled(h2, 0, 1, 2),
      scaled(h1, 3, 2),
      scaled(h2, 1, 2, 2),
      scaled(h1, 2, 1),
      scaled(h2, 2, 3, 2),
      scaled(h1, 1, 0),
      scaled(h3, 0, 1),
      scaled(h2, 3, 2, 2),
      scaled(h3, 1, 2),
      scaled(h2, 2, 1, 2),
      scaled(h3, 2, 3),
      scaled(h2, 1, 0, 2),
      scaled(h3, 3, 2),
      scaled(h3, 2, 1),
      scaled(h3, 1, 0),
      scaled(h1, 0, 1),
      scaled(h1, 1, 2),
      scaled(h1, 2, 3),
    ]);
  });

  it("answers kubectl's errors and the skipped case", () => {
    const { s } = run(1);
    expect(s.undo(9)).toEqual({
      type: "error",
      message: "unable to find specified revision 9 in history",
    });
    // The current template already is revision 5's.
    expect(s.undo(5)).toEqual({
      type: "skipped",
      message: "skipped rollback (current template already matches revision 5)",
    });
    s.setPaused(true);
    expect(s.undo()).toEqual({
      type: "error",
      message:
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    });
    const fresh = new Scenario();
    fresh.create(makeDeployment({ replicas: 1 }));
    fresh.untilRolledOut();
    expect(fresh.undo()).toEqual({
      type: "error",
      message: 'no rollout history found for deployment "web"',
    });
  });

  it("produces the same trace for the same seed", () => {
    expect(run(2).s.traceHash()).toBe(run(2).s.traceHash());
  });
});
