import { describe, expect, it } from "vitest";
import { applyDefaults } from "../defaulting/apply.js";
import { validateCreate, validateUpdate } from "./validate.js";
import type { J } from "./testdata.js";
import { messages } from "./testdata.js";

const rv = { resourceVersion: "1" };

describe("Namespace", () => {
  const ns = (name: string, extra: J = {}): J =>
    applyDefaults({ apiVersion: "v1", kind: "Namespace", metadata: { name, ...rv }, ...extra });
  it("names are DNS labels; finalizers standard or qualified", () => {
    expect(messages(validateCreate(ns("team-a")))).toEqual([]);
    expect(messages(validateCreate(ns("team.a")))).toEqual([
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ]);
    expect(
      messages(validateCreate(ns("a", { spec: { finalizers: ["kubernetes", "custom"] } }))),
    ).toEqual([
      'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
  it("updates validate metadata only", () => {
    expect(messages(validateUpdate(ns("a", { spec: { finalizers: ["x y"] } }), ns("a")))).toEqual(
      [],
    );
  });
});

describe("Node", () => {
  const node = (extra: J = {}): J =>
    applyDefaults({ apiVersion: "v1", kind: "Node", metadata: { name: "n1", ...rv }, ...extra });
  it("is cluster-scoped and checks taints and capacity", () => {
    expect(
      messages(
        validateCreate(node({ status: { capacity: { cpu: "4", memory: "8Gi", pods: "110" } } })),
      ),
    ).toEqual([]);
    expect(
      messages(
        validateCreate(
          node({
            metadata: { name: "n1", namespace: "default" },
            spec: {
              taints: [
                { key: "a", effect: "NoSchedule" },
                { key: "a", effect: "NoSchedule" },
                { key: "b", effect: "Sometimes" },
              ],
            },
            status: { capacity: { cpu: "-1" } },
          }),
        ),
      ),
    ).toEqual([
      "metadata.namespace: Forbidden: not allowed on this type",
      'metadata.taints[1]: Duplicate value: {"key":"a","effect":"NoSchedule"}: taints must be unique by key and effect pair',
      'metadata.taints[2].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      'status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0',
      'status.allocatable.cpu: Invalid value: "-1": must be greater than or equal to 0',
    ]);
  });
  it("podCIDRs and providerID may only be set once", () => {
    const old = node({ spec: { podCIDRs: ["10.244.0.0/24"], providerID: "sim://n1" } });
    const next = node({ spec: { podCIDRs: ["10.244.1.0/24"], providerID: "sim://n2" } });
    expect(messages(validateUpdate(next, old))).toEqual([
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
      'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
    ]);
    expect(messages(validateUpdate(old, node()))).toEqual([]);
  });
});

describe("Endpoints", () => {
  const ep = (subsets: J[]): J =>
    applyDefaults({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "web", namespace: "default", ...rv },
      subsets,
    });
  it("addresses are valid, non-special IPs; ports named when several", () => {
    expect(
      messages(validateCreate(ep([{ addresses: [{ ip: "10.0.0.1" }], ports: [{ port: 80 }] }]))),
    ).toEqual([]);
    expect(messages(validateCreate(ep([{ ports: [{ port: 80 }] }])))).toEqual([
      "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`",
    ]);
    expect(
      messages(
        validateCreate(
          ep([
            {
              addresses: [{ ip: "127.0.0.1" }, { ip: "nope" }],
              ports: [{ port: 80 }, { port: 81 }],
            },
          ]),
        ),
      ),
    ).toEqual([
      'subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'subsets[0].addresses[1].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].addresses[1].ip: Invalid value: "nope": must be a valid IP address',
      "subsets[0].ports[0].name: Required value",
      "subsets[0].ports[1].name: Required value",
    ]);
  });
});

describe("EndpointSlice", () => {
  const slice = (extra: J): J =>
    applyDefaults({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "web-abc", namespace: "default", ...rv },
      ...extra,
    });
  it("address types, addresses and ports", () => {
    expect(
      messages(
        validateCreate(
          slice({
            addressType: "IPv4",
            endpoints: [{ addresses: ["10.0.0.1"] }],
            ports: [{ port: 80 }],
          }),
        ),
      ),
    ).toEqual([]);
    expect(messages(validateCreate(slice({ addressType: "IPv5" })))).toEqual([
      'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
    ]);
    expect(
      messages(
        validateCreate(
          slice({
            addressType: "IPv4",
            endpoints: [{ addresses: [] }, { addresses: ["fd00::1"] }],
            ports: [{ name: "a" }, { name: "a" }],
          }),
        ),
      ),
    ).toEqual([
      "endpoints[0].addresses: Required value: must contain at least 1 address",
      'endpoints[1].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
      'ports[1].name: Duplicate value: "a"',
    ]);
  });
  it("addressType is immutable", () => {
    const old = slice({ addressType: "IPv4" });
    expect(messages(validateUpdate(slice({ addressType: "IPv6" }), old))).toEqual([
      'addressType: Invalid value: "IPv6": field is immutable',
    ]);
  });
});

describe("Event (core/v1, legacy validation only)", () => {
  const ev = (extra: J): J => ({
    apiVersion: "v1",
    kind: "Event",
    metadata: { name: "x.1", namespace: "default" },
    ...extra,
  });
  it("involvedObject.namespace must match", () => {
    expect(
      messages(validateCreate(ev({ involvedObject: { kind: "Pod", namespace: "default" } }))),
    ).toEqual([]);
    expect(
      messages(validateCreate(ev({ involvedObject: { kind: "Pod", namespace: "other" } }))),
    ).toEqual(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  });
  it("events with eventTime need reporting fields", () => {
    expect(
      messages(
        validateCreate(
          ev({
            eventTime: "2024-01-01T00:00:00.000000Z",
            involvedObject: { namespace: "default" },
          }),
        ),
      ),
    ).toEqual([
      "reportingController: Required value",
      // Upstream also runs the qualified-name check on the empty value.
      'reportingController: Invalid value: "": name part must be non-empty',
      "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      "reportingInstance: Required value",
      "action: Required value",
      "reason: Required value",
    ]);
  });
});

describe("Lease", () => {
  const lease = (spec: J): J => ({
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: "n1", namespace: "kube-node-lease", ...rv },
    spec,
  });
  it("duration > 0, transitions ≥ 0", () => {
    expect(
      messages(validateCreate(lease({ holderIdentity: "n1", leaseDurationSeconds: 40 }))),
    ).toEqual([]);
    expect(
      messages(validateCreate(lease({ leaseDurationSeconds: 0, leaseTransitions: -1 }))),
    ).toEqual([
      "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
      "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
    ]);
    expect(messages(validateUpdate(lease({ leaseDurationSeconds: -5 }), lease({})))).toEqual([
      "spec.leaseDurationSeconds: Invalid value: -5: must be greater than 0",
    ]);
  });
});

describe("Ingress", () => {
  const backend = { service: { name: "web", port: { number: 80 } } };
  const ing = (spec: J, meta: J = {}): J => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "web", namespace: "default", ...rv, ...meta },
    spec,
  });
  it("accepts a typical Ingress", () => {
    expect(
      messages(
        validateCreate(
          ing({
            rules: [
              {
                host: "example.com",
                http: { paths: [{ path: "/", pathType: "Prefix", backend }] },
              },
            ],
          }),
        ),
      ),
    ).toEqual([]);
  });
  it("needs rules or a default backend", () => {
    expect(messages(validateCreate(ing({})))).toEqual([
      "spec: Invalid value: null: either `defaultBackend` or `rules` must be specified",
    ]);
  });
  it("hosts are DNS names, not IPs", () => {
    expect(
      messages(validateCreate(ing({ defaultBackend: backend, rules: [{ host: "10.0.0.1" }] }))),
    ).toEqual([
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
    ]);
    expect(
      messages(
        validateCreate(ing({ defaultBackend: backend, rules: [{ host: "*.example.com" }] })),
      ),
    ).toEqual([]);
  });
  it("paths need a supported pathType and clean absolute paths", () => {
    const path = (p: J): J => ing({ rules: [{ http: { paths: [{ backend, ...p }] } }] });
    expect(messages(validateCreate(path({ path: "/" })))).toEqual([
      "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
    ]);
    expect(messages(validateCreate(path({ path: "/", pathType: "Regex" })))).toEqual([
      'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]);
    expect(messages(validateCreate(path({ path: "api//v1", pathType: "Prefix" })))).toEqual([
      'spec.rules[0].http.paths[0].path: Invalid value: "api//v1": must be an absolute path',
      "spec.rules[0].http.paths[0].path: Invalid value: \"api//v1\": must not contain '//'",
    ]);
    expect(messages(validateCreate(ing({ rules: [{ http: { paths: [] } }] })))).toEqual([
      "spec.rules[0].http.paths: Required value",
    ]);
  });
  it("backends need a service name and a port", () => {
    const b = (be: J): J => ing({ defaultBackend: be });
    expect(messages(validateCreate(b({ service: { name: "", port: {} } })))).toEqual([
      "spec.defaultBackend.service.name: Required value",
      "spec.defaultBackend: Required value: port name or number is required",
    ]);
    expect(
      messages(validateCreate(b({ service: { name: "web", port: { name: "http", number: 80 } } }))),
    ).toEqual(['spec.defaultBackend: Invalid value: "": cannot set both port name & port number']);
    expect(messages(validateCreate(b({})))).toEqual([
      'spec.defaultBackend: Invalid value: "": resource or service backend is required',
    ]);
  });
  it("on create, the ingress.class annotation must match ingressClassName", () => {
    expect(
      messages(
        validateCreate(
          ing(
            { defaultBackend: backend, ingressClassName: "nginx" },
            { annotations: { "kubernetes.io/ingress.class": "traefik" } },
          ),
        ),
      ),
    ).toEqual([
      'annotations.kubernetes.io/ingress.class: Invalid value: "traefik": must match `ingressClassName` when both are specified',
    ]);
  });
});

describe("IngressClass", () => {
  const ic = (spec: J): J =>
    applyDefaults({
      apiVersion: "networking.k8s.io/v1",
      kind: "IngressClass",
      metadata: { name: "nginx", ...rv },
      spec,
    });
  it("controller is a required, domain-prefixed path, immutable", () => {
    expect(messages(validateCreate(ic({ controller: "k8s.io/ingress-nginx" })))).toEqual([]);
    expect(messages(validateCreate(ic({})))).toEqual(["spec.controller: Required value"]);
    expect(messages(validateCreate(ic({ controller: "nginx" })))).toEqual([
      'spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")',
    ]);
    expect(
      messages(
        validateUpdate(
          ic({ controller: "example.com/other" }),
          ic({ controller: "k8s.io/ingress-nginx" }),
        ),
      ),
    ).toEqual(['spec.controller: Invalid value: "example.com/other": field is immutable']);
  });
  it("parameters need kind, name and a coherent scope", () => {
    expect(
      messages(
        validateCreate(
          ic({ controller: "k8s.io/x", parameters: { kind: "", name: "p", scope: "Namespace" } }),
        ),
      ),
    ).toEqual([
      "spec.parameters.kind: Required value",
      "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'",
    ]);
  });
});

describe("dispatch", () => {
  it("unknown kinds and non-objects have no validation", () => {
    expect(validateCreate({ apiVersion: "example.com/v1", kind: "Widget" })).toEqual([]);
    expect(validateUpdate({ apiVersion: "v1", kind: "Pod" }, [] as unknown as object)).toEqual([]);
  });
});
