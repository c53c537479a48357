/**
 * The Lua side of ingress-nginx's load balancing: the backends Lua holds
 * (synced from the controller's posted configuration every second), one
 * balancer per backend with endpoints, round_robin by default. Mirrors
 * kubernetes/ingress-nginx rootfs/etc/nginx/lua/balancer.lua (sync_backend:
 * a backend without endpoints has no balancer, so its locations answer 503;
 * a changed endpoint list re-initialises the balancer; get_balancer, balance)
 * and balancer/round_robin.lua (lua-resty-balancer's roundrobin with equal
 * weights).
 *
 * Deterministic where nginx is not: one balancer (nginx has one per worker
 * process), starting at the first endpoint in the controller's order and
 * going round from there.
 */
import type { Upstream, UpstreamEndpoint } from "./backends.js";

interface Balancer {
  readonly signature: string;
  readonly endpoints: readonly UpstreamEndpoint[];
  next: number;
}

function signature(endpoints: readonly UpstreamEndpoint[]): string {
  return endpoints.map((e) => `${e.address}:${e.port}`).join(",");
}

/** The picked endpoint, and where it stood in the list (for the teaching hops). */
export interface Pick {
  readonly endpoint: UpstreamEndpoint;
  readonly index: number;
  readonly of: number;
}

export class Balancers {
  private readonly balancers = new Map<string, Balancer>();
  private backends: ReadonlyMap<string, Upstream> = new Map();

  /** sync_backends: take the posted backends; balancers of unchanged endpoint lists keep their place. */
  sync(backends: ReadonlyMap<string, Upstream>): void {
    this.backends = backends;
    for (const name of [...this.balancers.keys()])
      if ((backends.get(name)?.endpoints.length ?? 0) === 0) this.balancers.delete(name);
    for (const [name, b] of backends) {
      if (b.endpoints.length === 0) continue;
      const sig = signature(b.endpoints);
      if (this.balancers.get(name)?.signature === sig) continue;
      this.balancers.set(name, { signature: sig, endpoints: b.endpoints, next: 0 });
    }
  }

  /** The backend Lua knows under this name (it may have no endpoints). */
  backend(name: string): Upstream | undefined {
    return this.backends.get(name);
  }

  /** Whether a balancer exists (balancer.rewrite answers 503 when not). */
  has(name: string): boolean {
    return this.balancers.has(name);
  }

  /** balance(): the next endpoint in round-robin order. */
  balance(name: string): Pick | undefined {
    const b = this.balancers.get(name);
    if (b === undefined) return undefined;
    const index = b.next % b.endpoints.length;
    b.next = (index + 1) % b.endpoints.length;
    const endpoint = b.endpoints[index];
    return endpoint === undefined ? undefined : { endpoint, index, of: b.endpoints.length };
  }
}
