/**
 * `kubectl top pod|node` on a real cluster: usage as each kubelet reports it
 * (kubesim's stand-in for metrics-server), the layouts, and the errors.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Cluster } from "kubesim";
import { run, tutorialCluster } from "./testdata/clusters.js";

describe("kubectl top: the tutorial's pods", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
  });

  it("pods of the namespace: millicores and MiB, every cell padded", () => {
    expect(run(c, "top pods")).toEqual({
      stdout: `NAME                      CPU(cores)   MEMORY(bytes)   
my-api-654d6f5777-bk2wh   1m           16Mi            
my-api-654d6f5777-gpz7w   1m           16Mi            
my-api-654d6f5777-pr9nr   1m           16Mi            
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("one pod", () => {
    expect(run(c, "top pod my-api-654d6f5777-bk2wh")).toEqual({
      stdout: `NAME                      CPU(cores)   MEMORY(bytes)   
my-api-654d6f5777-bk2wh   1m           16Mi            
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--containers", () => {
    expect(run(c, "top pod my-api-654d6f5777-bk2wh --containers")).toEqual({
      stdout: `POD                       NAME   CPU(cores)   MEMORY(bytes)   
my-api-654d6f5777-bk2wh   api    1m           16Mi            
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("-A --sum", () => {
    expect(run(c, "top po -A --sum")).toEqual({
      stdout: `NAMESPACE   NAME                      CPU(cores)   MEMORY(bytes)   
default     my-api-654d6f5777-bk2wh   1m           16Mi            
default     my-api-654d6f5777-gpz7w   1m           16Mi            
default     my-api-654d6f5777-pr9nr   1m           16Mi            
                                      ________     ________        
                                      3m           48Mi            
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("--no-headers --sort-by=memory", () => {
    expect(run(c, "top pods --no-headers --sort-by=memory")).toEqual({
      stdout: `my-api-654d6f5777-bk2wh   1m    16Mi   
my-api-654d6f5777-gpz7w   1m    16Mi   
my-api-654d6f5777-pr9nr   1m    16Mi   
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("-l", () => {
    expect(run(c, "top pods -l app=nope")).toEqual({
      stdout: ``,
      stderr: `No resources found in default namespace.
`,
      exitCode: 0,
    });
  });

  it("a pod that does not exist", () => {
    expect(run(c, "top pod nope")).toEqual({
      stdout: ``,
      stderr: `Error from server (NotFound): pods "default/nope" not found
`,
      exitCode: 1,
    });
  });

  it("a name and a selector", () => {
    expect(run(c, "top pod web -l app=my-api")).toEqual({
      stdout: ``,
      stderr: `error: only one of NAME or selector can be provided
`,
      exitCode: 1,
    });
  });

  it("a bad --sort-by", () => {
    expect(run(c, "top pods --sort-by=name")).toEqual({
      stdout: ``,
      stderr: `error: --sort-by accepts only cpu or memory
`,
      exitCode: 1,
    });
  });

  it("two names", () => {
    expect(run(c, "top pod a b")).toEqual({
      stdout: ``,
      stderr: `error: pod [NAME | -l label]
See 'kubectl top pod -h' for help and examples
`,
      exitCode: 1,
    });
  });

  it("nodes: usage and share of allocatable", () => {
    expect(run(c, "top nodes")).toEqual({
      stdout: `NAME     CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   
node-1   2m           0%       32Mi            0%          
node-2   1m           0%       16Mi            0%          
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("one node, --show-capacity", () => {
    expect(run(c, "top node node-1 --show-capacity")).toEqual({
      stdout: `NAME     CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   
node-1   2m           0%       32Mi            0%          
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("a node that does not exist", () => {
    expect(run(c, "top node nope")).toEqual({
      stdout: ``,
      stderr: `Error from server (NotFound): nodes "nope" not found
`,
      exitCode: 1,
    });
  });

  it("no pods anywhere in a namespace", () => {
    expect(run(c, "top pods -n kube-system")).toEqual({
      stdout: ``,
      stderr: `No resources found in kube-system namespace.
`,
      exitCode: 0,
    });
  });
});

describe("kubectl top: a stopped node", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
    c.nodes.stop("node-2");
    c.loop.advance("60s");
  });

  it("a stopped node has no metrics", () => {
    expect(run(c, "top nodes")).toEqual({
      stdout: `NAME     CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)   
node-1   2m           0%          32Mi            0%          
node-2   <unknown>    <unknown>   <unknown>       <unknown>   
`,
      stderr: ``,
      exitCode: 0,
    });
  });

  it("its pods have none either", () => {
    expect(run(c, "top pods")).toEqual({
      stdout: `NAME                      CPU(cores)   MEMORY(bytes)   
my-api-654d6f5777-gpz7w   1m           16Mi            
my-api-654d6f5777-pr9nr   1m           16Mi            
`,
      stderr: ``,
      exitCode: 0,
    });
  });
});

describe("kubectl top: pods without metrics", () => {
  let c: Cluster;
  beforeAll(() => {
    c = tutorialCluster();
    c.apiserver.create("Namespace", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "other" },
    });
    c.apiserver.create("Pod", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "stuck", namespace: "other" },
      spec: { nodeSelector: { disk: "ssd" }, containers: [{ name: "app", image: "busybox:1.36" }] },
    });
    c.loop.advance("30s");
  });

  it("younger than two minutes: metrics not available yet", () => {
    expect(run(c, "top pods -n other")).toEqual({
      stdout: "",
      stderr: "error: metrics not available yet\n",
      exitCode: 1,
    });
  });

  it("older: metrics-server would have had them, so kubectl names the pod and its age", () => {
    c.loop.advance("2m");
    expect(run(c, "top pods -n other")).toEqual({
      stdout: "",
      stderr: "error: Metrics not available for pod other/stuck, age: 2m30s\n",
      exitCode: 1,
    });
  });

  it("a running pod's metrics are there at once (kubesim has no collection delay)", () => {
    c.apiserver.create("Pod", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "quick", namespace: "other" },
      spec: { containers: [{ name: "app", image: "busybox:1.36" }] },
    });
    c.loop.advance("1s");
    expect(run(c, "top pods -n other").stdout).toBe(
      "NAME    CPU(cores)   MEMORY(bytes)   \nquick   1m           16Mi            \n",
    );
  });
});
