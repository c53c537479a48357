import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { findPort } from "./find-port.js";

const pod: Pod = {
  metadata: { uid: "u" },
  spec: {
    containers: [
      { name: "a", ports: [{ name: "dns", containerPort: 53, protocol: "UDP" }] },
      {
        name: "b",
        ports: [
          { name: "dns", containerPort: 5353, protocol: "TCP" },
          { name: "web", containerPort: 8080 },
        ],
      },
    ],
    initContainers: [
      { name: "init", ports: [{ name: "side", containerPort: 1 }] },
      {
        name: "sidecar",
        restartPolicy: "Always",
        ports: [{ name: "side", containerPort: 15000, protocol: "TCP" }],
      },
    ],
  },
};

describe("findPort", () => {
  it("numeric targetPort: used as is", () => {
    expect(findPort(pod, { port: 80, targetPort: 9999 })).toBe(9999);
  });
  it("named: the first container port with that name and the service port's protocol", () => {
    expect(findPort(pod, { port: 53, targetPort: "dns", protocol: "UDP" })).toBe(53);
    expect(findPort(pod, { port: 53, targetPort: "dns", protocol: "TCP" })).toBe(5353);
    expect(findPort(pod, { port: 80, targetPort: "web", protocol: "TCP" })).toBe(8080);
  });
  it("named: sidecars (restartPolicy Always) count, plain init containers do not", () => {
    expect(findPort(pod, { port: 1, targetPort: "side", protocol: "TCP" })).toBe(15000);
    const noSidecar: Pod = {
      ...pod,
      spec: { ...pod.spec!, initContainers: [pod.spec!.initContainers![0]!] },
    };
    expect(findPort(noSidecar, { port: 1, targetPort: "side", protocol: "TCP" })).toBeUndefined();
  });
  it("named and missing: undefined", () => {
    expect(findPort(pod, { port: 80, targetPort: "nope", protocol: "TCP" })).toBeUndefined();
  });
});
