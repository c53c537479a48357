/**
 * Test support: the ingress vectors (a copy of shared/spec/runtime-vectors.json's
 * ingress part) and small Ingress builders.
 */
import type { Ingress, IngressClass } from "kubernetes-types/networking/v1";
import { readFileSync } from "node:fs";

export interface VectorCase {
  readonly source: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly input: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly expected: any;
  readonly note?: string;
}

export function loadVectors(): Record<
  "ingressPathMatching" | "ingressNginx" | "ingressValidation",
  VectorCase[]
> {
  const text = readFileSync(new URL("./ingress-vectors.json", import.meta.url), "utf8");
  return JSON.parse(text) as Record<
    "ingressPathMatching" | "ingressNginx" | "ingressValidation",
    VectorCase[]
  >;
}

export interface PathSpec {
  readonly path: string;
  readonly pathType?: string;
  readonly backend?: string;
}

/** An Ingress with one rule of `host` ("" = none) whose paths go to `backend` (default svc-<index>). */
export function ingressOf(
  name: string,
  host: string,
  paths: readonly PathSpec[],
  extra: {
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    namespace?: string;
  } = {},
): Ingress {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: {
      name,
      namespace: extra.namespace ?? "default",
      ...(extra.annotations !== undefined ? { annotations: extra.annotations } : {}),
      ...(extra.creationTimestamp !== undefined
        ? { creationTimestamp: extra.creationTimestamp }
        : {}),
    },
    spec: {
      rules: [
        {
          ...(host !== "" ? { host } : {}),
          http: {
            paths: paths.map((p, i) => ({
              path: p.path,
              pathType: p.pathType ?? "ImplementationSpecific",
              backend: { service: { name: p.backend ?? `svc-${i}`, port: { number: 80 } } },
            })),
          },
        },
      ],
    },
  };
}

export function ingressClass(
  name: string,
  controller: string,
  opts: { isDefault?: boolean; creationTimestamp?: string } = {},
): IngressClass {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: {
      name,
      ...(opts.isDefault === true
        ? { annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } }
        : {}),
      ...(opts.creationTimestamp !== undefined
        ? { creationTimestamp: opts.creationTimestamp }
        : {}),
    },
    spec: { controller },
  };
}
