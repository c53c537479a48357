import type { Deployment } from "kubernetes-types/apps/v1";
import { Cluster } from "kubesim";
import { describe, expect, it } from "vitest";
import { actionOf } from "./actions.js";

const CHANGE_CAUSE = "kubernetes.io/change-cause";

function web(image: string, cause: string): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", annotations: { [CHANGE_CAUSE]: cause } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "app", image }] },
      },
    },
  };
}

/** A Deployment rolled out at app:v1 ("first"), then at app:v2 ("second"). */
function twoRevisions(): Cluster {
  const c = Cluster.create({ seed: 3, dns: false, ingress: false });
  c.apply([web("app:v1", "first")]);
  c.runUntil({ rollout: "web" }, { timeout: "5m" });
  c.apply([web("app:v2", "second")]);
  c.runUntil({ rollout: "web" }, { timeout: "5m" });
  return c;
}

describe("the undo action", () => {
  it("is kubectl's rollout undo: the previous revision's template and its annotations", () => {
    const c = twoRevisions();
    actionOf({ type: "undo" }).run(c);
    const d = c.get("Deployment", "web");
    expect(d.spec?.template.spec?.containers[0]?.image).toBe("app:v1");
    expect(d.spec?.template.metadata?.labels).toEqual({ app: "web" });
    // kubectl copies the ReplicaSet's annotations (the change-cause among them) onto the Deployment.
    expect(d.metadata?.annotations?.[CHANGE_CAUSE]).toBe("first");
    c.runUntil({ rollout: "web" }, { timeout: "5m" });
    expect(
      c.get("Deployment", "web").metadata?.annotations?.["deployment.kubernetes.io/revision"],
    ).toBe("3");
  });

  it("does nothing on a paused Deployment, as kubectl refuses it", () => {
    const c = twoRevisions();
    c.patch("Deployment", "web", { spec: { paused: true } });
    const before = c.get("Deployment", "web");
    actionOf({ type: "undo" }).run(c);
    expect(c.get("Deployment", "web")).toBe(before);
  });

  it("does nothing without an earlier revision", () => {
    const c = Cluster.create({ seed: 3, dns: false, ingress: false });
    c.apply([web("app:v1", "first")]);
    c.runUntil({ rollout: "web" }, { timeout: "5m" });
    const before = c.get("Deployment", "web");
    actionOf({ type: "undo" }).run(c);
    expect(c.get("Deployment", "web")).toBe(before);
  });
});
