import { describe, expect, it } from "vitest";
import { running } from "./testdata/workloads.js";
import { session } from "./testdata/host.js";

describe("kubectl expose", () => {
  it("exposes a deployment with its selector and container port", () => {
    const s = running();
    expect(s.run("expose deployment my-api --port=80 --target-port=8080")).toEqual({
      stdout: "service/my-api exposed\n",
      stderr: "",
      exitCode: 0,
    });
    const svc = s.cluster.apiserver.get("Service", "default", "my-api");
    expect(svc.spec?.selector).toEqual({ app: "my-api" });
    expect(svc.spec?.ports).toEqual([
      expect.objectContaining({ port: 80, protocol: "TCP", targetPort: 8080 }),
    ]);
    expect(svc.metadata?.labels).toEqual({ app: "my-api" });
  });

  it("takes the port from the containers, a name and a type", () => {
    const s = running();
    expect(s.run("expose deployment/my-api --name=api-np --type=NodePort").stdout).toBe(
      "service/api-np exposed\n",
    );
    const svc = s.cluster.apiserver.get("Service", "default", "api-np");
    expect(svc.spec?.type).toBe("NodePort");
    expect(svc.spec?.ports?.[0]).toEqual(expect.objectContaining({ port: 8080, targetPort: 8080 }));
    expect(svc.spec?.ports?.[0]?.nodePort).toBeGreaterThanOrEqual(30000);
  });

  it("exposes a pod by its labels and a service by its selector", () => {
    const s = running();
    const pod = s.cluster.apiserver.list("Pod", { namespace: "default" }).items[0]!;
    const name = pod.metadata!.name!;
    expect(s.run(`expose pod ${name} --port=9000 --name=one-pod`).stdout).toBe(
      "service/one-pod exposed\n",
    );
    expect(s.cluster.apiserver.get("Service", "default", "one-pod").spec?.selector).toEqual(
      pod.metadata?.labels,
    );
    expect(s.run("expose service one-pod --name=copy --port=81 --target-port=9000").stdout).toBe(
      "service/copy exposed\n",
    );
    const copy = s.cluster.apiserver.get("Service", "default", "copy");
    expect(copy.spec?.selector).toEqual(pod.metadata?.labels);
    expect(copy.spec?.ports?.[0]).toEqual(expect.objectContaining({ port: 81, targetPort: 9000 }));
  });

  it("prints the Service a client dry run would create", () => {
    const s = running();
    expect(s.run("expose deployment my-api --port=80 --dry-run=client -o yaml").stdout).toBe(
      "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: my-api\n  name: my-api\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    app: my-api\nstatus:\n  loadBalancer: {}\n",
    );
  });

  it("bad input", () => {
    const s = session();
    s.run("create configmap c --from-literal=a=b");
    expect(s.run("expose configmap c --port=80").stderr).toBe("error: cannot expose a ConfigMap\n");
    s.run("create deployment noports --image=nginx");
    expect(s.run("expose deployment noports").stderr).toBe(
      "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n",
    );
    expect(s.run("expose deployment ghost --port=80").stderr).toBe(
      'Error from server (NotFound): deployments.apps "ghost" not found\n',
    );
    expect(s.run("expose").stderr).toBe(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\nSee 'kubectl expose -h' for help and examples\n",
    );
  });
});
