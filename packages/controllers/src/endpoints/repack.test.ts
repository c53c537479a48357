import type { EndpointAddress } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { compareEndpointAddress, repackSubsets, subsetsEqual } from "./repack.js";

const addr = (ip: string, uid = ip): EndpointAddress => ({ ip, targetRef: { kind: "Pod", uid } });
const p = (port: number, name = `p${port}`) => ({ name, port, protocol: "TCP" });

describe("repackSubsets", () => {
  it("merges subsets with the same port and sorts addresses by IP byte-wise, then uid", () => {
    const out = repackSubsets([
      { addresses: [addr("10.0.0.9")], ports: [p(80)] },
      { addresses: [addr("10.0.0.10")], ports: [p(80)] },
      { addresses: [addr("10.0.0.10", "b")], ports: [p(80)] },
    ]);
    expect(out).toEqual([
      {
        addresses: [addr("10.0.0.10"), addr("10.0.0.10", "b"), addr("10.0.0.9")],
        ports: [p(80)],
      },
    ]);
  });

  it("not ready trumps ready for the same address and port", () => {
    const out = repackSubsets([
      { addresses: [addr("1.1.1.1")], ports: [p(80)] },
      { notReadyAddresses: [addr("1.1.1.1")], ports: [p(80)] },
    ]);
    expect(out).toEqual([{ notReadyAddresses: [addr("1.1.1.1")], ports: [p(80)] }]);
  });

  it("groups ports that have the same addresses; keeps port-less subsets without ports", () => {
    const out = repackSubsets([
      { addresses: [addr("1.1.1.1")], ports: [p(80), p(443)] },
      { addresses: [addr("1.1.1.2")], ports: [p(80)] },
    ]);
    expect(out).toHaveLength(2);
    expect(out).toContainEqual({ addresses: [addr("1.1.1.1")], ports: [p(443)] });
    expect(out).toContainEqual({ addresses: [addr("1.1.1.1"), addr("1.1.1.2")], ports: [p(80)] });
    expect(repackSubsets([{ addresses: [addr("1.1.1.1")] }])).toEqual([
      { addresses: [addr("1.1.1.1")] },
    ]);
    expect(repackSubsets([])).toEqual([]);
  });

  it("is canonical: any order of the input gives the same output", () => {
    const a = [
      { addresses: [addr("1.1.1.2")], ports: [p(80)] },
      { notReadyAddresses: [addr("1.1.1.1")], ports: [p(443), p(80)] },
    ];
    expect(repackSubsets(a)).toEqual(repackSubsets([...a].reverse()));
  });

  it("subsetsEqual treats empty and missing lists alike and ignores resourceVersion", () => {
    expect(subsetsEqual(undefined, [])).toBe(true);
    expect(
      subsetsEqual(
        [
          {
            addresses: [
              { ip: "1.1.1.1", targetRef: { kind: "Pod", uid: "u", resourceVersion: "5" } },
            ],
          },
        ],
        [
          {
            addresses: [{ ip: "1.1.1.1", targetRef: { kind: "Pod", uid: "u" } }],
            notReadyAddresses: [],
          },
        ],
      ),
    ).toBe(true);
  });

  it("compareEndpointAddress: no targetRef sorts first", () => {
    expect(compareEndpointAddress({ ip: "1.1.1.1" }, addr("1.1.1.1"))).toBeLessThan(0);
  });
});
