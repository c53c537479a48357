/**
 * The real kubectl against `kubesim serve`, end to end: version,
 * api-resources, apply, get (tables, -o wide, -o yaml, -l, several kinds),
 * describe, scale, set image with rollout status, get -w, delete (waiting
 * for the pod's graceful deletion through list + watch), cascading delete,
 * and kubectl's error lines. Outputs are asserted whole: kubectl's against
 * kubesim's own kubectl on the same cluster (the printers are shared, so
 * any difference is a wire-level mistake), plus the literal lines kubectl
 * prints for its mutations.
 *
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { convertedKinds, kinds } from "@kubesim/api";
import { printApiResources } from "@kubesim/kubectl";
import { afterEach, describe, expect, it } from "vitest";
import { KUBECTL, startHarness, type Harness } from "./kubectl-harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const APPLY = [
  "apply",
  "-f",
  "docs/tutorial/manifests/deployment.yaml",
  "-f",
  "docs/tutorial/manifests/service.yaml",
];

/** The tutorial's Deployment and Service, applied, with 30 s of virtual time for the pods to run. */
async function tutorial(): Promise<Harness> {
  h = await startHarness();
  const applied = await h.kubectl(APPLY);
  expect(applied).toEqual({
    stdout: "deployment.apps/my-api created\nservice/my-api created\n",
    stderr: "",
    code: 0,
  });
  h.server.advance(30_000);
  return h;
}

/** Asserts that the real kubectl prints exactly what kubesim's kubectl prints, and returns it. */
async function same(k: Harness, line: string): Promise<string> {
  const real = await k.kubectl(line.split(" "));
  const own = k.kubesimKubectl(line);
  expect(real.stderr).toBe(own.stderr);
  expect(real.stdout).toBe(own.stdout);
  expect(real.code).toBe(own.code);
  return real.stdout;
}

describe.skipIf(KUBECTL === undefined)("the real kubectl against kubesim serve", () => {
  it("version and api-resources", async () => {
    h = await startHarness();
    const v = await h.kubectl(["version"]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(
      /^Client Version: v1\.31\.\d+\n(Kustomize Version: .*\n)?Server Version: v1\.31\.0\n$/,
    );
    const r = await h.kubectl(["api-resources"]);
    expect(r).toEqual({
      stdout: printApiResources([...kinds, ...convertedKinds]),
      stderr: "",
      code: 0,
    });
    expect(r.stdout.split("\n")[0]).toMatch(/^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
  });

  it("apply, then get: tables, several kinds, -o wide, -o yaml, -l, a single object", async () => {
    const k = await tutorial();
    const pods = await same(k, "get pods");
    expect(pods.split("\n")[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE$/);
    expect(
      pods
        .split("\n")
        .filter((l) => /^my-api-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 +30s$/.test(l)),
    ).toHaveLength(3);
    const all = await same(k, "get pods,deployments,services");
    expect(all).toMatch(/^deployment\.apps\/my-api +3\/3 +3 +3 +30s$/m);
    expect(all).toMatch(/^service\/my-api +ClusterIP +10\.\d+\.\d+\.\d+ +<none> +80\/TCP +30s$/m);
    const wide = await same(k, "get pods -o wide");
    expect(wide.split("\n")[0]).toMatch(
      /^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/,
    );
    await same(k, "get pods -l app=my-api");
    await same(k, "get pods -l app=nothing");
    await same(k, "get deployment my-api");
    await same(k, "get svc my-api -o wide");
    await same(k, "get pods --show-labels");
    const yaml = await same(k, "get deployment my-api -o yaml");
    expect(yaml).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    await same(k, "get pods -o yaml");
    await same(k, "get services -o json");
    await same(k, "get nodes");
    await same(k, "get pods -A");
    await same(k, "get all");
    await same(k, "get events");
    await same(k, "get endpoints my-api");
    await same(k, "get namespaces");
    const none = await k.kubectl(["get", "ingresses"]);
    expect(none).toEqual({
      stdout: "",
      stderr: "No resources found in default namespace.\n",
      code: 0,
    });
  });

  it("describe pod, deployment and service", async () => {
    const k = await tutorial();
    const pod = (await k.kubectl(["get", "pods", "-o", "name"])).stdout.split("\n")[0]!;
    const real = await k.kubectl(["describe", pod]);
    const own = k.kubesimKubectl(`describe ${pod}`);
    expect(real.code).toBe(0);
    // Event ages are measured by kubectl against wall time, kubesim's against virtual time.
    const [realHead, realEvents] = real.stdout.split("Events:\n");
    const [ownHead, ownEvents] = own.stdout.split("Events:\n");
    expect(realHead).toBe(ownHead);
    const withoutAge = (t: string | undefined) =>
      (t ?? "")
        .trimEnd()
        .split("\n")
        .map((l) =>
          l
            .trim()
            .split(/ {2,}/)
            .filter((_, i) => i !== 2)
            .join(" | "),
        );
    expect(withoutAge(realEvents)).toEqual(withoutAge(ownEvents));
    expect(realHead).toContain(`Controlled By:  ReplicaSet/`);
    expect(withoutAge(realEvents).map((l) => l.split(" | ")[1])).toEqual([
      "Reason",
      "------",
      "Scheduled",
      "Pulling",
      "Pulled",
      "Created",
      "Started",
    ]);
    const dep = await k.kubectl(["describe", "deployment", "my-api"]);
    expect(dep.code).toBe(0);
    expect(dep.stdout).toMatch(
      /^Replicas: +3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m,
    );
    expect(dep.stdout).toMatch(/^NewReplicaSet: +my-api-[a-z0-9]+ \(3\/3 replicas created\)$/m);
    const svc = await k.kubectl(["describe", "service", "my-api"]);
    expect(svc.code).toBe(0);
    expect(svc.stdout).toMatch(/^Selector: +app=my-api$/m);
  });

  it("scale, set image and rollout status", async () => {
    const k = await tutorial();
    expect(await k.kubectl(["scale", "deployment", "my-api", "--replicas=5"])).toEqual({
      stdout: "deployment.apps/my-api scaled\n",
      stderr: "",
      code: 0,
    });
    k.server.advance(30_000);
    expect(await same(k, "get deployment my-api")).toMatch(/^my-api +5\/5 +5 +5 +60s$/m);
    expect(await k.kubectl(["set", "image", "deployment/my-api", "api=myapp:v1.3"])).toEqual({
      stdout: "deployment.apps/my-api image updated\n",
      stderr: "",
      code: 0,
    });
    k.server.advance(120_000);
    expect(await k.kubectl(["rollout", "status", "deployment/my-api"])).toEqual({
      stdout: 'deployment "my-api" successfully rolled out\n',
      stderr: "",
      code: 0,
    });
    const images = await k.kubectl([
      "get",
      "pods",
      "-o",
      'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}',
    ]);
    expect(images.stdout.trim().split("\n")).toEqual(Array(5).fill("myapp:v1.3"));
    await same(k, "get rs");
  });

  it("get -w prints each change as the watch delivers it", async () => {
    const k = await tutorial();
    const before = k.server.cluster.apiserver.watchCount;
    const w = k.start(["get", "deployments", "-w"]);
    await w.waitFor(/my-api +3\/3/);
    for (let i = 0; i < 200 && k.server.cluster.apiserver.watchCount === before; i++)
      await new Promise((r) => setTimeout(r, 10));
    await k.kubectl(["scale", "deployment", "my-api", "--replicas=4"]);
    k.server.advance(30_000);
    const out = await w.waitFor(/my-api +4\/4 +4 +4/);
    w.stop();
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$/);
    expect(lines[1]).toMatch(/^my-api +3\/3 +3 +3 +30s$/);
    expect(lines.at(-1)).toMatch(/^my-api +4\/4 +4 +4 +\d+s$/);
  });

  it("delete waits for a pod's graceful deletion, and a deployment's delete cascades", async () => {
    const k = await tutorial();
    const pod = (await k.kubectl(["get", "pods", "-o", "name"])).stdout.split("\n")[0]!;
    const before = k.server.cluster.apiserver.watchCount;
    const del = k.start(["delete", pod]);
    let exited = false;
    void del.exited.then(() => (exited = true));
    // The simulated kubelet stops the containers at once, so the pod is often
    // gone by kubectl's GET; otherwise kubectl lists, then watches from the
    // list's resourceVersion for the DELETED event, which needs time to pass.
    for (let i = 0; i < 300 && !exited && k.server.cluster.apiserver.watchCount === before; i++)
      await new Promise((r) => setTimeout(r, 10));
    k.server.advance(40_000);
    expect(await del.exited).toBe(0);
    expect(del.stdout()).toBe(`${pod.replace("pod/", 'pod "')}" deleted\n`);
    expect(await k.kubectl(["delete", "service", "my-api"])).toEqual({
      stdout: 'service "my-api" deleted\n',
      stderr: "",
      code: 0,
    });
    expect(await k.kubectl(["delete", "deployment", "my-api"])).toEqual({
      stdout: 'deployment.apps "my-api" deleted\n',
      stderr: "",
      code: 0,
    });
    k.server.advance(60_000);
    expect(await k.kubectl(["get", "pods,replicasets"])).toEqual({
      stdout: "",
      stderr: "No resources found in default namespace.\n",
      code: 0,
    });
    expect(await k.kubectl(["get", "deployment", "my-api"])).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): deployments.apps "my-api" not found\n',
      code: 1,
    });
  });

  it("delete --cascade=orphan keeps the ReplicaSet and pods; --cascade=foreground removes them first", async () => {
    const k = await tutorial();
    expect(await k.kubectl(["delete", "deployment", "my-api", "--cascade=orphan"])).toEqual({
      stdout: 'deployment.apps "my-api" deleted\n',
      stderr: "",
      code: 0,
    });
    k.server.advance(30_000);
    const rs = (await k.kubectl(["get", "rs", "-o", "name"])).stdout.trim().split("\n");
    expect(rs).toHaveLength(1);
    const orphan = await k.kubectl(["get", rs[0]!, "-o", "jsonpath={.metadata.ownerReferences}"]);
    expect(orphan.stdout).toBe("");
    expect(
      (await k.kubectl(["get", "pods", "--no-headers"])).stdout.trim().split("\n"),
    ).toHaveLength(3);

    // Foreground: kubectl waits for the ReplicaSet, which waits for its pods.
    const del = k.start(["delete", rs[0]!, "--cascade=foreground"]);
    let exited = false;
    void del.exited.then(() => (exited = true));
    for (let i = 0; i < 100 && !exited; i++) {
      k.server.advance(2_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await del.exited).toBe(0);
    expect(del.stdout()).toBe(
      `${rs[0]!.replace("replicaset.apps/", 'replicaset.apps "')}" deleted\n`,
    );
    k.server.advance(60_000);
    expect(await k.kubectl(["get", "pods,rs"])).toEqual({
      stdout: "",
      stderr: "No resources found in default namespace.\n",
      code: 0,
    });
  });

  it("reports a wrong token as kubectl does", async () => {
    const k = await startHarness();
    h = k;
    const bad = join(k.dir, "bad-kubeconfig");
    writeFileSync(
      bad,
      k.server.kubeconfig().replace(`token: ${k.server.token}`, "token: not-the-token-0123456789"),
    );
    const r = await k.kubectl(["--kubeconfig", bad, "get", "pods"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error: You must be logged in to the server \((the server has asked for the client to provide credentials|Unauthorized)\)\n$/,
    );
  });
});
