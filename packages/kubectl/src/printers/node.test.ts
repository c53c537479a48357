import type { Node } from "kubernetes-types/core/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findNodeRoles, nodeColumnDefinitions, printNodeRow } from "./node.js";

const NOW = Date.UTC(2024, 0, 10, 12, 0, 0);
const ago = (ms: number) => new Date(NOW - ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function node(o: Partial<Node> & { ready?: string } = {}): Node {
  const { ready, ...rest } = o;
  return {
    metadata: { name: "node-1", creationTimestamp: ago(5 * 86_400_000) },
    status: {
      conditions: ready === undefined ? [] : [{ type: "Ready", status: ready }],
      nodeInfo: {
        kubeletVersion: "v1.34.0",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        kernelVersion: "6.1.0-kubesim",
        containerRuntimeVersion: "containerd://1.7.0",
        architecture: "amd64",
        bootID: "",
        kubeProxyVersion: "",
        machineID: "",
        operatingSystem: "linux",
        systemUUID: "",
      },
      addresses: [
        { type: "Hostname", address: "node-1" },
        { type: "InternalIP", address: "172.18.0.2" },
      ],
    },
    ...rest,
  };
}

describe("printNodeRow (printNode)", () => {
  it("defines the Table columns of printers.go, wide ones at priority 1", () => {
    expect(nodeColumnDefinitions.map((c) => [c.name, c.priority])).toEqual([
      ["Name", 0],
      ["Status", 0],
      ["Roles", 0],
      ["Age", 0],
      ["Version", 0],
      ["Internal-IP", 1],
      ["External-IP", 1],
      ["OS-Image", 1],
      ["Kernel-Version", 1],
      ["Container-Runtime", 1],
    ]);
  });

  it("prints a ready node with its wide cells", () => {
    expect(printNodeRow(node({ ready: "True" }), NOW).cells).toEqual([
      "node-1",
      "Ready",
      "<none>",
      "5d",
      "v1.34.0",
      "172.18.0.2",
      "<none>",
      "Debian GNU/Linux 12 (bookworm)",
      "6.1.0-kubesim",
      "containerd://1.7.0",
    ]);
  });

  it("prints NotReady for a Ready condition False or Unknown, Unknown without one", () => {
    expect(printNodeRow(node({ ready: "False" }), NOW).cells[1]).toBe("NotReady");
    expect(printNodeRow(node({ ready: "Unknown" }), NOW).cells[1]).toBe("NotReady");
    expect(printNodeRow(node(), NOW).cells[1]).toBe("Unknown");
  });

  it("appends SchedulingDisabled for a cordoned node", () => {
    expect(printNodeRow(node({ ready: "True", spec: { unschedulable: true } }), NOW).cells[1]).toBe(
      "Ready,SchedulingDisabled",
    );
    expect(printNodeRow(node({ spec: { unschedulable: true } }), NOW).cells[1]).toBe(
      "Unknown,SchedulingDisabled",
    );
  });

  it("takes the last Ready condition when there are several", () => {
    const n = node();
    const twice: Node = {
      ...n,
      status: {
        ...n.status,
        conditions: [
          { type: "Ready", status: "True" },
          { type: "Ready", status: "False" },
        ],
      },
    };
    expect(printNodeRow(twice, NOW).cells[1]).toBe("NotReady");
  });

  it("lists roles from both role labels, sorted and de-duplicated", () => {
    const labelled = (labels: Record<string, string>) => node({ metadata: { name: "n", labels } });
    expect(
      findNodeRoles(
        labelled({
          "node-role.kubernetes.io/worker": "",
          "node-role.kubernetes.io/control-plane": "",
        }),
      ),
    ).toEqual(["control-plane", "worker"]);
    expect(
      findNodeRoles(
        labelled({ "kubernetes.io/role": "master", "node-role.kubernetes.io/master": "" }),
      ),
    ).toEqual(["master"]);
    expect(
      findNodeRoles(labelled({ "node-role.kubernetes.io/": "", "kubernetes.io/role": "" })),
    ).toEqual([]);
    expect(
      printNodeRow(
        labelled({
          "node-role.kubernetes.io/control-plane": "",
          "node-role.kubernetes.io/etcd": "",
        }),
        NOW,
      ).cells[2],
    ).toBe("control-plane,etcd");
  });

  it("prints the first external IP and <unknown> for missing node info", () => {
    const bare: Node = {
      metadata: { name: "bare" },
      status: {
        addresses: [
          { type: "ExternalIP", address: "203.0.113.9" },
          { type: "ExternalIP", address: "203.0.113.10" },
        ],
      },
    };
    expect(printNodeRow(bare, NOW).cells).toEqual([
      "bare",
      "Unknown",
      "<none>",
      "<unknown>",
      "",
      "<none>",
      "203.0.113.9",
      "<unknown>",
      "<unknown>",
      "<unknown>",
    ]);
  });

  it("STATUS is Ready exactly when the last Ready condition is True (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom("Ready", "MemoryPressure"),
            status: fc.constantFrom("True", "False", "Unknown"),
          }),
        ),
        fc.boolean(),
        (conditions, unschedulable) => {
          const cells = printNodeRow(
            { metadata: { name: "n" }, spec: { unschedulable }, status: { conditions } },
            NOW,
          ).cells;
          const last = conditions.filter((c) => c.type === "Ready").at(-1);
          const expected =
            last === undefined ? "Unknown" : last.status === "True" ? "Ready" : "NotReady";
          expect(cells[1]).toBe(unschedulable ? `${expected},SchedulingDisabled` : expected);
        },
      ),
    );
  });
});
