/**
 * `kubectl api-resources`: the kinds kubesim serves, filtered, sorted and
 * printed as kubectl prints discovery.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Cluster } from "kubesim";
import { run } from "./testdata/clusters.js";

describe("kubectl api-resources", () => {
  let c: Cluster;
  beforeAll(() => {
    c = Cluster.create({ seed: 1, nodes: 1, dns: false, ingress: false });
  });

  it("api-resources", () => {
    expect(run(c, "api-resources")).toEqual({
      stdout: `NAME             SHORTNAMES   APIVERSION               NAMESPACED   KIND
configmaps       cm           v1                       true         ConfigMap
endpoints        ep           v1                       true         Endpoints
events           ev           v1                       true         Event
namespaces       ns           v1                       false        Namespace
nodes            no           v1                       false        Node
pods             po           v1                       true         Pod
secrets                       v1                       true         Secret
services         svc          v1                       true         Service
deployments      deploy       apps/v1                  true         Deployment
replicasets      rs           apps/v1                  true         ReplicaSet
leases                        coordination.k8s.io/v1   true         Lease
endpointslices                discovery.k8s.io/v1      true         EndpointSlice
events           ev           events.k8s.io/v1         true         Event
ingressclasses                networking.k8s.io/v1     false        IngressClass
ingresses        ing          networking.k8s.io/v1     true         Ingress
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("-o wide", () => {
    expect(run(c, "api-resources -o wide")).toEqual({
      stdout: `NAME             SHORTNAMES   APIVERSION               NAMESPACED   KIND            VERBS                                                        CATEGORIES
configmaps       cm           v1                       true         ConfigMap       create,delete,deletecollection,get,list,patch,update,watch   
endpoints        ep           v1                       true         Endpoints       create,delete,deletecollection,get,list,patch,update,watch   
events           ev           v1                       true         Event           create,delete,deletecollection,get,list,patch,update,watch   
namespaces       ns           v1                       false        Namespace       create,delete,get,list,patch,update,watch                    
nodes            no           v1                       false        Node            create,delete,deletecollection,get,list,patch,update,watch   
pods             po           v1                       true         Pod             create,delete,deletecollection,get,list,patch,update,watch   all
secrets                       v1                       true         Secret          create,delete,deletecollection,get,list,patch,update,watch   
services         svc          v1                       true         Service         create,delete,deletecollection,get,list,patch,update,watch   all
deployments      deploy       apps/v1                  true         Deployment      create,delete,deletecollection,get,list,patch,update,watch   all
replicasets      rs           apps/v1                  true         ReplicaSet      create,delete,deletecollection,get,list,patch,update,watch   all
leases                        coordination.k8s.io/v1   true         Lease           create,delete,deletecollection,get,list,patch,update,watch   
endpointslices                discovery.k8s.io/v1      true         EndpointSlice   create,delete,deletecollection,get,list,patch,update,watch   
events           ev           events.k8s.io/v1         true         Event           create,delete,deletecollection,get,list,patch,update,watch   
ingressclasses                networking.k8s.io/v1     false        IngressClass    create,delete,deletecollection,get,list,patch,update,watch   
ingresses        ing          networking.k8s.io/v1     true         Ingress         create,delete,deletecollection,get,list,patch,update,watch   
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--namespaced=false", () => {
    expect(run(c, "api-resources --namespaced=false")).toEqual({
      stdout: `NAME             SHORTNAMES   APIVERSION             NAMESPACED   KIND
namespaces       ns           v1                     false        Namespace
nodes            no           v1                     false        Node
ingressclasses                networking.k8s.io/v1   false        IngressClass
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--api-group=apps -o name", () => {
    expect(run(c, "api-resources --api-group=apps -o name")).toEqual({
      stdout: `deployments.apps
replicasets.apps
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--api-group= (the core group) --sort-by=kind --no-headers", () => {
    expect(run(c, "api-resources --api-group= --sort-by=kind --no-headers")).toEqual({
      stdout: `configmaps   cm    v1    true    ConfigMap
endpoints    ep    v1    true    Endpoints
events       ev    v1    true    Event
namespaces   ns    v1    false   Namespace
nodes        no    v1    false   Node
pods         po    v1    true    Pod
secrets            v1    true    Secret
services     svc   v1    true    Service
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--verbs and --categories", () => {
    expect(run(c, "api-resources --verbs=deletecollection --categories=all")).toEqual({
      stdout: `NAME          SHORTNAMES   APIVERSION   NAMESPACED   KIND
pods          po           v1           true         Pod
services      svc          v1           true         Service
deployments   deploy       apps/v1      true         Deployment
replicasets   rs           apps/v1      true         ReplicaSet
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a bad -o", () => {
    expect(run(c, "api-resources -o yaml")).toEqual({
      stdout: ``,
      stderr: `error: --output yaml is not available
`,
      exitCode: 1,
    });
  });

  it("a bad --sort-by", () => {
    expect(run(c, "api-resources --sort-by=group")).toEqual({
      stdout: ``,
      stderr: `error: --sort-by accepts only name or kind
`,
      exitCode: 1,
    });
  });

  it("arguments", () => {
    expect(run(c, "api-resources pods")).toEqual({
      stdout: ``,
      stderr: `error: unexpected arguments: [pods]
See 'kubectl api-resources -h' for help and examples
`,
      exitCode: 1,
    });
  });
});
