import { describe, expect, it } from "vitest";
import { smallCluster, session } from "./testdata/host.js";
import { running } from "./testdata/workloads.js";

describe("kubectl cordon / uncordon", () => {
  it("marks a node (un)schedulable, and says when it already is", () => {
    const s = session();
    expect(s.run("cordon node-1")).toEqual({
      stdout: "node/node-1 cordoned\n",
      stderr: "",
      exitCode: 0,
    });
    expect(s.cluster.apiserver.get("Node", undefined, "node-1").spec?.unschedulable).toBe(true);
    expect(s.run("cordon node/node-1").stdout).toBe("node/node-1 already cordoned\n");
    expect(s.run("uncordon node-1").stdout).toBe("node/node-1 uncordoned\n");
    expect(
      s.cluster.apiserver.get("Node", undefined, "node-1").spec?.unschedulable,
    ).toBeUndefined();
    expect(s.run("uncordon node-1").stdout).toBe("node/node-1 already uncordoned\n");
    expect(s.run("cordon node-1 --dry-run=client").stdout).toBe("node/node-1 cordoned (dry run)\n");
  });

  it("bad input", () => {
    const s = session();
    expect(s.run("cordon node-9").stderr).toBe(
      'Error from server (NotFound): nodes "node-9" not found\n',
    );
    expect(s.run("cordon").stderr).toBe(
      "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n",
    );
  });
});

describe("kubectl drain", () => {
  it("cordons, evicts each pod, waits until they are gone, and the pods come back elsewhere", () => {
    const s = running("my-api", 2, smallCluster(2));
    const onNode1 = s.cluster.apiserver
      .list("Pod", { fieldSelector: "spec.nodeName=node-1" })
      .items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`);
    expect(onNode1.length).toBeGreaterThan(0);
    const r = s.run("drain node-1");
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    const names = onNode1.map((k) => k.split("/")[1]);
    expect(r.stdout).toBe(
      [
        "node/node-1 cordoned",
        ...onNode1.map((k) => `evicting pod ${k}`),
        ...names.map((n) => `pod/${n} evicted`),
        "node/node-1 drained",
        "",
      ].join("\n"),
    );
    expect(
      s.cluster.apiserver.list("Pod", { fieldSelector: "spec.nodeName=node-1" }).items,
    ).toEqual([]);
    s.cluster.loop.advance("60s");
    const d = s.cluster.apiserver.get("Deployment", "default", "my-api");
    expect(d.status?.availableReplicas).toBe(2);
  });

  it("refuses pods no controller owns without --force, and deletes them with it", () => {
    const s = session({
      "pod.yaml":
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: lonely\nspec:\n  containers:\n  - name: c\n    image: busybox\n",
    });
    s.run("apply -f pod.yaml");
    s.cluster.loop.advance("30s");
    expect(s.run("drain node-1")).toEqual({
      stdout: "node/node-1 cordoned\n",
      stderr:
        'error: unable to drain node "node-1", aborting command...\n\nThere are pending nodes to be drained:\n node-1\nerror: cannot delete Pods declare no controller (use --force to override): default/lonely\n',
      exitCode: 1,
    });
    const r = s.run("drain node-1 --force");
    expect(r.stdout).toBe(
      "node/node-1 already cordoned\nevicting pod default/lonely\npod/lonely evicted\nnode/node-1 drained\n",
    );
    expect(r.stderr).toBe("Warning: deleting Pods that declare no controller: default/lonely\n");
  });

  it("refuses pods with emptyDir volumes without --delete-emptydir-data", () => {
    const s = session({
      "pod.yaml":
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: scratch\nspec:\n  volumes:\n  - name: tmp\n    emptyDir: {}\n  containers:\n  - name: c\n    image: busybox\n",
    });
    s.run("apply -f pod.yaml");
    s.cluster.loop.advance("30s");
    expect(s.run("drain node-1 --force").stderr).toContain(
      "error: cannot delete Pods with local storage (use --delete-emptydir-data to override): default/scratch\n",
    );
    expect(s.run("drain node-1 --force --delete-emptydir-data").stdout).toContain(
      "pod/scratch evicted\n",
    );
  });

  it("gives up after --timeout, naming the pods still there", () => {
    const s = session({
      "pod.yaml":
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: held\n  finalizers:\n  - example.com/hold\nspec:\n  containers:\n  - name: c\n    image: busybox\n",
    });
    s.run("apply -f pod.yaml");
    s.cluster.loop.advance("30s");
    const t0 = s.cluster.loop.now();
    expect(s.run("drain node-1 --force --timeout=3s")).toEqual({
      stdout: "node/node-1 cordoned\nevicting pod default/held\n",
      stderr:
        "Warning: deleting Pods that declare no controller: default/held\n" +
        'There are pending pods in node "node-1" when an error occurred: error when waiting for pod "held" in namespace "default" to terminate: global timeout reached: 3s\n' +
        "pod/held\n" +
        'error: unable to drain node "node-1", aborting command...\n\n' +
        "There are pending nodes to be drained:\n node-1\n" +
        'error: error when waiting for pod "held" in namespace "default" to terminate: global timeout reached: 3s\n',
      exitCode: 1,
    });
    expect(s.cluster.loop.now() - t0).toBe(3000);
  });

  it("a client dry run evicts nothing", () => {
    const s = running();
    const r = s.run("drain node-1 --dry-run=client");
    expect(r.stdout.split("\n")[0]).toBe("node/node-1 cordoned (dry run)");
    expect(r.stdout).toContain("(dry run)\nnode/node-1 drained (dry run)\n");
    expect(
      s.cluster.apiserver.get("Node", undefined, "node-1").spec?.unschedulable,
    ).toBeUndefined();
    expect(s.cluster.apiserver.list("Pod", { namespace: "default" }).items).toHaveLength(2);
  });
});
