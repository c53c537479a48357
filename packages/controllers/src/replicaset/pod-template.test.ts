import { describe, expect, it } from "vitest";
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import {
  deletePodError,
  failedCreateEvent,
  failedDeleteEvent,
  successfulCreateEvent,
  successfulDeleteEvent,
} from "./events.js";
import { NoLabelsError, getPodFromTemplate, newControllerRef, podsPrefix } from "./pod-template.js";

const rs: ReplicaSet = {
  metadata: { name: "web-7d9c6b5f4", namespace: "prod", uid: "rs-uid" },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: {
        labels: { app: "web", "pod-template-hash": "7d9c6b5f4" },
        annotations: { note: "x" },
        finalizers: ["example.com/keep"],
      },
      spec: { containers: [{ name: "nginx", image: "nginx:1.25" }] },
    },
  },
};

describe("getPodFromTemplate (GetPodFromTemplate)", () => {
  it("copies labels, annotations, finalizers and spec, and sets generateName and the controllerRef", () => {
    const r = getPodFromTemplate(rs);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pod.metadata).toEqual({
      namespace: "prod",
      generateName: "web-7d9c6b5f4-",
      labels: { app: "web", "pod-template-hash": "7d9c6b5f4" },
      annotations: { note: "x" },
      finalizers: ["example.com/keep"],
      ownerReferences: [newControllerRef(rs)],
    });
    expect(r.pod.spec).toEqual(rs.spec?.template?.spec);
    expect(r.pod.spec).not.toBe(rs.spec?.template?.spec);
  });

  it("shares a frozen template's parts instead of copying them, and returns a frozen pod", () => {
    const cached = structuredClone(rs);
    deepFreeze(cached);
    const r = getPodFromTemplate(cached);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.pod.spec).toBe(cached.spec?.template?.spec);
    expect(r.pod.metadata?.labels).toBe(cached.spec?.template?.metadata?.labels);
    expect(r.pod.metadata?.annotations).toBe(cached.spec?.template?.metadata?.annotations);
    expect(r.pod.metadata?.finalizers).toBe(cached.spec?.template?.metadata?.finalizers);
    expect(r.pod.metadata?.ownerReferences).toEqual([newControllerRef(cached)]);
    expect(Object.isFrozen(r.pod) && Object.isFrozen(r.pod.metadata)).toBe(true);
    expect(Object.isFrozen(r.pod.metadata?.ownerReferences?.[0])).toBe(true);
    // the same pod as from the unfrozen ReplicaSet
    const fromCopy = getPodFromTemplate(rs);
    expect(fromCopy.ok && fromCopy.pod).toEqual(r.pod);
  });

  it("refuses a template without labels", () => {
    const bare: ReplicaSet = {
      ...rs,
      spec: { ...rs.spec!, template: { spec: { containers: [] } } },
    };
    expect(getPodFromTemplate(bare)).toEqual({ ok: false, error: NoLabelsError });
    expect(NoLabelsError).toBe("unable to create pods, no labels");
  });

  it("falls back to the bare name when name- is not a valid prefix", () => {
    expect(podsPrefix("web")).toBe("web-");
    // Upstream's mask of the trailing dash drops two characters, so "a"*253 + "-"
    // still passes; one more character and only the bare name remains.
    expect(podsPrefix("a".repeat(253))).toBe(`${"a".repeat(253)}-`);
    expect(podsPrefix("a".repeat(254))).toBe("a".repeat(254));
  });
});

describe("ReplicaSet controller events", () => {
  it("word events as Kubernetes does", () => {
    expect(successfulCreateEvent("web-7d9c6b5f4-x2x4z")).toEqual({
      type: "Normal",
      reason: "SuccessfulCreate",
      message: "Created pod: web-7d9c6b5f4-x2x4z",
    });
    expect(successfulDeleteEvent("web-1")).toEqual({
      type: "Normal",
      reason: "SuccessfulDelete",
      message: "Deleted pod: web-1",
    });
    expect(failedCreateEvent('pods "web-1" is forbidden: exceeded quota: q')).toEqual({
      type: "Warning",
      reason: "FailedCreate",
      message: 'Error creating: pods "web-1" is forbidden: exceeded quota: q',
    });
    expect(failedDeleteEvent("boom")).toEqual({
      type: "Warning",
      reason: "FailedDelete",
      message: "Error deleting: boom",
    });
    expect(deletePodError("boom")).toBe("unable to delete pods: boom");
  });
  it("stay silent for a terminating namespace and for NotFound", () => {
    expect(failedCreateEvent("x", true)).toBeUndefined();
    expect(failedDeleteEvent("x", true)).toBeUndefined();
  });
});

function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}
