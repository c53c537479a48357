/**
 * The objects an installer applies for ingress-nginx, as the official cloud
 * manifest has them (kubernetes/ingress-nginx
 * deploy/static/provider/cloud/deploy.yaml): the ingress-nginx Namespace, the
 * LoadBalancer Service ingress-nginx-controller (http 80 -> http, https 443
 * -> https), and the IngressClass `nginx` (controller k8s.io/ingress-nginx),
 * here marked as the default class unless asked otherwise (as minikube's
 * ingress addon marks it; the cloud manifest does not).
 *
 * Deviation: the controller runs as a process of the simulator, not as the
 * manifest's Deployment, so no pod matches the Service's selector and the
 * Service has no endpoints; the controller answers on the Service's
 * load-balancer address itself. The RBAC objects, the admission webhook and
 * its jobs, and the configmap are left out.
 */
import type { Namespace, Service } from "kubernetes-types/core/v1";
import type { IngressClass } from "kubernetes-types/networking/v1";
import { ingressNginxController, isDefaultClassAnnotation } from "../ingress/ingress-class.js";

/** The controller version the manifest's labels name. */
export const ingressNginxVersion = "1.15.1";

export interface IngressNginxManifestOptions {
  /** Namespace of the controller (default "ingress-nginx"). */
  readonly namespace?: string;
  /** IngressClass name (default "nginx"). */
  readonly ingressClass?: string;
  /** IngressClass spec.controller (default "k8s.io/ingress-nginx"). */
  readonly controllerClass?: string;
  /** Annotate the IngressClass ingressclass.kubernetes.io/is-default-class: "true" (default true). */
  readonly defaultClass?: boolean;
  /** The Service's spec.type (default "LoadBalancer"). */
  readonly serviceType?: "LoadBalancer" | "NodePort" | "ClusterIP";
}

export interface IngressNginxManifests {
  readonly namespace: Namespace;
  readonly service: Service;
  readonly ingressClass: IngressClass;
  /** The three in apply order. */
  readonly objects: readonly [Namespace, Service, IngressClass];
}

const selectorLabels = {
  "app.kubernetes.io/component": "controller",
  "app.kubernetes.io/instance": "ingress-nginx",
  "app.kubernetes.io/name": "ingress-nginx",
} as const;

const controllerLabels = {
  ...selectorLabels,
  "app.kubernetes.io/part-of": "ingress-nginx",
  "app.kubernetes.io/version": ingressNginxVersion,
} as const;

/** The Service the controller publishes (--publish-service) is `<namespace>/ingress-nginx-controller`. */
export const ingressNginxServiceName = "ingress-nginx-controller";

export function ingressNginxManifests(
  options: IngressNginxManifestOptions = {},
): IngressNginxManifests {
  const ns = options.namespace ?? "ingress-nginx";
  const type = options.serviceType ?? "LoadBalancer";
  const namespace: Namespace = {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: ns,
      labels: {
        "app.kubernetes.io/instance": "ingress-nginx",
        "app.kubernetes.io/name": "ingress-nginx",
      },
    },
  };
  const service: Service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: ingressNginxServiceName, namespace: ns, labels: { ...controllerLabels } },
    spec: {
      ...(type === "ClusterIP" ? {} : { externalTrafficPolicy: "Local" }),
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
      ports: [
        { appProtocol: "http", name: "http", port: 80, protocol: "TCP", targetPort: "http" },
        { appProtocol: "https", name: "https", port: 443, protocol: "TCP", targetPort: "https" },
      ],
      selector: { ...selectorLabels },
      type,
    },
  };
  const ingressClass: IngressClass = {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: {
      name: options.ingressClass ?? "nginx",
      labels: { ...controllerLabels },
      ...((options.defaultClass ?? true)
        ? { annotations: { [isDefaultClassAnnotation]: "true" } }
        : {}),
    },
    spec: { controller: options.controllerClass ?? ingressNginxController },
  };
  return { namespace, service, ingressClass, objects: [namespace, service, ingressClass] };
}
