import { describe, expect, it } from "vitest";
import type { Node, Pod, Taint } from "kubernetes-types/core/v1";
import type { ClusterEvent } from "./events.js";
import {
  ActionType,
  EventAssignedPodDelete,
  EventUnschedulableTimeout,
  eventLabel,
  matchClusterEvent,
  nodeSchedulingPropertiesChange,
  podSchedulingPropertiesChange,
} from "./events.js";

// st.MakeNode() / st.MakePod() in miniature.
interface N {
  unschedulable?: boolean;
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  taints?: Taint[];
  conditions?: Array<{ type: string; status: string; lastHeartbeatTime?: string }>;
}
const node = (n: N = {}): Node => ({
  metadata: {
    name: "n",
    ...(n.labels === undefined ? {} : { labels: n.labels }),
    ...(n.annotations === undefined ? {} : { annotations: n.annotations }),
  },
  spec: {
    ...(n.unschedulable === undefined ? {} : { unschedulable: n.unschedulable }),
    ...(n.taints === undefined ? {} : { taints: n.taints }),
  },
  status: {
    ...(n.capacity === undefined ? {} : { capacity: n.capacity, allocatable: n.capacity }),
    ...(n.conditions === undefined ? {} : { conditions: n.conditions }),
  },
});

interface P {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  cpu?: string;
  nodeName?: string;
  gates?: string[];
  tolerations?: string[];
}
const pod = (p: P = {}): Pod => ({
  metadata: {
    name: "p",
    uid: "p",
    ...(p.labels === undefined ? {} : { labels: p.labels }),
    ...(p.annotations === undefined ? {} : { annotations: p.annotations }),
  },
  spec: {
    containers: [
      { name: "app", ...(p.cpu === undefined ? {} : { resources: { requests: { cpu: p.cpu } } }) },
    ],
    ...(p.nodeName === undefined ? {} : { nodeName: p.nodeName }),
    ...(p.gates === undefined ? {} : { schedulingGates: p.gates.map((name) => ({ name })) }),
    ...(p.tolerations === undefined
      ? {}
      : { tolerations: p.tolerations.map((key) => ({ key, operator: "Exists" })) }),
  },
});

const nodeEvent = (actionType: number): ClusterEvent => ({ resource: "Node", actionType });
const unsched = (actionType: number): ClusterEvent => ({
  resource: "UnschedulablePod",
  actionType,
});
const unschedulableTaint = (value: string): Taint => ({
  key: "node.kubernetes.io/unschedulable",
  value,
  effect: "NoSchedule",
});

describe("NodeSchedulingPropertiesChange (upstream TestNodeSchedulingPropertiesChange, without condition taints)", () => {
  const cases: Array<[string, Node, Node, ClusterEvent[]]> = [
    [
      "no specific changed applied",
      node({ unschedulable: false }),
      node({ unschedulable: false }),
      [],
    ],
    [
      "only node spec unavailable changed",
      node({ unschedulable: false }),
      node({ unschedulable: true }),
      [nodeEvent(ActionType.UpdateNodeTaint)],
    ],
    [
      "only node allocatable changed",
      node({ capacity: { cpu: "1000m", memory: "100m", "example.com/foo": "1" } }),
      node({ capacity: { cpu: "1000m", memory: "100m", "example.com/foo": "2" } }),
      [nodeEvent(ActionType.UpdateNodeAllocatable)],
    ],
    [
      "only node label changed",
      node({ labels: { foo: "bar" } }),
      node({ labels: { foo: "fuz" } }),
      [nodeEvent(ActionType.UpdateNodeLabel)],
    ],
    [
      "only node taint changed",
      node({ taints: [unschedulableTaint("")] }),
      node({ taints: [unschedulableTaint("foo")] }),
      [nodeEvent(ActionType.UpdateNodeTaint)],
    ],
    [
      "only node annotation changed",
      node({ annotations: { foo: "bar" } }),
      node({ annotations: { foo: "fuz" } }),
      [nodeEvent(ActionType.UpdateNodeAnnotation)],
    ],
    [
      "only node condition changed",
      node(),
      node({ conditions: [{ type: "Ready", status: "True" }] }),
      [nodeEvent(ActionType.UpdateNodeCondition)],
    ],
    [
      "both node label and node taint changed",
      node({ labels: { foo: "bar" }, taints: [unschedulableTaint("")] }),
      node({ taints: [unschedulableTaint("foo")] }),
      [nodeEvent(ActionType.UpdateNodeLabel), nodeEvent(ActionType.UpdateNodeTaint)],
    ],
  ];
  for (const [name, newNode, oldNode, want] of cases) {
    it(name, () => {
      expect(nodeSchedulingPropertiesChange(newNode, oldNode, { conditionTaints: false })).toEqual(
        want,
      );
    });
  }

  it("becoming unschedulable is no event (it can only make pods less schedulable)", () => {
    expect(
      nodeSchedulingPropertiesChange(node({ unschedulable: true }), node(), {
        conditionTaints: false,
      }),
    ).toEqual([]);
  });

  it("allocatable compares quantities semantically: 1 equals 1000m", () => {
    expect(
      nodeSchedulingPropertiesChange(
        node({ capacity: { cpu: "1" } }),
        node({ capacity: { cpu: "1000m" } }),
      ),
    ).toEqual([]);
  });

  it("conditions: only type -> status counts (upstream TestNodeConditionsChange)", () => {
    const hb = (t: string) =>
      node({ conditions: [{ type: "DiskPressure", status: "True", lastHeartbeatTime: t }] });
    expect(
      nodeSchedulingPropertiesChange(hb("2024-01-01T00:00:02Z"), hb("2024-01-01T00:00:01Z")),
    ).toEqual([]);
    const ready = (s: string) => node({ conditions: [{ type: "Ready", status: s }] });
    expect(
      nodeSchedulingPropertiesChange(ready("True"), ready("False"), { conditionTaints: false }),
    ).toEqual([nodeEvent(ActionType.UpdateNodeCondition)]);
  });

  it("with condition taints, Ready False -> True is also a taint change (the lifecycle controller's not-ready taint goes)", () => {
    const ready = (s: string) => node({ conditions: [{ type: "Ready", status: s }] });
    expect(nodeSchedulingPropertiesChange(ready("True"), ready("False"))).toEqual([
      nodeEvent(ActionType.UpdateNodeTaint),
      nodeEvent(ActionType.UpdateNodeCondition),
    ]);
  });
});

describe("PodSchedulingPropertiesChange (upstream Test_podSchedulingPropertiesChange)", () => {
  const cases: Array<[string, Pod, Pod, ClusterEvent[]]> = [
    [
      "assigned pod is updated",
      pod({ labels: { foo: "bar" }, nodeName: "node" }),
      pod({ labels: { foo: "bar2" }, nodeName: "node" }),
      [{ resource: "AssignedPod", actionType: ActionType.UpdatePodLabel }],
    ],
    [
      "only label is updated",
      pod({ labels: { foo: "bar" } }),
      pod({ labels: { foo: "bar2" } }),
      [unsched(ActionType.UpdatePodLabel)],
    ],
    [
      "pod's resource request is scaled down",
      pod({ cpu: "100m" }),
      pod({ cpu: "101m" }),
      [unsched(ActionType.UpdatePodScaleDown)],
    ],
    [
      "pod's resource request is scaled up",
      pod({ cpu: "101m" }),
      pod({ cpu: "100m" }),
      [unsched(ActionType.Update)],
    ],
    [
      "both pod's resource request and label are updated",
      pod({ cpu: "100m", labels: { foo: "bar" } }),
      pod({ cpu: "101m" }),
      [unsched(ActionType.UpdatePodLabel), unsched(ActionType.UpdatePodScaleDown)],
    ],
    [
      "untracked properties of pod is updated",
      pod({ annotations: { foo: "bar" } }),
      pod({ annotations: { foo: "bar2" } }),
      [unsched(ActionType.Update)],
    ],
    [
      "scheduling gate is eliminated",
      pod({ gates: [] }),
      pod({ gates: ["foo"] }),
      [unsched(ActionType.UpdatePodSchedulingGatesEliminated)],
    ],
    [
      "scheduling gate is removed, but not completely eliminated",
      pod({ gates: ["foo"] }),
      pod({ gates: ["foo", "bar"] }),
      [unsched(ActionType.Update)],
    ],
    [
      "pod's tolerations are updated",
      pod({ tolerations: ["key", "key2"] }),
      pod({ tolerations: ["key"] }),
      [unsched(ActionType.UpdatePodToleration)],
    ],
  ];
  for (const [name, newPod, oldPod, want] of cases) {
    it(name, () => expect(podSchedulingPropertiesChange(newPod, oldPod)).toEqual(want));
  }
});

describe("ClusterEvent.Match and labels", () => {
  it("a registered Pod event matches assigned and unscheduled pods; bits must intersect", () => {
    const reg: ClusterEvent = { resource: "Pod", actionType: ActionType.Delete };
    expect(matchClusterEvent(reg, EventAssignedPodDelete)).toBe(true);
    expect(
      matchClusterEvent(reg, { resource: "UnschedulablePod", actionType: ActionType.Delete }),
    ).toBe(true);
    expect(matchClusterEvent(reg, { resource: "AssignedPod", actionType: ActionType.Add })).toBe(
      false,
    );
    expect(matchClusterEvent(reg, { resource: "Node", actionType: ActionType.Delete })).toBe(false);
    // the general Update carries every update bit
    const scaleDown: ClusterEvent = { resource: "Pod", actionType: ActionType.UpdatePodScaleDown };
    expect(matchClusterEvent(scaleDown, unsched(ActionType.Update))).toBe(true);
  });

  it("an incoming wildcard matches only a registered wildcard", () => {
    expect(
      matchClusterEvent({ resource: "Pod", actionType: ActionType.All }, EventUnschedulableTimeout),
    ).toBe(false);
    expect(matchClusterEvent(EventUnschedulableTimeout, nodeEvent(ActionType.Add))).toBe(true);
  });

  it("labels read as upstream's", () => {
    expect(eventLabel(nodeEvent(ActionType.Add))).toBe("NodeAdd");
    expect(eventLabel(EventAssignedPodDelete)).toBe("AssignedPodDelete");
    expect(eventLabel(unsched(ActionType.Update))).toBe("UnschedulablePodUpdate");
    expect(eventLabel(nodeEvent(ActionType.UpdateNodeTaint))).toBe("NodeUpdateNodeTaint");
    expect(eventLabel(EventUnschedulableTimeout)).toBe("UnschedulableTimeout");
  });
});
