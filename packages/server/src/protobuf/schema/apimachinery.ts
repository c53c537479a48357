/**
 * The apimachinery messages every object uses, as protobuf schema text:
 * runtime.Unknown and TypeMeta (k8s.io/apimachinery/pkg/runtime/
 * generated.proto), meta/v1 ObjectMeta, Time, LabelSelector, DeleteOptions
 * and friends (pkg/apis/meta/v1/generated.proto), IntOrString
 * (pkg/util/intstr/generated.proto) and Quantity (pkg/api/resource/
 * generated.proto). Field numbers are those of Kubernetes v1.33
 * (k8s.io/apimachinery v0.33.0).
 *
 * Field names are the JSON names. Two options carry what Go's types say
 * and the .proto files do not (see to-json.ts):
 * - `(keep) = true`: a zero value that is on the wire is kept in JSON (the Go
 *   field is a pointer, or its JSON tag has no omitempty);
 * - `(inline) = true`: the message's fields are inlined into the parent in
 *   JSON (an embedded Go struct tagged `json:",inline"`).
 */
export const RUNTIME_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.runtime;

message TypeMeta {
  optional string apiVersion = 1;
  optional string kind = 2;
}

message Unknown {
  optional TypeMeta typeMeta = 1;
  optional bytes raw = 2;
  optional string contentEncoding = 3;
  optional string contentType = 4;
}
`;

export const INTSTR_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.util.intstr;

// JSON: intVal when type is 0 (Int), strVal when type is 1 (String).
message IntOrString {
  optional int64 type = 1;
  optional int32 intVal = 2;
  optional string strVal = 3;
}
`;

export const RESOURCE_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.api.resource;

// JSON: the string itself ("500m").
message Quantity {
  optional string string = 1;
}
`;

export const META_V1_PROTO = `
syntax = "proto2";
package k8s.io.apimachinery.pkg.apis.meta.v1;

// JSON: RFC 3339 in UTC, whole seconds; an empty message is the zero time (null).
message Time {
  optional int64 seconds = 1;
  optional int32 nanos = 2;
}

// JSON: RFC 3339 in UTC with microseconds.
message MicroTime {
  optional int64 seconds = 1;
  optional int32 nanos = 2;
}

// JSON: the raw bytes are the JSON value itself.
message FieldsV1 {
  optional bytes Raw = 1;
}

message OwnerReference {
  optional string apiVersion = 5 [(keep) = true];
  optional string kind = 1 [(keep) = true];
  optional string name = 3 [(keep) = true];
  optional string uid = 4 [(keep) = true];
  optional bool controller = 6 [(keep) = true];
  optional bool blockOwnerDeletion = 7 [(keep) = true];
}

message ManagedFieldsEntry {
  optional string manager = 1;
  optional string operation = 2;
  optional string apiVersion = 3;
  optional Time time = 4;
  optional string fieldsType = 6;
  optional FieldsV1 fieldsV1 = 7;
  optional string subresource = 8;
}

message ObjectMeta {
  optional string name = 1;
  optional string generateName = 2;
  optional string namespace = 3;
  optional string selfLink = 4;
  optional string uid = 5;
  optional string resourceVersion = 6;
  optional int64 generation = 7;
  optional Time creationTimestamp = 8;
  optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10 [(keep) = true];
  map<string, string> labels = 11;
  map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13;
  repeated string finalizers = 14;
  repeated ManagedFieldsEntry managedFields = 17;
}

message LabelSelectorRequirement {
  optional string key = 1 [(keep) = true];
  optional string operator = 2 [(keep) = true];
  repeated string values = 3;
}

message LabelSelector {
  map<string, string> matchLabels = 1;
  repeated LabelSelectorRequirement matchExpressions = 2;
}

message Condition {
  optional string type = 1 [(keep) = true];
  optional string status = 2 [(keep) = true];
  optional int64 observedGeneration = 3;
  optional Time lastTransitionTime = 4;
  optional string reason = 5 [(keep) = true];
  optional string message = 6 [(keep) = true];
}

message Preconditions {
  optional string uid = 1 [(keep) = true];
  optional string resourceVersion = 2 [(keep) = true];
}

message DeleteOptions {
  optional int64 gracePeriodSeconds = 1 [(keep) = true];
  optional Preconditions preconditions = 2;
  optional bool orphanDependents = 3 [(keep) = true];
  optional string propagationPolicy = 4 [(keep) = true];
  repeated string dryRun = 5;
  optional bool ignoreStoreReadErrorWithClusterBreakingPotential = 6 [(keep) = true];
}
`;
