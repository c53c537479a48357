/**
 * The simulated HTTP client's view of the cluster network: a request to a
 * URL, made from a pod (with the pod's resolv.conf, through kube-proxy's
 * rules on its node) or from outside the cluster (through a node IP, a
 * load-balancer IP or the ingress controller's address), and what came of it:
 * an answer with the hops it took (ingress -> service -> pod), or the error a
 * client sees (unknown host, connection refused, timeout).
 */
import type { Millis } from "@kubesim/sim";
import type { ResolvConf } from "../dns/types.js";

/** Where a request starts. */
export type RequestOrigin =
  /** A pod: names resolve through its resolv.conf; services through kube-proxy on `node`. */
  | {
      readonly kind: "pod";
      readonly podIP: string;
      readonly node: string;
      readonly resolvConf: ResolvConf;
      /** The pod's /etc/hosts entries: address -> names. */
      readonly hosts?: ReadonlyMap<string, readonly string[]>;
    }
  /**
   * Outside the cluster (a laptop). IP literals reach node IPs (NodePorts),
   * load-balancer IPs and the ingress controller's address; a host name
   * resolves only when an Ingress rule names it (as after adding the
   * ingress's address to /etc/hosts).
   */
  | { readonly kind: "external"; readonly clientIP?: string };

export interface ClientRequest {
  /** http://host[:port]/path?query (https:// is accepted for the ingress's TLS hosts). */
  readonly url: string;
  /** Default GET. */
  readonly method?: string;
  /** Extra headers; a Host header overrides the URL's host for virtual hosting. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly from: RequestOrigin;
  /** Give up after this long (curl --max-time); default: wait as long as it takes. */
  readonly timeout?: Millis;
  /** Default "curl/8.5.0". */
  readonly userAgent?: string;
}

/** The pod whose container answered. */
export interface ServedBy {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly image: string;
  readonly podIP: string;
  readonly node: string;
}

/** One step of the way, for teaching: "dns my-api -> 10.96.0.12", "service default/my-api", ... */
export interface Hop {
  readonly kind: "dns" | "ingress" | "service" | "pod";
  /** What it is: the name asked, ingress ns/name, service ns/name, pod ns/name. */
  readonly name: string;
  /** Where it was reached: "10.96.0.12:80", "172.18.0.2:31080", "10.244.1.5:8000". */
  readonly address: string;
  /** A word on the choice: "ClusterIP", "NodePort", "LoadBalancer", "rule api.example.com/api (Prefix)", ... */
  readonly detail?: string;
}

export type ClientError =
  /** The name did not resolve (curl exit 6). */
  | "unknown-host"
  /** Nothing listens, or kube-proxy rejects for want of endpoints (curl exit 7). */
  | "refused"
  /** No answer within the timeout (curl exit 28). */
  | "timeout"
  /** No route and no timeout given: the connection hangs (curl would wait the OS's connect timeout). */
  | "unreachable";

export type ClientResult =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** Total time the request took in virtual time. */
      readonly latency: Millis;
      readonly hops: readonly Hop[];
      /** The IP and port the client connected to. */
      readonly remote: { readonly ip: string; readonly port: number };
      readonly servedBy?: ServedBy;
    }
  | {
      readonly kind: "error";
      readonly error: ClientError;
      /** The host of the URL, and the IP and port when it resolved. */
      readonly host: string;
      readonly ip?: string;
      readonly port: number;
      readonly latency: Millis;
      readonly hops: readonly Hop[];
    };

/** Anything that performs requests: the data plane, or a fake in tests. */
export type HttpClient = (request: ClientRequest) => ClientResult;

/** A request as it reaches a frontend that terminates HTTP itself (the ingress controller). */
export interface FrontendRequest {
  readonly scheme: "http" | "https";
  /** The Host header (or the URL's host), without the port. */
  readonly host: string;
  readonly port: number;
  readonly method: string;
  /** Path with the query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly clientIP: string;
}

export type FrontendAnswer =
  | {
      readonly kind: "answered";
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      readonly latency: Millis;
      /** The hops after the frontend itself (its own hop comes first). */
      readonly hops: readonly Hop[];
      readonly servedBy?: ServedBy;
    }
  | { readonly kind: "refused" };

/**
 * Something that owns IP addresses outside the pod network and answers HTTP
 * there itself: the ingress controller at its published address.
 */
export interface Frontend {
  /** The addresses it answers on now (they may appear later, e.g. once a load balancer is provisioned). */
  addresses(): readonly string[];
  /** Ports it listens on at those addresses (ingress-nginx: 80 and 443). */
  readonly ports: readonly number[];
  handle(request: FrontendRequest): FrontendAnswer;
}
