import { describe, expect, it } from "vitest";
import type { Service } from "kubernetes-types/core/v1";
import { fromServices, makeEnvVariableName, serviceEnvVarMap } from "./envvars.js";

const svc = (
  name: string,
  namespace: string,
  clusterIP: string,
  ports: NonNullable<NonNullable<Service["spec"]>["ports"]>,
): Service => ({ metadata: { name, namespace }, spec: { clusterIP, ports } });

describe("makeEnvVariableName", () => {
  it.each([
    ["my-svc", "MY_SVC"],
    ["a.b", "A_B"],
    ["9lives", "_9LIVES"],
  ])("%s → %s", (a, b) => expect(makeEnvVariableName(a)).toBe(b));
});

describe("fromServices", () => {
  it("gives host, first port, named ports and docker link variables", () => {
    const env = fromServices([
      svc("kubernetes", "default", "10.96.0.1", [{ name: "https", port: 443, protocol: "TCP" }]),
    ]);
    expect(env.map((e) => `${e.name}=${e.value}`)).toEqual([
      "KUBERNETES_SERVICE_HOST=10.96.0.1",
      "KUBERNETES_SERVICE_PORT=443",
      "KUBERNETES_SERVICE_PORT_HTTPS=443",
      "KUBERNETES_PORT=tcp://10.96.0.1:443",
      "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
      "KUBERNETES_PORT_443_TCP_PROTO=tcp",
      "KUBERNETES_PORT_443_TCP_PORT=443",
      "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1",
    ]);
  });
  it("defaults the protocol to TCP, handles several ports and brackets IPv6", () => {
    const env = fromServices([
      svc("dns", "kube-system", "fd00::a", [
        { name: "dns", port: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53 },
      ]),
    ]);
    expect(env.map((e) => `${e.name}=${e.value}`)).toEqual([
      "DNS_SERVICE_HOST=fd00::a",
      "DNS_SERVICE_PORT=53",
      "DNS_SERVICE_PORT_DNS=53",
      "DNS_SERVICE_PORT_DNS_TCP=53",
      "DNS_PORT=udp://[fd00::a]:53",
      "DNS_PORT_53_UDP=udp://[fd00::a]:53",
      "DNS_PORT_53_UDP_PROTO=udp",
      "DNS_PORT_53_UDP_PORT=53",
      "DNS_PORT_53_UDP_ADDR=fd00::a",
      "DNS_PORT_53_TCP=tcp://[fd00::a]:53",
      "DNS_PORT_53_TCP_PROTO=tcp",
      "DNS_PORT_53_TCP_PORT=53",
      "DNS_PORT_53_TCP_ADDR=fd00::a",
    ]);
  });
  it("skips headless services and services without a cluster IP", () => {
    expect(fromServices([svc("h", "x", "None", [{ port: 80 }]), svc("e", "x", "", [])])).toEqual(
      [],
    );
  });
});

describe("serviceEnvVarMap", () => {
  const all = [
    svc("web", "shop", "10.96.0.30", [{ port: 80 }]),
    svc("kubernetes", "default", "10.96.0.1", [{ port: 443 }]),
    svc("api", "shop", "10.96.0.20", [{ port: 8080 }]),
    svc("other", "elsewhere", "10.96.0.40", [{ port: 80 }]),
  ];
  it("always includes the default kubernetes service", () => {
    expect([...serviceEnvVarMap(all, "shop", false).keys()][0]).toBe("KUBERNETES_SERVICE_HOST");
    expect(serviceEnvVarMap(all, "shop", false).has("WEB_SERVICE_HOST")).toBe(false);
  });
  it("adds the namespace's services in name order when links are enabled", () => {
    const hosts = [...serviceEnvVarMap(all, "shop", true).keys()].filter((k) =>
      k.endsWith("_SERVICE_HOST"),
    );
    expect(hosts).toEqual(["API_SERVICE_HOST", "KUBERNETES_SERVICE_HOST", "WEB_SERVICE_HOST"]);
  });
  it("prefers a kubernetes service of the pod's namespace when links are enabled", () => {
    const local = svc("kubernetes", "shop", "10.96.0.99", [{ port: 1 }]);
    expect(serviceEnvVarMap([local, ...all], "shop", true).get("KUBERNETES_SERVICE_HOST")).toBe(
      "10.96.0.99",
    );
    expect(serviceEnvVarMap([...all, local], "shop", true).get("KUBERNETES_SERVICE_HOST")).toBe(
      "10.96.0.99",
    );
    expect(serviceEnvVarMap([local, ...all], "shop", false).get("KUBERNETES_SERVICE_HOST")).toBe(
      "10.96.0.1",
    );
  });
});
