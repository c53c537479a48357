import fc from "fast-check";
import { Cluster } from "kubesim";
import { describe, expect, it } from "vitest";
import { actionArb } from "./actions.js";
import { catalogueOf, imagesArb } from "./images.js";
import { configMapArb, deploymentArb, secretArb, serviceArb, strategyArb } from "./objects.js";

describe("object arbitraries", () => {
  it("generate objects the API server accepts (validation's rules, edge cases included)", () => {
    const c = Cluster.create({ nodes: 0, dns: false, ingress: false, controllers: false });
    let n = 0;
    fc.assert(
      fc.property(
        deploymentArb({ maxReplicas: 10, images: ["app:v1", "app:v2"] }),
        serviceArb(),
        configMapArb(),
        secretArb(),
        (d, svc, cm, secret) => {
          n++;
          const name = `d${n}`;
          const out = c.apply([
            { ...d, metadata: { ...d.metadata, name } },
            { ...svc, metadata: { name } },
            { ...cm, metadata: { name } },
            { ...secret, metadata: { name } },
          ]);
          expect(out.failed).toEqual([]);
        },
      ),
      { numRuns: 100, seed: 1 },
    );
  });

  it("never generate a RollingUpdate with maxSurge and maxUnavailable both 0", () => {
    fc.assert(
      fc.property(strategyArb(), (s) => {
        const ru = s.rollingUpdate;
        if (s.type !== "RollingUpdate" || ru === undefined) return;
        const zero = (v: number | string | undefined): boolean => v === 0 || v === "0%";
        expect(zero(ru.maxSurge) && zero(ru.maxUnavailable)).toBe(false);
      }),
      { seed: 2 },
    );
  });

  it("generate image catalogues the cluster takes, the first image healthy", () => {
    fc.assert(
      fc.property(imagesArb({ count: 4 }), (images) => {
        expect(images[0]?.healthy).toBe(true);
        expect(() => Cluster.create({ nodes: 0, images: catalogueOf(images) })).not.toThrow();
      }),
      { numRuns: 20, seed: 3 },
    );
  });

  it("generate actions that print as kubectl-ish one-liners", () => {
    const [a] = fc.sample(actionArb({ images: ["app:v2"] }), { numRuns: 1, seed: 4 });
    expect(typeof a?.toString()).toBe("string");
    expect(a?.toString()).not.toBe("[object Object]");
  });
});
