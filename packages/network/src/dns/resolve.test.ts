import { describe, expect, it } from "vitest";
import { resolve } from "./resolve.js";
import { view } from "./fixtures.test-support.js";

const a = (name: string, address: string) => ({ type: "A", name, address });

describe("resolve (CoreDNS kubernetes plugin)", () => {
  it("answers a service name with its ClusterIP, authoritatively", () => {
    expect(resolve("my-api.default.svc.cluster.local", view)).toEqual({
      rcode: "NOERROR",
      authoritative: true,
      answer: [a("my-api.default.svc.cluster.local", "10.96.143.27")],
    });
  });
  it("accepts a trailing dot and matches case-insensitively, keeping the asked case", () => {
    expect(resolve("My-Api.default.svc.cluster.local.", view).answer).toEqual([
      a("My-Api.default.svc.cluster.local", "10.96.143.27"),
    ]);
  });
  it("answers a headless service with its ready endpoints only", () => {
    expect(resolve("db.default.svc.cluster.local", view).answer).toEqual([
      a("db.default.svc.cluster.local", "10.244.1.7"),
      a("db.default.svc.cluster.local", "10.244.2.3"),
    ]);
  });
  it("answers <hostname>.<svc>.<ns>.svc for endpoints with a hostname", () => {
    expect(resolve("db-1.db.default.svc.cluster.local", view).answer).toEqual([
      a("db-1.db.default.svc.cluster.local", "10.244.2.3"),
    ]);
    expect(resolve("db-2.db.default.svc.cluster.local", view).rcode).toBe("NXDOMAIN");
  });
  it("answers <a-b-c-d>.<svc>.<ns>.svc for an endpoint without hostname", () => {
    expect(resolve("10-244-1-5.my-api.default.svc.cluster.local", view).answer).toEqual([
      a("10-244-1-5.my-api.default.svc.cluster.local", "10.244.1.5"),
    ]);
  });
  it("answers pod A records in pods insecure mode, for an existing namespace", () => {
    expect(resolve("10-244-9-9.default.pod.cluster.local", view).answer).toEqual([
      a("10-244-9-9.default.pod.cluster.local", "10.244.9.9"),
    ]);
    expect(resolve("10-244-9-9.nope.pod.cluster.local", view).rcode).toBe("NXDOMAIN");
    expect(resolve("not-an-ip.default.pod.cluster.local", view).rcode).toBe("NXDOMAIN");
  });
  it("checks the pod in pods verified mode", () => {
    const v = {
      ...view,
      podMode: "verified" as const,
      pods: [{ metadata: { name: "p", namespace: "default" }, status: { podIP: "10.244.1.5" } }],
    };
    expect(resolve("10-244-1-5.default.pod.cluster.local", v).rcode).toBe("NOERROR");
    expect(resolve("10-244-9-9.default.pod.cluster.local", v).rcode).toBe("NXDOMAIN");
  });
  it("answers an ExternalName service with a CNAME (no upstream behind it)", () => {
    expect(resolve("ext.default.svc.cluster.local", view).answer).toEqual([
      { type: "CNAME", name: "ext.default.svc.cluster.local", target: "db.example.com" },
    ]);
  });
  it("follows a CNAME into the cluster domain", () => {
    expect(resolve("alias.default.svc.cluster.local", view).answer).toEqual([
      {
        type: "CNAME",
        name: "alias.default.svc.cluster.local",
        target: "my-api.default.svc.cluster.local",
      },
      a("my-api.default.svc.cluster.local", "10.96.143.27"),
    ]);
  });
  it("is NXDOMAIN for unknown services, namespaces, invalid names, and names outside the zone", () => {
    for (const n of [
      "nope.default.svc.cluster.local",
      "my-api.other.svc.cluster.local",
      "my-api.svc.cluster.local",
      "my-api.cluster.local",
      "my-api.default",
      "example.com",
    ]) {
      expect(resolve(n, view).rcode, n).toBe("NXDOMAIN");
    }
    expect(resolve("example.com", view).authoritative).toBe(false);
  });
  it("is NODATA (NOERROR, no answer) for a namespace name, the zone, and AAAA of a v4 service", () => {
    for (const n of ["default.svc.cluster.local", "cluster.local", "svc.cluster.local"]) {
      expect(resolve(n, view), n).toEqual({ rcode: "NOERROR", authoritative: true, answer: [] });
    }
    expect(resolve("my-api.default.svc.cluster.local", view, "AAAA").answer).toEqual([]);
  });
  it("answers SRV for named ports: the ClusterIP name, and each endpoint of a headless service", () => {
    expect(resolve("_http._tcp.my-api.default.svc.cluster.local", view, "SRV").answer).toEqual([
      {
        type: "SRV",
        name: "_http._tcp.my-api.default.svc.cluster.local",
        priority: 0,
        weight: 100,
        port: 80,
        target: "my-api.default.svc.cluster.local",
      },
    ]);
    expect(resolve("_pg._tcp.db.default.svc.cluster.local", view, "SRV").answer).toEqual([]);
    const db = resolve("db.default.svc.cluster.local", view, "SRV").answer;
    expect(db.map((r) => (r.type === "SRV" ? `${r.weight} ${r.port} ${r.target}` : ""))).toEqual([
      "50 8080 db-0.db.default.svc.cluster.local",
      "50 8080 db-1.db.default.svc.cluster.local",
    ]);
    expect(resolve("_nope._tcp.my-api.default.svc.cluster.local", view, "SRV").rcode).toBe(
      "NXDOMAIN",
    );
  });
  it("honours another cluster domain", () => {
    const v = { ...view, clusterDomain: "corp.internal" };
    expect(resolve("my-api.default.svc.corp.internal", v).answer).toEqual([
      a("my-api.default.svc.corp.internal", "10.96.143.27"),
    ]);
    expect(resolve("my-api.default.svc.cluster.local", v).rcode).toBe("NXDOMAIN");
  });
  it("reads core/v1 Endpoints when the view has no EndpointSlices", () => {
    const v = {
      services: view.services,
      endpoints: [
        {
          metadata: { name: "db", namespace: "default" },
          subsets: [
            {
              addresses: [{ ip: "10.244.3.3", hostname: "db-0" }],
              notReadyAddresses: [{ ip: "10.244.3.4" }],
            },
          ],
        },
      ],
    };
    expect(resolve("db.default.svc.cluster.local", v).answer).toEqual([
      a("db.default.svc.cluster.local", "10.244.3.3"),
    ]);
    expect(resolve("db-0.db.default.svc.cluster.local", v).rcode).toBe("NOERROR");
  });
});
