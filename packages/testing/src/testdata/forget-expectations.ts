/**
 * A deliberately broken ReplicaSet controller: it forgets its expectations.
 * Kubernetes' replica_set.go gates manageReplicas on
 * `expectations.SatisfiedExpectations(key)`: after creating n pods the
 * controller waits until its informer has shown all n before it counts pods
 * again. This variant's expectations are always satisfied, so a sync that
 * runs while the pod cache still lags behind the controller's own creations
 * (watch events in flight, API latency) counts too few pods and creates them
 * again. Everything else is the real controller.
 */
import { ControllerExpectations } from "kubesim";

export class ForgetfulExpectations extends ControllerExpectations {
  override satisfiedExpectations(): boolean {
    return true;
  }
}

/** For `Cluster.create({ replicaSetExpectations })` and `rolloutProperty`. */
export const forgetExpectations = (): ControllerExpectations => new ForgetfulExpectations();
