import { describe, expect, it } from "vitest";
import { ApiServer } from "@kubesim/apiserver";
import { Loop, Rng } from "@kubesim/sim";
import { describeAction, recordActions } from "./actions.js";

describe("recordActions", () => {
  it("records binding and scale calls as actions on their subresources", () => {
    const loop = new Loop();
    const api = new ApiServer({ loop, rng: new Rng(1) });
    const { client, actions } = recordActions(api);
    client.create("Pod", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: { containers: [{ name: "c", image: "nginx:1" }] },
    });
    client.bind("default", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "p", namespace: "default" },
      target: { apiVersion: "v1", kind: "Node", name: "node-1" },
    });
    client.create("ReplicaSet", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "rs", namespace: "default" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { a: "b" } },
        template: {
          metadata: { labels: { a: "b" } },
          spec: { containers: [{ name: "c", image: "x:1" }] },
        },
      },
    });
    const scale = client.getScale("ReplicaSet", "default", "rs");
    client.updateScale("ReplicaSet", "default", "rs", { ...scale, spec: { replicas: 2 } });
    expect(actions.map((a) => [a.verb, a.kind, a.name, a.subresource])).toEqual([
      ["create", "Pod", "p", undefined],
      ["create", "Pod", "p", "binding"],
      ["create", "ReplicaSet", "rs", undefined],
      ["get", "ReplicaSet", "rs", "scale"],
      ["update", "ReplicaSet", "rs", "scale"],
    ]);
    expect(api.get("Pod", "default", "p").spec?.nodeName).toBe("node-1");
    expect(describeAction(actions[1]!)).toContain("binding");
  });
});
