/** FitError.Error() cases from pkg/scheduler/framework/types_test.go (TestFitError). */
import { describe, expect, it } from "vitest";
import type { Diagnosis } from "./fit-error.js";
import {
  ErrNoNodesAvailable,
  compareBytes,
  fitErrorMessage,
  reasonsHistogram,
  truncateMessage,
} from "./fit-error.js";
import type { Status } from "./status.js";
import { unresolvable, unschedulable } from "./status.js";

const f1 = "Node(s) failed Filter plugin FalseFilter-1";
const f2 = "Node(s) failed Filter plugin FalseFilter-2";
const pre = "Node(s) failed PreFilter plugin FalsePreFilter";
const statuses = (entries: Array<[string, Status]>): Map<string, Status> => new Map(entries);

describe("fitErrorMessage (TestFitError)", () => {
  const cases: Array<[string, number, Diagnosis, string]> = [
    [
      "nodes failed Prefilter plugin",
      3,
      {
        preFilterMsg: pre,
        nodeToStatus: statuses([
          ["node1", unschedulable("P", pre)],
          ["node2", unschedulable("P", pre)],
          ["node3", unschedulable("P", pre)],
        ]),
      },
      "0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter.",
    ],
    [
      "nodes failed Prefilter plugin and the preemption also failed",
      3,
      {
        preFilterMsg: pre,
        nodeToStatus: statuses([["node1", unschedulable("P", pre)]]),
        postFilterMsg: "Error running PostFilter plugin FailedPostFilter",
      },
      "0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter. Error running PostFilter plugin FailedPostFilter",
    ],
    [
      "nodes failed one Filter plugin with an empty PostFilterMsg",
      3,
      {
        nodeToStatus: statuses([
          ["node1", unschedulable("F", f1)],
          ["node2", unschedulable("F", f1)],
          ["node3", unschedulable("F", f1)],
        ]),
      },
      "0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1.",
    ],
    [
      "nodes failed one Filter plugin with a non-empty PostFilterMsg",
      3,
      {
        nodeToStatus: statuses([
          ["node1", unschedulable("F", f1)],
          ["node2", unschedulable("F", f1)],
          ["node3", unschedulable("F", f1)],
        ]),
        postFilterMsg: "Error running PostFilter plugin FailedPostFilter",
      },
      "0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1. Error running PostFilter plugin FailedPostFilter",
    ],
    [
      "nodes failed two Filter plugins with an empty PostFilterMsg",
      3,
      {
        nodeToStatus: statuses([
          ["node1", unschedulable("F", f1)],
          ["node2", unschedulable("F", f1)],
          ["node3", unschedulable("F", f2)],
        ]),
      },
      "0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1.",
    ],
    [
      "failed to Permit on node",
      1,
      {
        nodeToStatus: statuses([
          ["node1", unschedulable("Permit-1", "Node failed Permit plugin Permit-1")],
        ]),
      },
      "0/1 nodes are available: 1 Node failed Permit plugin Permit-1.",
    ],
    [
      "nodes are added from the Unresolvable absent status",
      3,
      {
        nodeToStatus: statuses([["node1", unschedulable("F", f1)]]),
        absentNodesStatus: unresolvable("F", f2),
      },
      "0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-1, 2 Node(s) failed Filter plugin FalseFilter-2.",
    ],
  ];
  for (const [name, n, d, want] of cases) {
    it(name, () => expect(fitErrorMessage(n, d)).toBe(want));
  }

  it("counts every reason of a node, sorting as strings (10 before 2)", () => {
    const many = new Map<string, Status>();
    for (let i = 0; i < 10; i++)
      many.set(
        `a${i}`,
        unschedulable("NodeResourcesFit", "Insufficient cpu", "Insufficient memory"),
      );
    for (let i = 0; i < 2; i++)
      many.set(`b${i}`, unresolvable("TaintToleration", "node(s) had untolerated taint(s)"));
    expect(reasonsHistogram(12, { nodeToStatus: many })).toEqual([
      "10 Insufficient cpu",
      "10 Insufficient memory",
      "2 node(s) had untolerated taint(s)",
    ]);
  });

  it("has the no-nodes error and compares strings bytewise", () => {
    expect(ErrNoNodesAvailable).toBe("no nodes available to schedule pods");
    expect(compareBytes("Z", "a")).toBeLessThan(0);
    expect(compareBytes("\u{10000}", "\uffff")).toBeGreaterThan(0); // code points, not UTF-16 units
  });

  it("truncates messages beyond 1024 bytes with ' ...'", () => {
    expect(truncateMessage("short")).toBe("short");
    const long = truncateMessage("x".repeat(2000));
    expect(long).toHaveLength(1024);
    expect(long.endsWith("x ...")).toBe(true);
  });
});
