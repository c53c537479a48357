/**
 * DefaultTolerationSeconds admission: the cases of upstream's
 * plugin/pkg/admission/defaulttolerationseconds/admission_test.go
 * (TestForgivenessAdmission), in our encoding, through the pure function and
 * through create, update and patch of the ApiServer.
 */
import type { Toleration } from "kubernetes-types/core/v1";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  admitDefaultTolerationSeconds,
  defaultTolerations,
} from "./internal/default-toleration-seconds.js";
import { harness, pod } from "./internal/fixtures.js";

const notReady: Toleration = {
  key: "node.kubernetes.io/not-ready",
  operator: "Exists",
  effect: "NoExecute",
  tolerationSeconds: 300,
};
const unreachable: Toleration = {
  key: "node.kubernetes.io/unreachable",
  operator: "Exists",
  effect: "NoExecute",
  tolerationSeconds: 300,
};

interface Case {
  readonly name: string;
  readonly given: Toleration[] | undefined;
  readonly expected: Toleration[];
}

const cases: Case[] = [
  {
    name: "pod has no tolerations: both defaults are added",
    given: undefined,
    expected: [notReady, unreachable],
  },
  {
    name: "pod has tolerations, none for not-ready or unreachable NoExecute: defaults appended",
    given: [
      { key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" },
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" },
    ],
    expected: [
      { key: "foo", operator: "Equal", value: "bar", effect: "NoSchedule" },
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoSchedule" },
      notReady,
      unreachable,
    ],
  },
  {
    name: "pod tolerates not-ready:NoExecute: only unreachable is added",
    given: [
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
    ],
    expected: [
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
      unreachable,
    ],
  },
  {
    name: "pod tolerates unreachable:NoExecute: only not-ready is added",
    given: [
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
    ],
    expected: [
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
      notReady,
    ],
  },
  {
    name: "pod tolerates both: nothing is added",
    given: [
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
    ],
    expected: [
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
    ],
  },
  {
    name: "an Equal toleration of unreachable counts, whatever its value",
    given: [
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Equal",
        value: "foo",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
    ],
    expected: [
      {
        key: "node.kubernetes.io/unreachable",
        operator: "Equal",
        value: "foo",
        effect: "NoExecute",
        tolerationSeconds: 700,
      },
      notReady,
    ],
  },
  {
    name: "a toleration of every taint ({operator: Exists}) covers both",
    given: [{ operator: "Exists" }],
    expected: [{ operator: "Exists" }],
  },
  {
    name: "a toleration of every NoExecute taint covers both",
    given: [{ operator: "Exists", effect: "NoExecute" }],
    expected: [{ operator: "Exists", effect: "NoExecute" }],
  },
  {
    name: "a toleration of not-ready with any effect covers not-ready only",
    given: [{ key: "node.kubernetes.io/not-ready", operator: "Exists" }],
    expected: [{ key: "node.kubernetes.io/not-ready", operator: "Exists" }, unreachable],
  },
  {
    name: "an empty-key toleration of NoSchedule only covers neither",
    given: [{ operator: "Exists", effect: "NoSchedule" }],
    expected: [{ operator: "Exists", effect: "NoSchedule" }, notReady, unreachable],
  },
];

describe("DefaultTolerationSeconds: the pure plugin", () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = pod("p");
      const given = { ...p, spec: { ...p.spec!, ...(c.given ? { tolerations: c.given } : {}) } };
      const out = admitDefaultTolerationSeconds(given);
      expect(out.kind).toBe("Pod");
      expect((out as typeof p).spec?.tolerations).toEqual(c.expected);
      if (c.expected.length === (c.given?.length ?? 0)) expect(out).toBe(given);
    });
  }

  it("leaves other kinds alone and honours the flags", () => {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } } as const;
    expect(admitDefaultTolerationSeconds(cm as never)).toBe(cm);
    expect(
      defaultTolerations([], { notReadyTolerationSeconds: 60, unreachableTolerationSeconds: 90 }),
    ).toEqual([
      { ...notReady, tolerationSeconds: 60 },
      { ...unreachable, tolerationSeconds: 90 },
    ]);
  });

  it("property: afterwards a pod always covers both taints, and keeps its own tolerations first", () => {
    const toleration = fc.record(
      {
        key: fc.constantFrom(
          "",
          "node.kubernetes.io/not-ready",
          "node.kubernetes.io/unreachable",
          "other",
        ),
        operator: fc.constantFrom("Exists", "Equal"),
        effect: fc.constantFrom("", "NoExecute", "NoSchedule", "PreferNoSchedule"),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(toleration, { maxLength: 5 }), (given) => {
        const p = pod("p");
        const out = admitDefaultTolerationSeconds({
          ...p,
          spec: { ...p.spec!, tolerations: given },
        }) as typeof p;
        const list = out.spec!.tolerations!;
        expect(list.slice(0, given.length)).toEqual(given);
        for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]) {
          const covered = list.filter(
            (t) =>
              (t.key === key || (t.key ?? "") === "") &&
              (t.effect === "NoExecute" || (t.effect ?? "") === ""),
          );
          expect(covered.length).toBeGreaterThan(0);
        }
        // Idempotent: a second pass adds nothing.
        expect(admitDefaultTolerationSeconds(out)).toBe(out);
      }),
    );
  });
});

describe("DefaultTolerationSeconds in the apiserver", () => {
  it("a created pod gets both tolerations, after its own", () => {
    const h = harness();
    const p = pod("web");
    const out = h.api.create("Pod", {
      ...p,
      spec: { ...p.spec!, tolerations: [{ key: "a", operator: "Exists", effect: "NoSchedule" }] },
    });
    expect(out.spec?.tolerations).toEqual([
      { key: "a", operator: "Exists", effect: "NoSchedule" },
      notReady,
      unreachable,
    ]);
    expect(h.api.get("Pod", "default", "web").spec?.tolerations).toEqual(out.spec?.tolerations);
  });

  it("dry-run creates show them too; other kinds are untouched", () => {
    const h = harness();
    const out = h.api.create("Pod", pod("dry"), { dryRun: true });
    expect(out.spec?.tolerations).toEqual([notReady, unreachable]);
    const d = h.api.create("Deployment", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "c", image: "nginx" }] },
        },
      },
    });
    expect(d.spec?.template.spec?.tolerations).toBeUndefined();
  });

  it("an update that drops them gets them back (the plugin handles updates), so it is not refused", () => {
    const h = harness();
    const created = h.api.create("Pod", pod("web"));
    const { tolerations: _t, ...spec } = created.spec!;
    const out = h.api.update("Pod", { ...created, spec });
    expect(out.spec?.tolerations).toEqual([notReady, unreachable]);
    // Nothing changed, so nothing was written.
    expect(out.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
  });

  it("a patch that adds a toleration keeps the defaults", () => {
    const h = harness();
    h.api.create("Pod", pod("web"));
    const out = h.api.patch("Pod", "default", "web", "json", [
      {
        op: "add",
        path: "/spec/tolerations/-",
        value: { key: "x", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 },
      },
    ]);
    expect(out.spec?.tolerations).toEqual([
      notReady,
      unreachable,
      { key: "x", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 },
    ]);
  });

  it("status writes do not run it", () => {
    const h = harness();
    const created = h.api.create("Pod", {
      ...pod("web"),
      spec: { ...pod("web").spec!, tolerations: [{ operator: "Exists" }] },
    });
    const out = h.api.update(
      "Pod",
      { ...created, status: { ...created.status, phase: "Running" } },
      { subresource: "status" },
    );
    expect(out.spec?.tolerations).toEqual([{ operator: "Exists" }]);
  });
});
