/**
 * Traffic over HTTP (/sim/v1/traffic): generators that send a request at a
 * steady rate of virtual time (the cluster's `traffic()`, like `hey -q` or
 * `fortio load -qps`), kept by name so their results can be read while
 * they run and after they stop. A target is a URL, or a Service by name:
 *
 * - a LoadBalancer Service with an address: from outside, to that address;
 * - any other Service: from the host network of the first Ready node, to
 *   its ClusterIP (as `curl` on a node reaches it through kube-proxy);
 * - with `from: pod/NAME`: from inside that pod, by the Service's DNS name.
 *
 * No Kubernetes counterpart: this is the measuring tape of the lessons.
 */
import { ApiError, fieldError } from "@kubesim/api";
import type { Cluster, Millis, RequestOrigin, TrafficGenerator } from "kubesim";
import { rfc3339 } from "kubesim";
import type { Service } from "kubernetes-types/core/v1";
import { SIM_API_VERSION } from "./clock.js";
import { badField, isObject } from "./shapes.js";

export interface TrafficEntry {
  readonly generator: TrafficGenerator;
  readonly url: string;
  readonly rate: number;
  /** Where the requests start: "outside the cluster", "pod/client", "node node-1". */
  readonly from: string;
  readonly started: Millis;
}

/** The generators started through the API, by name. */
export class TrafficRegistry {
  private readonly entries = new Map<string, TrafficEntry>();

  get(name: string): TrafficEntry {
    const e = this.entries.get(name);
    if (e === undefined)
      throw new ApiError("NotFound", `traffic "${name}" not found`, {
        name,
        kind: "traffic",
      });
    return e;
  }

  list(): readonly TrafficEntry[] {
    return [...this.entries.values()];
  }

  add(e: TrafficEntry): void {
    this.entries.set(e.generator.name, e);
  }

  running(name: string): boolean {
    return this.entries.get(name)?.generator.running === true;
  }
}

/** What a request to start traffic asks for, checked. */
export interface TrafficRequest {
  readonly target?: string;
  readonly url?: string;
  readonly rate: number;
  readonly from?: string;
  readonly namespace: string;
  readonly name?: string;
  readonly path: string;
}

const KEYS = ["target", "url", "rate", "from", "namespace", "name", "path"];

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || v === "")
    throw badField(fieldError.invalid(key, v, "must be a non-empty string"));
  return v;
}

export function parseTrafficRequest(body: unknown): TrafficRequest {
  if (!isObject(body))
    throw new ApiError(
      "BadRequest",
      'the body must be an object: {"target": "my-api", "rate": 50}',
    );
  for (const key of Object.keys(body))
    if (!KEYS.includes(key)) throw badField(fieldError.notSupported(key, body[key] ?? null, KEYS));
  const target = str(body, "target");
  const url = str(body, "url");
  if ((target === undefined) === (url === undefined))
    throw badField(
      fieldError.required("target", "give a Service name as target, or a url, one of them"),
    );
  const rate = body["rate"];
  if (rate === undefined) throw badField(fieldError.required("rate", "requests per second"));
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0)
    throw badField(fieldError.invalid("rate", rate, "rate is requests per second and must be > 0"));
  const from = str(body, "from");
  if (from !== undefined && !/^(pod|po|pods)\/[^/\s]+$/.test(from))
    throw badField(fieldError.invalid("from", from, "expected pod/NAME"));
  const path = str(body, "path") ?? "/";
  if (!path.startsWith("/")) throw badField(fieldError.invalid("path", path, "must start with /"));
  const name = str(body, "name");
  return {
    ...(target === undefined ? {} : { target: target.replace(/^(services|service|svc)\//, "") }),
    ...(url === undefined ? {} : { url }),
    rate,
    ...(from === undefined ? {} : { from }),
    namespace: str(body, "namespace") ?? "default",
    ...(name === undefined ? {} : { name }),
    path,
  };
}

const portSuffix = (port: number | undefined): string =>
  port === undefined || port === 80 ? "" : `:${port}`;

/** A client on a node's host network: IP literals only, through kube-proxy on that node. */
function nodeOrigin(cluster: Cluster): { origin: RequestOrigin; node: string } {
  for (const node of cluster.list("Node")) {
    const ready = node.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
    const ip = node.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
    const name = node.metadata?.name;
    if (ready && ip !== undefined && name !== undefined)
      return {
        node: name,
        origin: {
          kind: "pod",
          podIP: ip,
          node: name,
          resolvConf: { nameservers: [], search: [], ndots: 1 },
        },
      };
  }
  throw new ApiError("Conflict", "no node is Ready: there is no node to send traffic from");
}

/** Where the requests go and come from. */
function route(
  cluster: Cluster,
  r: TrafficRequest,
): { url: string; origin: RequestOrigin; from: string } {
  const pod = r.from?.slice(r.from.indexOf("/") + 1);
  const podFrom = () => ({ origin: cluster.podOrigin(r.namespace, pod!), from: `pod/${pod!}` });
  if (r.url !== undefined)
    return pod === undefined
      ? { url: r.url, origin: { kind: "external" }, from: "outside the cluster" }
      : { url: r.url, ...podFrom() };
  const svc: Service = cluster.get("Service", r.target!, { namespace: r.namespace });
  const port = svc.spec?.ports?.[0]?.port;
  if (pod !== undefined)
    return { url: `http://${r.target!}.${r.namespace}${portSuffix(port)}${r.path}`, ...podFrom() };
  const lb = svc.status?.loadBalancer?.ingress?.[0]?.ip;
  if (svc.spec?.type === "LoadBalancer" && lb !== undefined)
    return {
      url: `http://${lb}${portSuffix(port)}${r.path}`,
      origin: { kind: "external" },
      from: "outside the cluster",
    };
  const ip = svc.spec?.clusterIP;
  if (ip === undefined || ip === "" || ip === "None")
    throw new ApiError(
      "BadRequest",
      `service "${r.target!}" has no cluster IP: send traffic to one of its pods with a url, or from a pod with from: pod/NAME`,
    );
  const { origin, node } = nodeOrigin(cluster);
  return { url: `http://${ip}${portSuffix(port)}${r.path}`, origin, from: `node ${node}` };
}

/** Starts a generator (refused while one of the same name runs). */
export function startTraffic(
  cluster: Cluster,
  registry: TrafficRegistry,
  r: TrafficRequest,
): TrafficEntry {
  const name = r.name ?? r.target ?? r.url!;
  if (registry.running(name))
    throw new ApiError(
      "Conflict",
      `traffic "${name}" is already running (stop it, or give the new one a name)`,
      { name, kind: "traffic" },
    );
  const { url, origin, from } = route(cluster, r);
  let generator: TrafficGenerator;
  try {
    generator = cluster.traffic({ url, rate: r.rate, name, from: origin });
  } catch (e) {
    throw badField(fieldError.invalid("url", url, (e as Error).message));
  }
  generator.start();
  const entry: TrafficEntry = { generator, url, rate: r.rate, from, started: cluster.now() };
  registry.add(entry);
  return entry;
}

/** A generator's state and results as JSON. */
export function trafficStatus(e: TrafficEntry): Record<string, unknown> {
  const g = e.generator;
  return {
    kind: "Traffic",
    apiVersion: SIM_API_VERSION,
    name: g.name,
    url: e.url,
    rate: e.rate,
    from: e.from,
    startTime: rfc3339(e.started),
    running: g.running,
    summary: g.summary(),
    text: g.render(),
  };
}

/** "traffic started: GET URL at N/s from WHERE" (kubesim shell's words). */
export function trafficStartedLine(e: TrafficEntry): string {
  return `traffic started: GET ${e.url} at ${e.rate}/s from ${e.from}`;
}
