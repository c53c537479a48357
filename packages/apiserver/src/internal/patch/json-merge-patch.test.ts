import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isApiError } from "@kubesim/api";
import type { ApiError } from "@kubesim/api";
import { applyMergePatch } from "./json-merge-patch.js";
import { anyObject, arrayFreeObject, deepFreeze } from "./test-helpers.js";

function thrown(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("applyMergePatch: RFC 7386 Appendix A", () => {
  // [target, patch, result], in the order of the RFC's table (objects only at top level).
  const rows: [unknown, unknown, unknown][] = [
    [{ a: "b" }, { a: "c" }, { a: "c" }],
    [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
    [{ a: "b" }, { a: null }, {}],
    [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
    [{ a: ["b"] }, { a: "c" }, { a: "c" }],
    [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
    [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
    [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: "b", c: null }, { a: "b" }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(rows)("%j + %j = %j", (target, patch, result) => {
    expect(applyMergePatch(deepFreeze(target), deepFreeze(patch))).toEqual(result);
  });

  it("section 3's example: title, author, phoneNumber, tags", () => {
    const target = {
      title: "Goodbye!",
      author: { givenName: "John", familyName: "Doe" },
      tags: ["example", "sample"],
      content: "This will be unchanged",
    };
    const patch = {
      title: "Hello!",
      phoneNumber: "+01-123-456-7890",
      author: { familyName: null },
      tags: ["example"],
    };
    expect(applyMergePatch(deepFreeze(target), deepFreeze(patch))).toEqual({
      title: "Hello!",
      author: { givenName: "John" },
      tags: ["example"],
      content: "This will be unchanged",
      phoneNumber: "+01-123-456-7890",
    });
  });
});

describe("applyMergePatch: what kube-apiserver answers for a patch that is not an object", () => {
  it("rejects array, string, number and boolean bodies at decoding (400)", () => {
    for (const [patch, name] of [
      [["c"], "array"],
      ["bar", "string"],
      [5, "number"],
      [true, "bool"],
    ] as const) {
      const e = thrown(() => applyMergePatch({ a: "b" }, patch));
      expect(e.status.code).toBe(400);
      expect(e.status.reason).toBe("BadRequest");
      expect(e.message).toBe(
        `error decoding patch: json: cannot unmarshal ${name} into Go value of type map[string]interface {}`,
      );
    }
  });

  it("rejects a null body as json-patch's ErrBadJSONPatch (400 Invalid JSON Patch)", () => {
    const e = thrown(() => applyMergePatch({ a: "foo" }, null));
    expect(e.status.code).toBe(400);
    expect(e.message).toBe("Invalid JSON Patch");
  });
});

describe("applyMergePatch: json-patch v4 null pruning", () => {
  it("prunes nulls inside the objects of an array that lands on a missing key", () => {
    expect(applyMergePatch({}, { a: [{ x: null, y: 1 }, null] })).toEqual({
      a: [{ y: 1 }, null],
    });
  });

  it("prunes nulls of an object that replaces a scalar", () => {
    expect(applyMergePatch({ a: 1 }, { a: { b: null, c: { d: null } } })).toEqual({
      a: { c: {} },
    });
  });

  it("keeps an array that replaces an object as sent", () => {
    expect(applyMergePatch({ a: { b: 1 } }, { a: [{ x: null }] })).toEqual({ a: [{ x: null }] });
  });

  it("deleting a missing key is a no-op", () => {
    expect(applyMergePatch({ a: 1 }, { b: null })).toEqual({ a: 1 });
  });

  it("scales a Deployment the way kubectl scale does", () => {
    const deployment = deepFreeze({
      metadata: { name: "web", labels: { app: "web" } },
      spec: { replicas: 1, template: { spec: { containers: [{ name: "c", image: "i" }] } } },
    });
    const out = applyMergePatch(deployment, { spec: { replicas: 3 } }) as typeof deployment;
    expect(out.spec.replicas).toBe(3);
    // untouched subtrees are shared, not copied
    expect(out.metadata).toBe(deployment.metadata);
    expect(out.spec.template).toBe(deployment.spec.template);
  });
});

describe("applyMergePatch: properties", () => {
  it("an empty patch is the identity", () => {
    fc.assert(
      fc.property(anyObject, (doc) => {
        expect(applyMergePatch(deepFreeze(doc), {})).toEqual(doc);
      }),
      { numRuns: 100 },
    );
  });

  it("the whole new object, with nulls for removed keys, yields the new object", () => {
    // The patch is the new object (no nulls in it), plus null for each key of
    // the old object that the new one lacks, at every depth where both are objects.
    const nullsForRemoved = (
      oldV: unknown,
      newV: Record<string, unknown>,
    ): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(newV)) {
        const o = (oldV as Record<string, unknown> | undefined)?.[k];
        const isObj = (x: unknown): x is Record<string, unknown> =>
          typeof x === "object" && x !== null && !Array.isArray(x);
        Object.defineProperty(out, k, {
          value: isObj(v) && isObj(o) ? nullsForRemoved(o, v) : v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      if (typeof oldV === "object" && oldV !== null && !Array.isArray(oldV)) {
        for (const k of Object.keys(oldV)) {
          if (!Object.prototype.hasOwnProperty.call(newV, k)) {
            Object.defineProperty(out, k, {
              value: null,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          }
        }
      }
      return out;
    };
    fc.assert(
      fc.property(anyObject, arrayFreeObject, (oldDoc, newDoc) => {
        const patch = nullsForRemoved(oldDoc, newDoc);
        expect(applyMergePatch(deepFreeze(oldDoc), deepFreeze(patch))).toEqual(newDoc);
      }),
      { numRuns: 200 },
    );
  });

  it("never mutates its inputs (deeply frozen inputs are accepted)", () => {
    fc.assert(
      fc.property(anyObject, anyObject, (doc, patch) => {
        const before = JSON.stringify([doc, patch]);
        applyMergePatch(deepFreeze(doc), deepFreeze(patch));
        expect(JSON.stringify([doc, patch])).toBe(before);
      }),
      { numRuns: 100 },
    );
  });
});
