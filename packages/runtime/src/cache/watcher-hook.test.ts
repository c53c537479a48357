import type { KindName, KindTypes, WatchEvent, WatchHandle, WatchOptions } from "@kubesim/api";
import { Loop } from "@kubesim/sim";
import type { ConfigMap } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { FakeApiClient } from "../testing/fake-api-client.js";
import { SharedInformerFactory } from "./factory.js";
import { SharedIndexInformer } from "./informer.js";
import { metaNamespaceKey } from "./keys.js";
import type { WatcherStepHook } from "./watcher.js";

/** Records the options of every watch it opens. */
class RecordingClient extends FakeApiClient {
  readonly watchOptions: WatchOptions[] = [];
  override watch<K extends KindName>(
    kind: K,
    options: WatchOptions,
    handler: (event: WatchEvent<KindTypes[K]>) => void,
  ): WatchHandle {
    this.watchOptions.push(options);
    return super.watch(kind, options, handler);
  }
}

const cm = (name: string): ConfigMap => ({ metadata: { name, namespace: "default" } });

/** A 410 while things change, then a minute: what the cache holds, and the client's calls. */
function scenario(hook?: WatcherStepHook) {
  const loop = new Loop();
  const client = new RecordingClient({ loop });
  const informer = new SharedIndexInformer({
    client,
    loop,
    kind: "ConfigMap",
    ...(hook === undefined ? {} : { watcherStepHook: hook }),
  });
  const seen: string[] = [];
  informer.addEventHandler({
    onAdd: (o) => seen.push(`add ${metaNamespaceKey(o)}`),
    onUpdate: (_, o) => seen.push(`update ${metaNamespaceKey(o)}`),
    onDelete: () => seen.push("delete"),
  });
  client.create("ConfigMap", cm("a"));
  informer.run();
  loop.settle();
  client.failWatches(); // 410 Expired
  loop.settle();
  client.create("ConfigMap", cm("missed")); // while backing off
  loop.advance(800);
  client.create("ConfigMap", cm("later"));
  loop.advance("1m");
  return { client, informer, seen };
}

describe("InformerOptions.watcherStepHook", () => {
  it("is given every input with the real transition function; delegating changes nothing", () => {
    const inputs: string[] = [];
    const hooked = scenario((state, input, real) => {
      inputs.push(`${state.phase}:${input.type}`);
      return real(state, input);
    });
    const plain = scenario();
    expect(hooked.seen).toEqual(plain.seen);
    expect(hooked.client.calls).toEqual(plain.client.calls);
    expect(inputs.slice(0, 4)).toEqual([
      "Empty:Start",
      "Listing:Listed",
      "Watching:Error",
      "Backoff:BackoffElapsed",
    ]);
    // the real machine relists after the 410 and so sees the object created meanwhile
    expect(plain.seen).toEqual(["add default/a", "add default/missed", "add default/later"]);
  });

  it("performs what the hook returns: a watch from the current revision instead of a relist", () => {
    const fromNow: WatcherStepHook = (state, input, real) => {
      if (state.phase === "Watching" && input.type === "Error")
        return [state, [{ type: "CloseWatch" }, { type: "Backoff", reason: "410" }]];
      if (state.phase === "Watching" && input.type === "BackoffElapsed")
        return [state, [{ type: "Watch", resourceVersion: "", sendInitialEvents: false }]];
      return real(state, input);
    };
    const { client, informer } = scenario(fromNow);
    expect(client.calls.list).toBe(1);
    expect(client.watchOptions[1]).toMatchObject({ resourceVersion: "", sendInitialEvents: false });
    expect(client.watchOptions[0]).not.toHaveProperty("sendInitialEvents");
    expect(informer.lister.keys()).toContain("default/later");
  });

  it("reaches every informer of a factory", () => {
    const loop = new Loop();
    const client = new FakeApiClient({ loop });
    const kinds = new Set<string>();
    const factory = new SharedInformerFactory({
      client,
      loop,
      watcherStepHook: (state, input, real) => {
        if (input.type === "Listed") kinds.add(String(input.items.length));
        return real(state, input);
      },
    });
    client.create("ConfigMap", cm("a"));
    factory.informerFor("ConfigMap");
    factory.informerFor("Secret");
    factory.start();
    loop.settle();
    expect(factory.hasSynced()).toBe(true);
    expect([...kinds].sort()).toEqual(["0", "1"]);
  });
});
