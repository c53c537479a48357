/**
 * autoscaling/v1 Scale (the scale subresource's body), as protobuf schema
 * text. Field numbers from k8s.io/api autoscaling/v1/generated.proto of
 * Kubernetes v1.33 (k8s.io/api v0.33.0); names are the JSON names; `(keep)`
 * as explained in apimachinery.ts.
 */
import { META } from "./names.js";

export const AUTOSCALING_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.autoscaling.v1;

message Scale {
  optional ${META}.ObjectMeta metadata = 1;
  optional ScaleSpec spec = 2;
  optional ScaleStatus status = 3;
}

message ScaleSpec {
  optional int32 replicas = 1;
}

message ScaleStatus {
  optional int32 replicas = 1 [(keep) = true];
  optional string selector = 2;
}
`;
