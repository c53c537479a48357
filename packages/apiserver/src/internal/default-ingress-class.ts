/**
 * The DefaultIngressClass admission plugin (on by default). Mirrors
 * kubernetes/kubernetes plugin/pkg/admission/network/defaultingressclass/admission.go.
 *
 * On create of an Ingress (never an update, never a subresource) that has
 * neither spec.ingressClassName nor the legacy `kubernetes.io/ingress.class`
 * annotation, spec.ingressClassName becomes the name of the IngressClass
 * annotated `ingressclass.kubernetes.io/is-default-class: "true"`. With
 * several default classes the newest wins (latest creationTimestamp; on a tie
 * the lower name), as upstream does since 1.25 (kubernetes#110974; before,
 * the create was refused with `2 default IngressClasses were found, only 1
 * allowed`). With none, the Ingress is left as it is. Existing Ingresses are
 * never changed.
 *
 * The plugin reads IngressClasses from its informer; kubesim reads the store,
 * which that informer would mirror.
 */
import { kindInfo, type KubeObject } from "@kubesim/api";
import { parseTime } from "@kubesim/sim";
import type { Storage } from "./storage.js";

type Obj = Record<string, unknown>;

/** networkingv1.AnnotationIsDefaultIngressClass */
export const ANNOTATION_IS_DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class";
/** networkingv1beta1.AnnotationIngressClass */
export const ANNOTATION_INGRESS_CLASS = "kubernetes.io/ingress.class";

const INGRESS_CLASS_INFO = kindInfo("IngressClass")!;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** getDefaultClass: the newest IngressClass marked default, or undefined. */
export function defaultIngressClass(storage: Storage): KubeObject | undefined {
  const store = storage.store(INGRESS_CLASS_INFO);
  let best: KubeObject | undefined;
  let bestTime = 0;
  for (const key of store.sortedKeys()) {
    const c = store.get(key);
    const annotations = c?.metadata?.annotations;
    if (c === undefined || annotations?.[ANNOTATION_IS_DEFAULT_INGRESS_CLASS] !== "true") continue;
    const t = parseTime(String(c.metadata?.creationTimestamp ?? "")) ?? 0;
    const name = c.metadata?.name ?? "";
    if (
      best === undefined ||
      t > bestTime ||
      (t === bestTime && name < (best.metadata?.name ?? ""))
    ) {
      best = c;
      bestTime = t;
    }
  }
  return best;
}

/**
 * Admit: the Ingress with spec.ingressClassName set to the default class, or
 * `obj` itself when it names a class already, carries the legacy annotation,
 * is not an Ingress, or no class is marked default.
 */
export function admitDefaultIngressClass(storage: Storage, obj: KubeObject): KubeObject {
  if (obj.kind !== "Ingress") return obj;
  const o = obj as unknown as Obj;
  const spec = o["spec"];
  if (spec !== undefined && !isObj(spec)) return obj; // validation reports it
  const s = (spec ?? {}) as Obj;
  if (s["ingressClassName"] !== undefined && s["ingressClassName"] !== null) return obj;
  const annotations = obj.metadata?.annotations;
  if (annotations !== undefined && Object.hasOwn(annotations, ANNOTATION_INGRESS_CLASS)) return obj;
  const cls = defaultIngressClass(storage);
  const name = cls?.metadata?.name;
  if (name === undefined) return obj;
  const { ingressClassName: _unset, ...rest } = s;
  return Object.freeze({
    ...o,
    // ingressClassName is IngressSpec's first field.
    spec: Object.freeze({ ingressClassName: name, ...rest }),
  }) as unknown as KubeObject;
}
