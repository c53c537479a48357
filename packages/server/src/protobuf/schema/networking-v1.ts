/**
 * networking.k8s.io/v1 Ingress and IngressClass, as protobuf schema text.
 * Field numbers from k8s.io/api networking/v1/generated.proto of
 * Kubernetes v1.33 (k8s.io/api v0.33.0); names are the JSON names (the
 * .proto calls IngressClassParametersReference's apiGroup "aPIGroup");
 * `(keep)` and `(inline)` as explained in apimachinery.ts.
 */
import { CORE, META } from "./names.js";

export const NETWORKING_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.networking.v1;

message Ingress {
  optional ${META}.ObjectMeta metadata = 1;
  optional IngressSpec spec = 2;
  optional IngressStatus status = 3;
}

message IngressSpec {
  optional string ingressClassName = 4 [(keep) = true];
  optional IngressBackend defaultBackend = 1;
  repeated IngressTLS tls = 2;
  repeated IngressRule rules = 3;
}

message IngressBackend {
  optional IngressServiceBackend service = 4;
  optional ${CORE}.TypedLocalObjectReference resource = 3;
}

message IngressServiceBackend {
  optional string name = 1 [(keep) = true];
  optional ServiceBackendPort port = 2;
}

message ServiceBackendPort {
  optional string name = 1;
  optional int32 number = 2;
}

message IngressTLS {
  repeated string hosts = 1;
  optional string secretName = 2;
}

message IngressRule {
  optional string host = 1;
  optional IngressRuleValue ingressRuleValue = 2 [(inline) = true];
}

message IngressRuleValue {
  optional HTTPIngressRuleValue http = 1;
}

message HTTPIngressRuleValue {
  repeated HTTPIngressPath paths = 1;
}

message HTTPIngressPath {
  optional string path = 1;
  optional string pathType = 3 [(keep) = true];
  optional IngressBackend backend = 2;
}

message IngressStatus {
  optional IngressLoadBalancerStatus loadBalancer = 1;
}

message IngressLoadBalancerStatus {
  repeated IngressLoadBalancerIngress ingress = 1;
}

message IngressLoadBalancerIngress {
  optional string ip = 1;
  optional string hostname = 2;
  repeated IngressPortStatus ports = 4;
}

message IngressPortStatus {
  optional int32 port = 1 [(keep) = true];
  optional string protocol = 2 [(keep) = true];
  optional string error = 3 [(keep) = true];
}

message IngressClass {
  optional ${META}.ObjectMeta metadata = 1;
  optional IngressClassSpec spec = 2;
}

message IngressClassSpec {
  optional string controller = 1;
  optional IngressClassParametersReference parameters = 2;
}

message IngressClassParametersReference {
  optional string apiGroup = 1 [(keep) = true];
  optional string kind = 2 [(keep) = true];
  optional string name = 3 [(keep) = true];
  optional string scope = 4 [(keep) = true];
  optional string namespace = 5 [(keep) = true];
}
`;
