/**
 * Host matching as ingress-nginx renders it into nginx server_name: an exact
 * name, or for `*.example.com` the regex `~^(?<subdomain>[\w-]+)\.example\.com$`
 * (template.go buildServerName), so the wildcard covers exactly one label.
 * nginx lowercases the Host header, drops its port and a trailing dot
 * (ngx_http_validate_host) before choosing a server.
 */

/** The Host header as nginx compares it: lowercase, no port, no trailing dot. */
export function normalizeRequestHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end === -1 ? h : h.slice(0, end + 1);
  }
  const colon = h.indexOf(":");
  if (colon !== -1) h = h.slice(0, colon);
  if (h.endsWith(".")) h = h.slice(0, -1);
  return h;
}

/** Whether a wildcard host (`*.foo.com`) matches: exactly one label of [A-Za-z0-9_-] in front. */
export function wildcardHostMatches(wildcard: string, host: string): boolean {
  const suffix = wildcard.slice(1).toLowerCase(); // ".foo.com"
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return /^[\w-]+$/.test(label);
}

/** Whether an Ingress rule host matches a request host (exact, or wildcard of one label). */
export function hostMatchesRule(ruleHost: string, requestHost: string): boolean {
  const host = normalizeRequestHost(requestHost);
  if (ruleHost.startsWith("*.")) return wildcardHostMatches(ruleHost, host);
  return ruleHost.toLowerCase() === host;
}
