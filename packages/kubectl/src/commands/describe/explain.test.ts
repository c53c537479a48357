/**
 * kubesim's short `kubectl explain`: kinds, fields, lists and maps,
 * --recursive, and the errors, laid out as kubectl's explain template.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Cluster } from "kubesim";
import { run } from "./testdata/clusters.js";

describe("kubectl explain (short form)", () => {
  let c: Cluster;
  beforeAll(() => {
    c = Cluster.create({ seed: 1, nodes: 1, dns: false, ingress: false });
  });

  it("explain a kind", () => {
    expect(run(c, "explain deployments")).toEqual({
      stdout: `GROUP:      apps
KIND:       Deployment
VERSION:    v1

DESCRIPTION:
    Deployment enables declarative updates for Pods and ReplicaSets.
    
FIELDS:
  apiVersion	<string>
    APIVersion defines the versioned schema of this representation of an object.
    Servers should convert recognized schemas to the latest internal value, and
    may reject unrecognized values. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources

  kind	<string>
    Kind is a string value representing the REST resource this object
    represents. Servers may infer this from the endpoint the client submits
    requests to. Cannot be updated. In CamelCase. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds

  metadata	<ObjectMeta>
    Standard object's metadata. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata

  spec	<DeploymentSpec>
    Specification of the desired behavior of the Deployment.

  status	<DeploymentStatus>
    Most recently observed status of the Deployment.


`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("explain a field with a type of its own", () => {
    expect(run(c, "explain deployment.spec.strategy.rollingUpdate")).toEqual({
      stdout: `GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: rollingUpdate <RollingUpdateDeployment>


DESCRIPTION:
    Rolling update config params. Present only if DeploymentStrategyType =
    RollingUpdate.
    Spec to control the desired behavior of rolling update.
    
FIELDS:
  maxSurge	<IntOrString>
    The maximum number of pods that can be scheduled above the desired number of
    pods. Value can be an absolute number (ex: 5) or a percentage of desired
    pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is
    calculated from percentage by rounding up. Defaults to 25%. Example: when
    this is set to 30%, the new ReplicaSet can be scaled up immediately when the
    rolling update starts, such that the total number of old and new pods do not
    exceed 130% of desired pods. Once old pods have been killed, new ReplicaSet
    can be scaled up further, ensuring that total number of pods running at any
    time during the update is at most 130% of desired pods.

  maxUnavailable	<IntOrString>
    The maximum number of pods that can be unavailable during the update. Value
    can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%).
    Absolute number is calculated from percentage by rounding down. This can not
    be 0 if MaxSurge is 0. Defaults to 25%. Example: when this is set to 30%,
    the old ReplicaSet can be scaled down to 70% of desired pods immediately
    when the rolling update starts. Once new pods are ready, old ReplicaSet can
    be scaled down further, followed by scaling up the new ReplicaSet, ensuring
    that the total number of pods available at all times during the update is at
    least 70% of desired pods.


`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("explain a list of objects", () => {
    expect(run(c, "explain pods.spec.containers.ports")).toEqual({
      stdout: `KIND:       Pod
VERSION:    v1

FIELD: ports <[]ContainerPort>


DESCRIPTION:
    List of ports to expose from the container. Not specifying a port here DOES
    NOT prevent that port from being exposed. Any port which is listening on the
    default "0.0.0.0" address inside a container will be accessible from the
    network. Modifying this array with strategic merge patch may corrupt the
    data. For more information See
    https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.
    ContainerPort represents a network port in a single container.
    
FIELDS:
  containerPort	<integer> -required-
    Number of port to expose on the pod's IP address. This must be a valid port
    number, 0 < x < 65536.

  hostIP	<string>
    What host IP to bind the external port to.

  hostPort	<integer>
    Number of port to expose on the host. If specified, this must be a valid
    port number, 0 < x < 65536. If HostNetwork is specified, this must match
    ContainerPort. Most containers do not need this.

  name	<string>
    If specified, this must be an IANA_SVC_NAME and unique within the pod. Each
    named port in a pod must have a unique name. Name for the port that can be
    referred to by services.

  protocol	<string>
    Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".


`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("explain a map field", () => {
    expect(run(c, "explain pod.spec.containers.resources.limits")).toEqual({
      stdout: `KIND:       Pod
VERSION:    v1

FIELD: limits <map[string]Quantity>


DESCRIPTION:
    Limits describes the maximum amount of compute resources allowed. More info:
    https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
    

`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("explain a group-qualified resource, --recursive", () => {
    expect(run(c, "explain deployments.apps.spec.strategy --recursive")).toEqual({
      stdout: `GROUP:      apps
KIND:       Deployment
VERSION:    v1

FIELD: strategy <DeploymentStrategy>


DESCRIPTION:
    The deployment strategy to use to replace existing pods with new ones.
    DeploymentStrategy describes how to replace existing pods with new ones.
    
FIELDS:
  rollingUpdate	<RollingUpdateDeployment>
    maxSurge	<IntOrString>
    maxUnavailable	<IntOrString>
  type	<string>

`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("explain a field whose type kubesim's short schema does not list", () => {
    expect(run(c, "explain svc.status")).toEqual({
      stdout: `KIND:       Service
VERSION:    v1

FIELD: status <ServiceStatus>


DESCRIPTION:
    Most recently observed status of the service. Populated by the system.
    Read-only. More info:
    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status
    ServiceStatus represents the current status of a service.
    
FIELDS:
  (kubesim's short explain does not list the fields of ServiceStatus)


`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("explain a field that does not exist", () => {
    expect(run(c, "explain pods.spec.nope")).toEqual({
      stdout: ``,
      stderr: `error: field "nope" does not exist
`,
      exitCode: 1,
    });
  });

  it("explain below a scalar", () => {
    expect(run(c, "explain deploy.spec.replicas.value")).toEqual({
      stdout: ``,
      stderr: `error: field "value" does not exist
`,
      exitCode: 1,
    });
  });

  it("explain deeper than the short schema goes", () => {
    expect(run(c, "explain pods.spec.affinity.nodeAffinity")).toEqual({
      stdout: ``,
      stderr: `error: kubesim's short explain does not cover fields under pods.spec.affinity (Affinity)
`,
      exitCode: 1,
    });
  });

  it("explain an unknown resource", () => {
    expect(run(c, "explain foo")).toEqual({
      stdout: ``,
      stderr: `error: the server doesn't have a resource type "foo"
`,
      exitCode: 1,
    });
  });

  it("explain without a resource", () => {
    expect(run(c, "explain")).toEqual({
      stdout: ``,
      stderr: `error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.
`,
      exitCode: 1,
    });
  });

  it("explain two resources", () => {
    expect(run(c, "explain pods svc")).toEqual({
      stdout: ``,
      stderr: `error: We accept only this format: explain RESOURCE
`,
      exitCode: 1,
    });
  });

  it("explain with the wrong --api-version", () => {
    expect(run(c, "explain deploy --api-version=apps/v1beta1")).toEqual({
      stdout: ``,
      stderr: `error: GVR (apps/v1beta1, Resource=deployments) not found in OpenAPI schema
`,
      exitCode: 1,
    });
  });

  it("the help says it is a short form", () => {
    const help = run(c, "explain --help");
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("kubesim's explain is a short form");
  });
});
