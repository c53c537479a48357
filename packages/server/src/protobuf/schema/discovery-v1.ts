/**
 * discovery.k8s.io/v1 EndpointSlice, as protobuf schema text. Field
 * numbers from k8s.io/api discovery/v1/generated.proto of Kubernetes v1.33
 * (k8s.io/api v0.33.0); names are the JSON names; `(keep)` as explained in
 * apimachinery.ts.
 */
import { CORE, META } from "./names.js";

export const DISCOVERY_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.discovery.v1;

message EndpointSlice {
  optional ${META}.ObjectMeta metadata = 1;
  optional string addressType = 4 [(keep) = true];
  repeated Endpoint endpoints = 2;
  repeated EndpointPort ports = 3;
}

message Endpoint {
  repeated string addresses = 1;
  optional EndpointConditions conditions = 2;
  optional string hostname = 3 [(keep) = true];
  optional ${CORE}.ObjectReference targetRef = 4;
  map<string, string> deprecatedTopology = 5;
  optional string nodeName = 6 [(keep) = true];
  optional string zone = 7 [(keep) = true];
  optional EndpointHints hints = 8;
}

message EndpointConditions {
  optional bool ready = 1 [(keep) = true];
  optional bool serving = 2 [(keep) = true];
  optional bool terminating = 3 [(keep) = true];
}

message EndpointHints {
  repeated ForZone forZones = 1;
  repeated ForNode forNodes = 2;
}

message ForZone {
  optional string name = 1 [(keep) = true];
}

message ForNode {
  optional string name = 1 [(keep) = true];
}

message EndpointPort {
  optional string name = 1 [(keep) = true];
  optional string protocol = 2 [(keep) = true];
  optional int32 port = 3 [(keep) = true];
  optional string appProtocol = 4 [(keep) = true];
}
`;
