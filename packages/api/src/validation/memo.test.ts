import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { freeze, produce } from "immer";
import { fieldError } from "../errors.js";
import type { FieldError } from "../errors.js";
import { isDeepFrozen, memoByIdentity, memoByIdentityAndPath, memoLatestByPath } from "./memo.js";
import type { J } from "./testdata.js";
import { clone, deployment, messages, pod } from "./testdata.js";
import { validateCreate, validateUpdate } from "./validate.js";

/** A validator that counts its calls and reports one error per key of its subject. */
function counting(): { calls: number; fn: (o: object, path?: string) => FieldError[] } {
  const c = {
    calls: 0,
    fn: (o: object, path = "x"): FieldError[] => {
      c.calls++;
      return Object.keys(o).map((k) => fieldError.invalid(path, k, "bad"));
    },
  };
  return c;
}

describe("memoByIdentity", () => {
  it("validates a deep-frozen subject once, and returns a new array each time", () => {
    const c = counting();
    const memo = memoByIdentity(c.fn);
    const subject = freeze({ a: { b: 1 } }, true);
    const first = memo(subject);
    first.push(fieldError.required("extra"));
    expect(messages(memo(subject))).toEqual(['x: Invalid value: "a": bad']);
    expect(c.calls).toBe(1);
  });

  it("does not cache what is not deep-frozen", () => {
    const c = counting();
    const memo = memoByIdentity(c.fn);
    const plain: J = { a: 1 };
    memo(plain);
    plain["b"] = 2;
    expect(memo(plain)).toHaveLength(2);
    // Frozen on top, mutable below: the child could change, so it is not cached either.
    const shallow = Object.freeze({ child: { a: 1 } as J });
    memo(shallow);
    memo(shallow);
    expect(c.calls).toBe(4);
  });

  it("isDeepFrozen looks all the way down", () => {
    expect(isDeepFrozen(freeze({ a: [{ b: 1 }] }, true))).toBe(true);
    expect(isDeepFrozen(Object.freeze({ a: [{ b: 1 }] }))).toBe(false);
    expect(isDeepFrozen(Object.freeze({ a: Object.freeze([{ b: 1 }]) }))).toBe(false);
    expect(isDeepFrozen("s")).toBe(true);
  });
});

describe("memoByIdentityAndPath / memoLatestByPath", () => {
  it("keys the cache by path as well as by subject", () => {
    const c = counting();
    const memo = memoByIdentityAndPath(c.fn);
    const subject = freeze({ k: 1 }, true);
    expect(messages(memo(subject, "p"))).toEqual(['p: Invalid value: "k": bad']);
    expect(messages(memo(subject, "q"))).toEqual(['q: Invalid value: "k": bad']);
    expect(messages(memo(subject, "p"))).toEqual(['p: Invalid value: "k": bad']);
    expect(c.calls).toBe(2);
  });

  it("the latest-only memo remembers one subject per path", () => {
    const c = counting();
    const memo = memoLatestByPath(c.fn);
    const a = freeze({ a: 1 }, true);
    const b = freeze({ b: 1 }, true);
    memo(a, "p");
    memo(a, "p");
    expect(c.calls).toBe(1);
    expect(messages(memo(b, "p"))).toEqual(['p: Invalid value: "b": bad']);
    expect(messages(memo(a, "p"))).toEqual(['p: Invalid value: "a": bad']);
    expect(c.calls).toBe(3);
  });
});

describe("memoized validation gives the same answers as full validation", () => {
  it("a pod spec changed after its valid version was cached is fully validated", () => {
    const valid = freeze(pod(), true);
    expect(messages(validateCreate(valid))).toEqual([]);
    expect(messages(validateUpdate(valid, valid))).toEqual([]);
    // The same pod with one bad field: a new spec object, so no cached answer applies.
    const bad = produce(valid, (d: J) => void (d["spec"].containers[0].name = "Bad_Name"));
    expect(messages(validateCreate(bad))).toContain(
      "spec.containers[0].name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
    expect(messages(validateUpdate(bad, valid)).length).toBeGreaterThan(0);
    // An update that only relabels keeps the valid spec and passes.
    const relabelled = produce(valid, (d: J) => void (d["metadata"].labels = { app: "x" }));
    expect(relabelled["spec"]).toBe(valid["spec"]);
    expect(messages(validateUpdate(relabelled, valid))).toEqual([]);
  });

  it("an invalid spec stays invalid however often it is validated", () => {
    const bad = freeze(
      produce(pod(), (d: J) => void (d["spec"].restartPolicy = "Sometimes")),
      true,
    );
    const first = messages(validateCreate(bad));
    expect(first).toContain(
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
    expect(messages(validateCreate(bad))).toEqual(first);
    const relabelled = produce(bad, (d: J) => void (d["metadata"].labels = { a: "b" }));
    expect(messages(validateUpdate(relabelled, bad))).toContain(
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    );
  });

  it("a Deployment template changed after its valid version was cached is fully validated", () => {
    const valid = freeze(deployment(), true);
    expect(messages(validateCreate(valid))).toEqual([]);
    const scaled = produce(valid, (d: J) => void (d["spec"].replicas = 5));
    expect(messages(validateUpdate(scaled, valid))).toEqual([]);
    const bad = produce(valid, (d: J) => void (d["spec"].template.spec.containers[0].image = ""));
    expect(messages(validateUpdate(bad, valid))).toEqual([
      "spec.template.spec.containers[0].image: Required value",
    ]);
  });

  it("labels changed after a valid version was seen are checked", () => {
    const valid = freeze(pod(), true);
    const labelled = produce(valid, (d: J) => void (d["metadata"].labels = { app: "web" }));
    expect(messages(validateUpdate(labelled, valid))).toEqual([]);
    const bad = produce(labelled, (d: J) => void (d["metadata"].labels = { "-app": "web" }));
    const errs = messages(validateUpdate(bad, labelled));
    // ValidatePodUpdate checks labels in ObjectMetaUpdate and again in ObjectMeta, as upstream.
    expect(errs.filter((m) => m.startsWith('metadata.labels: Invalid value: "-app"'))).toHaveLength(
      2,
    );
  });

  it("property: frozen and unfrozen copies of the same objects get the same errors, in any order", () => {
    const variants: ((d: J) => void)[] = [
      () => {},
      (d) => void (d["spec"].containers[0].name = "Bad_Name"),
      (d) => void (d["spec"].restartPolicy = "Sometimes"),
      (d) => void (d["spec"].containers[0].image = ""),
      (d) => void (d["metadata"].labels = { "-x": "y" }),
      (d) => void (d["metadata"].labels = { ok: "yes" }),
      (d) => void (d["metadata"].annotations = { "a/b/c": "x" }),
      (d) => void (d["metadata"].finalizers = ["nope"]),
      (d) => void (d["spec"].nodeName = "Node_1"),
    ];
    const frozen = variants.map((v) => freeze(produce(pod(), v), true));
    const dFrozen = variants.slice(0, 2).map((v) =>
      freeze(
        produce(deployment(), (d: J) => {
          const t = { spec: d["spec"].template.spec, metadata: d["metadata"] };
          v(t);
        }),
        true,
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(frozen.length - 1), fc.nat(frozen.length - 1)), {
          minLength: 1,
          maxLength: 20,
        }),
        (pairs) => {
          for (const [i, j] of pairs) {
            const a = frozen[i]!;
            const b = frozen[j]!;
            expect(messages(validateCreate(a))).toEqual(messages(validateCreate(clone(a))));
            expect(messages(validateUpdate(a, b))).toEqual(
              messages(validateUpdate(clone(a), clone(b))),
            );
          }
          for (const d of dFrozen) {
            expect(messages(validateCreate(d))).toEqual(messages(validateCreate(clone(d))));
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
