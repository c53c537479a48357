/**
 * Ingress arbitraries (networking.k8s.io/v1), valid as the API server's
 * validation has them (pkg/apis/networking/validation ValidateIngressSpec,
 * validateIngressRules, validateHTTPIngressPath, validateIngressBackend,
 * validateIngressTLS; kubesim's api/validation/ingress.ts):
 *
 * - rules with a DNS host, a wildcard host (`*.` then a DNS subdomain) or no
 *   host, each with 1-3 HTTP paths;
 * - paths of pathType Exact, Prefix or ImplementationSpecific: absolute, made
 *   of DNS-label-like segments, so never "//", "/./", "/../", "%2f" nor a
 *   trailing "/." or "/.." (a trailing "/" is fine);
 * - backends to the Service's port, by number or by name (never both);
 *   optionally the same as spec.defaultBackend;
 * - the class by spec.ingressClassName, by the legacy
 *   kubernetes.io/ingress.class annotation, or neither (the default
 *   IngressClass's admission fills it in); never both, which must then agree;
 * - TLS for some of the rules' hosts, with a secretName (a DNS subdomain; the
 *   Secret need not exist: ingress-nginx then serves its default fake
 *   certificate for those hosts, and redirects plain HTTP to https).
 */
import fc from "fast-check";
import type { Service } from "kubernetes-types/core/v1";
import type {
  HTTPIngressPath,
  Ingress,
  IngressBackend,
  IngressRule,
  IngressTLS,
} from "kubernetes-types/networking/v1";

/** The path types of validateHTTPIngressPath (supportedPathTypes). */
export const PATH_TYPES = ["Exact", "Prefix", "ImplementationSpecific"] as const;
export type PathType = (typeof PATH_TYPES)[number];

export interface IngressOptions {
  readonly name?: string;
  /** The Service the backends point to, at its first port (default "web", port 80 "http"). */
  readonly service?: Service;
  /** The ingress class (default "nginx", kubesim's ingress-nginx and default class). */
  readonly className?: string;
  /** The domain hosts end in (default "example.com"). */
  readonly domain?: string;
  /** Largest number of rules (default 3). */
  readonly maxRules?: number;
}

/** A DNS label, short: [a-z][a-z0-9-]*[a-z0-9]. */
export const dnsLabelArb: fc.Arbitrary<string> = fc.stringMatching(
  /^[a-z](?:[a-z0-9-]{0,6}[a-z0-9])?$/,
);

/**
 * An absolute path of 0-3 segments, maybe with a trailing "/": "/", "/a",
 * "/a/b-c/". A segment starts with a letter or digit, so is never "." or "..".
 */
export const ingressPathArb: fc.Arbitrary<string> = fc
  .record({
    segments: fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,7}$/), { maxLength: 3 }),
    slash: fc.boolean(),
  })
  .map(({ segments, slash }) => {
    const p = `/${segments.join("/")}`;
    return slash && segments.length > 0 ? `${p}/` : p;
  });

/** A rule's host: a DNS name under `domain`, a wildcard one, or none. */
export function hostArb(domain = "example.com"): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 3, arbitrary: dnsLabelArb.map((l) => `${l}.${domain}`) },
    { weight: 1, arbitrary: dnsLabelArb.map((l) => `*.${l}.${domain}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** A backend to the Service's first port, by number or by name (when it has one). */
export function backendArb(service: Service): fc.Arbitrary<IngressBackend> {
  const name = service.metadata?.name ?? "web";
  const port = service.spec?.ports?.[0];
  const byNumber = fc.constant<IngressBackend>({
    service: { name, port: { number: port?.port ?? 80 } },
  });
  if (port?.name === undefined || port.name === "") return byNumber;
  return fc.oneof(
    byNumber,
    fc.constant<IngressBackend>({ service: { name, port: { name: port.name } } }),
  );
}

function pathArb(service: Service): fc.Arbitrary<HTTPIngressPath> {
  return fc.record({
    path: ingressPathArb,
    pathType: fc.constantFrom(...PATH_TYPES),
    backend: backendArb(service),
  });
}

const DEFAULT_SERVICE: Service = {
  metadata: { name: "web" },
  spec: { ports: [{ name: "http", port: 80 }] },
};

/** A valid Ingress routing every rule and path to the Service. */
export function ingressArb(options: IngressOptions = {}): fc.Arbitrary<Ingress> {
  const service = options.service ?? DEFAULT_SERVICE;
  const className = options.className ?? "nginx";
  const rule: fc.Arbitrary<IngressRule> = fc
    .record({
      host: hostArb(options.domain),
      paths: fc.array(pathArb(service), { minLength: 1, maxLength: 3 }),
    })
    .map(({ host, paths }) => ({ ...(host === undefined ? {} : { host }), http: { paths } }));
  return fc
    .record({
      rules: fc.array(rule, { minLength: 1, maxLength: options.maxRules ?? 3 }),
      defaultBackend: fc.option(backendArb(service), { nil: undefined }),
      classBy: fc.constantFrom("field", "annotation", "default"),
      tls: fc.option(fc.subarray([0, 1, 2]), { nil: undefined }),
      secret: dnsLabelArb,
    })
    .map(({ rules, defaultBackend, classBy, tls, secret }): Ingress => {
      const hosts = [...new Set(rules.flatMap((r) => (r.host === undefined ? [] : [r.host])))];
      const tlsHosts = (tls ?? []).flatMap((i) => (hosts[i] === undefined ? [] : [hosts[i]]));
      const tlsSpec: IngressTLS[] | undefined =
        tls === undefined ? undefined : [{ hosts: tlsHosts, secretName: `${secret}-tls` }];
      return {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: {
          name: options.name ?? "web",
          ...(classBy === "annotation"
            ? { annotations: { "kubernetes.io/ingress.class": className } }
            : {}),
        },
        spec: {
          ...(classBy === "field" ? { ingressClassName: className } : {}),
          ...(defaultBackend === undefined ? {} : { defaultBackend }),
          ...(tlsSpec === undefined ? {} : { tls: tlsSpec }),
          rules,
        },
      };
    });
}
