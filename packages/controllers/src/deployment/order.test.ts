import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ReplicaSet } from "kubernetes-types/apps/v1";
import { byCreationTimestamp, bySizeNewer, bySizeOlder, sortedBy } from "./order.js";
import { equalIgnoreHash, findNewReplicaSet } from "./util.js";

const rsArb: fc.Arbitrary<ReplicaSet> = fc
  .record({
    name: fc.constantFrom("a", "b", "c", "d"),
    t: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    replicas: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    image: fc.constantFrom("x", "y"),
  })
  .map(({ name, t, replicas, image }) => ({
    metadata: {
      name,
      ...(t === undefined ? {} : { creationTimestamp: `2024-01-01T00:00:0${t}Z` }),
    },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: {},
      template: { spec: { containers: [{ name: "c", image }] } },
    },
  }));

describe("sortedBy", () => {
  it("property: the order of a stable Array.prototype.sort, for every comparator, any length", () => {
    fc.assert(
      fc.property(
        fc.array(rsArb, { maxLength: 24 }),
        fc.constantFrom(byCreationTimestamp, bySizeOlder, bySizeNewer),
        (list, compare) => {
          const out = sortedBy(list, compare);
          expect(out).toEqual([...list].sort(compare));
          out.forEach((rs, i) => expect(rs).toBe([...list].sort(compare)[i]));
        },
      ),
    );
  });
});

describe("findNewReplicaSet", () => {
  it("property: the first match in creation order, as sort then find gives", () => {
    fc.assert(
      fc.property(fc.array(rsArb, { maxLength: 8 }), fc.constantFrom("x", "y"), (list, image) => {
        const d = {
          spec: { selector: {}, template: { spec: { containers: [{ name: "c", image }] } } },
        };
        const expected = [...list]
          .sort(byCreationTimestamp)
          .find((rs) => equalIgnoreHash(rs.spec?.template, d.spec.template));
        expect(findNewReplicaSet(d, list)).toBe(expected);
      }),
    );
  });
});
