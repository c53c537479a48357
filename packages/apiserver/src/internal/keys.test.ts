import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { kindInfo } from "@kubesim/api";
import { flatString, storeKey } from "./keys.js";

describe("store keys", () => {
  it("namespace/name for namespaced kinds, the name for cluster-scoped ones (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (ns, name) => {
        expect(storeKey(kindInfo("Pod")!, ns, name)).toBe(`${ns}/${name}`);
        expect(storeKey(kindInfo("Node")!, ns, name)).toBe(name);
      }),
    );
  });

  it("flatString changes no string (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(flatString(a + b)).toBe(a + b);
        expect(flatString(a)).toBe(a);
      }),
    );
  });
});
