/**
 * Mirrors kubernetes/kubernetes pkg/scheduler/framework/types.go
 * (`HostPortInfo`: `Add`, `Remove`, `CheckConflict`, `sanitize`) and
 * pkg/scheduler/util (`GetHostPorts`).
 *
 * Guarantees:
 * - Only ports with hostPort > 0 count, from the containers and from sidecar
 *   init containers (restartPolicy Always), which run for the pod's lifetime.
 * - An empty hostIP means 0.0.0.0 and an empty protocol means TCP.
 * - A wanted (ip, protocol, port) conflicts with a used one of the same
 *   protocol and port when either side binds 0.0.0.0 or the IPs are equal:
 *   10.0.0.1:80/TCP conflicts with 0.0.0.0:80/TCP and 10.0.0.1:80/TCP, not
 *   with 10.0.0.2:80/TCP nor 10.0.0.1:80/UDP.
 */
import type { ContainerPort, Pod } from "kubernetes-types/core/v1";

export const DefaultBindAllHostIP = "0.0.0.0";

/** GetHostPorts: the host ports a pod uses. */
export function getHostPorts(pod: Pod): ContainerPort[] {
  const ports: ContainerPort[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    if (c.restartPolicy !== "Always") continue;
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) ports.push(p);
  }
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) ports.push(p);
  }
  return ports;
}

const protocolPort = (protocol: string | undefined, port: number): string =>
  `${protocol === undefined || protocol === "" ? "TCP" : protocol}/${port}`;
const bindIP = (ip: string | undefined): string =>
  ip === undefined || ip === "" ? DefaultBindAllHostIP : ip;

/** HostPortInfo: ip -> set of "protocol/port", with a use count so pods can be removed again. */
export class HostPortInfo {
  readonly #byIP = new Map<string, Map<string, number>>();

  add(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const key = bindIP(ip);
    let m = this.#byIP.get(key);
    if (m === undefined) this.#byIP.set(key, (m = new Map()));
    const pp = protocolPort(protocol, port);
    m.set(pp, (m.get(pp) ?? 0) + 1);
  }

  remove(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const key = bindIP(ip);
    const m = this.#byIP.get(key);
    const pp = protocolPort(protocol, port);
    const n = m?.get(pp);
    if (m === undefined || n === undefined) return;
    if (n <= 1) m.delete(pp);
    else m.set(pp, n - 1);
    if (m.size === 0) this.#byIP.delete(key);
  }

  /** CheckConflict(ip, protocol, port). */
  checkConflict(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (port <= 0) return false;
    const key = bindIP(ip);
    const pp = protocolPort(protocol, port);
    if (key === DefaultBindAllHostIP) {
      for (const m of this.#byIP.values()) if (m.has(pp)) return true;
      return false;
    }
    for (const k of [DefaultBindAllHostIP, key])
      if (this.#byIP.get(k)?.has(pp) === true) return true;
    return false;
  }

  /** Number of distinct (ip, protocol, port) entries in use. */
  get size(): number {
    let n = 0;
    for (const m of this.#byIP.values()) n += m.size;
    return n;
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.#byIP) c.#byIP.set(ip, new Map(m));
    return c;
  }
}

/** fitsPorts: none of the wanted ports conflicts with the node's used ports. */
export function fitsPorts(wanted: readonly ContainerPort[], used: HostPortInfo): boolean {
  return wanted.every((p) => !used.checkConflict(p.hostIP, p.protocol, p.hostPort ?? 0));
}
