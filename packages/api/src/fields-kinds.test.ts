import type { ReplicaSet } from "kubernetes-types/apps/v1";
import type { Event, Namespace, Node, Pod, Secret, Service } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { isBadRequest } from "./errors.js";
import {
  convertFieldLabel,
  convertFieldSelector,
  fieldsOf,
  validateFieldSelector,
} from "./fields-kinds.js";
import { parseFieldSelector } from "./fields.js";

describe("fieldsOf (the registries' ToSelectableFields)", () => {
  it("Pod", () => {
    const pod: Pod = {
      metadata: { name: "web-1", namespace: "default" },
      spec: {
        containers: [],
        nodeName: "node-1",
        restartPolicy: "Always",
        schedulerName: "default-scheduler",
        serviceAccountName: "default",
      },
      status: {
        phase: "Running",
        podIP: "10.0.0.5",
        podIPs: [{ ip: "10.0.0.5" }],
        nominatedNodeName: "",
      },
    };
    expect(fieldsOf("Pod", pod)).toEqual({
      "metadata.name": "web-1",
      "metadata.namespace": "default",
      "spec.nodeName": "node-1",
      "spec.restartPolicy": "Always",
      "spec.schedulerName": "default-scheduler",
      "spec.serviceAccountName": "default",
      "spec.hostNetwork": "false",
      "status.phase": "Running",
      "status.podIP": "10.0.0.5",
      "status.nominatedNodeName": "",
    });
  });

  it("Pod: empty fields read as '', podIP falls back to podIPs[0], serviceAccount to the deprecated field", () => {
    const bare = fieldsOf("Pod", { metadata: { name: "p" } });
    expect(bare["spec.nodeName"]).toBe("");
    expect(bare["status.phase"]).toBe("");
    expect(bare["spec.hostNetwork"]).toBe("false");
    expect(bare["metadata.namespace"]).toBe("");
    const pod: Pod = {
      metadata: { name: "p", namespace: "n" },
      spec: { containers: [], hostNetwork: true, serviceAccount: "legacy" },
      status: { podIPs: [{ ip: "fd00::1" }, { ip: "10.0.0.1" }] },
    };
    expect(fieldsOf("Pod", pod)).toMatchObject({
      "spec.hostNetwork": "true",
      "spec.serviceAccountName": "legacy",
      "status.podIP": "fd00::1",
    });
  });

  it("Event, with source falling back to reportingComponent", () => {
    const ev: Event = {
      metadata: { name: "web-1.17a", namespace: "default" },
      involvedObject: {
        kind: "Pod",
        namespace: "default",
        name: "web-1",
        uid: "u-1",
        apiVersion: "v1",
        resourceVersion: "42",
        fieldPath: "spec.containers{web}",
      },
      reason: "Pulled",
      source: { component: "kubelet", host: "node-1" },
      type: "Normal",
    };
    expect(fieldsOf("Event", ev)).toEqual({
      "metadata.name": "web-1.17a",
      "metadata.namespace": "default",
      "involvedObject.kind": "Pod",
      "involvedObject.namespace": "default",
      "involvedObject.name": "web-1",
      "involvedObject.uid": "u-1",
      "involvedObject.apiVersion": "v1",
      "involvedObject.resourceVersion": "42",
      "involvedObject.fieldPath": "spec.containers{web}",
      reason: "Pulled",
      reportingComponent: "",
      source: "kubelet",
      type: "Normal",
    });
    const newer: Event = {
      metadata: { name: "e" },
      involvedObject: {},
      reportingComponent: "deployment-controller",
    };
    expect(fieldsOf("Event", newer)).toMatchObject({
      source: "deployment-controller",
      reportingComponent: "deployment-controller",
    });
  });

  it("cluster-scoped kinds offer no metadata.namespace", () => {
    const node: Node = { metadata: { name: "node-1" }, spec: { unschedulable: true } };
    expect(fieldsOf("Node", node)).toEqual({
      "metadata.name": "node-1",
      "spec.unschedulable": "true",
    });
    expect(fieldsOf("Node", { metadata: { name: "n" } })).toEqual({
      "metadata.name": "n",
      "spec.unschedulable": "false",
    });
    const ns: Namespace = { metadata: { name: "dev" }, status: { phase: "Terminating" } };
    expect(fieldsOf("Namespace", ns)).toEqual({
      "metadata.name": "dev",
      "status.phase": "Terminating",
      name: "dev",
    });
    expect(fieldsOf("IngressClass", { metadata: { name: "nginx" } })).toEqual({
      "metadata.name": "nginx",
    });
  });

  it("Secret, Service, ReplicaSet, and kinds with metadata fields only", () => {
    const secret: Secret = { metadata: { name: "s", namespace: "d" }, type: "Opaque" };
    expect(fieldsOf("Secret", secret)).toEqual({
      "metadata.name": "s",
      "metadata.namespace": "d",
      type: "Opaque",
    });
    const svc: Service = {
      metadata: { name: "web", namespace: "d" },
      spec: { clusterIP: "None", type: "ClusterIP" },
    };
    expect(fieldsOf("Service", svc)).toEqual({
      "metadata.name": "web",
      "metadata.namespace": "d",
      "spec.clusterIP": "None",
      "spec.type": "ClusterIP",
    });
    const rs: ReplicaSet = { metadata: { name: "r", namespace: "d" }, status: { replicas: 3 } };
    expect(fieldsOf("ReplicaSet", rs)).toEqual({
      "metadata.name": "r",
      "metadata.namespace": "d",
      "status.replicas": "3",
    });
    expect(
      fieldsOf("ReplicaSet", { metadata: { name: "r", namespace: "d" } })["status.replicas"],
    ).toBe("0");
    expect(
      fieldsOf("Deployment", { metadata: { name: "web", namespace: "d" }, spec: { replicas: 2 } }),
    ).toEqual({
      "metadata.name": "web",
      "metadata.namespace": "d",
    });
  });

  it("drives matching: --field-selector status.phase=Running,spec.nodeName=node-1", () => {
    const sel = parseFieldSelector("status.phase=Running,spec.nodeName=node-1");
    const pod = (phase: string, nodeName?: string): Pod => ({
      metadata: { name: "p", namespace: "d" },
      spec: { containers: [], ...(nodeName === undefined ? {} : { nodeName }) },
      status: { phase },
    });
    expect(sel.matches(fieldsOf("Pod", pod("Running", "node-1")))).toBe(true);
    expect(sel.matches(fieldsOf("Pod", pod("Pending", "node-1")))).toBe(false);
    expect(parseFieldSelector("spec.nodeName=").matches(fieldsOf("Pod", pod("Pending")))).toBe(
      true,
    );
  });
});

describe("convertFieldLabel / validateFieldSelector (field label conversions)", () => {
  const accepted: ReadonlyArray<[string, string]> = [
    ["Pod", "metadata.name"],
    ["Pod", "metadata.namespace"],
    ["Pod", "spec.nodeName"],
    ["Pod", "spec.restartPolicy"],
    ["Pod", "spec.schedulerName"],
    ["Pod", "spec.serviceAccountName"],
    ["Pod", "spec.hostNetwork"],
    ["Pod", "status.phase"],
    ["Pod", "status.podIP"],
    ["Pod", "status.podIPs"],
    ["Pod", "status.nominatedNodeName"],
    ["Node", "metadata.name"],
    ["Node", "spec.unschedulable"],
    ["Event", "involvedObject.uid"],
    ["Event", "reportingComponent"],
    ["Event", "source"],
    ["Event", "type"],
    ["Event", "metadata.namespace"],
    ["Namespace", "status.phase"],
    ["Secret", "type"],
    ["Service", "spec.clusterIP"],
    ["Service", "spec.type"],
    ["Deployment", "metadata.name"],
    ["ConfigMap", "metadata.namespace"],
    ["IngressClass", "metadata.namespace"],
  ];
  it.each(accepted)("%s accepts %s", (kind, label) => {
    expect(convertFieldLabel(kind, label, "v")).toEqual([label, "v"]);
    expect(validateFieldSelector(kind, parseFieldSelector(`${label}=v`))).toBeUndefined();
  });

  const refused: ReadonlyArray<[string, string, string]> = [
    ["Pod", "spec.foo", "field label not supported: spec.foo"],
    ["Pod", "status.hostIP", "field label not supported: status.hostIP"],
    ["Node", "metadata.namespace", "field label not supported: metadata.namespace"],
    ["Namespace", "name", "field label not supported: name"],
    ["Event", "involvedObject.foo", "field label not supported: involvedObject.foo"],
    ["Secret", "data", "field label not supported: data"],
    ["Service", "spec.ports", "field label not supported: spec.ports"],
    // apps/v1 registers no conversion for ReplicaSet (kubernetes issue #135136)
    [
      "ReplicaSet",
      "status.replicas",
      '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      "Deployment",
      "spec.replicas",
      '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    [
      "Ingress",
      "foo.bar",
      '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
  ];
  it.each(refused)("%s refuses %s", (kind, label, message) => {
    const err = validateFieldSelector(kind, parseFieldSelector(`${label}=v`));
    expect(err).toBeDefined();
    expect(isBadRequest(err)).toBe(true);
    expect(err!.httpCode).toBe(400);
    expect(err!.message).toBe(message);
    expect(() => convertFieldLabel(kind, label, "v")).toThrow(message);
  });

  it("reports the first refused term in sorted order", () => {
    expect(
      validateFieldSelector("Pod", parseFieldSelector("z.bad=1,a.bad=2,status.phase=Running"))
        ?.message,
    ).toBe("field label not supported: a.bad");
    expect(validateFieldSelector("Pod", parseFieldSelector(""))).toBeUndefined();
  });

  it("rewrites Pod's legacy spec.host to spec.nodeName", () => {
    expect(convertFieldSelector("Pod", parseFieldSelector("spec.host=node-1")).toString()).toBe(
      "spec.nodeName=node-1",
    );
    expect(() => convertFieldSelector("Node", parseFieldSelector("spec.host=x"))).toThrow(
      "field label not supported: spec.host",
    );
  });
});
