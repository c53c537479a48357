/**
 * Strict field validation for the kinds kubesim serves: `unknownFields(obj)`
 * lists the JSON fields the Kubernetes type of `obj` does not declare, as
 * kube-apiserver's strict decoder (fieldValidation=Strict) reports them:
 *
 *   unknownFields({ apiVersion: "apps/v1", kind: "Deployment", spec: { replica: 3 } })
 *   // ["spec.replica"]  →  400 `... strict decoding error: unknown field "spec.replica"`
 *
 * The schema is generated from the kubernetes-types package (see generate.ts),
 * so it knows the fields of Kubernetes 1.30; fields added in later releases
 * are unknown here until kubernetes-types is bumped and the file regenerated.
 */
import { k8sSchema } from "./k8s-types.generated.js";
import { unknownFieldsIn } from "./walker.js";

export type { FieldType, SchemaRegistry, TypeSchema } from "./types.js";
export { strictDecodingMessage, unknownFieldsIn } from "./walker.js";
export { k8sSchema } from "./k8s-types.generated.js";

/** Unknown field paths of `obj` (by its apiVersion and kind), in document order. */
export function unknownFields(obj: object): string[] {
  return unknownFieldsIn(k8sSchema, obj);
}
