/**
 * Which IngressClass an Ingress belongs to, and whether ingress-nginx handles it.
 * Mirrors kubernetes/ingress-nginx internal/ingress/controller/store/store.go
 * (GetIngressClass, the IngressClass event handler that keeps only classes whose
 * spec.controller is the controller's) and ingressclass/ingressclass.go
 * (k8s.io/ingress-nginx, annotation value "nginx", --watch-ingress-without-class,
 * --ingress-class-by-name), plus kubernetes
 * plugin/pkg/admission/network/defaultingressclass/admission.go (getDefaultClass:
 * the newest default class wins, ties by name).
 *
 * An Ingress with neither the field nor the annotation belongs to no class:
 * the apiserver's DefaultIngressClass admission plugin writes the default
 * class into spec.ingressClassName on create, and ingress-nginx does not fall
 * back to it later (an update that drops the class stops the serving).
 */
import type { Ingress, IngressClass } from "kubernetes-types/networking/v1";

export const ingressClassAnnotation = "kubernetes.io/ingress.class";
export const isDefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";
export const ingressNginxController = "k8s.io/ingress-nginx";

export interface IngressClassOptions {
  /** --controller-class; default k8s.io/ingress-nginx. */
  readonly controller?: string;
  /** --ingress-class (the legacy annotation value); default "nginx". */
  readonly annotationValue?: string;
  /** --watch-ingress-without-class; default false. */
  readonly watchWithoutClass?: boolean;
  /** --ingress-class-by-name: also accept the class named annotationValue; default false. */
  readonly ingressClassByName?: boolean;
}

export interface IngressClassResolution {
  /** The class name the Ingress belongs to, if any. */
  readonly className: string | undefined;
  /** Where the name came from. */
  readonly source: "ingressClassName" | "annotation" | "none";
  /** The IngressClass object of that name, when it exists. */
  readonly ingressClass: IngressClass | undefined;
  /** Whether the controller handles the Ingress. */
  readonly handled: boolean;
  /** Why (not), in the controller's words where it has some. */
  readonly reason: string;
}

function creationMillis(ic: IngressClass): number {
  const t = ic.metadata?.creationTimestamp;
  if (t === undefined) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : ms;
}

/** getDefaultClass: the class annotated is-default-class "true"; with several, the newest (ties: name ascending). */
export function defaultIngressClass(classes: readonly IngressClass[]): IngressClass | undefined {
  let best: IngressClass | undefined;
  for (const ic of classes) {
    if (ic.metadata?.annotations?.[isDefaultClassAnnotation] !== "true") continue;
    if (best === undefined) {
      best = ic;
      continue;
    }
    const a = creationMillis(ic);
    const b = creationMillis(best);
    if (a > b || (a === b && (ic.metadata?.name ?? "") < (best.metadata?.name ?? ""))) best = ic;
  }
  return best;
}

export function ingressClassFor(
  ingress: Ingress,
  classes: readonly IngressClass[],
  options: IngressClassOptions = {},
): IngressClassResolution {
  const controller = options.controller ?? ingressNginxController;
  const annotationValue = options.annotationValue ?? "nginx";
  const byName = (n: string): IngressClass | undefined =>
    classes.find((c) => c.metadata?.name === n);
  const ours = (ic: IngressClass): boolean =>
    ic.spec?.controller === controller ||
    (options.ingressClassByName === true && ic.metadata?.name === annotationValue);

  const field = ingress.spec?.ingressClassName;
  if (field !== undefined) {
    const ic = byName(field);
    if (ic === undefined)
      return {
        className: field,
        source: "ingressClassName",
        ingressClass: undefined,
        handled: false,
        reason: `ingressclass.networking.k8s.io "${field}" not found`,
      };
    const handled = ours(ic);
    return {
      className: field,
      source: "ingressClassName",
      ingressClass: ic,
      handled,
      reason: handled
        ? `IngressClass "${field}" is handled by ${controller}`
        : `ignoring ingressclass as the spec.controller is not the same of this ingress`,
    };
  }

  const annotation = ingress.metadata?.annotations?.[ingressClassAnnotation];
  if (annotation !== undefined) {
    const handled = annotation === annotationValue;
    return {
      className: annotation,
      source: "annotation",
      ingressClass: byName(annotation),
      handled,
      reason: handled
        ? `annotation ${ingressClassAnnotation}: "${annotation}" matches the controller's "${annotationValue}"`
        : "ingress class annotation is not equal to the expected by Ingress Controller",
    };
  }

  if (options.watchWithoutClass === true)
    return {
      className: undefined,
      source: "none",
      ingressClass: undefined,
      handled: true,
      reason: "--watch-ingress-without-class is set",
    };
  return {
    className: undefined,
    source: "none",
    ingressClass: undefined,
    handled: false,
    reason: "ingress does not contain a valid IngressClass",
  };
}

/** The Ingresses the controller handles, in the given order. */
export function ingressesHandled(
  ingresses: readonly Ingress[],
  classes: readonly IngressClass[],
  options: IngressClassOptions = {},
): Ingress[] {
  return ingresses.filter((ing) => ingressClassFor(ing, classes, options).handled);
}
