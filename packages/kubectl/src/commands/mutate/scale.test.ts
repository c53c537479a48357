import { describe, expect, it } from "vitest";
import { running } from "./testdata/workloads.js";
import { session } from "./testdata/host.js";

describe("kubectl scale", () => {
  it("scales deployment/x and deployment x, and the controllers follow", () => {
    const s = running();
    expect(s.run("scale deployment/my-api --replicas=5")).toEqual({
      stdout: "deployment.apps/my-api scaled\n",
      stderr: "",
      exitCode: 0,
    });
    s.cluster.loop.advance("30s");
    expect(s.cluster.apiserver.get("Deployment", "default", "my-api").status?.replicas).toBe(5);
    expect(s.run("scale deployment my-api --replicas=1").stdout).toBe(
      "deployment.apps/my-api scaled\n",
    );
    expect(s.cluster.apiserver.get("Deployment", "default", "my-api").spec?.replicas).toBe(1);
  });

  it("honours --current-replicas as a precondition", () => {
    const s = running();
    expect(s.run("scale deploy my-api --current-replicas=3 --replicas=4")).toEqual({
      stdout: "",
      stderr: "error: Expected replicas to be 3, was 2\n",
      exitCode: 1,
    });
    expect(s.run("scale deploy my-api --current-replicas=2 --replicas=4").stdout).toBe(
      "deployment.apps/my-api scaled\n",
    );
  });

  it("dry runs leave the size alone", () => {
    const s = running();
    expect(s.run("scale deployment my-api --replicas=9 --dry-run=client").stdout).toBe(
      "deployment.apps/my-api scaled (dry run)\n",
    );
    expect(s.run("scale deployment my-api --replicas=9 --dry-run=server").stdout).toBe(
      "deployment.apps/my-api scaled (server dry run)\n",
    );
    expect(s.cluster.apiserver.get("Deployment", "default", "my-api").spec?.replicas).toBe(2);
  });

  it("bad input", () => {
    const s = session();
    expect(s.run("scale deployment x").stderr).toBe('error: required flag(s) "replicas" not set\n');
    expect(s.run("scale deployment x --replicas=-1").stderr).toBe(
      "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
    );
    expect(s.run("scale deployment x --replicas=1")).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): deployments.apps "x" not found\n',
      exitCode: 1,
    });
    expect(s.run("scale deployment --replicas=1").stderr).toBe(
      "error: resource(s) were provided, but no name was specified\n",
    );
    s.run("create configmap c --from-literal=a=b");
    expect(s.run("scale configmap c --replicas=1").stderr).toBe(
      "Error from server (NotFound): the server could not find the requested resource\n",
    );
  });
});
