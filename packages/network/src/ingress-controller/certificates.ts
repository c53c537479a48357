/**
 * Which hosts have a TLS certificate, and which one. Mirrors
 * kubernetes/ingress-nginx internal/ingress/controller/controller.go
 * createServers (every rule host of an Ingress with a spec.tls section gets a
 * certificate: the secret of the spec.tls entry naming the host, or the
 * default fake certificate when none names it, the secret name is empty, or
 * the secret is missing or holds no tls.crt/tls.key) and
 * rootfs/etc/nginx/lua/certificate.lua (get_pem_cert_uid: the host lowercased
 * without a trailing dot, else `*.` plus all but its first label), which
 * lua_ingress.lua asks before its ssl-redirect.
 *
 * Certificates are not parsed: a secret with both keys counts as valid for
 * its hosts (ingress-nginx also checks the certificate's names).
 */
import type { Secret } from "kubernetes-types/core/v1";
import type { RouteTable } from "../ingress/types.js";

/** The certificate nginx presents for one server. */
export interface ServerCertificate {
  readonly hostname: string;
  /** "namespace/name" of the secret in use; undefined for the default fake certificate. */
  readonly secret: string | undefined;
  /** Why the default certificate is used, in the controller's log words. */
  readonly fallback?: string;
}

/** The name nginx shows for the default certificate. */
export const fakeCertificateName = "Kubernetes Ingress Controller Fake Certificate";

function hasKey(secret: Secret, key: string): boolean {
  const d = secret.data?.[key] ?? secret.stringData?.[key];
  return d !== undefined && d !== "";
}

/** The certificate of each TLS server of the table, by hostname. */
export function serverCertificates(
  table: RouteTable,
  secret: (key: string) => Secret | undefined,
): Map<string, ServerCertificate> {
  const out = new Map<string, ServerCertificate>();
  for (const server of table.servers) {
    const tls = server.tls;
    if (tls === undefined) continue;
    const host = server.hostname;
    if (tls.secretName === undefined || tls.secretName === "") {
      out.set(host, {
        hostname: host,
        secret: undefined,
        fallback: `Host "${host}" is listed in the TLS section but secretName is empty. Using default certificate`,
      });
      continue;
    }
    const key = `${tls.ingress.namespace}/${tls.secretName}`;
    const s = secret(key);
    if (s === undefined || !hasKey(s, "tls.crt") || !hasKey(s, "tls.key")) {
      out.set(host, {
        hostname: host,
        secret: undefined,
        fallback: `Error getting SSL certificate "${key}": local SSL certificate ${key} was not found. Using default certificate`,
      });
      continue;
    }
    out.set(host, { hostname: host, secret: key });
  }
  return out;
}

/** get_pem_cert_uid: the certificate configured for a request's host, if any. */
export function certificateForHost(
  certs: ReadonlyMap<string, ServerCertificate>,
  host: string,
): ServerCertificate | undefined {
  const h = host.replace(/\.$/, "").toLowerCase();
  const exact = certs.get(h);
  if (exact !== undefined) return exact;
  const dot = h.indexOf(".");
  if (dot <= 0) return undefined;
  return certs.get(`*${h.slice(dot)}`);
}
