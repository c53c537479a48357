/**
 * The shape of a field schema: which field names each Kubernetes type knows,
 * and what each field holds. It is the information kube-apiserver's strict
 * JSON decoder (sigs.k8s.io/json, used by k8s.io/apimachinery's serializer)
 * gets from the Go struct tags, reduced to what unknown-field detection needs.
 *
 * A field type is written as a short string:
 * - `"s"`: a scalar (string, number, boolean, IntOrString, Quantity, Time):
 *   nothing inside it is checked;
 * - `"*"`: arbitrary JSON kept as is (runtime.RawExtension, and any type that
 *   would be marked x-kubernetes-preserve-unknown-fields): nothing inside is checked;
 * - `"[]T"`: a list of T; `"{}T"`: a map from string keys to T;
 * - any other string: the name of a type in the registry.
 */

export type FieldType = string;

export interface TypeSchema {
  /** Every JSON field name the type accepts, with what it holds. */
  readonly fields: Readonly<Record<string, FieldType>>;
}

export interface SchemaRegistry {
  readonly types: Readonly<Record<string, TypeSchema>>;
  /** The root type of each served kind, keyed `${apiVersion}/${kind}` ("apps/v1/Deployment"). */
  readonly roots: Readonly<Record<string, string>>;
}
