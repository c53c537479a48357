/**
 * Properties of the garbage collector on the real apiserver, over random
 * owner graphs (ConfigMaps owning earlier ConfigMaps, with random
 * blockOwnerDeletion), random deletions with random propagation policies,
 * a random watch latency, and collector outages (started late, restarted
 * with an empty cache):
 *
 * - nothing is left half-deleted: no survivor has a deletionTimestamp;
 * - no dependent with all owners gone survives: every ownerReference of a
 *   survivor points to a live object with that uid;
 * - an orphaned dependent (its only owner deleted with Orphan) survives,
 *   without the reference;
 * - the collector never deletes an object none of whose ancestors (nor
 *   itself) was deleted.
 */
import type { ConfigMap } from "kubernetes-types/core/v1";
import type { OwnerReference } from "kubernetes-types/meta/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNotFound, type PropagationPolicy } from "@kubesim/api";
import { ApiServer } from "@kubesim/apiserver";
import { SharedInformerFactory } from "@kubesim/runtime";
import { Loop, Rng } from "@kubesim/sim";
import { GarbageCollector } from "./garbagecollector.js";

const NS = "default";

type Op =
  | {
      readonly type: "delete";
      readonly index: number;
      readonly policy: PropagationPolicy | "default";
    }
  | { readonly type: "wait"; readonly ms: number }
  | { readonly type: "restartGC"; readonly downFor: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant("delete" as const),
      index: fc.nat(20),
      policy: fc.constantFrom<PropagationPolicy | "default">(
        "Background",
        "Foreground",
        "Orphan",
        "default",
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant("wait" as const),
      ms: fc.integer({ min: 0, max: 2000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("restartGC" as const),
      downFor: fc.integer({ min: 0, max: 5000 }),
    }),
  },
);

/** For each object i, its owners: [owner index, blockOwnerDeletion] with owner < i (a DAG). */
const graphArb = fc.integer({ min: 2, max: 9 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      i === 0
        ? fc.constant([] as [number, boolean][])
        : fc.uniqueArray(fc.tuple(fc.nat(i - 1), fc.boolean()), {
            maxLength: Math.min(3, i),
            selector: ([o]) => o,
          }),
    ),
  ),
);

function run(
  owners: readonly (readonly (readonly [number, boolean])[])[],
  ops: readonly Op[],
  gcStartAt: number,
  latency: number,
): void {
  const loop = new Loop();
  const api = new ApiServer({ loop, rng: new Rng(5), watchLatency: latency });
  const names = owners.map((_, i) => `cm-${i}`);
  const uids: string[] = [];
  owners.forEach((os, i) => {
    const refs: OwnerReference[] = os.map(([o, block]) => ({
      apiVersion: "v1",
      kind: "ConfigMap",
      name: names[o] ?? "",
      uid: uids[o] ?? "",
      blockOwnerDeletion: block,
    }));
    const cm: ConfigMap = api.create("ConfigMap", {
      metadata: {
        name: names[i] ?? "",
        namespace: NS,
        ...(refs.length === 0 ? {} : { ownerReferences: refs }),
      },
    });
    uids.push(cm.metadata?.uid ?? "");
  });

  let gc: { gc: GarbageCollector; informers: SharedInformerFactory } | undefined;
  const startGC = () => {
    const informers = new SharedInformerFactory({ client: api, loop });
    const c = new GarbageCollector({ client: api, informers, loop, kinds: ["ConfigMap"] });
    c.start();
    gc = { gc: c, informers };
  };
  const stopGC = () => {
    gc?.gc.stop();
    gc?.informers.shutdown();
    gc = undefined;
  };
  const get = (i: number): ConfigMap | undefined => {
    try {
      return api.get("ConfigMap", NS, names[i] ?? "");
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  };

  const directlyDeleted = new Set<number>();
  const mustSurviveOrphaned = new Map<number, string>(); // dependent -> owner uid

  ops.forEach((op, k) => {
    if (k === gcStartAt) startGC();
    switch (op.type) {
      case "delete": {
        const i = op.index % names.length;
        const obj = get(i);
        if (obj === undefined || obj.metadata?.deletionTimestamp != null) break;
        if (op.policy === "Orphan") {
          // Dependents whose only owner this is must survive, without it.
          for (let d = 0; d < names.length; d++) {
            const dep = get(d);
            const refs = dep?.metadata?.ownerReferences ?? [];
            if (
              dep !== undefined &&
              dep.metadata?.deletionTimestamp == null &&
              refs.length === 1 &&
              refs[0]?.uid === uids[i]
            ) {
              mustSurviveOrphaned.set(d, uids[i] ?? "");
            }
          }
        }
        mustSurviveOrphaned.delete(i);
        directlyDeleted.add(i);
        api.delete(
          "ConfigMap",
          NS,
          names[i] ?? "",
          op.policy === "default" ? {} : { propagationPolicy: op.policy },
        );
        break;
      }
      case "wait":
        loop.advance(op.ms);
        break;
      case "restartGC":
        if (gc === undefined) break;
        stopGC();
        loop.advance(op.downFor);
        startGC();
        break;
    }
  });
  if (gc === undefined) startGC();
  loop.advance("30m");

  const survivors = names.map((_, i) => [i, get(i)] as const).filter(([, o]) => o !== undefined);
  for (const [i, obj] of survivors) {
    expect(obj?.metadata?.deletionTimestamp, `${names[i]} left half-deleted`).toBeUndefined();
    for (const ref of obj?.metadata?.ownerReferences ?? []) {
      const owner = get(Number(ref.name.slice(3)));
      expect(
        owner?.metadata?.uid,
        `${names[i]} keeps a reference to a gone owner ${ref.name}`,
      ).toBe(ref.uid);
    }
  }
  for (const [d, ownerUid] of mustSurviveOrphaned) {
    const dep = get(d);
    expect(dep, `orphaned ${names[d]} was deleted`).toBeDefined();
    expect((dep?.metadata?.ownerReferences ?? []).map((r) => r.uid)).not.toContain(ownerUid);
  }
  // Never collected without cause: an object whose ancestors and itself were all left alone survives.
  const touched = (i: number): boolean =>
    directlyDeleted.has(i) || (owners[i] ?? []).some(([o]) => touched(o));
  for (let i = 0; i < names.length; i++) {
    if (!touched(i)) expect(get(i), `${names[i]} was collected without cause`).toBeDefined();
  }
  stopGC();
}

describe("garbage collector properties", () => {
  it("leaves no dependent of gone owners, keeps orphans without the reference, deletes nothing without cause", () => {
    fc.assert(
      fc.property(
        graphArb,
        fc.array(opArb, { maxLength: 10 }),
        fc.nat(10),
        fc.integer({ min: 0, max: 300 }),
        (owners, ops, gcStartAt, latency) => run(owners, ops, gcStartAt, latency),
      ),
      { numRuns: 80 },
    );
  });
});
