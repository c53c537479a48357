/**
 * What travels over the simulated pod network: an HTTP request to a pod's
 * port, and what comes back. A connection either reaches a listening socket
 * (and gets an answer after some latency), is refused (nothing listens on the
 * port, or the container is not running), or hangs (the pod's IP does not
 * answer at all).
 */
import type { Millis } from "@kubesim/sim";
import type { ServedBy } from "./dataplane/types.js";

export interface HttpRequest {
  readonly method: string;
  /** Path with the query string, e.g. "/healthz?verbose=1". */
  readonly path: string;
  /** Header names as sent; lookups are case-insensitive. */
  readonly headers: Readonly<Record<string, string>>;
  /** Who asks: "kubelet", "kube-proxy", a pod IP ... (for the served-request log line). */
  readonly source: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The outcome of dialling ip:port and, for HTTP, sending one request. */
export type Dial =
  | {
      readonly kind: "answered";
      readonly latency: Millis;
      readonly response: HttpResponse;
      /** The container that answered (the pod's kubelet fills it in). */
      readonly servedBy?: ServedBy;
    }
  | { readonly kind: "open"; readonly latency: Millis }
  | { readonly kind: "refused" }
  /** No answer at all: the IP is unknown or the host is unreachable. */
  | { readonly kind: "unreachable" };

/** Whatever listens behind one pod IP: the pod's sandbox, as its kubelet runs it. */
export interface PodEndpoint {
  /** A TCP connect to `port`: open (with the time to accept) or refused. */
  connect(port: number): Dial;
  /** One HTTP request to `port`. */
  http(port: number, request: HttpRequest): Dial;
}
