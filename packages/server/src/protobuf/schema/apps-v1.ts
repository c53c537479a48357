/**
 * apps/v1 Deployment and ReplicaSet, as protobuf schema text. Field
 * numbers from k8s.io/api apps/v1/generated.proto of Kubernetes v1.33
 * (k8s.io/api v0.33.0); names are the JSON names; `(keep)` as explained in
 * apimachinery.ts.
 */
import { CORE, INT_OR_STRING, META } from "./names.js";

export const APPS_V1_PROTO = `
syntax = "proto2";
package k8s.io.api.apps.v1;

message Deployment {
  optional ${META}.ObjectMeta metadata = 1;
  optional DeploymentSpec spec = 2;
  optional DeploymentStatus status = 3;
}

message DeploymentSpec {
  optional int32 replicas = 1 [(keep) = true];
  optional ${META}.LabelSelector selector = 2;
  optional ${CORE}.PodTemplateSpec template = 3;
  optional DeploymentStrategy strategy = 4;
  optional int32 minReadySeconds = 5;
  optional int32 revisionHistoryLimit = 6 [(keep) = true];
  optional bool paused = 7;
  optional int32 progressDeadlineSeconds = 9 [(keep) = true];
}

message DeploymentStrategy {
  optional string type = 1;
  optional RollingUpdateDeployment rollingUpdate = 2;
}

message RollingUpdateDeployment {
  optional ${INT_OR_STRING} maxUnavailable = 1;
  optional ${INT_OR_STRING} maxSurge = 2;
}

message DeploymentStatus {
  optional int64 observedGeneration = 1;
  optional int32 replicas = 2;
  optional int32 updatedReplicas = 3;
  optional int32 readyReplicas = 7;
  optional int32 availableReplicas = 4;
  optional int32 unavailableReplicas = 5;
  optional int32 terminatingReplicas = 9 [(keep) = true];
  repeated DeploymentCondition conditions = 6;
  optional int32 collisionCount = 8 [(keep) = true];
}

message DeploymentCondition {
  optional string type = 1 [(keep) = true];
  optional string status = 2 [(keep) = true];
  optional ${META}.Time lastUpdateTime = 6;
  optional ${META}.Time lastTransitionTime = 7;
  optional string reason = 4;
  optional string message = 5;
}

message ReplicaSet {
  optional ${META}.ObjectMeta metadata = 1;
  optional ReplicaSetSpec spec = 2;
  optional ReplicaSetStatus status = 3;
}

message ReplicaSetSpec {
  optional int32 replicas = 1 [(keep) = true];
  optional int32 minReadySeconds = 4;
  optional ${META}.LabelSelector selector = 2;
  optional ${CORE}.PodTemplateSpec template = 3;
}

message ReplicaSetStatus {
  optional int32 replicas = 1 [(keep) = true];
  optional int32 fullyLabeledReplicas = 2;
  optional int32 readyReplicas = 4;
  optional int32 availableReplicas = 5;
  optional int32 terminatingReplicas = 7 [(keep) = true];
  optional int64 observedGeneration = 3;
  repeated ReplicaSetCondition conditions = 6;
}

message ReplicaSetCondition {
  optional string type = 1 [(keep) = true];
  optional string status = 2 [(keep) = true];
  optional ${META}.Time lastTransitionTime = 3;
  optional string reason = 4;
  optional string message = 5;
}
`;
