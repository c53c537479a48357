/**
 * kube-proxy's choice of a backend for a new connection to a service
 * (pkg/proxy/iptables/proxier.go, pkg/proxy/topology.go CategorizeEndpoints):
 * ready endpoints only, or, when none is ready, the serving and terminating
 * ones; traffic policy Local keeps the client's node's endpoints; the
 * per-service chain has one rule per endpoint, ordered by "ip:port", rule i
 * taken with probability 1/(n-i), which makes the choice uniform; session
 * affinity ClientIP sends a client back to the endpoint it got until
 * `timeoutSeconds` pass without a connection.
 */
import type { Millis, Rng } from "@kubesim/sim";

export interface ProxyEndpoint {
  readonly ip: string;
  readonly port: number;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
}

/** CategorizeEndpoints: the endpoints a connection may use. */
export function usableEndpoints<E extends ProxyEndpoint>(
  endpoints: readonly E[],
  options: { readonly localOnly?: boolean; readonly node?: string } = {},
): E[] {
  let pool = endpoints;
  if (options.localOnly === true) pool = pool.filter((e) => e.nodeName === options.node);
  const ready = pool.filter((e) => e.ready);
  const chosen = ready.length > 0 ? ready : pool.filter((e) => e.serving && e.terminating);
  return [...chosen].sort((a, b) => {
    const ka = `${a.ip}:${a.port}`;
    const kb = `${b.ip}:${b.port}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** The iptables chain's walk: rule i matches with probability 1/(n-i). */
export function pickIptables<E extends ProxyEndpoint>(
  endpoints: readonly E[],
  rng: Rng,
): E | undefined {
  const n = endpoints.length;
  for (let i = 0; i < n - 1; i++) if (rng.float() < 1 / (n - i)) return endpoints[i];
  return endpoints[n - 1];
}

/** sessionAffinity: ClientIP, per service: client IP -> (endpoint, last use). */
export class ClientIPAffinity {
  private readonly table = new Map<string, { key: string; last: Millis }>();

  constructor(readonly timeoutSeconds = 10_800) {}

  pick<E extends ProxyEndpoint>(
    clientIP: string,
    endpoints: readonly E[],
    now: Millis,
    rng: Rng,
  ): E | undefined {
    const entry = this.table.get(clientIP);
    if (entry !== undefined && now - entry.last <= this.timeoutSeconds * 1000) {
      const same = endpoints.find((e) => `${e.ip}:${e.port}` === entry.key);
      if (same !== undefined) {
        entry.last = now;
        return same;
      }
    }
    const e = pickIptables(endpoints, rng);
    if (e !== undefined) this.table.set(clientIP, { key: `${e.ip}:${e.port}`, last: now });
    else this.table.delete(clientIP);
    return e;
  }
}
