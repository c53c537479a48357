/**
 * `kubectl create <generator>` with the real kubectl of each pinned
 * version: 1.32 and 1.33 send the object as Kubernetes protobuf
 * (Content-Type application/vnd.kubernetes.protobuf, `k8s\0` +
 * runtime.Unknown), 1.31 as JSON. The server decodes both to the same
 * objects, which `kubectl get -o json` then shows.
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { ConfigMap, Namespace, Secret, Service } from "kubernetes-types/core/v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pinnedKubectl, startHarness, type Harness } from "./kubectl-harness.js";

const VERSIONS = ["1.31", "1.32", "1.33"] as const;

for (const version of VERSIONS) {
  const binary = pinnedKubectl(version);
  describe.skipIf(binary === undefined)(`kubectl ${version} create`, () => {
    let h: Harness;
    const kubectl = (line: string) => h.kubectl(line.split(" "), { binary: binary! });
    const getJson = async <T>(line: string): Promise<T> => {
      const r = await kubectl(`get ${line} -o json`);
      expect(r.stderr).toBe("");
      return JSON.parse(r.stdout) as T;
    };
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h.close();
    });

    it("create deployment", async () => {
      expect(await kubectl("create deployment web --image=nginx --replicas=2")).toEqual({
        stdout: "deployment.apps/web created\n",
        stderr: "",
        code: 0,
      });
      const d = await getJson<Deployment>("deploy web");
      expect(d.spec?.replicas).toBe(2);
      expect(d.spec?.selector).toEqual({ matchLabels: { app: "web" } });
      expect(d.spec?.template.spec?.containers).toMatchObject([{ name: "nginx", image: "nginx" }]);
      expect(d.metadata?.labels).toEqual({ app: "web" });
    });

    it("create configmap", async () => {
      expect(await kubectl("create configmap c --from-literal=a=b")).toEqual({
        stdout: "configmap/c created\n",
        stderr: "",
        code: 0,
      });
      expect((await getJson<ConfigMap>("configmap c")).data).toEqual({ a: "b" });
    });

    it("create secret generic", async () => {
      expect(await kubectl("create secret generic s --from-literal=password=x")).toEqual({
        stdout: "secret/s created\n",
        stderr: "",
        code: 0,
      });
      const s = await getJson<Secret>("secret s");
      expect(s.data).toEqual({ password: Buffer.from("x").toString("base64") });
      expect(s.type).toBe("Opaque");
    });

    it("create namespace", async () => {
      expect(await kubectl("create namespace n")).toEqual({
        stdout: "namespace/n created\n",
        stderr: "",
        code: 0,
      });
      expect((await getJson<Namespace>("namespace n")).status).toEqual({ phase: "Active" });
    });

    it("create service clusterip", async () => {
      expect(await kubectl("create service clusterip svc --tcp=80:8080")).toEqual({
        stdout: "service/svc created\n",
        stderr: "",
        code: 0,
      });
      const svc = await getJson<Service>("service svc");
      expect(svc.spec?.ports).toEqual([
        { name: "80-8080", protocol: "TCP", port: 80, targetPort: 8080 },
      ]);
      expect(svc.spec?.selector).toEqual({ app: "svc" });
      expect(svc.spec?.type).toBe("ClusterIP");
    });

    it("a refused object gets kube-apiserver's error, not a 415", async () => {
      const r = await kubectl("create deployment web --image=nginx");
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        'error: failed to create deployment: deployments.apps "web" already exists\n',
      );
    });
  });
}
