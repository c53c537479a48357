/**
 * Every command a reader of the tutorial runs (the list in
 * support/tutorial-flow.ts is copied from the tutorial's commands.md), in order, against kubesim: once through the
 * library front (`kubectl(line, host)` over `Cluster.create({ seed })`) and
 * once through `kubesim shell`, comparing whole printed output. Between
 * commands the reader waits a little, as one would at a terminal; the pod
 * name placeholder (my-api-5d4b8b-abc12) is replaced by a pod the reader
 * picked from the last listing. Then the bad input of the tutorial's
 * readers: kubectl's wording and a non-zero exit for each.
 */
import { describe, expect, it } from "vitest";
import { Shell } from "@kubesim/cli";
import { kubectl, type FileAccess } from "@kubesim/kubectl";
import { Cluster } from "kubesim";
import {
  PLACEHOLDER,
  libraryFront,
  manifests,
  pickPod,
  play,
  shellFront,
  tutorialCommands,
  type Step,
} from "./support/tutorial-flow.js";

/** What the reader sees, command by command (pod names come from seed 1). */
const expected: readonly Step[] = [
  {
    line: "kubectl apply -f deployment.yaml",
    exitCode: 0,
    output: `deployment.apps/my-api created
`,
  },
  {
    line: "kubectl get pods",
    exitCode: 0,
    output: `NAME                      READY   STATUS    RESTARTS   AGE
my-api-6454b5d49d-995jl   1/1     Running   0          30s
my-api-6454b5d49d-bk2wh   1/1     Running   0          30s
my-api-6454b5d49d-gpz7w   1/1     Running   0          30s
`,
  },
  {
    line: "kubectl scale deployment my-api --replicas=5",
    exitCode: 0,
    output: `deployment.apps/my-api scaled
`,
  },
  {
    line: "kubectl set image deployment/my-api api=myapp:v1.3",
    exitCode: 0,
    output: `deployment.apps/my-api image updated
`,
  },
  {
    line: "kubectl get pods,deployments,services",
    exitCode: 0,
    output: `NAME                          READY   STATUS    RESTARTS   AGE
pod/my-api-5bc85894fc-9k2tx   1/1     Running   0          60s
pod/my-api-5bc85894fc-fmrtt   1/1     Running   0          60s
pod/my-api-5bc85894fc-mrgbq   1/1     Running   0          60s
pod/my-api-5bc85894fc-s996p   1/1     Running   0          60s
pod/my-api-5bc85894fc-ss4sd   1/1     Running   0          60s

NAME                     READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/my-api   5/5     5            5           2m

NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   2m
`,
  },
  {
    line: "kubectl logs my-api-5bc85894fc-9k2tx",
    exitCode: 0,
    output: `Starting docker.io/library/myapp:v1.3 (container api)
Listening on :8000
`,
  },
  {
    line: "kubectl logs -l app=my-api --tail=100",
    exitCode: 0,
    output: `Starting docker.io/library/myapp:v1.3 (container api)
Listening on :8000
Starting docker.io/library/myapp:v1.3 (container api)
Listening on :8000
Starting docker.io/library/myapp:v1.3 (container api)
Listening on :8000
Starting docker.io/library/myapp:v1.3 (container api)
Listening on :8000
Starting docker.io/library/myapp:v1.3 (container api)
Listening on :8000
`,
  },
  {
    line: "kubectl exec -it my-api-5bc85894fc-9k2tx -- /bin/bash",
    exitCode: 0,
    output: `root@my-api-5bc85894fc-9k2tx:/# ls
bin  dev  etc  home  proc  root  sys  tmp  usr  var
root@my-api-5bc85894fc-9k2tx:/# exit
exit
`,
  },
  {
    line: "kubectl describe pod my-api-5bc85894fc-9k2tx",
    exitCode: 0,
    output: `Name:         my-api-5bc85894fc-9k2tx
Namespace:    default
Node:         node-2/172.18.0.3
Start Time:   Mon, 01 Jan 2024 00:01:00 +0000
Labels:       app=my-api
              pod-template-hash=5bc85894fc
Annotations:  <none>
Status:       Running
IP:           10.244.1.4
IPs:
  IP:           10.244.1.4
Controlled By:  ReplicaSet/my-api-5bc85894fc
Containers:
  api:
    Container ID:   containerd://e585d207d1defa5e5c3b2b06a4686fb9ee20a90965fbdd9ffa06b6e12dc4eb87
    Image:          myapp:v1.3
    Image ID:       docker.io/library/myapp@sha256:b4e7910f2e190262ac1344b21f6be228f346d53497df08e10d2a1cabffdbef58
    Port:           8000/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Mon, 01 Jan 2024 00:01:00 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:         <none>
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:                      <none>
QoS Class:                    BestEffort
Node-Selectors:               <none>
Tolerations:                  node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                              node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  60s   default-scheduler  Successfully assigned default/my-api-5bc85894fc-9k2tx to node-2
  Normal  Pulling    60s   kubelet            Pulling image "myapp:v1.3"
  Normal  Pulled     60s   kubelet            Successfully pulled image "myapp:v1.3" in 0s (0s including waiting). Image size: 29360128 bytes.
  Normal  Created    60s   kubelet            Created container api
  Normal  Started    60s   kubelet            Started container api
`,
  },
  {
    line: "kubectl rollout undo deployment/my-api",
    exitCode: 0,
    output: `deployment.apps/my-api rolled back
`,
  },
  {
    line: "kubectl rollout status deployment/my-api",
    exitCode: 0,
    output: `Waiting for deployment spec update to be observed...
Waiting for deployment "my-api" rollout to finish: 0 out of 5 new replicas have been updated...
Waiting for deployment "my-api" rollout to finish: 2 out of 5 new replicas have been updated...
Waiting for deployment "my-api" rollout to finish: 3 out of 5 new replicas have been updated...
Waiting for deployment "my-api" rollout to finish: 4 out of 5 new replicas have been updated...
Waiting for deployment "my-api" rollout to finish: 1 old replicas are pending termination...
deployment "my-api" successfully rolled out
`,
  },
  {
    line: "kubectl delete deployment my-api",
    exitCode: 0,
    output: `deployment.apps "my-api" deleted
`,
  },
];

describe("the tutorial's commands, in order", () => {
  it("has every command of commands.md", () => {
    expect(
      expected.map((s) => s.line.replace(/my-api-[a-z0-9]+-[a-z0-9]{5}(?= |$)/, PLACEHOLDER)),
    ).toEqual(
      tutorialCommands.map((c) => c.replace(/my-api-[a-z0-9]+-[a-z0-9]{5}(?= |$)/, PLACEHOLDER)),
    );
  });

  it("through the library: kubectl(line, host) on Cluster.create({ seed: 1 })", () => {
    const steps = play(libraryFront(1));
    expect(steps.map((s) => s.line)).toEqual(expected.map((s) => s.line));
    for (const [i, s] of steps.entries()) expect(s, s.line).toEqual(expected[i]);
  });

  it("through kubesim shell, with the same output", () => {
    const front = shellFront(1);
    const steps = play(front);
    for (const [i, s] of steps.entries()) expect(s, s.line).toEqual(expected[i]);
    // Every command was kept for `save`, as typed (the waits as `advance` steps).
    expect(front.sh.steps.filter((st) => "kubectl" in st)).toHaveLength(
      tutorialCommands.length - 1,
    );
  });

  it("leaves the cluster as the reader left it: the deployment gone, its pods going", () => {
    const front = libraryFront(1);
    play(front);
    expect(front.run("get deployments").output).toBe("No resources found in default namespace.\n");
    front.wait("1m");
    expect(front.run("get pods")).toEqual({
      output: "No resources found in default namespace.\n",
      exitCode: 0,
    });
  });

  it("in the shell without input, exec -it opens the session and ends at the end of input", () => {
    const front = shellFront(1);
    front.wait("30s");
    front.run("kubectl apply -f deployment.yaml");
    front.wait("30s");
    const pod = pickPod([{ line: "", ...front.run("kubectl get pods") }]);
    const r = front.sh.exec(`kubectl exec -it ${pod} -- /bin/bash`);
    expect(r).toEqual({ output: `root@${pod}:/# exit\n`, exitCode: 0, exit: false });
  });
});

/** Files held in memory, for the bad-input cases. */
function memoryFiles(files: Readonly<Record<string, string>>): FileAccess {
  return {
    readFile(p) {
      const text = files[p];
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), {
          code: "ENOENT",
        });
      return text;
    },
    isDirectory: (p) => Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    readDir: (p) =>
      Object.keys(files)
        .filter((f) => f.startsWith(`${p}/`))
        .map((f) => f.slice(p.length + 1))
        .sort(),
  };
}

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: nginx
`;

const badFiles = memoryFiles({
  "bad.yaml":
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: [x\ndata:\n  k: v\n",
  "colon.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n",
  "crd.yaml": "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: my-cron\n",
  "invalid.yaml": deployment("web", -1),
  "invalid-many.yaml": deployment("web", -1).replace("image: nginx", 'image: ""'),
  "several.yaml": [
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\ndata:\n  a: '1'\n",
    "apiVersion: v1\nkind: Foo\nmetadata:\n  name: two\n",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: three\n",
    deployment("bad", -2),
  ].join("---\n"),
});

describe("bad input, in kubectl's words, with a non-zero exit", () => {
  const run = (line: string, stdin?: string) => {
    const cluster = Cluster.create({ seed: 1, dns: false, ingress: false });
    const r = kubectl(line, {
      cluster,
      files: badFiles,
      ...(stdin === undefined ? {} : { stdin }),
    });
    return { ...r, cluster };
  };
  const fails = (line: string, stderr: string, stdin?: string) => {
    const r = run(line, stdin);
    expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({
      stdout: "",
      stderr,
      exitCode: 1,
    });
    return r.cluster;
  };

  it("invalid YAML: go-yaml's message with its line (kubectl shows no column for YAML)", () => {
    fails(
      "apply -f bad.yaml",
      "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 5: did not find expected ',' or ']'\n",
    );
    fails(
      "apply -f colon.yaml",
      "error: error parsing colon.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context\n",
    );
    fails(
      "apply -f -",
      "error: error parsing STDIN: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context\n",
      "a: b\nc: d: e\n",
    );
  });

  it("an unknown kind: the RESTMapper's error and the CRD hint", () => {
    fails(
      "apply -f crd.yaml",
      'error: resource mapping not found for name: "my-cron" namespace: "" from "crd.yaml": no matches for kind "CronTab" in version "stable.example.com/v1"\n' +
        "ensure CRDs are installed first\n",
    );
  });

  it('a validation failure: CheckErr\'s `The Deployment "web" is invalid`, one line per cause', () => {
    const cluster = fails(
      "apply -f invalid.yaml",
      'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n',
    );
    expect(cluster.apiserver.list("Deployment", { namespace: "default" }).items).toEqual([]);
    fails(
      "create -f invalid-many.yaml",
      'The Deployment "web" is invalid: \n' +
        "* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n" +
        "* spec.template.spec.containers[0].image: Required value\n",
    );
    // scale refuses a negative count before asking the server (scale.go Validate)
    const c = Cluster.create({ seed: 1, dns: false, ingress: false });
    kubectl("create deployment web --image=nginx", { cluster: c });
    expect(kubectl("scale deployment web --replicas=-1", { cluster: c })).toEqual({
      stdout: "",
      stderr:
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
      exitCode: 1,
    });
  });

  it("an unknown command: cobra's error with its suggestions", () => {
    fails("foo", 'error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n');
    fails(
      "kubectl gett pods",
      'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n',
    );
    fails("frobnicate pods", 'error: unknown command "frobnicate" for "kubectl"\n');
    fails(
      "rollout frob deploy/x",
      "error: unknown command \"frob deploy/x\"\nSee 'kubectl rollout -h' for help and examples\n",
    );
    fails("edit deploy/x", 'error: kubesim does not implement "kubectl edit"\n');
  });

  it("an unknown flag, or a flag's bad value: pflag's error and the usage line", () => {
    fails("get pods --foo", "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n");
    fails(
      "get pods -wz",
      "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n",
    );
    fails(
      "scale deployment my-api --replicas=five",
      'error: invalid argument "five" for "--replicas" flag: strconv.ParseInt: parsing "five": invalid syntax\n' +
        "See 'kubectl scale --help' for usage.\n",
    );
    fails(
      "get pods -w=maybe",
      'error: invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n' +
        "See 'kubectl get --help' for usage.\n",
    );
  });

  it("a missing file: the builder's error, and nothing is applied", () => {
    fails("apply -f x.yaml", 'error: the path "x.yaml" does not exist\n');
    const cluster = fails(
      "apply -f invalid.yaml -f x.yaml",
      'error: the path "x.yaml" does not exist\n',
    );
    expect(cluster.apiserver.list("Deployment", { namespace: "default" }).items).toEqual([]);
  });

  it("several documents: the valid ones apply, the invalid ones are reported", () => {
    const r = run("apply -f several.yaml");
    expect(r.stdout).toBe("configmap/one created\nconfigmap/three created\n");
    expect(r.stderr).toBe(
      'resource mapping not found for name: "two" namespace: "" from "several.yaml": no matches for kind "Foo" in version "v1"\n' +
        "ensure CRDs are installed first\n" +
        'Error from server (Invalid): error when creating "several.yaml": Deployment.apps "bad" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0\n',
    );
    expect(r.exitCode).toBe(1);
    const names = (kind: "ConfigMap" | "Deployment") =>
      r.cluster.apiserver.list(kind, { namespace: "default" }).items.map((o) => o.metadata?.name);
    expect(names("ConfigMap")).toEqual(expect.arrayContaining(["one", "three"]));
    expect(names("Deployment")).toEqual([]);
  });

  it("the shell prints the same words", () => {
    const sh = new Shell({ cluster: { seed: 1, dns: false, ingress: false }, cwd: manifests });
    expect(sh.exec("kubectl get pods --foo")).toEqual({
      output: "error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
      exitCode: 1,
      exit: false,
    });
    expect(sh.exec("kubectl apply -f nope.yaml")).toEqual({
      output: 'error: the path "nope.yaml" does not exist\n',
      exitCode: 1,
      exit: false,
    });
  });
});
