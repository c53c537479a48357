import {
  conflict,
  groupResource,
  isBadRequest,
  isConflict,
  kindInfo,
  OBJECT_MODIFIED,
} from "@kubesim/api";
import { Loop } from "@kubesim/sim";
import type { ConfigMap } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { FakeApiClient } from "../testing/fake-api-client.js";
import { Client } from "./client.js";

const setup = () => {
  const loop = new Loop();
  const fake = new FakeApiClient({ loop });
  return { loop, fake, client: new Client(fake) };
};

describe("Client", () => {
  it("passes every verb through to the underlying client", () => {
    const { client, fake } = setup();
    const cm = client.create("ConfigMap", { metadata: { name: "a", namespace: "default" } });
    expect(client.get("ConfigMap", "default", "a")).toBe(cm);
    expect(client.list("ConfigMap").items).toHaveLength(1);
    client.update("ConfigMap", { ...cm, data: { k: "v" } });
    client.patch("ConfigMap", "default", "a", "merge", { data: { k: "w" } });
    expect(fake.get("ConfigMap", "default", "a").data).toEqual({ k: "w" });
    client.delete("ConfigMap", "default", "a");
    expect(fake.calls).toMatchObject({
      create: 1,
      get: 2,
      list: 1,
      update: 1,
      patch: 1,
      delete: 1,
    });
  });

  it("an interceptor takes its verb only, and may call through or inject a fault", () => {
    const { client } = setup();
    let n = 0;
    const faulty = client.withInterceptors({
      update: (next, kind, obj, options) => {
        if (n++ === 0)
          throw conflict(groupResource(kindInfo(kind)!), obj.metadata?.name ?? "", OBJECT_MODIFIED);
        return next.update(kind, obj, options);
      },
    });
    const cm = faulty.create("ConfigMap", { metadata: { name: "a", namespace: "default" } });
    let err: unknown;
    try {
      faulty.update("ConfigMap", { ...cm, data: { x: "1" } });
    } catch (e) {
      err = e;
    }
    expect(isConflict(err)).toBe(true);
    expect(faulty.update("ConfigMap", { ...cm, data: { x: "1" } }).data).toEqual({ x: "1" });
  });
});

describe("ResourceClient", () => {
  it("binds a kind and a namespace, as client-go's typed clients do", () => {
    const { client } = setup();
    const cms = client.resource("ConfigMap").namespace("prod");
    const created = cms.create({ metadata: { name: "a" }, data: {} } as ConfigMap);
    expect(created.metadata?.namespace).toBe("prod");
    client
      .resource("ConfigMap")
      .namespace("dev")
      .create({ metadata: { name: "b" } });
    expect(cms.list().items.map((c) => c.metadata?.name)).toEqual(["a"]);
    expect(client.resource("ConfigMap").list().items).toHaveLength(2);
    expect(cms.get("a").metadata?.uid).toBe(created.metadata?.uid);
    expect(cms.patch("a", "merge", { data: { k: "v" } }).data).toEqual({ k: "v" });
    expect(cms.delete("a").deleted).toBe(true);
  });

  it("refuses an object from another namespace with kube-apiserver's message", () => {
    const { client } = setup();
    let err: unknown;
    try {
      client
        .resource("ConfigMap")
        .namespace("prod")
        .create({ metadata: { name: "a", namespace: "dev" } });
    } catch (e) {
      err = e;
    }
    expect(isBadRequest(err)).toBe(true);
    expect((err as Error).message).toBe(
      "the namespace of the provided object does not match the namespace sent on the request",
    );
  });

  it("updateStatus writes the status subresource", () => {
    const { client, fake } = setup();
    const seen: (string | undefined)[] = [];
    const c = new Client(fake, {
      interceptors: {
        update: (next, kind, obj, o) => {
          seen.push(o?.subresource);
          return next.update(kind, obj, o);
        },
      },
    });
    const d = client
      .resource("Deployment")
      .namespace("default")
      .create({ metadata: { name: "web" }, spec: { selector: {}, template: {} } });
    c.resource("Deployment")
      .namespace("default")
      .updateStatus({ ...d, status: { replicas: 1 } });
    expect(seen).toEqual(["status"]);
  });

  it("watch is scoped to the namespace and delivers through the loop", () => {
    const { client, loop } = setup();
    const got: string[] = [];
    client
      .resource("ConfigMap")
      .namespace("prod")
      .watch({ resourceVersion: "0" }, (e) => {
        if (e.type !== "ERROR") got.push(`${e.type} ${e.object.metadata?.name ?? ""}`);
      });
    client
      .resource("ConfigMap")
      .namespace("dev")
      .create({ metadata: { name: "x" } });
    client
      .resource("ConfigMap")
      .namespace("prod")
      .create({ metadata: { name: "y" } });
    expect(got).toEqual([]);
    loop.settle();
    expect(got).toEqual(["ADDED y"]);
  });
});
