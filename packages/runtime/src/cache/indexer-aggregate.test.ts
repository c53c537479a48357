import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Pod } from "kubernetes-types/core/v1";
import { InvariantError } from "@kubesim/api";
import {
  CONTROLLER_UID_INDEX,
  Indexer,
  NAMESPACE_INDEX,
  controllerUidIndexFunc,
  namespaceIndexFunc,
  type IndexAggregator,
} from "./indexer.js";
import { metaNamespaceKey } from "./keys.js";

const pod = (ns: string, name: string, owner?: string, ready = false): Pod => ({
  metadata: {
    namespace: ns,
    name,
    ...(owner === undefined
      ? {}
      : {
          ownerReferences: [
            { apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: owner, controller: true },
          ],
        }),
  },
  status: { phase: ready ? "Running" : "Pending" },
});

interface Summary {
  keys: Set<string>;
  ready: number;
}

/** Keeps the keys and the number of Running pods of each bucket. */
const summaryAggregator: IndexAggregator<Pod, Summary> = {
  create: () => ({ keys: new Set(), ready: 0 }),
  add(s, key, p) {
    s.keys.add(key);
    if (p.status?.phase === "Running") s.ready++;
  },
  remove(s, key, p) {
    s.keys.delete(key);
    if (p.status?.phase === "Running") s.ready--;
  },
};

const make = () =>
  new Indexer<Pod>({
    [NAMESPACE_INDEX]: namespaceIndexFunc,
    [CONTROLLER_UID_INDEX]: controllerUidIndexFunc,
  });

describe("Indexer aggregates", () => {
  it("keeps a summary per bucket through adds, changes, moves and deletes", () => {
    const ix = make();
    const byOwner = ix.addAggregator(CONTROLLER_UID_INDEX, summaryAggregator);
    ix.upsert(pod("default", "a", "u1"));
    ix.upsert(pod("default", "b", "u1", true));
    expect(byOwner.get("u1")).toEqual({ keys: new Set(["default/a", "default/b"]), ready: 1 });
    // a change in place: remove(old) then add(new)
    ix.upsert(pod("default", "a", "u1", true));
    expect(byOwner.get("u1")?.ready).toBe(2);
    // a move to another bucket
    ix.upsert(pod("default", "b", "u2", true));
    expect(byOwner.get("u1")).toEqual({ keys: new Set(["default/a"]), ready: 1 });
    expect(byOwner.get("u2")).toEqual({ keys: new Set(["default/b"]), ready: 1 });
    // an emptied bucket loses its summary
    ix.delete("default/a");
    expect(byOwner.get("u1")).toBeUndefined();
    // objects with no index value are in no bucket
    ix.upsert(pod("default", "c"));
    expect(byOwner.get("")).toBeUndefined();
  });

  it("folds existing objects when added late; the same aggregator twice gives one reader", () => {
    const ix = make();
    ix.upsert(pod("ns1", "a", "u1", true));
    ix.upsert(pod("ns2", "b", "u1"));
    const byNs = ix.addAggregator(NAMESPACE_INDEX, summaryAggregator);
    expect(byNs.get("ns1")).toEqual({ keys: new Set(["ns1/a"]), ready: 1 });
    expect(byNs.get("ns2")).toEqual({ keys: new Set(["ns2/b"]), ready: 0 });
    expect(ix.addAggregator(NAMESPACE_INDEX, summaryAggregator)).toBe(byNs);
    expect(() => ix.addAggregator("nope", summaryAggregator)).toThrow(InvariantError);
  });

  it("every summary equals a fold over its bucket, and byIndex stays in key order (property)", () => {
    const step = fc.record({
      del: fc.boolean(),
      ns: fc.constantFrom("a", "b"),
      name: fc.constantFrom("p1", "p2", "p3", "p4"),
      owner: fc.option(fc.constantFrom("u1", "u2", "u3"), { nil: undefined }),
      ready: fc.boolean(),
      read: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const ix = make();
        const byOwner = ix.addAggregator(CONTROLLER_UID_INDEX, summaryAggregator);
        const byNs = ix.addAggregator(NAMESPACE_INDEX, summaryAggregator);
        const model = new Map<string, Pod>();
        for (const s of steps) {
          const p = pod(s.ns, s.name, s.owner, s.ready);
          const key = metaNamespaceKey(p);
          if (s.del) {
            ix.delete(key);
            model.delete(key);
          } else {
            ix.upsert(p);
            model.set(key, p);
          }
          if (s.read) ix.byIndex(NAMESPACE_INDEX, s.ns); // reads between writes
        }
        const check = (
          reader: { get(v: string): Summary | undefined },
          name: string,
          valueOf: (p: Pod) => readonly string[],
        ) => {
          const values = new Set([...model.values()].flatMap((p) => [...valueOf(p)]));
          for (const v of ["a", "b", "u1", "u2", "u3"]) {
            const members = [...model].filter(([, p]) => valueOf(p).includes(v));
            const got = reader.get(v);
            if (!values.has(v)) {
              expect(got).toBeUndefined();
              continue;
            }
            expect(got).toEqual({
              keys: new Set(members.map(([k]) => k)),
              ready: members.filter(([, p]) => p.status?.phase === "Running").length,
            });
            expect(ix.indexKeys(name, v)).toEqual(members.map(([k]) => k).sort());
          }
        };
        check(byOwner, CONTROLLER_UID_INDEX, controllerUidIndexFunc);
        check(byNs, NAMESPACE_INDEX, namespaceIndexFunc);
        expect(ix.keys()).toEqual([...model.keys()].sort());
      }),
      { numRuns: 200 },
    );
  });

  describe("a multi-valued index (one value per label)", () => {
    const LABELS = "labels";
    const labelValues = (p: Pod): readonly string[] =>
      Object.entries(p.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`);
    const labelled = (name: string, labels: Record<string, string>, ready = false): Pod => ({
      metadata: { namespace: "ns", name, labels },
      status: { phase: ready ? "Running" : "Pending" },
    });

    it("an update with the same values leaves the buckets (and their order) as they were", () => {
      const ix = new Indexer<Pod>({ [LABELS]: labelValues });
      const byLabel = ix.addAggregator(LABELS, summaryAggregator);
      ix.upsert(labelled("a", { app: "web", tier: "fe" }));
      ix.upsert(labelled("b", { app: "web", tier: "fe" }));
      const web = ix.indexKeys(LABELS, "app=web");
      const fe = ix.indexKeys(LABELS, "tier=fe");
      expect(web).toEqual(["ns/a", "ns/b"]);
      ix.upsert(labelled("a", { app: "web", tier: "fe" }, true)); // a readiness change
      expect(ix.indexKeys(LABELS, "app=web")).toBe(web); // not rebuilt
      expect(ix.indexKeys(LABELS, "tier=fe")).toBe(fe);
      expect(byLabel.get("app=web")).toEqual({ keys: new Set(["ns/a", "ns/b"]), ready: 1 });
      expect(byLabel.get("tier=fe")?.ready).toBe(1);
      ix.upsert(labelled("a", { app: "db", tier: "fe" }, true)); // one value changes
      expect(ix.indexKeys(LABELS, "app=web")).toEqual(["ns/b"]);
      expect(ix.indexKeys(LABELS, "app=db")).toEqual(["ns/a"]);
      expect(ix.indexKeys(LABELS, "tier=fe")).toEqual(["ns/a", "ns/b"]);
      expect(byLabel.get("app=web")).toEqual({ keys: new Set(["ns/b"]), ready: 0 });
      expect(byLabel.get("app=db")).toEqual({ keys: new Set(["ns/a"]), ready: 1 });
    });

    it("buckets and summaries equal the model through random label changes (property)", () => {
      const labelsArb = fc.dictionary(
        fc.constantFrom("app", "tier", "x"),
        fc.constantFrom("1", "2"),
      );
      const step = fc.record({
        del: fc.boolean(),
        name: fc.constantFrom("p1", "p2", "p3", "p4"),
        labels: labelsArb,
        ready: fc.boolean(),
        read: fc.boolean(),
      });
      fc.assert(
        fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
          const ix = new Indexer<Pod>({ [LABELS]: labelValues });
          const byLabel = ix.addAggregator(LABELS, summaryAggregator);
          const model = new Map<string, Pod>();
          for (const s of steps) {
            const p = labelled(s.name, s.labels, s.ready);
            const key = metaNamespaceKey(p);
            if (s.del) {
              ix.delete(key);
              model.delete(key);
            } else {
              ix.upsert(p);
              model.set(key, p);
            }
            if (s.read) for (const v of labelValues(p)) ix.indexKeys(LABELS, v);
          }
          for (const k of ["app", "tier", "x"]) {
            for (const val of ["1", "2"]) {
              const v = `${k}=${val}`;
              const members = [...model].filter(([, p]) => labelValues(p).includes(v));
              expect(ix.indexKeys(LABELS, v)).toEqual(members.map(([key]) => key).sort());
              expect(byLabel.get(v)).toEqual(
                members.length === 0
                  ? undefined
                  : {
                      keys: new Set(members.map(([key]) => key)),
                      ready: members.filter(([, p]) => p.status?.phase === "Running").length,
                    },
              );
            }
          }
        }),
        { numRuns: 200 },
      );
    });
  });
});
