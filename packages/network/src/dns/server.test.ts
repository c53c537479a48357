/**
 * ClusterDns on the real apiserver and informers: names from pods, answered
 * from the caches.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { world, type World } from "../dataplane/testdata/world.js";
import { lookup } from "./lookup.js";
import { clusterFirstResolvConf, parseResolvConf } from "./resolv-conf.js";
import { resolve } from "./resolve.js";
import { DefaultClusterDnsAddress, formatResolvConf } from "./server.js";

function cluster(): World {
  const w = world();
  w.api.create("Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } });
  w.addService("my-api", { clusterIP: "10.96.0.20" });
  w.addSlice("my-api", [{ ip: "10.244.1.5" }]);
  w.addService("db", {
    clusterIP: "None",
    ports: [{ name: "pg", port: 5432, protocol: "TCP" }],
  });
  w.addSlice(
    "db",
    [
      { ip: "10.244.1.7", hostname: "db-0" },
      { ip: "10.244.2.7", hostname: "db-1" },
      { ip: "10.244.2.8", hostname: "db-2", ready: false },
    ],
    { ports: [{ name: "pg", port: 5432, protocol: "TCP" }] },
  );
  w.api.create("Service", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "alias", namespace: "other" },
    spec: { type: "ExternalName", externalName: "my-api.default.svc.cluster.local" },
  });
  w.settle();
  return w;
}

const conf = (ns: string) => clusterFirstResolvConf(ns);

describe("ClusterDns", () => {
  it("answers at the kube-dns address", () => {
    const w = cluster();
    expect(w.dns.address).toBe(DefaultClusterDnsAddress);
    expect(w.dns.serves("10.96.0.10")).toBe(true);
    expect(w.dns.serves("8.8.8.8")).toBe(false);
    expect(w.dns.hasSynced()).toBe(true);
  });

  it.each(["my-api", "my-api.default", "my-api.default.svc", "my-api.default.svc.cluster.local"])(
    "from a pod in default, %s resolves to the ClusterIP",
    (name) => {
      const w = cluster();
      const found = w.dns.lookup(name, parseResolvConf(conf("default")));
      expect(found.addresses).toEqual(["10.96.0.20"]);
      expect(found.name).toBe("my-api.default.svc.cluster.local");
    },
  );

  it("the search path follows the pod's namespace", () => {
    const w = cluster();
    expect(w.dns.lookup("my-api", conf("other")).addresses).toEqual([]);
    expect(w.dns.lookup("my-api.default", conf("other")).addresses).toEqual(["10.96.0.20"]);
    expect(w.dns.lookup("my-api", conf("other")).tried).toEqual([
      "my-api.other.svc.cluster.local",
      "my-api.svc.cluster.local",
      "my-api.cluster.local",
      "my-api",
    ]);
  });

  it("headless names resolve to the ready pod IPs; hostnames and pod names too", () => {
    const w = cluster();
    expect(w.dns.lookup("db", conf("default")).addresses).toEqual(["10.244.1.7", "10.244.2.7"]);
    expect(w.dns.resolve("db-1.db.default.svc.cluster.local").answer).toEqual([
      { type: "A", name: "db-1.db.default.svc.cluster.local", address: "10.244.2.7" },
    ]);
    expect(w.dns.resolve("10-244-1-5.default.pod.cluster.local").answer).toEqual([
      { type: "A", name: "10-244-1-5.default.pod.cluster.local", address: "10.244.1.5" },
    ]);
    expect(w.dns.resolve("_pg._tcp.db.default.svc.cluster.local", "SRV").answer).toHaveLength(2);
  });

  it("ExternalName follows its CNAME inside the zone", () => {
    const w = cluster();
    const r = w.dns.resolve("alias.other.svc.cluster.local");
    expect(r.answer).toEqual([
      {
        type: "CNAME",
        name: "alias.other.svc.cluster.local",
        target: "my-api.default.svc.cluster.local",
      },
      { type: "A", name: "my-api.default.svc.cluster.local", address: "10.96.0.20" },
    ]);
  });

  it("anything else is NXDOMAIN, including names in a namespace that does not exist", () => {
    const w = cluster();
    expect(w.dns.resolve("nope.default.svc.cluster.local").rcode).toBe("NXDOMAIN");
    expect(w.dns.resolve("my-api.ghost.svc.cluster.local").rcode).toBe("NXDOMAIN");
    expect(w.dns.resolve("example.com")).toEqual({
      rcode: "NXDOMAIN",
      authoritative: false,
      answer: [],
    });
    expect(w.dns.lookup("api.example.com", conf("default")).addresses).toEqual([]);
  });

  it("follows the caches: a new service resolves once the watch delivers it, a deleted one stops", () => {
    const w = cluster();
    w.addService("late", { clusterIP: "10.96.0.33" });
    expect(w.dns.lookup("late", conf("default")).addresses).toEqual([]);
    w.settle();
    expect(w.dns.lookup("late", conf("default")).addresses).toEqual(["10.96.0.33"]);
    const before = w.dns.view();
    expect(before.services.some((s) => s.metadata?.name === "late")).toBe(true);
    expect(w.dns.view()).toBe(before); // unchanged caches: the same snapshot
    w.api.delete("Service", "default", "late");
    w.settle();
    expect(w.dns.lookup("late", conf("default")).addresses).toEqual([]);
    expect(w.dns.view().services.some((s) => s.metadata?.name === "late")).toBe(false);
  });

  it("a question reads only what its names reach", () => {
    const w = cluster();
    for (let i = 0; i < 30; i++) w.addService(`svc-${i}`, { clusterIP: `10.96.2.${i + 1}` });
    w.settle();
    const v = w.dns.viewFor(["my-api.default.svc.cluster.local", "my-api.svc.cluster.local"]);
    expect(v.services.map((s) => s.metadata?.name)).toEqual(["my-api"]);
    expect(v.endpointSlices).toHaveLength(1);
    expect(v.namespaces).toEqual(["default"]);
  });

  it("formatResolvConf writes back what parseResolvConf read", () => {
    const text = conf("shop");
    expect(formatResolvConf(parseResolvConf(text))).toBe(text);
  });

  it("property: answers from the narrowed views equal answers from the whole cache", () => {
    const w = cluster();
    const full = w.dns.view();
    const labels = ["my-api", "db", "db-0", "alias", "nope", "10-244-1-5"];
    const tails = ["", ".default", ".other", ".default.svc", ".other.svc", ".default.pod", ".svc"];
    fc.assert(
      fc.property(
        fc.constantFrom(...labels),
        fc.constantFrom(...tails),
        fc.constantFrom("", ".cluster.local", ".db.default.svc.cluster.local"),
        fc.constantFrom("default", "other"),
        (label, tail, zone, ns) => {
          const name = label + tail + zone;
          expect(w.dns.resolve(name)).toEqual(resolve(name, full));
          expect(w.dns.lookup(name, conf(ns))).toEqual(lookup(name, conf(ns), full));
        },
      ),
      { numRuns: 200 },
    );
  });
});
