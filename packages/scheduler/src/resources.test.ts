import { describe, expect, it } from "vitest";
import { DefaultMaxPods, isScalarResourceName, nodeAllocatable, podRequests } from "./resources.js";
import { ctr, mkNode, mkPod } from "./testdata/fixtures.js";

describe("podRequests (PodRequests)", () => {
  it("takes the max of the container sum and each init container (fit.go's example)", () => {
    const pod = mkPod("p", {
      initContainers: [
        ctr("ic1", { cpu: "2", memory: "1G" }),
        ctr("ic2", { cpu: "2", memory: "3G" }),
      ],
      containers: [ctr("c1", { cpu: "2", memory: "1G" }), ctr("c2", { cpu: "1", memory: "1G" })],
    });
    const r = podRequests(pod).requests;
    expect(r.milliCPU).toBe(3000);
    expect(r.memory).toBe(3_000_000_000);
  });

  it("adds sidecars (restartPolicy Always) to the sum and to later init containers", () => {
    const pod = mkPod("p", {
      initContainers: [
        ctr("sidecar", { cpu: "500m" }, { restartPolicy: "Always" }),
        ctr("init", { cpu: "2" }),
      ],
      containers: [ctr("c", { cpu: "1" })],
    });
    // sum = 1 + 0.5 = 1.5; the init container runs beside the sidecar: 2 + 0.5 = 2.5.
    expect(podRequests(pod).requests.milliCPU).toBe(2500);
  });

  it("adds the pod overhead", () => {
    const pod = mkPod("p", {
      requests: { cpu: "100m", memory: "64Mi" },
      overhead: { cpu: "250m", memory: "120Mi" },
    });
    const r = podRequests(pod).requests;
    expect(r.milliCPU).toBe(350);
    expect(r.memory).toBe(184 * 1024 * 1024);
  });

  it("sums exactly before rounding: 0.5 + 0.5 bytes is 1 byte", () => {
    const pod = mkPod("p", {
      containers: [ctr("a", { memory: "500m" }), ctr("b", { memory: "500m" })],
    });
    expect(podRequests(pod).requests.memory).toBe(1);
  });

  it("counts 100m / 200Mi non-zero defaults only for containers missing the request", () => {
    const pod = mkPod("p", { containers: [ctr("a", { cpu: "0" }), { name: "b" }] });
    const r = podRequests(pod);
    expect(r.requests.milliCPU).toBe(0);
    expect(r.nonZeroMilliCPU).toBe(100); // "a" asked for 0 explicitly, "b" gets the default
    expect(r.nonZeroMemory).toBe(2 * 200 * 1024 * 1024);
  });

  it("keeps extended resources as scalars", () => {
    const r = podRequests(
      mkPod("p", { requests: { "example.com/gpu": "2", "hugepages-2Mi": "4Mi" } }),
    ).requests;
    expect(r.scalar.get("example.com/gpu")).toBe(2);
    expect(r.scalar.get("hugepages-2Mi")).toBe(4 * 1024 * 1024);
    expect(isScalarResourceName("cpu")).toBe(false);
    expect(isScalarResourceName("requests.example.com/x")).toBe(false);
    expect(isScalarResourceName("attachable-volumes-aws-ebs")).toBe(true);
  });
});

describe("nodeAllocatable", () => {
  it("reads allocatable; pods defaults to the kubelet's 110", () => {
    const a = nodeAllocatable(mkNode("n", { cpu: "4", memory: "8Gi" }));
    expect(a).toMatchObject({
      milliCPU: 4000,
      memory: 8 * 1024 ** 3,
      allowedPodNumber: DefaultMaxPods,
    });
    expect(nodeAllocatable(mkNode("n", { pods: "32" })).allowedPodNumber).toBe(32);
  });
});

describe("podRequests: one answer per containers list", () => {
  const frozen = <T>(v: T): T => {
    if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const x of Object.values(v)) frozen(x);
    }
    return v;
  };

  it("frozen pods sharing their containers (a ReplicaSet's, an assumed copy) share one result", () => {
    const a = frozen(mkPod("a", { requests: { cpu: "250m", memory: "64Mi" } }));
    const bound = frozen({ ...a, spec: { ...a.spec!, nodeName: "n1" } });
    expect(podRequests(bound)).toBe(podRequests(a));
    expect(podRequests(a).requests.milliCPU).toBe(250);
  });

  it("other inputs of PodRequests still count: init containers and overhead", () => {
    const a = frozen(mkPod("a", { requests: { cpu: "250m" } }));
    const withInit = frozen({
      ...a,
      spec: { ...a.spec!, initContainers: [ctr("i", { cpu: "1" })] },
    });
    const withOverhead = frozen({ ...a, spec: { ...a.spec!, overhead: { cpu: "100m" } } });
    expect(podRequests(withInit).requests.milliCPU).toBe(1000);
    expect(podRequests(withOverhead).requests.milliCPU).toBe(350);
    expect(podRequests(a).requests.milliCPU).toBe(250);
  });

  it("a pod that is not frozen is computed from what it holds now", () => {
    const p = mkPod("p", { requests: { cpu: "250m" } });
    expect(podRequests(p).requests.milliCPU).toBe(250);
    p.spec!.containers[0]!.resources = { requests: { cpu: "500m" } };
    expect(podRequests({ ...p, spec: { ...p.spec! } }).requests.milliCPU).toBe(500);
  });
});
