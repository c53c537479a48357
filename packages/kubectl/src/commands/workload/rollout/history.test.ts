import { Cluster } from "kubesim";
import { describe, expect, it } from "vitest";
import {
  NS,
  cluster,
  fullContainer,
  myApi,
  run,
  settleRollout,
  setImage,
} from "../testdata/fixtures.js";

describe("kubectl rollout history", () => {
  it("lists the revisions under the name printer's line, as kubectl prints them", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    expect(run(c, "rollout history deployment/my-api")).toMatchObject({
      stdout: "deployment.apps/my-api \nREVISION  CHANGE-CAUSE\n1         <none>\n\n",
      stderr: "",
      exitCode: 0,
    });
    setImage(c, "myapp:v1.3");
    settleRollout(c);
    expect(run(c, "rollout history deployment my-api").stdout).toBe(
      "deployment.apps/my-api \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
    );
  });

  it("shows kubernetes.io/change-cause from each ReplicaSet", () => {
    const c = cluster();
    c.apiserver.create(
      "Deployment",
      myApi({ annotations: { "kubernetes.io/change-cause": "first deploy" } }),
    );
    settleRollout(c);
    c.apiserver.patch("Deployment", NS, "my-api", "strategic", {
      metadata: {
        annotations: {
          "kubernetes.io/change-cause": "kubectl set image deployment/my-api api=myapp:v1.3",
        },
      },
      spec: { template: { spec: { containers: [{ name: "api", image: "myapp:v1.3" }] } } },
    });
    settleRollout(c);
    expect(run(c, "rollout history deployment/my-api").stdout).toBe(
      [
        "deployment.apps/my-api ",
        "REVISION  CHANGE-CAUSE",
        "1         first deploy",
        "2         kubectl set image deployment/my-api api=myapp:v1.3",
        "",
        "",
      ].join("\n"),
    );
    expect(run(c, "rollout history deployment/my-api --revision=2").stdout).toBe(
      [
        "deployment.apps/my-api with revision #2",
        "Pod Template:",
        "  Labels:\tapp=my-api",
        `\tpod-template-hash=${c.apiserver.list("ReplicaSet", { namespace: NS }).items.find((rs) => rs.metadata?.annotations?.["deployment.kubernetes.io/revision"] === "2")!.metadata!.labels!["pod-template-hash"]}`,
        "  Annotations:\tkubernetes.io/change-cause: kubectl set image deployment/my-api api=myapp:v1.3",
        "  Containers:",
        "   api:",
        "    Image:\tmyapp:v1.3",
        "    Port:\t8000/TCP",
        "    Host Port:\t0/TCP",
        "    Readiness:\thttp-get http://:8000/ready delay=5s timeout=1s period=5s #success=1 #failure=3",
        "    Environment:\t<none>",
        "    Mounts:\t<none>",
        "  Volumes:\t<none>",
        "  Node-Selectors:\t<none>",
        "  Tolerations:\t<none>",
        "",
        "",
      ].join("\n"),
    );
  });

  it("--revision prints the tutorial's full pod template with kubectl's describe layout", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi({ containers: [fullContainer] }));
    c.loop.settle();
    const rs = c.apiserver.list("ReplicaSet", { namespace: NS }).items[0]!;
    const hash = rs.metadata!.labels!["pod-template-hash"];
    expect(run(c, "rollout history deployment/my-api --revision=1").stdout).toBe(
      [
        "deployment.apps/my-api with revision #1",
        "Pod Template:",
        "  Labels:\tapp=my-api",
        `\tpod-template-hash=${hash}`,
        "  Containers:",
        "   api:",
        "    Image:\tmyapp:v1.2",
        "    Port:\t8000/TCP",
        "    Host Port:\t0/TCP",
        "    Limits:",
        "      cpu:\t1",
        "      memory:\t512Mi",
        "    Requests:",
        "      cpu:\t250m",
        "      memory:\t128Mi",
        "    Liveness:\thttp-get http://:8000/health delay=10s timeout=1s period=10s #success=1 #failure=3",
        "    Readiness:\thttp-get http://:8000/ready delay=5s timeout=1s period=5s #success=1 #failure=3",
        "    Environment:",
        "      DATABASE_URL:\t<set to the key 'url' in secret 'db-secret'>\tOptional: false",
        "      LOG_LEVEL:\t<set to the key 'LOG_LEVEL' of config map 'app-config'>\tOptional: false",
        "    Mounts:\t<none>",
        "  Volumes:\t<none>",
        "  Node-Selectors:\t<none>",
        "  Tolerations:\t<none>",
        "",
        "",
      ].join("\n"),
    );
  });

  it("words its errors as kubectl does", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    expect(run(c, "rollout history deployment/my-api --revision=7")).toMatchObject({
      stdout: "",
      stderr: "error: unable to find the specified revision\n",
      exitCode: 1,
    });
    expect(run(c, "rollout history deployment/nope").stderr).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    expect(run(c, "rollout history").stderr).toBe("error: required resource not specified\n");
    expect(run(c, "rollout history svc/kubernetes").stderr).toBe(
      'error: no history viewer has been implemented for "Service"\n',
    );
    expect(run(c, "rollout history rs").stderr).toBe(
      'error: no history viewer has been implemented for "ReplicaSet.apps"\n',
    );
  });

  it("says so when a Deployment has no ReplicaSet yet", () => {
    // Without controllers the Deployment never gets a ReplicaSet.
    const c = Cluster.create({ seed: 1, dns: false, ingress: false, controllers: false });
    c.apiserver.create("Deployment", myApi());
    expect(run(c, "rollout history deployment/my-api").stdout).toBe(
      "deployment.apps/my-api \nNo rollout history found.\n",
    );
  });

  it("prints every Deployment the type alone selects", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    c.apiserver.create("Deployment", { ...myApi(), metadata: { name: "web", namespace: NS } });
    c.loop.settle();
    expect(run(c, "rollout history deployments").stdout).toBe(
      "deployment.apps/my-api \nREVISION  CHANGE-CAUSE\n1         <none>\n\n" +
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n",
    );
  });
});
