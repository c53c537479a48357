/**
 * Properties of server-side apply and managedFields, over random applies
 * and client-side patches by several managers.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isApiError, kindInfo, type KubeObject } from "@kubesim/api";
import { harness } from "./internal/fixtures.js";
import { rootType } from "./internal/fieldmanager/fieldmanager.js";
import { EMPTY_SET, isSubset, union, type Fields } from "./internal/fieldmanager/fieldset.js";
import { toFieldSet } from "./internal/fieldmanager/typed.js";

const managerArb = fc.constantFrom("kubectl", "ci", "operator");
const keyArb = fc.constantFrom("a", "b", "c", "d");
const valueArb = fc.constantFrom("1", "2");
const mapArb = fc.dictionary(keyArb, valueArb, { maxKeys: 4 });

function configMap(data: Record<string, string>, labels: Record<string, string>): unknown {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cfg", ...(Object.keys(labels).length > 0 ? { labels } : {}) },
    ...(Object.keys(data).length > 0 ? { data } : {}),
  };
}

const containerArb = fc.record({
  name: fc.constantFrom("api", "proxy", "log"),
  image: fc.constantFrom("a:1", "a:2"),
  ports: fc.uniqueArray(fc.constantFrom(80, 8080, 9090), { maxLength: 2 }),
});

function deploymentConfig(
  replicas: number | undefined,
  containers: { name: string; image: string; ports: number[] }[],
): unknown {
  const seen = new Set<string>();
  const unique = containers.filter((c) => !seen.has(c.name) && seen.add(c.name));
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: {
          containers: unique.map((c) => ({
            name: c.name,
            image: c.image,
            ...(c.ports.length === 0 ? {} : { ports: c.ports.map((p) => ({ containerPort: p })) }),
          })),
        },
      },
    },
  };
}

type Step =
  | { op: "apply"; manager: string; data: Record<string, string>; labels: Record<string, string> }
  | { op: "patch"; manager: string; data: Record<string, string | null> };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant("apply" as const),
    manager: managerArb,
    data: mapArb,
    labels: mapArb,
  }),
  fc.record({
    op: fc.constant("patch" as const),
    manager: fc.constantFrom("editor", "kubectl-edit"),
    data: fc.dictionary(keyArb, fc.option(valueArb, { nil: null }), { maxKeys: 3 }),
  }),
);

/** The value as Go's omitempty encodes it: empty maps and lists left out. */
function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropEmpty);
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, c] of Object.entries(v)) {
    const d = dropEmpty(c);
    if (
      (Array.isArray(d) && d.length === 0) ||
      (typeof d === "object" && d !== null && Object.keys(d).length === 0)
    )
      continue;
    out[k] = d;
  }
  return out;
}

function ownedUnion(obj: KubeObject): Fields {
  let all = EMPTY_SET;
  for (const m of obj.metadata?.managedFields ?? []) all = union(all, m.fieldsV1 as Fields);
  return all;
}

describe("server-side apply properties", () => {
  it("applying the same configuration twice changes nothing the second time", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            manager: managerArb,
            replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
            containers: fc.array(containerArb, { minLength: 1, maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (applies) => {
          const h = harness();
          for (const a of applies) {
            const config = deploymentConfig(a.replicas, a.containers);
            const opts = { fieldManager: a.manager, force: true };
            const once = (): KubeObject | string => {
              try {
                return h.api.patch("Deployment", "default", "web", "apply", config, opts);
              } catch (e) {
                // Pruning a field another applier's item still needs (its image) is
                // refused by validation, as upstream; the refusal must repeat.
                if (isApiError(e) && e.httpCode === 422) return e.message;
                throw e;
              }
            };
            const first = once();
            const second = once();
            expect(second).toEqual(first);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("after applies and patches, every field of the object has a manager", () => {
    const root = rootType(kindInfo("ConfigMap")!)!;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 8 }), (steps) => {
        const h = harness();
        for (const s of steps) {
          try {
            if (s.op === "apply") {
              h.api.patch("ConfigMap", "default", "cfg", "apply", configMap(s.data, s.labels), {
                fieldManager: s.manager,
                force: true,
              });
            } else {
              h.api.patch(
                "ConfigMap",
                "default",
                "cfg",
                "merge",
                { data: s.data },
                {
                  fieldManager: s.manager,
                },
              );
            }
          } catch (e) {
            // A merge patch before the object exists is 404; nothing else may fail.
            if (!(isApiError(e) && e.httpCode === 404 && s.op === "patch")) throw e;
          }
          let obj: KubeObject;
          try {
            obj = h.api.get("ConfigMap", "default", "cfg");
          } catch {
            continue;
          }
          expect(isSubset(toFieldSet(dropEmpty(obj), root), ownedUnion(obj))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
