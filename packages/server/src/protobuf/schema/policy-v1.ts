/**
 * policy/v1 Eviction (the pods/eviction subresource's body), as protobuf
 * schema text. Field numbers from k8s.io/api policy/v1/generated.proto of
 * Kubernetes v1.33 (k8s.io/api v0.33.0).
 */
import { META } from "./names.js";

export const POLICY_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.policy.v1;

message Eviction {
  optional ${META}.ObjectMeta metadata = 1;
  optional ${META}.DeleteOptions deleteOptions = 2;
}
`;
