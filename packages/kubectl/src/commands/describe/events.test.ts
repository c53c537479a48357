/**
 * `kubectl events` on a real cluster: the table, --for, --types, -A,
 * --no-headers, the errors, and --watch over virtual time.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "kubesim";
import { crasher, run, tutorialCluster } from "./testdata/clusters.js";

describe("kubectl events: the tutorial's objects two minutes in", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
  });

  it("events of the namespace, oldest first", () => {
    expect(run(c, "events")).toEqual({
      stdout: `LAST SEEN            TYPE     REASON                    OBJECT                         MESSAGE
2m                   Normal   Scheduled                 Pod/my-api-654d6f5777-bk2wh    Successfully assigned default/my-api-654d6f5777-bk2wh to node-2
2m                   Normal   Pulling                   Pod/my-api-654d6f5777-bk2wh    Pulling image "myapp:v1.2"
2m                   Normal   Pulled                    Pod/my-api-654d6f5777-bk2wh    Successfully pulled image "myapp:v1.2" in 0s (0s including waiting). Image size: 29360128 bytes.
2m                   Normal   Created                   Pod/my-api-654d6f5777-bk2wh    Created container api
2m                   Normal   Started                   Pod/my-api-654d6f5777-bk2wh    Started container api
2m                   Normal   Scheduled                 Pod/my-api-654d6f5777-gpz7w    Successfully assigned default/my-api-654d6f5777-gpz7w to node-1
2m                   Normal   Pulling                   Pod/my-api-654d6f5777-gpz7w    Pulling image "myapp:v1.2"
2m                   Normal   Pulled                    Pod/my-api-654d6f5777-gpz7w    Successfully pulled image "myapp:v1.2" in 0s (0s including waiting). Image size: 29360128 bytes.
2m                   Normal   Created                   Pod/my-api-654d6f5777-gpz7w    Created container api
2m                   Normal   Started                   Pod/my-api-654d6f5777-gpz7w    Started container api
2m                   Normal   Scheduled                 Pod/my-api-654d6f5777-pr9nr    Successfully assigned default/my-api-654d6f5777-pr9nr to node-1
2m                   Normal   Pulled                    Pod/my-api-654d6f5777-pr9nr    Container image "myapp:v1.2" already present on machine
2m                   Normal   Created                   Pod/my-api-654d6f5777-pr9nr    Created container api
2m                   Normal   Started                   Pod/my-api-654d6f5777-pr9nr    Started container api
2m                   Normal   SuccessfulCreate          ReplicaSet/my-api-654d6f5777   Created pod: my-api-654d6f5777-gpz7w
2m                   Normal   SuccessfulCreate          ReplicaSet/my-api-654d6f5777   Created pod: my-api-654d6f5777-bk2wh
2m                   Normal   SuccessfulCreate          ReplicaSet/my-api-654d6f5777   Created pod: my-api-654d6f5777-pr9nr
2m                   Normal   ScalingReplicaSet         Deployment/my-api              Scaled up replica set my-api-654d6f5777 from 0 to 3
2m                   Normal   RegisteredNode            Node/node-1                    Node node-1 event: Registered Node node-1 in Controller
2m                   Normal   Starting                  Node/node-1                    Starting kubelet.
2m                   Normal   NodeHasSufficientMemory   Node/node-1                    Node node-1 status is now: NodeHasSufficientMemory
2m                   Normal   NodeHasNoDiskPressure     Node/node-1                    Node node-1 status is now: NodeHasNoDiskPressure
2m                   Normal   NodeHasSufficientPID      Node/node-1                    Node node-1 status is now: NodeHasSufficientPID
2m                   Normal   NodeAllocatableEnforced   Node/node-1                    Updated Node Allocatable limit across pods
2m                   Normal   NodeReady                 Node/node-1                    Node node-1 status is now: NodeReady
2m                   Normal   RegisteredNode            Node/node-2                    Node node-2 event: Registered Node node-2 in Controller
2m                   Normal   Starting                  Node/node-2                    Starting kubelet.
2m                   Normal   NodeHasSufficientMemory   Node/node-2                    Node node-2 status is now: NodeHasSufficientMemory
2m                   Normal   NodeHasNoDiskPressure     Node/node-2                    Node node-2 status is now: NodeHasNoDiskPressure
2m                   Normal   NodeHasSufficientPID      Node/node-2                    Node node-2 status is now: NodeHasSufficientPID
2m                   Normal   NodeAllocatableEnforced   Node/node-2                    Updated Node Allocatable limit across pods
2m                   Normal   NodeReady                 Node/node-2                    Node node-2 status is now: NodeReady
59s (x2 over 119s)   Normal   Sync                      Ingress/my-ingress             Scheduled for sync
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--for a deployment", () => {
    expect(run(c, "events --for deployment/my-api")).toEqual({
      stdout: `LAST SEEN   TYPE     REASON              OBJECT              MESSAGE
2m          Normal   ScalingReplicaSet   Deployment/my-api   Scaled up replica set my-api-654d6f5777 from 0 to 3
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--for with a group-qualified type", () => {
    expect(run(c, "events --for deployments.apps/my-api")).toEqual({
      stdout: `LAST SEEN   TYPE     REASON              OBJECT              MESSAGE
2m          Normal   ScalingReplicaSet   Deployment/my-api   Scaled up replica set my-api-654d6f5777 from 0 to 3
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--types=Warning with none", () => {
    expect(run(c, "events --types=Warning")).toEqual({
      stdout: ``,
      stderr: `No events found in default namespace.
`,
      exitCode: 0,
    });
  });

  it("-A --types=Warning with none", () => {
    expect(run(c, "events -A --types Warning")).toEqual({
      stdout: ``,
      stderr: `No events found.
`,
      exitCode: 0,
    });
  });

  it("--no-headers", () => {
    expect(run(c, "events --for deploy/my-api --no-headers")).toEqual({
      stdout: `2m    Normal   ScalingReplicaSet   Deployment/my-api   Scaled up replica set my-api-654d6f5777 from 0 to 3
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--for without a name", () => {
    expect(run(c, "events --for pod")).toEqual({
      stdout: ``,
      stderr: `error: --for must be in resource/name form
`,
      exitCode: 1,
    });
  });

  it("--for with two slashes", () => {
    expect(run(c, "events --for pod/a/b")).toEqual({
      stdout: ``,
      stderr: `error: arguments in resource/name form may not have more than one slash
`,
      exitCode: 1,
    });
  });

  it("--for an unknown type", () => {
    expect(run(c, "events --for foo/bar")).toEqual({
      stdout: ``,
      stderr: `error: the server doesn't have a resource type "foo"
`,
      exitCode: 1,
    });
  });

  it("--types with a bad type", () => {
    expect(run(c, "events --types=Normal,Error")).toEqual({
      stdout: ``,
      stderr: `error: valid --types are Normal or Warning
`,
      exitCode: 1,
    });
  });
});

describe("kubectl events: a crash loop", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
    c.apiserver.create("Pod", crasher());
    c.loop.advance("90s");
  });

  it("a crash loop: Warning BackOff with its count", () => {
    expect(run(c, "events --for pod/crasher --types=Warning")).toEqual({
      stdout: `LAST SEEN           TYPE      REASON    OBJECT        MESSAGE
10s (x4 over 86s)   Warning   BackOff   Pod/crasher   Back-off restarting failed container app in pod crasher_default(8d521c45-eb96-4c04-a62b-540e9ffb4aa6)
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("all namespaces", () => {
    expect(run(c, "events -A --types=warning")).toEqual({
      stdout: `NAMESPACE   LAST SEEN           TYPE      REASON    OBJECT        MESSAGE
default     10s (x4 over 86s)   Warning   BackOff   Pod/crasher   Back-off restarting failed container app in pod crasher_default(8d521c45-eb96-4c04-a62b-540e9ffb4aa6)
`,
      stderr: ``,
      exitCode: 0,
    });
  });
});

describe("kubectl events --watch, over virtual time", () => {
  it("prints the events as the watch delivers them, keeps column widths, stops after the quiet time", () => {
    const c = tutorialCluster();
    c.apiserver.create("Pod", crasher());
    const start = c.loop.now();
    const chunks: string[] = [];
    const out = run(c, "events -w --for pod/crasher", {
      stream: { quiet: 20_000, max: 60_000 },
      onOutput: (_, text) => chunks.push(`${(c.loop.now() - start) / 1000}s ${text}`),
    });
    expect(out.exitCode).toBe(0);
    expect(chunks.slice(0, 10)).toEqual([
      "0s LAST SEEN   TYPE     REASON      OBJECT        MESSAGE\n0s          Normal   Scheduled   Pod/crasher   Successfully assigned default/crasher to node-2\n",
      '0s 0s          Normal   Pulling     Pod/crasher   Pulling image "busybox:1.36"\n',
      '0s 0s          Normal   Pulled      Pod/crasher   Successfully pulled image "busybox:1.36" in 0s (0s including waiting). Image size: 29360128 bytes.\n',
      "0s 0s          Normal   Created     Pod/crasher   Created container app\n",
      "0s 0s          Normal   Started     Pod/crasher   Started container app\n",
      '2s 0s          Normal   Pulled      Pod/crasher   Container image "busybox:1.36" already present on machine\n',
      "2s 0s (x2 over 2s)   Normal   Created     Pod/crasher   Created container app\n",
      "2s 0s (x2 over 2s)   Normal   Started     Pod/crasher   Started container app\n",
      "4s 0s                Warning   BackOff     Pod/crasher   Back-off restarting failed container app in pod crasher_default(8d521c45-eb96-4c04-a62b-540e9ffb4aa6)\n",
      '14s 0s (x2 over 12s)   Normal    Pulled      Pod/crasher   Container image "busybox:1.36" already present on machine\n',
    ]);
    expect(out.stdout).toBe(chunks.map((s) => s.slice(s.indexOf(" ") + 1)).join(""));
    // The last event came 38 s in (the third back-off); 20 s of quiet later the watch ends.
    expect(chunks.at(-1)).toMatch(/^38s 0s \(x3 over 34s\) {3}Warning {3}BackOff /);
    expect(c.loop.now() - start).toBe(58_000);
  });

  it("stops at the maximum even while events keep coming", () => {
    const c = tutorialCluster();
    c.apiserver.create("Pod", crasher());
    const start = c.loop.now();
    run(c, "events -w", { stream: { quiet: 30_000, max: 25_000 } });
    expect(c.loop.now() - start).toBe(25_000);
  });
});
