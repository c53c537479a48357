/**
 * The README's library example, run as written: the block between the
 * `readme-example` markers below must appear in README.md word for word.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

const source = readFileSync(new URL("./readme-example.test.ts", import.meta.url), "utf8");
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

// readme-example:start
import fc from "fast-check";
import { Cluster } from "kubesim";

const web = (replicas: number, maxSurge: number, maxUnavailable: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  strategy: { rollingUpdate: { maxSurge: ${maxSurge}, maxUnavailable: ${maxUnavailable} } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "nginx:1.27" }] }
`;

it("a rolling update never runs more pods than replicas + maxSurge", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 3 }),
      (replicas, maxSurge, maxUnavailable) => {
        const c = Cluster.create({ seed: replicas, dns: false, ingress: false });
        c.apply(web(replicas, maxSurge, maxUnavailable));
        c.runUntil({ rollout: "web" });
        c.apply(web(replicas, maxSurge, maxUnavailable).replace("nginx:1.27", "nginx:1.28"));
        let most = 0;
        const running = () =>
          c
            .list("Pod", { labelSelector: "app=web" })
            .filter((p) => p.metadata?.deletionTimestamp == null);
        for (let t = 0; t < 120; t++) {
          most = Math.max(most, running().length);
          c.advance("1s");
        }
        expect(most).toBeLessThanOrEqual(replicas + maxSurge);
        expect(running().map((p) => p.spec?.containers[0]?.image)).toEqual(
          Array(replicas).fill("nginx:1.28"),
        );
      },
    ),
    { numRuns: 20 },
  );
});
// readme-example:end

it("README.md shows this example as it runs here", () => {
  const block = source.split("// readme-example:start\n")[1]!.split("// readme-example:end")[0]!;
  expect(readme).toContain(block);
});
