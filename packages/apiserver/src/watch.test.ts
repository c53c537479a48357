import { describe, expect, it } from "vitest";
import { produce } from "immer";
import { isApiError, type KubeObject, type WatchEvent } from "@kubesim/api";
import { configMap, harness, pod, recorder } from "./internal/fixtures.js";

describe("watch", () => {
  it("never calls a watcher inside a write: events arrive as loop tasks, in commit order", () => {
    const h = harness();
    const rec = recorder();
    h.api.watch("ConfigMap", { resourceVersion: h.api.resourceVersion }, rec.handler);
    h.api.create("ConfigMap", configMap("a"));
    h.api.update("ConfigMap", configMap("a", { k: "v" }));
    h.api.delete("ConfigMap", "default", "a");
    expect(rec.events).toEqual([]);
    h.loop.settle();
    expect(rec.summary()).toEqual(["ADDED a 5", "MODIFIED a 6", "DELETED a 7"]);
  });

  it("from a resourceVersion: replays exactly the changes after it, then continues live", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("a"));
    const rv = h.api.resourceVersion;
    h.api.create("ConfigMap", configMap("b"));
    h.api.delete("ConfigMap", "default", "a");
    const rec = recorder();
    h.api.watch("ConfigMap", { resourceVersion: rv }, rec.handler);
    h.api.create("ConfigMap", configMap("c"));
    h.loop.settle();
    expect(rec.summary()).toEqual(["ADDED b 6", "DELETED a 7", "ADDED c 8"]);
  });

  it('resourceVersion omitted or "0": synthetic ADDED for what exists, in key order, then live', () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("b"));
    h.api.create("ConfigMap", configMap("a"));
    for (const rv of [undefined, "0"]) {
      const rec = recorder();
      const w = h.api.watch(
        "ConfigMap",
        rv === undefined ? {} : { resourceVersion: rv },
        rec.handler,
      );
      h.loop.settle();
      expect(rec.summary()).toEqual(["ADDED a 6", "ADDED b 5"]);
      w.stop();
    }
  });

  it("sendInitialEvents: ADDED for the current state, then the initial-events-end BOOKMARK", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("a"));
    const rec = recorder();
    h.api.watch(
      "ConfigMap",
      { sendInitialEvents: true, allowWatchBookmarks: true, resourceVersion: "" },
      rec.handler,
    );
    h.loop.settle();
    expect(rec.events.map((e) => e.type)).toEqual(["ADDED", "BOOKMARK"]);
    expect(rec.events[1]!.object).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        resourceVersion: h.api.resourceVersion,
        annotations: { "k8s.io/initial-events-end": "true" },
      },
    });
  });

  it("sendInitialEvents=false with no resourceVersion starts at the current revision, with no synthetic events", () => {
    const h = harness();
    h.api.create("ConfigMap", configMap("a"));
    const rec = recorder();
    h.api.watch("ConfigMap", { sendInitialEvents: false }, rec.handler);
    h.api.create("ConfigMap", configMap("b"));
    h.loop.settle();
    expect(rec.summary()).toEqual(["ADDED b 6"]);
  });

  it("label selectors: an object that starts matching is ADDED, one that stops matching is DELETED (old object, new revision)", () => {
    const h = harness();
    const rec = recorder();
    h.api.watch(
      "Pod",
      { resourceVersion: h.api.resourceVersion, labelSelector: "app=web" },
      rec.handler,
    );
    let p = h.api.create("Pod", pod("p", { app: "db" }));
    p = h.api.update(
      "Pod",
      produce(p, (x) => void (x.metadata!.labels = { app: "web" })),
    );
    p = h.api.update(
      "Pod",
      produce(p, (x) => void (x.metadata!.annotations = { a: "1" })),
    );
    const left = h.api.update(
      "Pod",
      produce(p, (x) => void (x.metadata!.labels = { app: "db" })),
    );
    h.api.delete("Pod", "default", "p");
    h.loop.settle();
    expect(rec.summary()).toEqual([
      "ADDED p 6",
      "MODIFIED p 7",
      `DELETED p ${left.metadata!.resourceVersion!}`,
    ]);
    const deleted = rec.events[2]!.object as KubeObject;
    expect(deleted.metadata?.labels).toEqual({ app: "web" });
  });

  it("field selectors work the same way (spec.nodeName, as the kubelet watches)", () => {
    const h = harness();
    const rec = recorder();
    h.api.watch(
      "Pod",
      { resourceVersion: "0", fieldSelector: "spec.nodeName=node-1" },
      rec.handler,
    );
    h.api.create("Pod", pod("p"));
    h.api.bind("default", { metadata: { name: "p" }, target: { name: "node-1" } });
    h.loop.settle();
    expect(rec.summary()).toEqual(["ADDED p 6"]);
  });

  it("a namespaced watch sees only its namespace", () => {
    const h = harness();
    const rec = recorder();
    h.api.watch("ConfigMap", { namespace: "kube-system", resourceVersion: "0" }, rec.handler);
    h.api.create("ConfigMap", configMap("a"));
    h.api.create("ConfigMap", configMap("b", {}, "kube-system"));
    h.loop.settle();
    expect(rec.summary()).toEqual(["ADDED b 6"]);
  });

  it("a resourceVersion older than the window gets one ERROR 410 Expired, then the watch ends", () => {
    const h = harness({ watchWindow: 2 });
    for (let i = 0; i < 4; i++) h.api.create("ConfigMap", configMap(`c${i}`));
    const rec = recorder();
    const w = h.api.watch("ConfigMap", { resourceVersion: "5" }, rec.handler);
    h.loop.settle();
    expect(rec.events.length).toBe(1);
    expect(rec.events[0]!.type).toBe("ERROR");
    expect(rec.events[0]!.object).toMatchObject({
      kind: "Status",
      code: 410,
      reason: "Expired",
      message: "too old resource version: 5 (6)",
    });
    expect(w.stopped).toBe(true);
    h.api.create("ConfigMap", configMap("late"));
    h.loop.settle();
    expect(rec.events.length).toBe(1);
    // The window now holds revisions 8 and 9: resuming from the newest evicted one (7) still works.
    const ok = recorder();
    h.api.watch("ConfigMap", { resourceVersion: "7" }, ok.handler);
    h.loop.settle();
    expect(ok.summary()).toEqual(["ADDED c3 8", "ADDED late 9"]);
  });

  it("bookmarks every minute of virtual time carry only the resourceVersion", () => {
    const h = harness();
    const rec = recorder();
    h.api.watch(
      "ConfigMap",
      { resourceVersion: h.api.resourceVersion, allowWatchBookmarks: true },
      rec.handler,
    );
    h.loop.advance("59s");
    expect(rec.events).toEqual([]);
    h.api.create("ConfigMap", configMap("a"));
    h.loop.advance("1s");
    expect(rec.events.map((e) => e.type)).toEqual(["ADDED", "BOOKMARK"]);
    expect(rec.events[1]!.object).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { resourceVersion: "5" },
    });
    h.loop.advance("2m");
    expect(rec.events.length).toBe(4);
  });

  it("latency delays delivery on the virtual clock", () => {
    const h = harness({ watchLatency: "200ms" });
    const rec = recorder();
    h.api.watch("ConfigMap", { resourceVersion: h.api.resourceVersion }, rec.handler);
    h.api.create("ConfigMap", configMap("a"));
    h.loop.advance(199);
    expect(rec.events).toEqual([]);
    h.loop.advance(1);
    expect(rec.summary()).toEqual(["ADDED a 5"]);
  });

  it("stop() ends delivery at once, even mid-batch", () => {
    const h = harness();
    const seen: string[] = [];
    const w = h.api.watch(
      "ConfigMap",
      { resourceVersion: h.api.resourceVersion },
      (e: WatchEvent<KubeObject>) => {
        seen.push((e.object as KubeObject).metadata!.name!);
        w.stop();
      },
    );
    h.api.create("ConfigMap", configMap("a"));
    h.api.create("ConfigMap", configMap("b"));
    h.loop.settle();
    expect(seen).toEqual(["a"]);
    expect(h.api.watchCount).toBe(0);
  });

  it("a handler that writes is not re-entered: its write's event comes in a later task", () => {
    const h = harness();
    const log: string[] = [];
    h.api.watch("ConfigMap", { resourceVersion: h.api.resourceVersion }, (e) => {
      const name = (e.object as KubeObject).metadata!.name!;
      log.push(`begin ${name}`);
      if (name === "a") h.api.create("ConfigMap", configMap("b"));
      log.push(`end ${name}`);
    });
    h.api.create("ConfigMap", configMap("a"));
    h.loop.settle();
    expect(log).toEqual(["begin a", "end a", "begin b", "end b"]);
  });

  it("bad watch options are 400 and register nothing", () => {
    const h = harness();
    for (const o of [
      { labelSelector: "a in (" },
      { fieldSelector: "x" },
      { resourceVersion: "-1" },
    ]) {
      let err: unknown;
      try {
        h.api.watch("Pod", o, () => undefined);
      } catch (e) {
        err = e;
      }
      expect(isApiError(err) && err.httpCode === 400).toBe(true);
    }
    expect(h.api.watchCount).toBe(0);
    expect(h.loop.pending).toBe(0);
  });
});
