import { describe, expect, it } from "vitest";
import type { Node, Pod } from "kubernetes-types/core/v1";
import { ActionType } from "./events.js";
import type { QueueingHint, QueueingHintFn } from "./queueing-hints.js";
import { defaultEventsToRegister, schedulingGatesPreEnqueue } from "./queueing-hints.js";
import { mkNode, mkPod } from "./testdata/fixtures.js";

const registry = defaultEventsToRegister();

/** The hint `plugin` registered for an event with these bits on this resource. */
function hint(plugin: string, resource: "Pod" | "Node", bits: number): QueueingHintFn {
  const e = registry
    .get(plugin)
    ?.find((r) => r.event.resource === resource && (r.event.actionType & bits) !== 0);
  if (e === undefined) throw new Error(`${plugin} registers no ${resource} event for ${bits}`);
  return e.hint ?? (() => "Queue");
}

type Case = [
  name: string,
  pod: Pod,
  oldObj: Node | Pod | undefined,
  newObj: Node | Pod | undefined,
  want: QueueingHint,
];

function table(fn: () => QueueingHintFn, cases: Case[]): void {
  for (const [name, pod, oldObj, newObj, want] of cases) {
    it(name, () => expect(fn()(pod, oldObj, newObj)).toBe(want));
  }
}

describe("what each plugin registers (QueueingHints enabled)", () => {
  it("events per plugin", () => {
    const summary = Object.fromEntries(
      [...registry].map(([plugin, list]) => [
        plugin,
        list.map((e) => `${e.event.resource}:${e.event.actionType}`),
      ]),
    );
    expect(summary).toEqual({
      NodeUnschedulable: [
        `Node:${ActionType.Add | ActionType.UpdateNodeTaint}`,
        `Pod:${ActionType.UpdatePodToleration}`,
      ],
      NodeName: [`Node:${ActionType.Add}`],
      TaintToleration: [
        `Node:${ActionType.Add | ActionType.UpdateNodeTaint}`,
        `Pod:${ActionType.UpdatePodToleration}`,
      ],
      NodeAffinity: [`Node:${ActionType.Add | ActionType.UpdateNodeLabel}`],
      NodePorts: [`Pod:${ActionType.Delete}`, `Node:${ActionType.Add}`],
      NodeResourcesFit: [
        `Pod:${ActionType.Delete | ActionType.UpdatePodScaleDown}`,
        `Node:${ActionType.Add | ActionType.UpdateNodeAllocatable}`,
      ],
      SchedulingGates: [`Pod:${ActionType.UpdatePodSchedulingGatesEliminated}`],
    });
  });
});

describe("NodeResourcesFit.isSchedulableAfterNodeChange", () => {
  const pod = mkPod("p", { requests: { cpu: "2", memory: "1Gi" } });
  table(
    () => hint("NodeResourcesFit", "Node", ActionType.Add),
    [
      ["queue-on-node-add", pod, undefined, mkNode("n", { cpu: "4", memory: "4Gi" }), "Queue"],
      [
        "skip-queue-on-node-add-without-enough-resources",
        pod,
        undefined,
        mkNode("n", { cpu: "1", memory: "4Gi" }),
        "QueueSkip",
      ],
      [
        "skip-queue-on-node-unrelated-changes",
        pod,
        mkNode("n", { cpu: "4", memory: "4Gi" }),
        mkNode("n", { cpu: "4", memory: "4Gi", labels: { a: "b" } }),
        "QueueSkip",
      ],
      [
        "queue-on-pod-requested-resources-increase",
        pod,
        mkNode("n", { cpu: "1", memory: "4Gi" }),
        mkNode("n", { cpu: "4", memory: "4Gi" }),
        "Queue",
      ],
      [
        "skip-queue-on-node-changes-from-suitable-to-unsuitable",
        pod,
        mkNode("n", { cpu: "4", memory: "4Gi" }),
        mkNode("n", { cpu: "1", memory: "4Gi" }),
        "QueueSkip",
      ],
      [
        "skip-queue-on-unrelated-resource-increase",
        pod,
        mkNode("n", { cpu: "4", memory: "4Gi" }),
        mkNode("n", { cpu: "4", memory: "4Gi", extra: { "example.com/gpu": "1" } }),
        "QueueSkip",
      ],
      [
        "queue-on-allowed-pod-number-increase",
        mkPod("p"),
        mkNode("n", { pods: "10" }),
        mkNode("n", { pods: "20" }),
        "Queue",
      ],
    ],
  );
});

describe("NodeResourcesFit.isSchedulableAfterPodEvent", () => {
  const pod = mkPod("p", { requests: { cpu: "1" } });
  table(
    () => hint("NodeResourcesFit", "Pod", ActionType.Delete),
    [
      ["skip-queue-on-unscheduled-pod-deleted", pod, mkPod("x"), undefined, "QueueSkip"],
      ["queue-on-other-pod-deleted", pod, mkPod("x", { node: "n" }), undefined, "Queue"],
      [
        "skip-queue-on-other-unscheduled-pod",
        pod,
        mkPod("x", { requests: { cpu: "2" } }),
        mkPod("x", { requests: { cpu: "1" } }),
        "QueueSkip",
      ],
      [
        "skip-queue-on-other-pod-non-resource-changes",
        pod,
        mkPod("x", { node: "n", requests: { cpu: "1" } }),
        mkPod("x", { node: "n", requests: { cpu: "1" }, phase: "Running" }),
        "QueueSkip",
      ],
      [
        "skip-queue-on-other-pod-unrelated-resource-changes",
        pod,
        mkPod("x", { node: "n", requests: { cpu: "1", memory: "2Gi" } }),
        mkPod("x", { node: "n", requests: { cpu: "1", memory: "1Gi" } }),
        "QueueSkip",
      ],
      [
        "queue-on-other-pod-some-resource-scale-down",
        pod,
        mkPod("x", { node: "n", requests: { cpu: "2" } }),
        mkPod("x", { node: "n", requests: { cpu: "1" } }),
        "Queue",
      ],
      ["queue-on-target-pod-update (any update of the pod itself)", pod, pod, pod, "Queue"],
    ],
  );
});

describe("NodePorts.isSchedulableAfterPodDeleted", () => {
  const pod = mkPod("p", { ports: [{ containerPort: 80, hostPort: 8080 }] });
  table(
    () => hint("NodePorts", "Pod", ActionType.Delete),
    [
      [
        "skip-queue-on-unscheduled",
        pod,
        mkPod("x", { ports: [{ containerPort: 80, hostPort: 8080 }] }),
        undefined,
        "QueueSkip",
      ],
      ["skip-queue-on-non-hostport", pod, mkPod("x", { node: "n" }), undefined, "QueueSkip"],
      [
        "skip-queue-on-unrelated-hostport",
        pod,
        mkPod("x", { node: "n", ports: [{ containerPort: 80, hostPort: 8081 }] }),
        undefined,
        "QueueSkip",
      ],
      [
        "queue-on-released-hostport",
        pod,
        mkPod("x", { node: "n", ports: [{ containerPort: 80, hostPort: 8080 }] }),
        undefined,
        "Queue",
      ],
    ],
  );
});

describe("TaintToleration.isSchedulableAfterNodeChange", () => {
  const taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
  const tolerating = mkPod("p", { tolerations: [{ key: "dedicated", operator: "Exists" }] });
  const plain = mkPod("p");
  table(
    () => hint("TaintToleration", "Node", ActionType.Add),
    [
      ["node-added-untainted", plain, undefined, mkNode("n"), "Queue"],
      [
        "node-added-with-untolerated-taint",
        plain,
        undefined,
        mkNode("n", { taints: [taint] }),
        "QueueSkip",
      ],
      [
        "node-added-with-tolerated-taint",
        tolerating,
        undefined,
        mkNode("n", { taints: [taint] }),
        "Queue",
      ],
      ["node-taint-removed", plain, mkNode("n", { taints: [taint] }), mkNode("n"), "Queue"],
      [
        "node-changed-but-still-untolerated",
        plain,
        mkNode("n", { taints: [taint] }),
        mkNode("n", { taints: [taint, { key: "x", effect: "NoExecute" }] }),
        "QueueSkip",
      ],
      ["node-was-already-tolerated", plain, mkNode("n"), mkNode("n"), "QueueSkip"],
      [
        "node-became-ready (condition taint gone)",
        plain,
        mkNode("n", { ready: "False" }),
        mkNode("n", { ready: "True" }),
        "Queue",
      ],
    ],
  );
});

describe("NodeAffinity.isSchedulableAfterNodeChange", () => {
  const pod = mkPod("p", { nodeSelector: { disk: "ssd" } });
  table(
    () => hint("NodeAffinity", "Node", ActionType.Add),
    [
      ["node-added-matching", pod, undefined, mkNode("n", { labels: { disk: "ssd" } }), "Queue"],
      [
        "node-added-not-matching",
        pod,
        undefined,
        mkNode("n", { labels: { disk: "hdd" } }),
        "QueueSkip",
      ],
      [
        "node-labels-changed-to-match",
        pod,
        mkNode("n", { labels: { disk: "hdd" } }),
        mkNode("n", { labels: { disk: "ssd" } }),
        "Queue",
      ],
      [
        "node-matched-before",
        pod,
        mkNode("n", { labels: { disk: "ssd" } }),
        mkNode("n", { labels: { disk: "ssd", x: "y" } }),
        "QueueSkip",
      ],
    ],
  );
});

describe("NodeUnschedulable.isSchedulableAfterNodeChange", () => {
  const pod = mkPod("p");
  table(
    () => hint("NodeUnschedulable", "Node", ActionType.Add),
    [
      [
        "skip-queue-on-unschedulable-node-added",
        pod,
        undefined,
        mkNode("n", { unschedulable: true }),
        "QueueSkip",
      ],
      ["queue-on-schedulable-node-added", pod, undefined, mkNode("n"), "Queue"],
      [
        "queue-on-unschedulable-node-changed",
        pod,
        mkNode("n", { unschedulable: true }),
        mkNode("n"),
        "Queue",
      ],
      ["skip-unrelated-change", pod, mkNode("n"), mkNode("n", { labels: { a: "b" } }), "QueueSkip"],
    ],
  );
  it("a toleration of node.kubernetes.io/unschedulable added to the pod itself", () => {
    const h = hint("NodeUnschedulable", "Pod", ActionType.UpdatePodToleration);
    const tol = mkPod("p", {
      tolerations: [
        { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
      ],
    });
    expect(h(pod, pod, tol)).toBe("Queue");
    expect(h(pod, pod, mkPod("p", { tolerations: [{ key: "other", operator: "Exists" }] }))).toBe(
      "QueueSkip",
    );
    expect(h(pod, mkPod("other"), { ...tol, metadata: { uid: "other" } })).toBe("QueueSkip");
  });
});

describe("NodeName and SchedulingGates", () => {
  it("NodeName queues for the node the pod names", () => {
    const h = hint("NodeName", "Node", ActionType.Add);
    expect(h(mkPod("p", { node: "a" }), undefined, mkNode("a"))).toBe("Queue");
    expect(h(mkPod("p", { node: "a" }), undefined, mkNode("b"))).toBe("QueueSkip");
  });

  it("SchedulingGates gates a pod until every gate is gone", () => {
    const gated = mkPod("p");
    gated.spec!.schedulingGates = [{ name: "example.com/a" }, { name: "example.com/b" }];
    expect(schedulingGatesPreEnqueue(gated)).toBe(
      "waiting for scheduling gates: [example.com/a example.com/b]",
    );
    expect(schedulingGatesPreEnqueue(mkPod("p"))).toBeUndefined();
    const h = hint("SchedulingGates", "Pod", ActionType.UpdatePodSchedulingGatesEliminated);
    expect(h(gated, gated, mkPod("p"))).toBe("Queue");
    expect(h(gated, mkPod("q"), mkPod("q"))).toBe("QueueSkip");
  });
});
