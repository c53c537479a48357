import { describe, expect, it } from "vitest";
import { running } from "./testdata/workloads.js";

describe("kubectl set image", () => {
  it("updates the container's image and starts a rollout", () => {
    const s = running();
    expect(s.run("set image deployment/my-api api=myapp:v1.3")).toEqual({
      stdout: "deployment.apps/my-api image updated\n",
      stderr: "",
      exitCode: 0,
    });
    const d = s.cluster.apiserver.get("Deployment", "default", "my-api");
    expect(d.spec?.template.spec?.containers[0]?.image).toBe("myapp:v1.3");
    s.cluster.loop.advance("2m");
    expect(s.cluster.apiserver.list("ReplicaSet", { namespace: "default" }).items).toHaveLength(2);
  });

  it("prints nothing when the image is already that one; * sets every container", () => {
    const s = running();
    expect(s.run("set image deployment/my-api api=myapp:v1.2")).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
    expect(s.run("set image deployment my-api *=myapp:v2").stdout).toBe(
      "deployment.apps/my-api image updated\n",
    );
    expect(
      s.cluster.apiserver.get("Deployment", "default", "my-api").spec?.template.spec?.containers[0]
        ?.image,
    ).toBe("myapp:v2");
  });

  it("acts on the live objects a file names (-f)", () => {
    const s = running();
    expect(s.run("set image -f d.yaml api=myapp:v2").stdout).toBe(
      "deployment.apps/my-api image updated\n",
    );
    expect(s.run("scale -f d.yaml --replicas=3").stdout).toBe("deployment.apps/my-api scaled\n");
    const d = s.cluster.apiserver.get("Deployment", "default", "my-api");
    expect(d.spec?.replicas).toBe(3);
    expect(d.spec?.template.spec?.containers[0]?.image).toBe("myapp:v2");
  });

  it("reports an unknown container", () => {
    const s = running();
    expect(s.run("set image deployment/my-api web=x")).toEqual({
      stdout: "",
      stderr: 'error: unable to find container named "web"\n',
      exitCode: 1,
    });
  });

  it("bad input", () => {
    const s = running();
    expect(s.run("set image deployment/my-api").stderr).toBe(
      "error: at least one image update is required\n",
    );
    expect(s.run("set image api=x").stderr).toBe(
      "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n",
    );
    expect(s.run("set image deployment/my-api *=a api=b").stderr).toBe(
      "error: all containers are already specified by *, but saw more than one container_name=container_image pairs\n",
    );
    expect(s.run("set image deployment/nope api=x").stderr).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n',
    );
    expect(s.run("set image api=x deployment/my-api").stderr).toBe(
      "error: all resources must be specified before image changes: deployment/my-api\n",
    );
  });
});

describe("kubectl set env", () => {
  it("sets, lists and removes variables", () => {
    const s = running();
    expect(s.run("set env deployment/my-api MODE=fast LEVEL=3").stdout).toBe(
      "deployment.apps/my-api env updated\n",
    );
    expect(
      s.cluster.apiserver.get("Deployment", "default", "my-api").spec?.template.spec?.containers[0]
        ?.env,
    ).toEqual([
      { name: "MODE", value: "fast" },
      { name: "LEVEL", value: "3" },
    ]);
    expect(s.run("set env deployment/my-api --list").stdout).toBe(
      "# Deployment my-api, container api\nMODE=fast\nLEVEL=3\n",
    );
    expect(s.run("set env deployment/my-api MODE-").stdout).toBe(
      "deployment.apps/my-api env updated\n",
    );
    expect(
      s.cluster.apiserver.get("Deployment", "default", "my-api").spec?.template.spec?.containers[0]
        ?.env,
    ).toEqual([{ name: "LEVEL", value: "3" }]);
  });

  it("imports a ConfigMap's keys with --from", () => {
    const s = running();
    s.run("create configmap app-config --from-literal=db.host=db --from-literal=color=blue");
    expect(s.run("set env deployment/my-api --from=configmap/app-config").stdout).toBe(
      "deployment.apps/my-api env updated\n",
    );
    expect(s.run("set env deployment/my-api --list").stdout).toBe(
      "# Deployment my-api, container api\n# COLOR from configmap app-config, key color\n# DB_HOST from configmap app-config, key db.host\n",
    );
  });

  it("refuses to overwrite with --overwrite=false, and other bad input", () => {
    const s = running();
    s.run("set env deployment/my-api A=1");
    expect(s.run("set env deployment/my-api A=2 --overwrite=false").stderr).toBe(
      "error: deployments/my-api 'A' already has a value (1), and --overwrite is false\n",
    );
    expect(s.run("set env deployment/my-api 1A=x").stderr).toBe(
      `error: "1A" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')\n`,
    );
    expect(s.run("set env deployment/my-api A=1 A-").stderr).toBe(
      "error: can not both modify and remove an environment variable in the same command\n",
    );
    expect(s.run("set env A=1 deployment/my-api").stderr).toBe(
      "error: all resources must be specified before environment changes: A=1 deployment/my-api\n",
    );
  });
});
