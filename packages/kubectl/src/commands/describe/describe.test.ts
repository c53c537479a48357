/**
 * `kubectl describe` on a real cluster: whole printed texts for every kind
 * (pod, deployment, replicaset, service, endpoints, node, ingress,
 * configmap, secret, and namespace, ingress class, endpoint slice), the
 * states that change the layout (a crash loop, a rollout half-way, a
 * terminating pod, a cordoned and a stopped node), the ways to name objects
 * (all of a type, -l, a name prefix, TYPE/NAME, -A) and kubectl's errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "kubesim";
import { crasher, run, tutorialCluster } from "./testdata/clusters.js";

describe("kubectl describe: the tutorial's objects two minutes in", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
  });

  it("a pod: containers with probes, resources and env from a Secret and a ConfigMap, conditions, tolerations, events", () => {
    expect(run(c, "describe pod my-api-654d6f5777-bk2wh")).toEqual({
      stdout: `Name:         my-api-654d6f5777-bk2wh
Namespace:    default
Node:         node-2/172.18.0.3
Start Time:   Mon, 01 Jan 2024 00:00:00 +0000
Labels:       app=my-api
              pod-template-hash=654d6f5777
Annotations:  <none>
Status:       Running
IP:           10.244.1.2
IPs:
  IP:           10.244.1.2
Controlled By:  ReplicaSet/my-api-654d6f5777
Containers:
  api:
    Container ID:   containerd://51de5ba56664809126d6e34df6e7b65c2be570ab8200fcb9e82df66bee76b55a
    Image:          myapp:v1.2
    Image ID:       docker.io/library/myapp@sha256:0ececcd7afd8ca22b40de098f84915c7e1207a4ebf012e4560757c1dc3b79a93
    Port:           8000/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Mon, 01 Jan 2024 00:00:00 +0000
    Ready:          True
    Restart Count:  0
    Limits:
      cpu:     1
      memory:  512Mi
    Requests:
      cpu:      250m
      memory:   128Mi
    Liveness:   http-get http://:8000/health delay=10s timeout=1s period=10s #success=1 #failure=3
    Readiness:  http-get http://:8000/ready delay=5s timeout=1s period=5s #success=1 #failure=3
    Environment:
      DATABASE_URL:  <set to the key 'url' in secret 'db-secret'>             Optional: false
      LOG_LEVEL:     <set to the key 'LOG_LEVEL' of config map 'app-config'>  Optional: false
    Mounts:          <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    Burstable
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  2m    default-scheduler  Successfully assigned default/my-api-654d6f5777-bk2wh to node-2
  Normal  Pulling    2m    kubelet            Pulling image "myapp:v1.2"
  Normal  Pulled     2m    kubelet            Successfully pulled image "myapp:v1.2" in 0s (0s including waiting). Image size: 29360128 bytes.
  Normal  Created    2m    kubelet            Created container api
  Normal  Started    2m    kubelet            Started container api
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a deployment by TYPE/NAME: strategy, pod template, conditions, the new ReplicaSet", () => {
    expect(run(c, "describe deploy/my-api")).toEqual({
      stdout: `Name:                   my-api
Namespace:              default
CreationTimestamp:      Mon, 01 Jan 2024 00:00:00 +0000
Labels:                 <none>
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=my-api
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  0 max unavailable, 1 max surge
Pod Template:
  Labels:  app=my-api
  Containers:
   api:
    Image:      myapp:v1.2
    Port:       8000/TCP
    Host Port:  0/TCP
    Limits:
      cpu:     1
      memory:  512Mi
    Requests:
      cpu:      250m
      memory:   128Mi
    Liveness:   http-get http://:8000/health delay=10s timeout=1s period=10s #success=1 #failure=3
    Readiness:  http-get http://:8000/ready delay=5s timeout=1s period=5s #success=1 #failure=3
    Environment:
      DATABASE_URL:  <set to the key 'url' in secret 'db-secret'>             Optional: false
      LOG_LEVEL:     <set to the key 'LOG_LEVEL' of config map 'app-config'>  Optional: false
    Mounts:          <none>
  Volumes:           <none>
  Node-Selectors:    <none>
  Tolerations:       <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   my-api-654d6f5777 (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  2m    deployment-controller  Scaled up replica set my-api-654d6f5777 from 0 to 3
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a replicaset: controller, pod phases, template, events", () => {
    expect(run(c, "describe rs my-api-654d6f5777")).toEqual({
      stdout: `Name:           my-api-654d6f5777
Namespace:      default
Selector:       app=my-api,pod-template-hash=654d6f5777
Labels:         app=my-api
                pod-template-hash=654d6f5777
Annotations:    deployment.kubernetes.io/desired-replicas: 3
                deployment.kubernetes.io/max-replicas: 4
                deployment.kubernetes.io/revision: 1
Controlled By:  Deployment/my-api
Replicas:       3 current / 3 desired
Pods Status:    3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=my-api
           pod-template-hash=654d6f5777
  Containers:
   api:
    Image:      myapp:v1.2
    Port:       8000/TCP
    Host Port:  0/TCP
    Limits:
      cpu:     1
      memory:  512Mi
    Requests:
      cpu:      250m
      memory:   128Mi
    Liveness:   http-get http://:8000/health delay=10s timeout=1s period=10s #success=1 #failure=3
    Readiness:  http-get http://:8000/ready delay=5s timeout=1s period=5s #success=1 #failure=3
    Environment:
      DATABASE_URL:  <set to the key 'url' in secret 'db-secret'>             Optional: false
      LOG_LEVEL:     <set to the key 'LOG_LEVEL' of config map 'app-config'>  Optional: false
    Mounts:          <none>
  Volumes:           <none>
  Node-Selectors:    <none>
  Tolerations:       <none>
Events:
  Type    Reason            Age   From                   Message
  ----    ------            ----  ----                   -------
  Normal  SuccessfulCreate  2m    replicaset-controller  Created pod: my-api-654d6f5777-gpz7w
  Normal  SuccessfulCreate  2m    replicaset-controller  Created pod: my-api-654d6f5777-bk2wh
  Normal  SuccessfulCreate  2m    replicaset-controller  Created pod: my-api-654d6f5777-pr9nr
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a service: cluster IP and its endpoints from the EndpointSlices", () => {
    expect(run(c, "describe svc my-api")).toEqual({
      stdout: `Name:                     my-api
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=my-api
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.110.167.11
IPs:                      10.110.167.11
Port:                     <unset>  80/TCP
TargetPort:               8000/TCP
Endpoints:                10.244.0.2:8000,10.244.1.2:8000,10.244.0.3:8000
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("endpoints: subsets and the ports table", () => {
    expect(run(c, "describe endpoints my-api")).toEqual({
      stdout: `Name:         my-api
Namespace:    default
Labels:       <none>
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2024-01-01T00:00:09Z
Subsets:
  Addresses:          10.244.0.2,10.244.0.3,10.244.1.2
  NotReadyAddresses:  <none>
  Ports:
    Name     Port  Protocol
    ----     ----  --------
    <unset>  8000  TCP

Events:  <none>
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a node: lease, conditions, capacity, system info, pods with their share of allocatable, events by uid and by name", () => {
    expect(run(c, "describe node node-1")).toEqual({
      stdout: `Name:               node-1
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=node-1
                    kubernetes.io/os=linux
                    topology.kubernetes.io/region=region-1
                    topology.kubernetes.io/zone=zone-a
Annotations:        node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Mon, 01 Jan 2024 00:00:00 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  node-1
  AcquireTime:     <unset>
  RenewTime:       Mon, 01 Jan 2024 00:02:00 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  172.18.0.2
  Hostname:    node-1
Capacity:
  cpu:                4
  ephemeral-storage:  100Gi
  memory:             16Gi
  pods:               110
Allocatable:
  cpu:                4
  ephemeral-storage:  100Gi
  memory:             16Gi
  pods:               110
System Info:
  Machine ID:                 
  System UUID:                
  Boot ID:                    
  Kernel Version:             6.1.0-kubesim
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.18
  Kubelet Version:            v1.31.0
  Kube-Proxy Version:         v1.31.0
PodCIDR:                      10.244.0.0/24
PodCIDRs:                     10.244.0.0/24
Non-terminated Pods:          (2 in total)
  Namespace                   Name                       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                       ------------  ----------  ---------------  -------------  ---
  default                     my-api-654d6f5777-gpz7w    250m (6%)     1 (25%)     128Mi (0%)       512Mi (3%)     2m
  default                     my-api-654d6f5777-pr9nr    250m (6%)     1 (25%)     128Mi (0%)       512Mi (3%)     2m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                500m (12%)  2 (50%)
  memory             256Mi (1%)  1Gi (6%)
  ephemeral-storage  0 (0%)      0 (0%)
Events:
  Type    Reason                   Age   From             Message
  ----    ------                   ----  ----             -------
  Normal  RegisteredNode           2m    node-controller  Node node-1 event: Registered Node node-1 in Controller
  Normal  Starting                 2m    kubelet          Starting kubelet.
  Normal  NodeHasSufficientMemory  2m    kubelet          Node node-1 status is now: NodeHasSufficientMemory
  Normal  NodeHasNoDiskPressure    2m    kubelet          Node node-1 status is now: NodeHasNoDiskPressure
  Normal  NodeHasSufficientPID     2m    kubelet          Node node-1 status is now: NodeHasSufficientPID
  Normal  NodeAllocatableEnforced  2m    kubelet          Updated Node Allocatable limit across pods
  Normal  NodeReady                2m    kubelet          Node node-1 status is now: NodeReady
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("an ingress: rules with each backend and its endpoints, a missing service", () => {
    expect(run(c, "describe ingress my-ingress")).toEqual({
      stdout: `Name:             my-ingress
Labels:           <none>
Namespace:        default
Address:          172.18.255.200
Ingress Class:    nginx
Default backend:  <default>
Rules:
  Host             Path  Backends
  ----             ----  --------
  api.example.com  
                   /api    my-api:80 (10.244.0.2:8000,10.244.1.2:8000,10.244.0.3:8000)
                   /docs   docs-service:80 (<error: services "docs-service" not found>)
Annotations:       nginx.ingress.kubernetes.io/rewrite-target: /
Events:
  Type    Reason  Age                 From                      Message
  ----    ------  ----                ----                      -------
  Normal  Sync    59s (x2 over 119s)  nginx-ingress-controller  Scheduled for sync
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a configmap: each key under a rule, sorted", () => {
    expect(run(c, "describe configmap app-config")).toEqual({
      stdout: `Name:         app-config
Namespace:    default
Labels:       <none>
Annotations:  <none>

Data
====
CACHE_TTL:
----
300

FEATURE_FLAGS:
----
new_ui=true

LOG_LEVEL:
----
info


BinaryData
====

Events:  <none>
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a secret: sizes only, no events", () => {
    expect(run(c, "describe secret db-secret")).toEqual({
      stdout: `Name:         db-secret
Namespace:    default
Labels:       <none>
Annotations:  <none>

Type:  Opaque

Data
====
url:  16 bytes
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a namespace", () => {
    expect(run(c, "describe namespace default")).toEqual({
      stdout: `Name:         default
Labels:       kubernetes.io/metadata.name=default
Annotations:  <none>
Status:       Active

No resource quota.

No LimitRange resource.
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("an ingress class", () => {
    expect(run(c, "describe ingressclass nginx")).toEqual({
      stdout: `Name:         nginx
Labels:       app.kubernetes.io/component=controller
              app.kubernetes.io/instance=ingress-nginx
              app.kubernetes.io/name=ingress-nginx
              app.kubernetes.io/part-of=ingress-nginx
              app.kubernetes.io/version=1.15.1
Annotations:  ingressclass.kubernetes.io/is-default-class: true
Controller:   k8s.io/ingress-nginx
Events:       <none>
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("an endpoint slice", () => {
    expect(run(c, "describe endpointslice my-api-bcz28")).toEqual({
      stdout: `Name:         my-api-bcz28
Namespace:    default
Labels:       endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io
              kubernetes.io/service-name=my-api
Annotations:  endpoints.kubernetes.io/last-change-trigger-time: 2024-01-01T00:00:09Z
AddressType:  IPv4
Ports:
  Name     Port  Protocol
  ----     ----  --------
  <unset>  8000  TCP
Endpoints:
  - Addresses:  10.244.0.2
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/my-api-654d6f5777-gpz7w
    NodeName:   node-1
    Zone:       zone-a
  - Addresses:  10.244.1.2
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/my-api-654d6f5777-bk2wh
    NodeName:   node-2
    Zone:       zone-b
  - Addresses:  10.244.0.3
    Conditions:
      Ready:    true
    Hostname:   <unset>
    TargetRef:  Pod/my-api-654d6f5777-pr9nr
    NodeName:   node-1
    Zone:       zone-a
Events:         <none>
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--show-events=false leaves the Events section out", () => {
    expect(run(c, "describe svc my-api --show-events=false")).toEqual({
      stdout: `Name:                     my-api
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=my-api
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.110.167.11
IPs:                      10.110.167.11
Port:                     <unset>  80/TCP
TargetPort:               8000/TCP
Endpoints:                10.244.0.2:8000,10.244.1.2:8000,10.244.0.3:8000
Session Affinity:         None
Internal Traffic Policy:  Cluster
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a name not found", () => {
    expect(run(c, "describe pod nope")).toEqual({
      stdout: ``,
      stderr: `Error from server (NotFound): pods "nope" not found
`,
      exitCode: 1,
    });
  });

  it("a missing name among others: the others are described, the error follows", () => {
    expect(run(c, "describe svc my-api nope")).toEqual({
      stdout: `Name:                     my-api
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=my-api
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.110.167.11
IPs:                      10.110.167.11
Port:                     <unset>  80/TCP
TargetPort:               8000/TCP
Endpoints:                10.244.0.2:8000,10.244.1.2:8000,10.244.0.3:8000
Session Affinity:         None
Internal Traffic Policy:  Cluster
Events:                   <none>
`,
      stderr: `Error from server (NotFound): services "nope" not found
`,
      exitCode: 1,
    });
  });

  it("two missing names: one error line each", () => {
    expect(run(c, "describe svc nope1 nope2")).toEqual({
      stdout: ``,
      stderr: `Error from server (NotFound): services "nope1" not found
Error from server (NotFound): services "nope2" not found
`,
      exitCode: 1,
    });
  });

  it("an unknown type", () => {
    expect(run(c, "describe foo")).toEqual({
      stdout: ``,
      stderr: `error: the server doesn't have a resource type "foo"
`,
      exitCode: 1,
    });
  });

  it("no type", () => {
    expect(run(c, "describe")).toEqual({
      stdout: ``,
      stderr: `error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.
`,
      exitCode: 1,
    });
  });

  it("nothing in the namespace", () => {
    expect(run(c, "describe pods -n kube-system")).toEqual({
      stdout: ``,
      stderr: `No resources found in kube-system namespace.
`,
      exitCode: 0,
    });
  });

  it("nothing in any namespace", () => {
    expect(run(c, "describe deploy -A -l app=nope")).toEqual({
      stdout: ``,
      stderr: `No resources found
`,
      exitCode: 0,
    });
  });

  it("a selector with names", () => {
    expect(run(c, "describe pods web -l app=my-api")).toEqual({
      stdout: ``,
      stderr: `error: name cannot be provided when a selector is specified
`,
      exitCode: 1,
    });
  });

  it("a selector with TYPE/NAME", () => {
    expect(run(c, "describe pod/web -l app=my-api")).toEqual({
      stdout: ``,
      stderr: `error: selectors and the all flag cannot be used when passing resource/name arguments
`,
      exitCode: 1,
    });
  });

  it("a name across all namespaces", () => {
    expect(run(c, "describe pod web -A")).toEqual({
      stdout: ``,
      stderr: `error: a resource cannot be retrieved by name across all namespaces
`,
      exitCode: 1,
    });
  });

  it("a prefix that matches nothing", () => {
    expect(run(c, "describe pods nope")).toEqual({
      stdout: ``,
      stderr: `Error from server (NotFound): pods "nope" not found
`,
      exitCode: 1,
    });
  });

  it("every pod of a type, two blank lines apart, each with its events", () => {
    const names = ["my-api-654d6f5777-bk2wh", "my-api-654d6f5777-gpz7w", "my-api-654d6f5777-pr9nr"];
    const each = names.map((n) => run(c, `describe pod ${n}`).stdout);
    expect(run(c, "describe pods")).toEqual({ stdout: each.join("\n\n"), stderr: "", exitCode: 0 });
    expect(run(c, "describe po -l app=my-api").stdout).toBe(each.join("\n\n"));
    expect(run(c, "describe pods -A -l app=my-api").stdout).toBe(each.join("\n\n"));
  });

  it("a name prefix: every match, each followed by a newline", () => {
    const names = ["my-api-654d6f5777-bk2wh", "my-api-654d6f5777-gpz7w", "my-api-654d6f5777-pr9nr"];
    const each = names.map((n) => run(c, `describe pod ${n}`).stdout);
    expect(run(c, "describe pods my-api")).toEqual({
      stdout: each.map((s) => `${s}\n`).join(""),
      stderr: "",
      exitCode: 0,
    });
  });

  it("TYPE/NAME arguments of different kinds", () => {
    const svc = run(c, "describe svc my-api").stdout;
    const cm = run(c, "describe cm app-config").stdout;
    expect(run(c, "describe svc/my-api configmap/app-config").stdout).toBe(`${svc}\n\n${cm}`);
  });

  it("kinds without a describer of their own get the generic one (a node Lease)", () => {
    const out = run(c, "describe lease node-1 -n kube-node-lease");
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(
      /^Name: {9}node-1\nNamespace: {4}kube-node-lease\nLabels: {7}<none>\nAnnotations: {2}<none>\nAPI Version: {2}coordination\.k8s\.io\/v1\nKind: {9}Lease\nMetadata:\n {2}Creation Timestamp: {2}2024-01-01T00:00:00Z\n {2}Owner References:\n/,
    );
    expect(out.stdout).toMatch(
      /\nSpec:\n {2}Holder Identity: {9}node-1\n {2}Lease Duration Seconds: {2}40\n {2}Renew Time: {14}2024-01-01T00:02:00\.000000Z\nEvents: {20}<none>\n$/,
    );
  });

  it("cluster-scoped kinds ignore -n", () => {
    expect(run(c, "describe node node-1 -n kube-system").stdout).toBe(
      run(c, "describe no node-1").stdout,
    );
  });
});

describe("kubectl describe: a crash loop", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
    c.apiserver.create("Pod", crasher());
    c.loop.advance("90s");
  });

  it("a crash-looping container: Waiting CrashLoopBackOff, Last State Terminated, repeated events", () => {
    expect(run(c, "describe pod crasher")).toEqual({
      stdout: `Name:         crasher
Namespace:    default
Node:         node-2/172.18.0.3
Start Time:   Mon, 01 Jan 2024 00:02:00 +0000
Labels:       <none>
Annotations:  kubesim.io/behavior: exit: { after: 2s, code: 1 }
Status:       Running
IP:           10.244.1.3
IPs:
  IP:  10.244.1.3
Containers:
  app:
    Container ID:   containerd://aca9a41baf1ec646ca1767fa5c729218202d7ed8b6469cfbf58b7d183ea7a7ef
    Image:          busybox:1.36
    Image ID:       docker.io/library/busybox@sha256:d55432289a2f69dad7e00346d00e8d4df4d0053a44dffb3f8cf463f6e3fb4b04
    Port:           <none>
    Host Port:      <none>
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Mon, 01 Jan 2024 00:03:18 +0000
      Finished:     Mon, 01 Jan 2024 00:03:20 +0000
    Ready:          False
    Restart Count:  4
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       False 
  ContainersReady             False 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    BestEffort
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  90s                default-scheduler  Successfully assigned default/crasher to node-2
  Normal   Pulling    90s                kubelet            Pulling image "busybox:1.36"
  Normal   Pulled     90s                kubelet            Successfully pulled image "busybox:1.36" in 0s (0s including waiting). Image size: 29360128 bytes.
  Normal   Created    12s (x5 over 90s)  kubelet            Created container app
  Normal   Started    12s (x5 over 90s)  kubelet            Started container app
  Normal   Pulled     12s (x4 over 88s)  kubelet            Container image "busybox:1.36" already present on machine
  Warning  BackOff    10s (x4 over 86s)  kubelet            Back-off restarting failed container app in pod crasher_default(8d521c45-eb96-4c04-a62b-540e9ffb4aa6)
`,
      stderr: ``,
      exitCode: 0,
    });
  });
});

describe("kubectl describe: a rollout half-way", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
    c.apiserver.patch("Deployment", "default", "my-api", "strategic", {
      spec: { template: { spec: { containers: [{ name: "api", image: "myapp:v1.3" }] } } },
    });
    c.loop.advance("8s");
  });

  it("a deployment half-way through a rollout: old and new ReplicaSets", () => {
    expect(run(c, "describe deploy my-api")).toEqual({
      stdout: `Name:                   my-api
Namespace:              default
CreationTimestamp:      Mon, 01 Jan 2024 00:00:00 +0000
Labels:                 <none>
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=my-api
Replicas:               3 desired | 2 updated | 4 total | 3 available | 1 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  0 max unavailable, 1 max surge
Pod Template:
  Labels:  app=my-api
  Containers:
   api:
    Image:      myapp:v1.3
    Port:       8000/TCP
    Host Port:  0/TCP
    Limits:
      cpu:     1
      memory:  512Mi
    Requests:
      cpu:      250m
      memory:   128Mi
    Liveness:   http-get http://:8000/health delay=10s timeout=1s period=10s #success=1 #failure=3
    Readiness:  http-get http://:8000/ready delay=5s timeout=1s period=5s #success=1 #failure=3
    Environment:
      DATABASE_URL:  <set to the key 'url' in secret 'db-secret'>             Optional: false
      LOG_LEVEL:     <set to the key 'LOG_LEVEL' of config map 'app-config'>  Optional: false
    Mounts:          <none>
  Volumes:           <none>
  Node-Selectors:    <none>
  Tolerations:       <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    ReplicaSetUpdated
OldReplicaSets:  my-api-654d6f5777 (2/2 replicas created)
NewReplicaSet:   my-api-8665854cdd (2/2 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  2m8s  deployment-controller  Scaled up replica set my-api-654d6f5777 from 0 to 3
  Normal  ScalingReplicaSet  8s    deployment-controller  Scaled up replica set my-api-8665854cdd from 0 to 1
  Normal  ScalingReplicaSet  3s    deployment-controller  Scaled down replica set my-api-654d6f5777 from 3 to 2
  Normal  ScalingReplicaSet  3s    deployment-controller  Scaled up replica set my-api-8665854cdd from 1 to 2
`,
      stderr: ``,
      exitCode: 0,
    });
  });
});

describe("kubectl describe: a pod being deleted", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
    c.apiserver.delete("Pod", "default", "my-api-654d6f5777-bk2wh");
  });

  it("a terminating pod", () => {
    expect(run(c, "describe pod my-api-654d6f5777-bk2wh")).toEqual({
      stdout: `Name:                      my-api-654d6f5777-bk2wh
Namespace:                 default
Node:                      node-2/172.18.0.3
Start Time:                Mon, 01 Jan 2024 00:00:00 +0000
Labels:                    app=my-api
                           pod-template-hash=654d6f5777
Annotations:               <none>
Status:                    Terminating (lasts <invalid>)
Termination Grace Period:  30s
IP:                        10.244.1.2
IPs:
  IP:           10.244.1.2
Controlled By:  ReplicaSet/my-api-654d6f5777
Containers:
  api:
    Container ID:   containerd://51de5ba56664809126d6e34df6e7b65c2be570ab8200fcb9e82df66bee76b55a
    Image:          myapp:v1.2
    Image ID:       docker.io/library/myapp@sha256:0ececcd7afd8ca22b40de098f84915c7e1207a4ebf012e4560757c1dc3b79a93
    Port:           8000/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Mon, 01 Jan 2024 00:00:00 +0000
    Ready:          True
    Restart Count:  0
    Limits:
      cpu:     1
      memory:  512Mi
    Requests:
      cpu:      250m
      memory:   128Mi
    Liveness:   http-get http://:8000/health delay=10s timeout=1s period=10s #success=1 #failure=3
    Readiness:  http-get http://:8000/ready delay=5s timeout=1s period=5s #success=1 #failure=3
    Environment:
      DATABASE_URL:  <set to the key 'url' in secret 'db-secret'>             Optional: false
      LOG_LEVEL:     <set to the key 'LOG_LEVEL' of config map 'app-config'>  Optional: false
    Mounts:          <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    Burstable
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  2m    default-scheduler  Successfully assigned default/my-api-654d6f5777-bk2wh to node-2
  Normal  Pulling    2m    kubelet            Pulling image "myapp:v1.2"
  Normal  Pulled     2m    kubelet            Successfully pulled image "myapp:v1.2" in 0s (0s including waiting). Image size: 29360128 bytes.
  Normal  Created    2m    kubelet            Created container api
  Normal  Started    2m    kubelet            Started container api
`,
      stderr: ``,
      exitCode: 0,
    });
  });
});

describe("kubectl describe: a cordoned node", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
    c.nodes.setUnschedulable("node-2", true);
    c.apiserver.create("Pod", crasher());
    c.loop.advance("10s");
  });

  it("a cordoned node", () => {
    expect(run(c, "describe node node-2")).toEqual({
      stdout: `Name:               node-2
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=node-2
                    kubernetes.io/os=linux
                    topology.kubernetes.io/region=region-1
                    topology.kubernetes.io/zone=zone-b
Annotations:        node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Mon, 01 Jan 2024 00:00:00 +0000
Taints:             node.kubernetes.io/unschedulable:NoSchedule
Unschedulable:      true
Lease:
  HolderIdentity:  node-2
  AcquireTime:     <unset>
  RenewTime:       Mon, 01 Jan 2024 00:02:10 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  172.18.0.3
  Hostname:    node-2
Capacity:
  cpu:                4
  ephemeral-storage:  100Gi
  memory:             16Gi
  pods:               110
Allocatable:
  cpu:                4
  ephemeral-storage:  100Gi
  memory:             16Gi
  pods:               110
System Info:
  Machine ID:                 
  System UUID:                
  Boot ID:                    
  Kernel Version:             6.1.0-kubesim
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.18
  Kubelet Version:            v1.31.0
  Kube-Proxy Version:         v1.31.0
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
Non-terminated Pods:          (1 in total)
  Namespace                   Name                       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                       ------------  ----------  ---------------  -------------  ---
  default                     my-api-654d6f5777-bk2wh    250m (6%)     1 (25%)     128Mi (0%)       512Mi (3%)     2m10s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                250m (6%)   1 (25%)
  memory             128Mi (0%)  512Mi (3%)
  ephemeral-storage  0 (0%)      0 (0%)
Events:
  Type    Reason                   Age    From             Message
  ----    ------                   ----   ----             -------
  Normal  RegisteredNode           2m10s  node-controller  Node node-2 event: Registered Node node-2 in Controller
  Normal  Starting                 2m10s  kubelet          Starting kubelet.
  Normal  NodeHasSufficientMemory  2m10s  kubelet          Node node-2 status is now: NodeHasSufficientMemory
  Normal  NodeHasNoDiskPressure    2m10s  kubelet          Node node-2 status is now: NodeHasNoDiskPressure
  Normal  NodeHasSufficientPID     2m10s  kubelet          Node node-2 status is now: NodeHasSufficientPID
  Normal  NodeAllocatableEnforced  2m10s  kubelet          Updated Node Allocatable limit across pods
  Normal  NodeReady                2m10s  kubelet          Node node-2 status is now: NodeReady
`,
      stderr: ``,
      exitCode: 0,
    });
  });
});

describe("kubectl describe: a stopped node", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
    c.nodes.stop("node-2");
    c.loop.advance("60s");
  });

  it("a stopped node", () => {
    expect(run(c, "describe node node-2")).toEqual({
      stdout: `Name:               node-2
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=node-2
                    kubernetes.io/os=linux
                    topology.kubernetes.io/region=region-1
                    topology.kubernetes.io/zone=zone-b
Annotations:        node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Mon, 01 Jan 2024 00:00:00 +0000
Taints:             node.kubernetes.io/unreachable:NoExecute
                    node.kubernetes.io/unreachable:NoSchedule
Unschedulable:      false
Lease:
  HolderIdentity:  node-2
  AcquireTime:     <unset>
  RenewTime:       Mon, 01 Jan 2024 00:02:00 +0000
Conditions:
  Type             Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message
  ----             ------    -----------------                 ------------------                ------              -------
  MemoryPressure   Unknown   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:02:50 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
  DiskPressure     Unknown   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:02:50 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
  PIDPressure      Unknown   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:02:50 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
  Ready            Unknown   Mon, 01 Jan 2024 00:00:00 +0000   Mon, 01 Jan 2024 00:02:50 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
Addresses:
  InternalIP:  172.18.0.3
  Hostname:    node-2
Capacity:
  cpu:                4
  ephemeral-storage:  100Gi
  memory:             16Gi
  pods:               110
Allocatable:
  cpu:                4
  ephemeral-storage:  100Gi
  memory:             16Gi
  pods:               110
System Info:
  Machine ID:                 
  System UUID:                
  Boot ID:                    
  Kernel Version:             6.1.0-kubesim
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.18
  Kubelet Version:            v1.31.0
  Kube-Proxy Version:         v1.31.0
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
Non-terminated Pods:          (1 in total)
  Namespace                   Name                       CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                       ------------  ----------  ---------------  -------------  ---
  default                     my-api-654d6f5777-bk2wh    250m (6%)     1 (25%)     128Mi (0%)       512Mi (3%)     3m
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests    Limits
  --------           --------    ------
  cpu                250m (6%)   1 (25%)
  memory             128Mi (0%)  512Mi (3%)
  ephemeral-storage  0 (0%)      0 (0%)
Events:
  Type    Reason                   Age   From             Message
  ----    ------                   ----  ----             -------
  Normal  RegisteredNode           3m    node-controller  Node node-2 event: Registered Node node-2 in Controller
  Normal  Starting                 3m    kubelet          Starting kubelet.
  Normal  NodeHasSufficientMemory  3m    kubelet          Node node-2 status is now: NodeHasSufficientMemory
  Normal  NodeHasNoDiskPressure    3m    kubelet          Node node-2 status is now: NodeHasNoDiskPressure
  Normal  NodeHasSufficientPID     3m    kubelet          Node node-2 status is now: NodeHasSufficientPID
  Normal  NodeAllocatableEnforced  3m    kubelet          Updated Node Allocatable limit across pods
  Normal  NodeReady                3m    kubelet          Node node-2 status is now: NodeReady
  Normal  NodeNotReady             10s   node-controller  Node node-2 status is now: NodeNotReady
`,
      stderr: ``,
      exitCode: 0,
    });
  });
});
