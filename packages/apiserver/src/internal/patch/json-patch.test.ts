import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isApiError } from "@kubesim/api";
import type { ApiError } from "@kubesim/api";
import { applyJsonPatch } from "./json-patch.js";
import { APISERVER_PANIC_MESSAGE, PATCH_REJECTED_MESSAGE } from "./patch-errors.js";
import { anyObject, arrayFreeObject, deepFreeze, plainKey } from "./test-helpers.js";

function thrown(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (isApiError(e)) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

/** The 422 kube-apiserver answers, and json-patch's own message (kept as the cause). */
function rejected(f: () => unknown): string {
  const e = thrown(f);
  expect(e.status.code).toBe(422);
  expect(e.status.reason).toBe("Invalid");
  expect(e.message).toBe(PATCH_REJECTED_MESSAGE);
  expect(e.status.details).toEqual({});
  return (e.cause as Error).message;
}

const apply = (doc: unknown, ops: unknown): unknown =>
  applyJsonPatch(deepFreeze(doc), deepFreeze(ops));

describe("applyJsonPatch: RFC 6902 Appendix A", () => {
  it("A.1 adds an object member", () => {
    expect(apply({ foo: "bar" }, [{ op: "add", path: "/baz", value: "qux" }])).toEqual({
      baz: "qux",
      foo: "bar",
    });
  });

  it("A.2 adds an array element", () => {
    expect(apply({ foo: ["bar", "baz"] }, [{ op: "add", path: "/foo/1", value: "qux" }])).toEqual({
      foo: ["bar", "qux", "baz"],
    });
  });

  it("A.3 removes an object member", () => {
    expect(apply({ baz: "qux", foo: "bar" }, [{ op: "remove", path: "/baz" }])).toEqual({
      foo: "bar",
    });
  });

  it("A.4 removes an array element", () => {
    expect(apply({ foo: ["bar", "qux", "baz"] }, [{ op: "remove", path: "/foo/1" }])).toEqual({
      foo: ["bar", "baz"],
    });
  });

  it("A.5 replaces a value", () => {
    expect(
      apply({ baz: "qux", foo: "bar" }, [{ op: "replace", path: "/baz", value: "boo" }]),
    ).toEqual({ baz: "boo", foo: "bar" });
  });

  it("A.6 moves a value", () => {
    const doc = { foo: { bar: "baz", waldo: "fred" }, qux: { corge: "grault" } };
    expect(apply(doc, [{ op: "move", from: "/foo/waldo", path: "/qux/thud" }])).toEqual({
      foo: { bar: "baz" },
      qux: { corge: "grault", thud: "fred" },
    });
  });

  it("A.7 moves an array element", () => {
    const doc = { foo: ["all", "grass", "cows", "eat"] };
    expect(apply(doc, [{ op: "move", from: "/foo/1", path: "/foo/3" }])).toEqual({
      foo: ["all", "cows", "eat", "grass"],
    });
  });

  it("A.8 tests values (success)", () => {
    const doc = { baz: "qux", foo: ["a", 2, "c"] };
    const ops = [
      { op: "test", path: "/baz", value: "qux" },
      { op: "test", path: "/foo/1", value: 2 },
    ];
    expect(apply(doc, ops)).toEqual(doc);
  });

  it("A.9 tests a value (error): 422 with json-patch's message as the cause", () => {
    const cause = rejected(() =>
      apply({ baz: "qux" }, [{ op: "test", path: "/baz", value: "bar" }]),
    );
    expect(cause).toBe("testing value /baz failed: test failed");
  });

  it("A.10 adds a nested member object", () => {
    expect(
      apply({ foo: "bar" }, [{ op: "add", path: "/child", value: { grandchild: {} } }]),
    ).toEqual({
      foo: "bar",
      child: { grandchild: {} },
    });
  });

  it("A.11 ignores unrecognized elements", () => {
    expect(apply({ foo: "bar" }, [{ op: "add", path: "/baz", value: "qux", xyz: 123 }])).toEqual({
      foo: "bar",
      baz: "qux",
    });
  });

  it("A.12 adding to a nonexistent target fails", () => {
    const cause = rejected(() =>
      apply({ foo: "bar" }, [{ op: "add", path: "/baz/bat", value: "qux" }]),
    );
    expect(cause).toBe(
      'add operation does not apply: doc is missing path: "/baz/bat": missing value',
    );
  });

  it("A.14 decodes ~01 as ~1 (escape ordering)", () => {
    const doc = { "/": 9, "~1": 10 };
    expect(apply(doc, [{ op: "test", path: "/~01", value: 10 }])).toEqual(doc);
    expect(apply(doc, [{ op: "add", path: "/~1", value: 1 }])).toEqual({ "/": 1, "~1": 10 });
  });

  it("A.15 compares strings and numbers strictly", () => {
    const doc = { "/": 9, "~1": 10 };
    expect(rejected(() => apply(doc, [{ op: "test", path: "/~01", value: "10" }]))).toBe(
      "testing value /~01 failed: test failed",
    );
  });

  it("A.16 adds an array value with -", () => {
    expect(apply({ foo: ["bar"] }, [{ op: "add", path: "/foo/-", value: ["abc", "def"] }])).toEqual(
      {
        foo: ["bar", ["abc", "def"]],
      },
    );
  });
});

describe("applyJsonPatch: kubectl's uses", () => {
  it("kubectl patch --type=json replaces a container image by position", () => {
    const pod = deepFreeze({
      metadata: { name: "valid-pod" },
      spec: { containers: [{ name: "kubernetes-serve-hostname", image: "old" }] },
    });
    const out = applyJsonPatch(pod, [
      { op: "replace", path: "/spec/containers/0/image", value: "new image" },
    ]) as typeof pod;
    expect(out.spec.containers[0]?.image).toBe("new image");
    expect(out.metadata).toBe(pod.metadata); // untouched subtrees are shared
    expect(pod.spec.containers[0]?.image).toBe("old");
  });

  it("kubectl rollout undo's shape: test the resourceVersion, then replace the template", () => {
    const d = { metadata: { resourceVersion: "7" }, spec: { template: { a: 1 } } };
    const ops = [
      { op: "test", path: "/metadata/resourceVersion", value: "7" },
      { op: "replace", path: "/spec/template", value: { a: 2 } },
    ];
    expect(apply(d, ops)).toEqual({
      metadata: { resourceVersion: "7" },
      spec: { template: { a: 2 } },
    });
    const stale = { ...d, metadata: { resourceVersion: "8" } };
    expect(rejected(() => apply(stale, ops))).toBe(
      "testing value /metadata/resourceVersion failed: test failed",
    );
  });
});

describe("applyJsonPatch: json-patch v4 behaviour kept from kube-apiserver", () => {
  it("replace of a missing object member adds it", () => {
    expect(apply({ a: 1 }, [{ op: "replace", path: "/b", value: 2 }])).toEqual({ a: 1, b: 2 });
  });

  it("replace of an index past the end fails", () => {
    expect(rejected(() => apply({ a: [1] }, [{ op: "replace", path: "/a/1", value: 2 }]))).toBe(
      "replace operation does not apply: doc is missing key: /a/1: missing value",
    );
  });

  it("replace at the root swaps the document; add at the root fails", () => {
    expect(apply({ a: 1 }, [{ op: "replace", path: "", value: { b: 2 } }])).toEqual({ b: 2 });
    expect(rejected(() => apply({ a: 1 }, [{ op: "add", path: "", value: { b: 2 } }]))).toBe(
      'add operation does not apply: doc is missing path: "": missing value',
    );
  });

  it("negative indices count from the end", () => {
    expect(apply({ a: [1, 2, 3] }, [{ op: "remove", path: "/a/-1" }])).toEqual({ a: [1, 2] });
    expect(apply({ a: [1, 2] }, [{ op: "add", path: "/a/-1", value: 9 }])).toEqual({
      a: [1, 2, 9],
    });
    expect(apply({ a: [1, 2] }, [{ op: "replace", path: "/a/-2", value: 9 }])).toEqual({
      a: [9, 2],
    });
    expect(rejected(() => apply({ a: [1] }, [{ op: "remove", path: "/a/-2" }]))).toBe(
      "error in remove for path: '/a/-2': Unable to access invalid index: -2: invalid index referenced",
    );
  });

  it("add past the end and a non-numeric index fail with json-patch's words", () => {
    expect(rejected(() => apply({ a: [1] }, [{ op: "add", path: "/a/3", value: 0 }]))).toBe(
      "error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced",
    );
    expect(rejected(() => apply({ a: [1] }, [{ op: "add", path: "/a/x", value: 0 }]))).toBe(
      `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`,
    );
  });

  it("remove of a missing member fails", () => {
    expect(rejected(() => apply({ a: 1 }, [{ op: "remove", path: "/b" }]))).toBe(
      "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value",
    );
  });

  it("test of a missing member passes when the value is null or absent, fails otherwise", () => {
    expect(apply({ a: 1 }, [{ op: "test", path: "/b", value: null }])).toEqual({ a: 1 });
    expect(apply({ a: 1 }, [{ op: "test", path: "/b" }])).toEqual({ a: 1 });
    expect(rejected(() => apply({ a: 1 }, [{ op: "test", path: "/b", value: 1 }]))).toBe(
      "testing value /b failed: test failed",
    );
    expect(rejected(() => apply({ a: 1 }, [{ op: "test", path: "/a" }]))).toBe(
      "testing value /a failed: test failed",
    );
  });

  it("test compares objects by members and arrays by elements", () => {
    const doc = { o: { x: 1, y: [1, "a", { z: null }] } };
    expect(
      apply(doc, [{ op: "test", path: "/o", value: { y: [1, "a", { z: null }], x: 1 } }]),
    ).toEqual(doc);
    expect(
      rejected(() => apply(doc, [{ op: "test", path: "/o", value: { x: 1, y: [1, "a", {}] } }])),
    ).toBe("testing value /o failed: test failed");
    expect(rejected(() => apply(doc, [{ op: "test", path: "/o", value: { x: 1 } }]))).toBe(
      "testing value /o failed: test failed",
    );
  });

  it("test of an array holding null panics in json-patch (500)", () => {
    const e = thrown(() => apply({ a: [null] }, [{ op: "test", path: "/a", value: [null] }]));
    expect(e.status.code).toBe(500);
    expect(e.message).toBe(APISERVER_PANIC_MESSAGE);
  });

  it("copy from a missing member copies null; copy duplicates a subtree", () => {
    expect(apply({ a: 1 }, [{ op: "copy", from: "/b", path: "/c" }])).toEqual({ a: 1, c: null });
    expect(apply({ a: { b: [1] } }, [{ op: "copy", from: "/a", path: "/c" }])).toEqual({
      a: { b: [1] },
      c: { b: [1] },
    });
  });

  it("copies are capped at 3 MiB per patch", () => {
    const big = "x".repeat(1024 * 1024);
    // Each copy adds the 1 MiB string plus its two quotes: the third copy passes 3 MiB.
    const ops = [1, 2, 3].map((i) => ({ op: "copy", from: "/big", path: `/c${i}` }));
    expect(rejected(() => apply({ big }, ops))).toBe(
      `Unable to complete the copy, the accumulated size increase of copy is ${3 * (big.length + 2)}, exceeding the limit ${3 * 1024 * 1024}`,
    );
    expect(Object.keys(apply({ big }, ops.slice(0, 2)) as object)).toEqual(["big", "c1", "c2"]);
  });

  it("move from a missing member fails after the lookup", () => {
    expect(rejected(() => apply({ a: 1 }, [{ op: "move", from: "/b", path: "/c" }]))).toBe(
      "error in move for path: 'b': Unable to remove nonexistent key: b: missing value",
    );
  });

  it("move into its own child fails: the parent is gone once removed", () => {
    expect(rejected(() => apply({ a: { b: 1 } }, [{ op: "move", from: "/a", path: "/a/c" }]))).toBe(
      "move operation does not apply: doc is missing destination path: /a/c: missing value",
    );
  });

  it("a path without a leading slash ignores its first segment", () => {
    expect(apply({ a: 1 }, [{ op: "replace", path: "x/a", value: 2 }])).toEqual({ a: 2 });
  });

  it("unknown and missing ops fail with Unexpected kind", () => {
    expect(rejected(() => apply({}, [{ op: "frob", path: "/a" }]))).toBe("Unexpected kind: frob");
    expect(rejected(() => apply({}, [{ path: "/a" }]))).toBe("Unexpected kind: unknown");
    expect(rejected(() => apply({}, [null]))).toBe("Unexpected kind: unknown");
  });

  it("a missing path fails", () => {
    expect(rejected(() => apply({}, [{ op: "add", value: 1 }]))).toBe(
      "add operation failed to decode path: missing value",
    );
    expect(rejected(() => apply({}, [{ op: "move", path: "/a" }]))).toBe(
      "move operation failed to decode from: operation, missing from field: missing value",
    );
  });

  it("stops at the first failing operation, leaving the input untouched", () => {
    const doc = deepFreeze({ a: 1 });
    expect(() =>
      applyJsonPatch(doc, [
        { op: "add", path: "/b", value: 2 },
        { op: "remove", path: "/zzz" },
      ]),
    ).toThrow();
    expect(doc).toEqual({ a: 1 });
  });
});

describe("applyJsonPatch: decoding errors (400)", () => {
  const bad = (ops: unknown): string => {
    const e = thrown(() => applyJsonPatch({}, ops));
    expect(e.status.code).toBe(400);
    expect(e.status.reason).toBe("BadRequest");
    return e.message;
  };

  it("the body must be an array of objects", () => {
    expect(bad({ op: "add" })).toBe(
      "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp",
    );
    expect(bad(["add"])).toBe(
      "error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp",
    );
  });

  it("op, path and from must be strings", () => {
    expect(bad([{ op: "add", path: 5 }])).toBe(
      "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string",
    );
  });

  it("a null body is an empty patch", () => {
    expect(applyJsonPatch({ a: 1 }, null)).toEqual({ a: 1 });
  });
});

describe("applyJsonPatch: properties", () => {
  it("an empty patch is the identity", () => {
    fc.assert(
      fc.property(anyObject, (doc) => {
        expect(applyJsonPatch(deepFreeze(doc), [])).toEqual(doc);
      }),
      { numRuns: 50 },
    );
  });

  it("add then test then remove of a new member round-trips, without mutating the input", () => {
    const escape = (k: string): string => k.replace(/~/g, "~0").replace(/\//g, "~1");
    fc.assert(
      // (a test of an array holding null panics in json-patch, so values have no arrays)
      fc.property(anyObject, plainKey, arrayFreeObject, (doc, key, value) => {
        fc.pre(!Object.prototype.hasOwnProperty.call(doc, key));
        const before = JSON.stringify(doc);
        const path = `/${escape(key)}`;
        const out = applyJsonPatch(deepFreeze(doc), [
          { op: "add", path, value },
          { op: "test", path, value },
          { op: "remove", path },
        ]);
        expect(out).toEqual(doc);
        expect(JSON.stringify(doc)).toBe(before);
      }),
      { numRuns: 100 },
    );
  });
});

describe("operation limit", () => {
  it("answers 413 for more than 10000 operations, as the patch handler does", () => {
    const ops = Array.from({ length: 10_001 }, () => ({ op: "test", path: "/a", value: 1 }));
    let err: unknown;
    try {
      applyJsonPatch({ a: 1 }, ops);
    } catch (e) {
      err = e;
    }
    expect(isApiError(err) && err.status.code).toBe(413);
    expect((err as Error).message).toBe(
      "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001",
    );
    expect(applyJsonPatch({ a: 1 }, ops.slice(0, 10_000))).toEqual({ a: 1 });
  });
});
