import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { NS, cluster, myApi, podsOf, run, settleRollout } from "../testdata/fixtures.js";

function pod(
  name: string,
  spec: NonNullable<Pod["spec"]>,
  annotations: Record<string, string> = {},
): Pod {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: NS, annotations }, spec };
}

function tutorial() {
  const c = cluster();
  c.apiserver.create("Deployment", myApi());
  settleRollout(c);
  return { c, name: podsOf(c)[0]!.metadata!.name! };
}

describe("kubectl exec", () => {
  it("runs the command in the container and prints its output", () => {
    const { c, name } = tutorial();
    expect(run(c, `exec ${name} -- hostname`)).toMatchObject({
      stdout: `${name}\n`,
      stderr: "",
      exitCode: 0,
    });
    expect(run(c, `exec ${name} -- sh -c "ls /nope; echo out"`)).toMatchObject({
      stdout: "out\n",
      stderr: "ls: /nope: No such file or directory\n",
      exitCode: 0,
    });
  });

  it("passes a failing command's exit code on, as kubectl does", () => {
    const { c, name } = tutorial();
    expect(run(c, `exec ${name} -- sh -c "echo hi; exit 6"`)).toMatchObject({
      stdout: "hi\n",
      stderr: "command terminated with exit code 6\n",
      exitCode: 6,
    });
    expect(run(c, `exec ${name} -- ls /nope`)).toMatchObject({
      stdout: "",
      stderr: "ls: /nope: No such file or directory\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
  });

  it("reports a program the image does not have as containerd does", () => {
    const { c, name } = tutorial();
    const r = run(c, `exec ${name} -- foo`);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in \$PATH: unknown\n$/,
    );
    expect(r.exitCode).toBe(1);
  });

  it("-it opens a shell on kubesim's terminal and feeds it stdin (the tutorial's `exec -it … -- /bin/bash`)", () => {
    const { c, name } = tutorial();
    const prompt = `root@${name}:/# `;
    expect(run(c, `exec -it ${name} -- /bin/bash`)).toMatchObject({
      stdout: `${prompt}exit\n`,
      stderr: "",
      exitCode: 0,
    });
    expect(
      run(c, `exec -it ${name} -- /bin/bash`, { stdin: "hostname\ncd /etc\npwd\n" }),
    ).toMatchObject({
      stdout: `${prompt}hostname\n${name}\n${prompt}cd /etc\nroot@${name}:/etc# pwd\n/etc\nroot@${name}:/etc# exit\n`,
      exitCode: 0,
    });
    expect(
      run(c, `exec -it ${name} -- sh`, { stdin: "echo hi\nexit 3\necho never\n" }),
    ).toMatchObject({
      stdout: "/ # echo hi\nhi\n/ # exit 3\n",
      stderr: "command terminated with exit code 3\n",
      exitCode: 3,
    });
  });

  it("-i without a terminal runs the shell on stdin", () => {
    const { c, name } = tutorial();
    expect(run(c, `exec -i ${name} -- sh`, { stdin: "ls /nope\necho one\n" })).toMatchObject({
      stdout: "one\n",
      stderr: "ls: /nope: No such file or directory\n",
      exitCode: 0,
    });
  });

  it("defaults the container with kubectl's note, and checks -c as the API server does", () => {
    const c = cluster();
    c.apiserver.create(
      "Pod",
      pod("two", {
        containers: [
          { name: "api", image: "myapp:v1" },
          { name: "sidecar", image: "busybox:1.36" },
        ],
      }),
    );
    c.loop.advance("5s");
    expect(run(c, "exec two -- hostname")).toMatchObject({
      stdout: "two\n",
      stderr: 'Defaulted container "api" out of: api, sidecar\n',
      exitCode: 0,
    });
    expect(run(c, "exec two -q -- hostname").stderr).toBe("");
    expect(run(c, "exec two -c sidecar -- hostname")).toMatchObject({
      stdout: "two\n",
      stderr: "",
    });
    expect(run(c, "exec two -c nope -- hostname")).toMatchObject({
      stderr: "Error from server (BadRequest): container nope is not valid for pod two\n",
      exitCode: 1,
    });
  });

  it("refuses containers that are not running and pods that are done or unscheduled", () => {
    const c = cluster();
    c.apiserver.create(
      "Pod",
      pod(
        "slow",
        { containers: [{ name: "api", image: "myapp:v9" }] },
        { "kubesim.io/behavior": "pull: { duration: 30s }" },
      ),
    );
    c.apiserver.create(
      "Pod",
      pod(
        "done",
        { restartPolicy: "Never", containers: [{ name: "api", image: "myapp:v1" }] },
        { "kubesim.io/behavior": "exit: { after: 1s, code: 0 }" },
      ),
    );
    c.apiserver.create(
      "Pod",
      pod("nowhere", {
        nodeSelector: { disk: "none" },
        containers: [{ name: "api", image: "myapp:v1" }],
      }),
    );
    c.loop.advance("5s");
    expect(run(c, "exec slow -- ls")).toMatchObject({
      stderr: 'error: unable to upgrade connection: container not found ("api")\n',
      exitCode: 1,
    });
    expect(run(c, "exec done -- ls").stderr).toBe(
      "error: cannot exec into a container in a completed pod; current phase is Succeeded\n",
    );
    expect(run(c, "exec nowhere -- ls").stderr).toBe(
      "Error from server (BadRequest): pod nowhere does not have a host assigned\n",
    );
  });

  it("picks the most active pod of a Deployment", () => {
    const { c } = tutorial();
    const names = podsOf(c).map((p) => p.metadata!.name!);
    // Reversed ActivePods: ready longest first (Ready at 9s, 7s, 7s); the two 7s pods tie and
    // keep their list order, as Go's insertion sort keeps it for short lists.
    expect(run(c, "exec deploy/my-api -- hostname").stdout).toBe(`${names[1]}\n`);
    expect(run(c, "exec svc/kubernetes -- hostname").stderr).toBe(
      "error: cannot attach to *v1.Service: invalid service 'kubernetes': Service is defined without a selector\n",
    );
  });

  it("words its input errors as kubectl does", () => {
    const { c, name } = tutorial();
    expect(run(c, "exec nope -- ls").stderr).toBe(
      'Error from server (NotFound): pods "nope" not found\n',
    );
    expect(run(c, `exec ${name} ls`).stderr).toBe(
      "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
    );
    expect(run(c, `exec ${name}`).stderr).toBe(
      "error: you must specify at least one command for the container\n",
    );
    expect(run(c, "exec -- ls").stderr).toBe(
      "error: pod, type/name or --filename must be specified\n",
    );
  });
});
