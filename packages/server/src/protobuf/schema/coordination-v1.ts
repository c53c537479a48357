/**
 * coordination.k8s.io/v1 Lease, as protobuf schema text. Field numbers
 * from k8s.io/api coordination/v1/generated.proto of Kubernetes v1.33
 * (k8s.io/api v0.33.0); names are the JSON names; `(keep)` as explained in
 * apimachinery.ts.
 */
import { META } from "./names.js";

export const COORDINATION_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.coordination.v1;

message Lease {
  optional ${META}.ObjectMeta metadata = 1;
  optional LeaseSpec spec = 2;
}

message LeaseSpec {
  optional string holderIdentity = 1 [(keep) = true];
  optional int32 leaseDurationSeconds = 2 [(keep) = true];
  optional ${META}.MicroTime acquireTime = 3;
  optional ${META}.MicroTime renewTime = 4;
  optional int32 leaseTransitions = 5 [(keep) = true];
  optional string strategy = 6 [(keep) = true];
  optional string preferredHolder = 7 [(keep) = true];
}
`;
