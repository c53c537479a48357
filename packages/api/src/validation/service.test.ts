import { describe, expect, it } from "vitest";
import { normalizeServiceClusterIPs } from "../defaulting/apply.js";
import { applyDefaults } from "../defaulting/apply.js";
import { validateCreate, validateUpdate } from "./validate.js";
import type { J } from "./testdata.js";
import { clone, messages, service } from "./testdata.js";

function withSpec(patch: (spec: J) => void): J {
  const s = clone(service());
  patch(s["spec"]);
  return s;
}
const errsOf = (patch: (spec: J) => void): string[] => messages(validateCreate(withSpec(patch)));

describe("Service create", () => {
  it("accepts the defaulted fixture", () => {
    expect(messages(validateCreate(service()))).toEqual([]);
  });

  it("names are DNS-1035 labels", () => {
    const s = clone(service());
    s["metadata"].name = "1web";
    expect(messages(validateCreate(s))).toEqual([
      "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("ports are required unless headless or ExternalName", () => {
    expect(errsOf((s) => (s.ports = []))).toEqual(["spec.ports: Required value"]);
    expect(
      errsOf((s) => {
        s.ports = [];
        s.clusterIP = "None";
        s.clusterIPs = ["None"];
      }),
    ).toEqual([]);
  });

  it("port numbers, protocols and target ports", () => {
    expect(errsOf((s) => (s.ports = [{ port: 0, protocol: "TCP", targetPort: 70000 }]))).toEqual([
      "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
      "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    ]);
    expect(errsOf((s) => (s.ports[0].protocol = "ICMP"))).toEqual([
      'spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    ]);
    expect(errsOf((s) => (s.ports[0].targetPort = "Http_Port"))[0]).toMatch(
      /^spec\.ports\[0\]\.targetPort: Invalid value: "Http_Port": /,
    );
  });

  it("port names are required and unique when there are several ports", () => {
    expect(errsOf((s) => s.ports.push({ port: 81, protocol: "TCP", targetPort: 81 }))).toEqual([
      "spec.ports[0].name: Required value",
      "spec.ports[1].name: Required value",
    ]);
    expect(
      errsOf(
        (s) =>
          (s.ports = [
            { name: "web", port: 80, protocol: "TCP", targetPort: 80 },
            { name: "web", port: 81, protocol: "TCP", targetPort: 81 },
          ]),
      ),
    ).toEqual(['spec.ports[1].name: Duplicate value: "web"']);
    expect(
      errsOf(
        (s) =>
          (s.ports = [
            { name: "a", port: 80, protocol: "TCP", targetPort: 80 },
            { name: "b", port: 80, protocol: "TCP", targetPort: 81 },
          ]),
      ),
    ).toEqual(['spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}']);
  });

  it("type must be supported; nodePort needs a non-ClusterIP type", () => {
    expect(errsOf((s) => (s.type = "Ingress"))).toEqual([
      'spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    expect(errsOf((s) => (s.ports[0].nodePort = 30080))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });

  it("clusterIP and clusterIPs agree and hold IPs", () => {
    expect(errsOf((s) => (s.clusterIPs = ["10.96.0.11"]))).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.96.0.11"}: first value must match `clusterIP`',
    ]);
    expect(
      errsOf((s) => {
        s.clusterIP = "10.96.0.300";
        s.clusterIPs = ["10.96.0.300"];
      }),
    ).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
  });

  it("sessionAffinity and ClientIP timeouts", () => {
    expect(errsOf((s) => (s.sessionAffinity = "Cookie"))).toEqual([
      'spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"',
    ]);
    expect(
      errsOf((s) => {
        s.sessionAffinity = "ClientIP";
        s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 0 } };
      }),
    ).toEqual([
      "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400",
    ]);
  });

  it("LoadBalancer with externalTrafficPolicy Local needs a healthCheckNodePort (allocated by the registry)", () => {
    const lb = applyDefaults({
      ...clone(service()),
      spec: { ...clone(service())["spec"], type: "LoadBalancer", externalTrafficPolicy: "Local" },
    });
    expect(messages(validateCreate(lb))).toEqual(["spec.healthCheckNodePort: Required value"]);
    expect(errsOf((s) => (s.externalTrafficPolicy = "Cluster"))).toEqual([
      'spec.externalTrafficPolicy: Invalid value: "Cluster": may only be set for externally-accessible services',
    ]);
  });

  it("ExternalName needs an externalName and no cluster IPs", () => {
    const ext = applyDefaults({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "db", namespace: "default" },
      spec: { type: "ExternalName" },
    });
    expect(messages(validateCreate(ext))).toEqual(["spec.externalName: Required value"]);
  });
});

describe("Service update", () => {
  it("clusterIP may not change (reported on clusterIPs, after the registry's normalization)", () => {
    const old = service();
    const next = normalizeServiceClusterIPs(
      withSpec((s) => (s.clusterIP = "10.96.0.99")),
      old,
    );
    expect(messages(validateUpdate(next, old))).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set',
    ]);
  });

  it("other spec changes are validated as on create", () => {
    expect(
      messages(
        validateUpdate(
          withSpec((s) => (s.ports[0].port = 8080)),
          service(),
        ),
      ),
    ).toEqual([]);
    expect(
      messages(
        validateUpdate(
          withSpec((s) => (s.type = "Bogus")),
          service(),
        ),
      ),
    ).toEqual([
      'spec.type: Unsupported value: "Bogus": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });
});
