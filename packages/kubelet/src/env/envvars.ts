/**
 * Service link variables (`<SVC>_SERVICE_HOST`, `<SVC>_PORT_<port>_<PROTO>_ADDR`, ...). Mirrors
 * kubernetes pkg/kubelet/envvars/envvars.go (FromServices) and the kubelet's getServiceEnvVarMap
 * (pkg/kubelet/kubelet_pods.go).
 *
 * Which services a pod sees: the `kubernetes` service of the `default` namespace always, and,
 * when the pod's `enableServiceLinks` is true (the default), every service of its own namespace
 * (a service of that namespace named `kubernetes` then wins over the default one). Services
 * without a cluster IP (headless "None", or empty) give no variables.
 */
import type { Service } from "kubernetes-types/core/v1";

export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

/** makeEnvVariableName: "my-svc" → "MY_SVC"; a leading digit gets a "_" in front. */
export function makeEnvVariableName(name: string): string {
  const upper = name.replaceAll(".", "_").replaceAll("-", "_").toUpperCase();
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

function isServiceIPSet(service: Service): boolean {
  const ip = service.spec?.clusterIP;
  return ip !== undefined && ip !== "" && ip !== "None";
}

/** net.JoinHostPort: IPv6 hosts get brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** FromServices: the variables for each service, in the order given. */
export function fromServices(services: readonly Service[]): EnvVar[] {
  const result: EnvVar[] = [];
  for (const service of services) {
    if (!isServiceIPSet(service)) continue;
    const ip = service.spec!.clusterIP!;
    const ports = service.spec?.ports ?? [];
    const prefix = makeEnvVariableName(service.metadata?.name ?? "");
    result.push({ name: `${prefix}_SERVICE_HOST`, value: ip });
    const first = ports[0];
    if (first !== undefined) {
      // The first port keeps the backwards-compatible name.
      result.push({ name: `${prefix}_SERVICE_PORT`, value: String(first.port) });
    }
    for (const sp of ports) {
      if (sp.name !== undefined && sp.name !== "") {
        result.push({
          name: `${prefix}_SERVICE_PORT_${makeEnvVariableName(sp.name)}`,
          value: String(sp.port),
        });
      }
    }
    result.push(...makeLinkVariables(prefix, ip, ports));
  }
  return result;
}

/** Docker-link-compatible variables. */
function makeLinkVariables(
  prefix: string,
  ip: string,
  ports: NonNullable<NonNullable<Service["spec"]>["ports"]>,
): EnvVar[] {
  const all: EnvVar[] = [];
  ports.forEach((sp, i) => {
    const protocol = sp.protocol !== undefined && sp.protocol !== "" ? sp.protocol : "TCP";
    const url = `${protocol.toLowerCase()}://${joinHostPort(ip, sp.port)}`;
    // Docker special-cases the first port.
    if (i === 0) all.push({ name: `${prefix}_PORT`, value: url });
    const portPrefix = `${prefix}_PORT_${sp.port}_${protocol.toUpperCase()}`;
    all.push(
      { name: portPrefix, value: url },
      { name: `${portPrefix}_PROTO`, value: protocol.toLowerCase() },
      { name: `${portPrefix}_PORT`, value: String(sp.port) },
      { name: `${portPrefix}_ADDR`, value: ip },
    );
  });
  return all;
}

/**
 * getServiceEnvVarMap: the service variables a pod in `namespace` sees, from all `services` of
 * the cluster. Services are taken in name order (upstream iterates a map; kubesim needs a
 * deterministic order), so the map's insertion order is the order the container gets them in.
 */
export function serviceEnvVarMap(
  services: readonly Service[],
  namespace: string,
  enableServiceLinks: boolean,
): Map<string, string> {
  const byName = new Map<string, Service>();
  for (const service of services) {
    if (!isServiceIPSet(service)) continue;
    const name = service.metadata?.name ?? "";
    const ns = service.metadata?.namespace ?? "";
    if (ns === "default" && name === "kubernetes") {
      if (!byName.has(name)) byName.set(name, service);
    } else if (ns === namespace && enableServiceLinks) {
      byName.set(name, service);
    }
  }
  const ordered = [...byName.keys()].sort().map((k) => byName.get(k)!);
  return new Map(fromServices(ordered).map((e) => [e.name, e.value]));
}
