/**
 * Properties of the store and its watches, over random sequences of writes.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { produce } from "immer";
import { isApiError, isConflict, type KubeObject, type WatchEvent } from "@kubesim/api";
import { configMap, harness, pod } from "./internal/fixtures.js";

type Labels = Record<string, string>;
type Cmd =
  | { readonly op: "create"; readonly name: string; readonly labels: Labels }
  | { readonly op: "update"; readonly name: string; readonly labels: Labels }
  | { readonly op: "delete"; readonly name: string };

const labelsArb: fc.Arbitrary<Labels> = fc.record(
  { app: fc.constantFrom("a", "b"), tier: fc.constantFrom("x", "y") },
  { requiredKeys: [] },
);
const nameArb = fc.constantFrom("p0", "p1", "p2", "p3");
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constant("create" as const), name: nameArb, labels: labelsArb }),
  fc.record({ op: fc.constant("update" as const), name: nameArb, labels: labelsArb }),
  fc.record({ op: fc.constant("delete" as const), name: nameArb }),
);

/** The selectors under test, with a reference implementation. */
const selectors: readonly [string, (l: Labels) => boolean][] = [
  ["", () => true],
  ["app=a", (l) => l["app"] === "a"],
  ["app=a,tier!=y", (l) => l["app"] === "a" && l["tier"] !== "y"],
  ["!tier", (l) => l["tier"] === undefined],
];

interface Write {
  readonly rv: number;
  readonly name: string;
  readonly old: Labels | undefined;
  readonly next: Labels | undefined;
}

/** Applies the commands; returns the committed writes (refused ones are skipped, as the model says). */
function run(
  h: ReturnType<typeof harness>,
  cmds: readonly Cmd[],
  onStep?: (i: number) => void,
): Write[] {
  const model = new Map<string, Labels>();
  const writes: Write[] = [];
  cmds.forEach((c, i) => {
    const old = model.get(c.name);
    try {
      if (c.op === "create") {
        h.api.create("Pod", pod(c.name, c.labels));
        expect(old).toBeUndefined();
        model.set(c.name, c.labels);
      } else if (c.op === "update") {
        const cur = h.api.get("Pod", "default", c.name);
        const out = h.api.update(
          "Pod",
          produce(cur, (d) => void (d.metadata!.labels = c.labels)),
        );
        model.set(c.name, c.labels);
        if (out === cur) return onStep?.(i); // no-op update: nothing written
      } else {
        const before = Number(h.api.resourceVersion);
        h.api.delete("Pod", "default", c.name);
        model.delete(c.name);
        // A pod is deleted gracefully even with a zero period: one write marks it, the next removes it.
        if (Number(h.api.resourceVersion) === before + 2)
          writes.push({ rv: before + 1, name: c.name, old, next: old });
      }
      writes.push({
        rv: Number(h.api.resourceVersion),
        name: c.name,
        old,
        next: model.get(c.name),
      });
    } catch (e) {
      if (!isApiError(e)) throw e;
      // refused: the model says why (create of an existing name, update/delete of a missing one)
      expect(c.op === "create" ? old !== undefined : old === undefined).toBe(true);
    }
    onStep?.(i);
  });
  return writes;
}

function expected(writes: readonly Write[], from: number, match: (l: Labels) => boolean): string[] {
  const out: string[] = [];
  for (const w of writes) {
    if (w.rv <= from) continue;
    const prev = w.old !== undefined && match(w.old);
    const cur = w.next !== undefined && match(w.next);
    if (cur) out.push(`${prev ? "MODIFIED" : "ADDED"} ${w.name} ${w.rv} ${JSON.stringify(w.next)}`);
    else if (prev) out.push(`DELETED ${w.name} ${w.rv} ${JSON.stringify(w.old)}`);
  }
  return out;
}

/** True when `v` and everything below it is frozen. */
function deepFrozen(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return true;
  if (!Object.isFrozen(v)) return false;
  return Object.values(v).every(deepFrozen);
}

const show = (e: WatchEvent<KubeObject>): string => {
  const o = e.object as KubeObject;
  return `${e.type} ${o.metadata!.name!} ${o.metadata!.resourceVersion!} ${JSON.stringify(o.metadata!.labels ?? {})}`;
};

describe("properties", () => {
  it("a watcher from version v sees exactly the writes after v, in order, with selectors (replayed and live)", () => {
    fc.assert(
      fc.property(fc.array(cmdArb, { minLength: 1, maxLength: 30 }), fc.nat(), (cmds, cut) => {
        const h = harness();
        const split = cut % cmds.length;
        const live: [string, (l: Labels) => boolean, string[], number][] = [];
        let v = Number(h.api.resourceVersion);
        const writes = run(h, cmds, (i) => {
          if (i !== split) return;
          v = Number(h.api.resourceVersion);
          for (const [sel, match] of selectors) {
            const seen: string[] = [];
            h.api.watch("Pod", { resourceVersion: String(v), labelSelector: sel }, (e) =>
              seen.push(show(e)),
            );
            live.push([sel, match, seen, v]);
          }
        });
        // Watchers opened after all the writes replay the same history from the event log.
        const replayed: [(l: Labels) => boolean, string[]][] = [];
        for (const [sel, match] of selectors) {
          const seen: string[] = [];
          h.api.watch("Pod", { resourceVersion: String(v), labelSelector: sel }, (e) =>
            seen.push(show(e)),
          );
          replayed.push([match, seen]);
        }
        h.loop.settle();
        expect(h.api.list("Pod").items.every(deepFrozen)).toBe(true);
        for (const [sel, match, seen, from] of live)
          expect(seen, `live ${sel}`).toEqual(expected(writes, from, match));
        for (const [match, seen] of replayed) expect(seen).toEqual(expected(writes, v, match));
      }),
      { numRuns: 60 },
    );
  });

  it("of several updates from the same resourceVersion exactly one wins; the others get 409", () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom("a", "b", "c"), fc.string({ maxLength: 3 })), {
          minLength: 2,
          maxLength: 5,
        }),
        (datas) => {
          const h = harness();
          const base = h.api.create("ConfigMap", configMap("c", { seed: "0" }));
          let wins = 0;
          let winner: Record<string, string> | undefined;
          for (const data of datas) {
            try {
              h.api.update(
                "ConfigMap",
                produce(base, (d) => void (d.data = { ...data, n: String(datas.indexOf(data)) })),
              );
              wins++;
              winner ??= { ...data, n: String(datas.indexOf(data)) };
            } catch (e) {
              expect(isConflict(e)).toBe(true);
            }
          }
          expect(wins).toBe(1);
          expect(h.api.get("ConfigMap", "default", "c").data).toEqual(winner);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("determinism: the same seed and inputs give the same trace hash and the same objects", () => {
    const arb = fc.tuple(fc.integer(), fc.array(cmdArb, { maxLength: 25 }));
    fc.assert(
      fc.property(arb, ([seed, cmds]) => {
        const once = (): [string, unknown] => {
          const h = harness({ seed });
          run(h, cmds);
          h.api.create("ConfigMap", { metadata: { generateName: "gen-" } });
          h.loop.advance("1m");
          return [
            h.trace.hash(),
            h.api.list("Pod").items.concat(h.api.list("ConfigMap").items as never),
          ];
        };
        const [hashA, objsA] = once();
        const [hashB, objsB] = once();
        expect(hashB).toBe(hashA);
        expect(objsB).toEqual(objsA);
      }),
      { numRuns: 20 },
    );
    // A different seed draws different names (and uids), so the trace differs.
    const withSeed = (seed: number): string => {
      const h = harness({ seed });
      h.api.create("ConfigMap", { metadata: { generateName: "gen-" } });
      return h.trace.hash();
    };
    expect(withSeed(1)).not.toBe(withSeed(2));
  });
});
