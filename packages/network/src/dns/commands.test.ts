import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getentHosts } from "./getent.js";
import { lookup, searchNames } from "./lookup.js";
import { nslookup } from "./nslookup.js";
import { clusterFirstResolvConf, parseResolvConf } from "./resolv-conf.js";
import { clusterIPService, view } from "./fixtures.test-support.js";

const conf = clusterFirstResolvConf("default");

describe("resolv.conf", () => {
  it("is the kubelet's ClusterFirst file", () => {
    expect(conf).toBe(
      "nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n",
    );
    expect(parseResolvConf(conf)).toEqual({
      nameservers: ["10.96.0.10"],
      search: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"],
      ndots: 5,
    });
  });
});

describe("lookup (glibc search list)", () => {
  it("resolves the four forms of a service name from its namespace", () => {
    for (const n of [
      "my-api",
      "my-api.default",
      "my-api.default.svc",
      "my-api.default.svc.cluster.local",
    ]) {
      const r = lookup(n, conf, view);
      expect(r.addresses, n).toEqual(["10.96.143.27"]);
      expect(r.name, n).toBe("my-api.default.svc.cluster.local");
    }
  });
  it("tries the search list first below ndots, the name first at or above it, only the name with a trailing dot", () => {
    expect(searchNames("my-api", conf)).toEqual([
      "my-api.default.svc.cluster.local",
      "my-api.svc.cluster.local",
      "my-api.cluster.local",
      "my-api",
    ]);
    expect(searchNames("a.b.c.d.e.f", conf)[0]).toBe("a.b.c.d.e.f");
    expect(searchNames("a.b.c.d.e.f", conf)).toHaveLength(4);
    expect(searchNames("a.b.c.d.e.f", conf, { libc: "musl" })).toEqual(["a.b.c.d.e.f"]);
    expect(searchNames("my-api.default.svc.cluster.local.", conf)).toEqual([
      "my-api.default.svc.cluster.local",
    ]);
    expect(lookup("my-api.", conf, view).addresses).toEqual([]);
  });
  it("follows the pod's namespace", () => {
    expect(lookup("my-api", clusterFirstResolvConf("other"), view).addresses).toEqual([]);
    expect(lookup("my-api.default", clusterFirstResolvConf("other"), view).addresses).toEqual([
      "10.96.143.27",
    ]);
  });
});

describe("getent hosts (glibc)", () => {
  it("prints `%-15s %s` per address", () => {
    expect(getentHosts(["my-api"], conf, view)).toEqual({
      stdout: "10.96.143.27    my-api.default.svc.cluster.local\n",
      stderr: "",
      exitCode: 0,
    });
    expect(getentHosts(["kubernetes.default"], conf, view).stdout).toBe(
      "10.96.0.1       kubernetes.default.svc.cluster.local\n",
    );
    expect(getentHosts(["db"], conf, view).stdout).toBe(
      "10.244.1.7      db.default.svc.cluster.local\n10.244.2.3      db.default.svc.cluster.local\n",
    );
  });
  it("names the CNAME owner as an alias", () => {
    expect(getentHosts(["alias"], conf, view).stdout).toBe(
      "10.96.143.27    my-api.default.svc.cluster.local alias.default.svc.cluster.local\n",
    );
  });
  it("exits 2 with no output when a key is not found", () => {
    expect(getentHosts(["nope"], conf, view)).toEqual({ stdout: "", stderr: "", exitCode: 2 });
    expect(getentHosts(["ext"], conf, view).exitCode).toBe(2);
  });
});

describe("nslookup (BusyBox 1.36)", () => {
  it("asks a dotless name once per search domain, A then AAAA, exit 1 for the NXDOMAINs", () => {
    expect(nslookup(["my-api"], conf, view)).toEqual({
      stdout:
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" +
        "Name:\tmy-api.default.svc.cluster.local\nAddress: 10.96.143.27\n\n" +
        "** server can't find my-api.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find my-api.cluster.local: NXDOMAIN\n\n" +
        "\n" +
        "** server can't find my-api.svc.cluster.local: NXDOMAIN\n\n" +
        "** server can't find my-api.cluster.local: NXDOMAIN\n\n",
      stderr: "",
      exitCode: 1,
    });
  });
  it("asks a fully qualified name as is, exit 0", () => {
    expect(nslookup(["my-api.default.svc.cluster.local"], conf, view)).toEqual({
      stdout:
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" +
        "Name:\tmy-api.default.svc.cluster.local\nAddress: 10.96.143.27\n\n\n",
      stderr: "",
      exitCode: 0,
    });
  });
  it("does not search a dotted name: my-api.default is NXDOMAIN", () => {
    expect(nslookup(["my-api.default"], conf, view)).toEqual({
      stdout:
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" +
        "** server can't find my-api.default: NXDOMAIN\n\n" +
        "** server can't find my-api.default: NXDOMAIN\n\n",
      stderr: "",
      exitCode: 1,
    });
  });
  it("prints headless addresses, CNAMEs and SRV records", () => {
    const head = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n";
    expect(nslookup(["-type=a", "db.default.svc.cluster.local"], conf, view).stdout).toBe(
      head +
        "Name:\tdb.default.svc.cluster.local\nAddress: 10.244.1.7\n" +
        "Name:\tdb.default.svc.cluster.local\nAddress: 10.244.2.3\n\n",
    );
    expect(nslookup(["-type=a", "ext.default.svc.cluster.local"], conf, view).stdout).toBe(
      head + "ext.default.svc.cluster.local\tcanonical name = db.example.com\n\n",
    );
    expect(
      nslookup(["-type=srv", "_http._tcp.my-api.default.svc.cluster.local"], conf, view).stdout,
    ).toBe(
      head +
        "_http._tcp.my-api.default.svc.cluster.local\tservice = 0 100 80 my-api.default.svc.cluster.local\n\n",
    );
  });
  it("uses an explicit server, times out on one that is not the cluster DNS, and shows usage", () => {
    expect(
      nslookup(["-type=a", "kubernetes.default.svc.cluster.local", "10.96.0.10"], conf, view)
        .exitCode,
    ).toBe(0);
    expect(nslookup(["my-api", "8.8.8.8"], conf, view)).toEqual({
      stdout: ";; connection timed out; no servers could be reached\n\n",
      stderr: "",
      exitCode: 1,
    });
    expect(nslookup([], conf, view).exitCode).toBe(1);
    expect(nslookup([], conf, view).stderr).toContain(
      "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]",
    );
    expect(nslookup(["-type=bogus", "x"], conf, view)).toEqual({
      stdout: "",
      stderr: 'nslookup: invalid query type "bogus"\n',
      exitCode: 1,
    });
  });
});

describe("properties", () => {
  const label = fc
    .stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/)
    .filter((s) => s !== "svc" && s !== "pod");
  it("the four forms resolve to the ClusterIP from the service's namespace; only forms with the namespace from another", () => {
    fc.assert(
      fc.property(
        label,
        label,
        label,
        fc.integer({ min: 2, max: 254 }),
        (svc, ns, otherNs, last) => {
          fc.pre(ns !== otherNs);
          const ip = `10.96.7.${last}`;
          const v = { namespaces: [ns, otherNs], services: [clusterIPService(svc, ns, ip)] };
          const forms = [svc, `${svc}.${ns}`, `${svc}.${ns}.svc`, `${svc}.${ns}.svc.cluster.local`];
          for (const f of forms) {
            expect(lookup(f, clusterFirstResolvConf(ns), v).addresses).toEqual([ip]);
            expect(lookup(f, clusterFirstResolvConf(otherNs), v).addresses).toEqual(
              f === svc ? [] : [ip],
            );
          }
        },
      ),
    );
  });
});
