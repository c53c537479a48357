import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Pod, Service } from "kubernetes-types/core/v1";
import { SharedInformerFactory, metaNamespaceKey, type Lister } from "@kubesim/runtime";
import { FakeApiClient } from "@kubesim/runtime/testing";
import { Loop } from "@kubesim/sim";
import {
  PodLabelIndex,
  ServiceSelectorIndex,
  labelIndexFunc,
  labelIndexers,
  listByLabelSet,
  serviceSelectorIndexFunc,
  serviceSelectorIndexers,
  servicesSelectingLabels,
} from "./label-index.js";
import { getServicesForPod, podsForService, selectorMatches } from "./pod-util.js";

type Labels = Record<string, string>;

const pod = (ns: string, name: string, labels?: Labels, ready = true): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { namespace: ns, name, ...(labels === undefined ? {} : { labels }) },
  status: { conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});

const service = (ns: string, name: string, selector: Labels | null): Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { namespace: ns, name },
  spec: selector === null ? {} : { selector },
});

/** A fake API server and the shared Pod and Service informers, with the indices registered. */
function world() {
  const loop = new Loop();
  const api = new FakeApiClient({ loop });
  const informers = new SharedInformerFactory({ client: api, loop });
  const pods = informers.informerFor("Pod", { indexers: labelIndexers }).lister;
  const services = informers.informerFor("Service", { indexers: serviceSelectorIndexers }).lister;
  informers.start();
  loop.settle();
  return { loop, api, informers, pods, services };
}

/** The straightforward scans the indices replace: every pod / service of the namespace. */
function scanPods(pods: Lister<Pod>, svc: Service): string[] {
  const selector = svc.spec?.selector;
  if (selector == null) return [];
  return pods
    .list({
      namespace: svc.metadata?.namespace ?? "",
      filter: (p) => selectorMatches(selector, p.metadata?.labels),
    })
    .map(metaNamespaceKey);
}

function scanServices(services: Lister<Service>, ns: string, labels: Labels | undefined): string[] {
  const out: string[] = [];
  for (const svc of services.list({ namespace: ns })) {
    const selector = svc.spec?.selector;
    if (selector == null) continue;
    if (selectorMatches(selector, labels)) out.push(metaNamespaceKey(svc));
  }
  return out;
}

describe("label index values", () => {
  it("one value per label, namespace first; shared for a frozen labels map", () => {
    const labels = Object.freeze({ app: "web", tier: "fe" });
    const a = pod("ns", "a", labels);
    expect(labelIndexFunc(a)).toEqual(["ns/app=web", "ns/tier=fe"]);
    expect(labelIndexFunc(pod("ns", "b", labels))).toBe(labelIndexFunc(a));
    expect(labelIndexFunc(pod("other", "c", labels))).toEqual(["other/app=web", "other/tier=fe"]);
    expect(labelIndexFunc(pod("ns", "d"))).toEqual([]);
  });

  it("a service is in one bucket: its first pair, 'namespace/' for {}, none for nil", () => {
    expect(serviceSelectorIndexFunc(service("ns", "s", { tier: "fe", app: "web" }))).toEqual([
      "ns/app=web",
    ]);
    expect(serviceSelectorIndexFunc(service("ns", "s", {}))).toEqual(["ns/"]);
    expect(serviceSelectorIndexFunc(service("ns", "s", null))).toEqual([]);
  });
});

describe("podsForService and getServicesForPod through the indices", () => {
  it("the smallest bucket, filtered by the whole selector, in key order", () => {
    const w = world();
    for (let i = 9; i >= 0; i--) w.api.create("Pod", pod("ns", `p${i}`, { tier: "fe" }));
    w.api.create("Pod", pod("ns", "web-b", { tier: "fe", app: "web" }));
    w.api.create("Pod", pod("ns", "web-a", { tier: "fe", app: "web" }));
    w.api.create("Pod", pod("ns", "web-c", { tier: "be", app: "web" }));
    w.api.create("Pod", pod("other", "web-a", { tier: "fe", app: "web" }));
    w.loop.settle();
    const svc = service("ns", "s", { tier: "fe", app: "web" });
    expect(podsForService(w.pods, svc).map(metaNamespaceKey)).toEqual(["ns/web-a", "ns/web-b"]);
    expect(w.pods.indexKeys(PodLabelIndex, "ns/app=web")).toHaveLength(3); // the bucket read
    expect(podsForService(w.pods, service("ns", "s", {}))).toHaveLength(13); // {}: every pod
    expect(podsForService(w.pods, service("ns", "s", null))).toEqual([]); // nil: none
    expect(podsForService(w.pods, service("ns", "s", { app: "db" }))).toEqual([]);
  });

  it("the services whose selectors a pod's labels satisfy, in key order across buckets", () => {
    const w = world();
    w.api.create("Service", service("ns", "d-web", { app: "web" }));
    w.api.create("Service", service("ns", "c-fe", { tier: "fe" }));
    w.api.create("Service", service("ns", "b-both", { app: "web", tier: "fe" }));
    w.api.create("Service", service("ns", "a-all", {}));
    w.api.create("Service", service("ns", "e-nil", null));
    w.api.create("Service", service("ns", "f-be", { app: "web", tier: "be" }));
    w.api.create("Service", service("other", "a-web", { app: "web" }));
    w.loop.settle();
    expect([...getServicesForPod(w.services, "ns", { app: "web", tier: "fe" })]).toEqual([
      "ns/a-all",
      "ns/b-both",
      "ns/c-fe",
      "ns/d-web",
    ]);
    expect([...getServicesForPod(w.services, "ns", undefined)]).toEqual(["ns/a-all"]);
    expect(w.services.indexKeys(ServiceSelectorIndex, "ns/app=web")).toEqual([
      "ns/b-both",
      "ns/d-web",
      "ns/f-be",
    ]);
  });

  it("pairs that spell the same index value only widen a bucket", () => {
    const w = world();
    w.api.create("Pod", pod("ns", "p1", { a: "b=c" }));
    w.api.create("Pod", pod("ns", "p2", { "a=b": "c" }));
    w.api.create("Service", service("ns", "s1", { a: "b=c" }));
    w.api.create("Service", service("ns", "s2", { "a=b": "c" }));
    w.loop.settle();
    expect(podsForService(w.pods, service("ns", "s1", { a: "b=c" })).map(metaNamespaceKey)).toEqual(
      ["ns/p1"],
    );
    expect([...getServicesForPod(w.services, "ns", { a: "b=c", "a=b": "c" })]).toEqual([
      "ns/s1",
      "ns/s2",
    ]);
    expect([...getServicesForPod(w.services, "ns", { "a=b": "c" })]).toEqual(["ns/s2"]);
  });

  it("namespace '' looks at every namespace, as the scan did", () => {
    const w = world();
    w.api.create("Pod", pod("a", "p", { app: "web" }));
    w.api.create("Pod", pod("b", "p", { app: "web" }));
    w.api.create("Service", service("a", "s", { app: "web" }));
    w.loop.settle();
    expect(listByLabelSet(w.pods, "", { app: "web" }).map(metaNamespaceKey)).toEqual([
      "a/p",
      "b/p",
    ]);
    expect(servicesSelectingLabels(w.services, "", { app: "web" })).toEqual(["a/s"]);
  });

  it("equal the straightforward scans for random pods, labels, namespaces and selectors (property)", () => {
    const ns = fc.constantFrom("a", "b");
    const labelsOf = (maxKeys: number) =>
      fc.dictionary(fc.constantFrom("app", "tier", "a", "a=b"), fc.constantFrom("1", "2", "b=1"), {
        maxKeys,
      });
    const labels = labelsOf(3);
    const selector = fc.option(labelsOf(2), { nil: null, freq: 6 });
    const podArb = fc.record({
      ns,
      name: fc.constantFrom("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"),
      labels: fc.option(labels, { nil: undefined, freq: 8 }),
    });
    const svcArb = fc.record({
      ns,
      name: fc.constantFrom("s1", "s2", "s3", "s4", "s5", "s6"),
      selector,
    });
    const create = fc.oneof(
      fc.record({ kind: fc.constant("pod" as const), pod: podArb, del: fc.constant(false) }),
      fc.record({ kind: fc.constant("svc" as const), svc: svcArb, del: fc.constant(false) }),
    );
    const change = fc.oneof(
      fc.record({ kind: fc.constant("pod" as const), pod: podArb, del: fc.boolean() }),
      fc.record({ kind: fc.constant("flip" as const), pod: podArb }),
      fc.record({ kind: fc.constant("svc" as const), svc: svcArb, del: fc.boolean() }),
    );
    const query = fc.record({ ns, labels, selector });
    fc.assert(
      fc.property(
        fc.array(create, { minLength: 4, maxLength: 24 }),
        fc.array(change, { maxLength: 12 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        (first, second, queries) => {
          const w = world();
          const apply = (changes: readonly (typeof second)[number][]) => {
            for (const c of changes) {
              const o = c.kind === "svc" ? c.svc : c.pod;
              const kind = c.kind === "svc" ? "Service" : "Pod";
              let cur: Pod | Service | undefined;
              try {
                cur = w.api.get(kind, o.ns, o.name);
              } catch {
                cur = undefined;
              }
              if (c.kind !== "flip" && c.del) {
                if (cur !== undefined) w.api.delete(kind, o.ns, o.name);
                continue;
              }
              if (c.kind === "flip") {
                // a readiness change: same labels, new status
                if (cur === undefined) continue;
                const p = cur as Pod;
                const ready = p.status?.conditions?.[0]?.status === "True";
                w.api.update("Pod", { ...p, status: pod(o.ns, o.name, {}, !ready).status! });
                continue;
              }
              const next =
                c.kind === "svc"
                  ? service(c.svc.ns, c.svc.name, c.svc.selector)
                  : pod(c.pod.ns, c.pod.name, c.pod.labels);
              if (cur === undefined) w.api.create(kind, next as never);
              else
                w.api.update(kind, {
                  ...next,
                  metadata: { ...next.metadata, resourceVersion: cur.metadata?.resourceVersion },
                } as never);
            }
            w.loop.settle();
          };
          const check = () => {
            for (const q of queries) {
              const svc = service(q.ns, "q", q.selector);
              expect(podsForService(w.pods, svc).map(metaNamespaceKey)).toEqual(
                scanPods(w.pods, svc),
              );
              expect([...getServicesForPod(w.services, q.ns, q.labels)]).toEqual(
                scanServices(w.services, q.ns, q.labels),
              );
            }
            for (const p of w.pods.list()) {
              const podNs = p.metadata?.namespace ?? "";
              expect([...getServicesForPod(w.services, podNs, p.metadata?.labels)]).toEqual(
                scanServices(w.services, podNs, p.metadata?.labels),
              );
            }
            for (const s of w.services.list()) {
              expect(podsForService(w.pods, s).map(metaNamespaceKey)).toEqual(scanPods(w.pods, s));
            }
          };
          apply(first);
          check();
          apply(second);
          check();
        },
      ),
      { numRuns: 150 },
    );
  });
});
