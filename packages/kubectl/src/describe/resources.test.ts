import type { Container, Pod } from "kubernetes-types/core/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { smartLabelFor, splitCamelCase } from "./generic.js";
import { podRequestsAndLimits, totalOf } from "./pod-resources.js";
import { computePodQOS, getPodQOS } from "./qos.js";
import { formatEndpointSlices } from "./service.js";

const pod = (
  containers: Partial<Container>[],
  init: Partial<Container>[] = [],
  extra: Partial<Pod["spec"]> = {},
): Pod => ({
  spec: {
    containers: containers.map((c, i) => ({ name: `c${i}`, ...c })),
    initContainers: init.map((c, i) => ({ name: `i${i}`, ...c })),
    ...extra,
  },
});

describe("QoS class (ComputePodQOS)", () => {
  it("BestEffort without requests or limits", () => {
    expect(computePodQOS(pod([{}, {}]))).toBe("BestEffort");
  });
  it("Guaranteed when every container's cpu and memory limits equal its requests", () => {
    const r = { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1024Mi" } };
    expect(computePodQOS(pod([{ resources: r }, { resources: r }]))).toBe("Guaranteed");
    expect(computePodQOS(pod([{ resources: { limits: { cpu: "1", memory: "1Gi" } } }]))).toBe(
      "Burstable",
    );
  });
  it("Burstable otherwise", () => {
    expect(computePodQOS(pod([{ resources: { requests: { cpu: "100m" } } }]))).toBe("Burstable");
    expect(
      computePodQOS(
        pod([
          {
            resources: {
              requests: { cpu: "1", memory: "1Gi" },
              limits: { cpu: "2", memory: "1Gi" },
            },
          },
        ]),
      ),
    ).toBe("Burstable");
  });
  it("status.qosClass wins when set", () => {
    expect(getPodQOS({ ...pod([{}]), status: { qosClass: "Guaranteed" } })).toBe("Guaranteed");
  });
});

describe("podRequestsAndLimits", () => {
  it("sums app containers, takes init containers at their maximum, adds restartable sidecars and overhead", () => {
    const p = pod(
      [
        { resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "200m" } } },
        { resources: { requests: { cpu: "300m" } } },
      ],
      [
        { resources: { requests: { cpu: "1", memory: "32Mi" } } },
        {
          restartPolicy: "Always",
          resources: { requests: { cpu: "50m" }, limits: { cpu: "100m" } },
        },
      ],
      { overhead: { cpu: "10m" } },
    );
    const { requests, limits } = podRequestsAndLimits(p);
    expect(totalOf(requests, "cpu").toString()).toBe("1010m");
    expect(totalOf(requests, "memory").toString()).toBe("64Mi");
    expect(totalOf(limits, "cpu").toString()).toBe("310m");
    expect(totalOf(limits, "memory").toString()).toBe("0");
  });
});

const slice = (
  endpoints: { ip: string; ready?: boolean }[],
  ports?: { name: string; port: number }[],
): EndpointSlice => ({
  addressType: "IPv4",
  endpoints: endpoints.map((e) => ({
    addresses: [e.ip],
    conditions: e.ready === undefined ? {} : { ready: e.ready },
  })),
  ...(ports === undefined
    ? {}
    : { ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: "TCP" })) }),
});

describe("formatEndpointSlices", () => {
  it("<none> without slices; ready endpoints of the named port; at most three, then + N more...", () => {
    expect(formatEndpointSlices([], new Set([""]))).toBe("<none>");
    const s = slice(
      [
        { ip: "10.0.0.1", ready: true },
        { ip: "10.0.0.2", ready: false },
        { ip: "10.0.0.3" },
        { ip: "10.0.0.4" },
        { ip: "10.0.0.5" },
      ],
      [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
    );
    expect(formatEndpointSlices([s], new Set(["http"]))).toBe(
      "10.0.0.1:8080,10.0.0.3:8080,10.0.0.4:8080 + 1 more...",
    );
    expect(formatEndpointSlices([s], new Set(["other"]))).toBe("");
    expect(formatEndpointSlices([s], undefined)).toBe(
      "10.0.0.1:8080,10.0.0.3:8080,10.0.0.4:8080 + 5 more...",
    );
  });
  it("a headless slice without ports lists addresses", () => {
    expect(
      formatEndpointSlices(
        [slice([{ ip: "10.0.0.1" }, { ip: "fd00::1", ready: true }])],
        new Set([""]),
      ),
    ).toBe("10.0.0.1,fd00::1");
  });
  it("property: the count after `+` is the ready endpoints beyond the first three", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.boolean(), { nil: undefined }), { maxLength: 12 }),
        (readiness) => {
          const s = slice(
            readiness.map((r, i) => ({
              ip: `10.0.0.${i}`,
              ...(r === undefined ? {} : { ready: r }),
            })),
            [{ name: "", port: 80 }],
          );
          const ready = readiness.filter((r) => r !== false).length;
          const out = formatEndpointSlices([s], new Set([""]));
          const m = / \+ (\d+) more\.\.\.$/.exec(out);
          const shown = out === "" ? 0 : out.replace(/ \+.*$/, "").split(",").length;
          expect(shown + (m === null ? 0 : Number(m[1]))).toBe(ready);
          expect(shown).toBeLessThanOrEqual(3);
        },
      ),
    );
  });
});

describe("the generic describer's labels (smartLabelFor, camelcase.Split)", () => {
  it("splits on case changes and keeps acronyms whole", () => {
    expect(splitCamelCase("apiVersion")).toEqual(["api", "Version"]);
    expect(splitCamelCase("HTMLParser")).toEqual(["HTML", "Parser"]);
    expect(splitCamelCase("leaseDurationSeconds")).toEqual(["lease", "Duration", "Seconds"]);
    expect(smartLabelFor("apiVersion")).toBe("API Version");
    expect(smartLabelFor("uid")).toBe("UID");
    expect(smartLabelFor("holderIdentity")).toBe("Holder Identity");
    expect(smartLabelFor("podIPs")).toBe("Pod I Ps");
    expect(smartLabelFor("field_with_underscore")).toBe("field_with_underscore");
    expect(smartLabelFor("k8s")).toBe("k8s");
  });
});
