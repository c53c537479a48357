/**
 * The eviction subresource through the runtime: recorded as a create on
 * pods/eviction (client-go's fake records it so), passed through the Client's
 * interceptors, and served by the FakeApiClient in its simplified way.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { isNotFound } from "@kubesim/api";
import { ApiServer } from "@kubesim/apiserver";
import { Loop, Rng } from "@kubesim/sim";
import { Client } from "../client/client.js";
import { describeAction, recordActions } from "./actions.js";
import { FakeApiClient } from "./fake-api-client.js";

const pod: Pod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "default" },
  spec: { containers: [{ name: "c", image: "nginx:1" }] },
};

describe("evict", () => {
  it("is recorded as create Pod default/p eviction, and reaches the apiserver", () => {
    const loop = new Loop();
    const api = new ApiServer({ loop, rng: new Rng(1) });
    const { client, actions } = recordActions(api);
    client.create("Pod", pod);
    client.evict("default", { metadata: { name: "p", namespace: "default" } });
    expect(actions.map(describeAction)).toEqual([
      "create Pod default/p",
      "create Pod default/p eviction",
    ]);
    // Never scheduled: deleted at once.
    expect(() => api.get("Pod", "default", "p")).toThrow();
  });

  it("goes through an evict interceptor when one is set", () => {
    const loop = new Loop();
    const api = new ApiServer({ loop, rng: new Rng(1) });
    const seen: string[] = [];
    const client = new Client(api, {
      interceptors: {
        evict: (next, ns, eviction, o) => {
          seen.push(`${ns}/${eviction.metadata?.name ?? ""}`);
          next.evict(ns, eviction, o);
        },
      },
    });
    client.create("Pod", pod);
    client.evict("default", { metadata: { name: "p" } });
    expect(seen).toEqual(["default/p"]);
  });

  it("the fake client: NotFound for a missing pod; else the condition, then the delete", () => {
    const loop = new Loop();
    const fake = new FakeApiClient({ loop });
    let err: unknown;
    try {
      fake.evict("default", { metadata: { name: "p" } });
    } catch (e) {
      err = e;
    }
    expect(isNotFound(err)).toBe(true);
    fake.create("Pod", pod);
    const seen: string[] = [];
    fake.watch("Pod", { resourceVersion: fake.resourceVersion }, (e) => {
      if (e.type === "ERROR") return;
      const cond = e.object.status?.conditions?.find((c) => c.type === "DisruptionTarget");
      seen.push(`${e.type} ${cond?.reason ?? "-"}`);
    });
    fake.evict("default", { metadata: { name: "p" } });
    loop.settle();
    expect(seen).toEqual(["MODIFIED EvictionByEvictionAPI", "DELETED EvictionByEvictionAPI"]);
  });
});
