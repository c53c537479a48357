/**
 * What a client program sees of a TCP connection in the simulated network,
 * beyond the HttpClient's answer: where a hung request was stuck, the
 * kernel's own connect timeout, and the local address and port of the socket
 * (for curl's verbose lines and %{local_ip}/%{local_port}).
 */
import type { ClientResult, RequestOrigin } from "../dataplane/types.js";
import { DefaultExternalClientIP } from "../dataplane/dataplane.js";

/**
 * How long Linux keeps retrying an unanswered SYN before connect() fails
 * with ETIMEDOUT: net.ipv4.tcp_syn_retries = 6, an initial RTO of 1s doubled
 * each time: 1+2+4+8+16+32 s of retries and a last 64 s wait.
 */
export const kernelConnectTimeout = 127_000;

type ErrorResult = Extract<ClientResult, { kind: "error" }>;

/**
 * Whether a request that timed out had its TCP connection accepted (and
 * was waiting for the answer) rather than hanging in connect().
 *
 * The client contract does not say; the hops do: a request that reached
 * the ingress controller or a pod's socket was accepted there (kube-proxy
 * only rewrites the destination, the handshake completes with the pod), so
 * the wait was for the answer. Without such a hop the SYN went unanswered.
 */
export function wasConnected(result: ErrorResult): boolean {
  return result.hops.some((h) => h.kind === "pod" || h.kind === "ingress");
}

/** The client's own address: the pod's IP, or the laptop's outside the cluster. */
export function localAddress(origin: RequestOrigin): string {
  return origin.kind === "pod" ? origin.podIP : (origin.clientIP ?? DefaultExternalClientIP);
}

/**
 * A local (ephemeral) port for a connection, picked deterministically from
 * `key` in Linux's default net.ipv4.ip_local_port_range (32768-60999).
 */
export function ephemeralPort(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 32768 + (h % (60999 - 32768 + 1));
}

/** Whether `host` is a dotted IPv4 literal (no name lookup happens then). */
export function isIPv4Literal(host: string): boolean {
  const parts = host.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}
