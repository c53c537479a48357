/**
 * `@kubernetes/client-node` (the official JavaScript client) against
 * `kubesim serve`, with the kubeconfig the server writes: list, watch, an
 * informer that sees a rollout's pods come and go, a patch, and exec over
 * its WebSocket channel protocol. Virtual time is advanced by the test
 * (the server starts paused), so every step is reproducible.
 */
import { PassThrough } from "node:stream";
import {
  AppsV1Api,
  CoreV1Api,
  Exec,
  KubeConfig,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
  type V1Pod,
  type V1Status,
} from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./kubectl-harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const NS = "default";

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function cluster(): Promise<{ k: Harness; kc: KubeConfig }> {
  const k = await startHarness();
  h = k;
  const kc = new KubeConfig();
  kc.loadFromString(k.server.kubeconfig());
  const applied = await k.kubectl([
    "apply",
    "-f",
    "docs/tutorial/manifests/config.yaml",
    "-f",
    "docs/tutorial/manifests/full-deployment.yaml",
  ]);
  expect(applied.code).toBe(0);
  k.server.advance(60_000);
  return { k, kc };
}

describe("@kubernetes/client-node against kubesim serve", () => {
  it("lists, gets and patches through the typed clients", async () => {
    const { kc } = await cluster();
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: "app=my-api" });
    expect(pods.items).toHaveLength(3);
    expect(pods.items.every((p) => p.status?.phase === "Running")).toBe(true);
    const d = await apps.readNamespacedDeployment({ name: "my-api", namespace: NS });
    expect(d.status?.readyReplicas).toBe(3);

    const patched = await apps.patchNamespacedDeployment(
      { name: "my-api", namespace: NS, body: { metadata: { labels: { team: "api" } } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels).toMatchObject({ team: "api" });
    const scaled = await apps.patchNamespacedDeploymentScale(
      { name: "my-api", namespace: NS, body: { spec: { replicas: 4 } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(scaled.spec?.replicas).toBe(4);
    await expect(core.readNamespacedPod({ name: "nope", namespace: NS })).rejects.toMatchObject({
      code: 404,
    });
  });

  it("watches, and an informer sees a rollout's pods come and go", async () => {
    const { k, kc } = await cluster();
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer(
      kc,
      `/api/v1/namespaces/${NS}/pods`,
      () => core.listNamespacedPod({ namespace: NS }),
      "app=my-api",
    );
    const added: string[] = [];
    const deleted: string[] = [];
    informer.on("add", (p: V1Pod) => added.push(p.metadata!.name!));
    informer.on("delete", (p: V1Pod) => deleted.push(p.metadata!.name!));
    await informer.start();
    await until("the initial pods", () => informer.list(NS).length === 3);
    const before = new Set(informer.list(NS).map((p) => p.metadata!.name!));

    const events: string[] = [];
    const watch = new Watch(kc);
    const req = await watch.watch(
      "/apis/apps/v1/namespaces/default/replicasets",
      {},
      (type: string) => events.push(type),
      () => undefined,
    );

    const rollout = await k.kubectl(["set", "image", "deployment/my-api", "api=myapp:v1.3"]);
    expect(rollout.code).toBe(0);
    for (let i = 0; i < 40; i++) {
      k.server.advance(5_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    await until("the rollout to replace every pod", () => {
      const now = informer.list(NS);
      return (
        now.length === 3 &&
        now.every(
          (p) => !before.has(p.metadata!.name!) && p.spec?.containers[0]?.image === "myapp:v1.3",
        )
      );
    });
    await informer.stop();
    req.abort();
    // Three new pods were added and the three old ones deleted (at least).
    expect(added.filter((n) => !before.has(n)).length).toBeGreaterThanOrEqual(3);
    expect(deleted.filter((n) => before.has(n)).sort()).toEqual([...before].sort());
    expect(events).toContain("ADDED");
    expect(events).toContain("MODIFIED");
  });

  it("runs a command with exec and reports its exit status", async () => {
    const { kc } = await cluster();
    const core = kc.makeApiClient(CoreV1Api);
    const pod = (await core.listNamespacedPod({ namespace: NS, labelSelector: "app=my-api" }))
      .items[0]!.metadata!.name!;
    const run = async (command: string[]): Promise<{ out: string; status: V1Status }> => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = "";
      stdout.on("data", (d: Buffer) => (out += d.toString()));
      const status = await new Promise<V1Status>((done, fail) => {
        new Exec(kc).exec(NS, pod, "api", command, stdout, stderr, null, false, done).catch(fail);
      });
      return { out, status };
    };
    const env = await run(["env"]);
    expect(env.status.status).toBe("Success");
    expect(env.out).toMatch(/^DATABASE_URL=postgresql:\/\/\.\.\.$/m);
    const failed = await run(["sh", "-c", "exit 3"]);
    expect(failed.status).toMatchObject({
      status: "Failure",
      reason: "NonZeroExitCode",
      details: { causes: [{ reason: "ExitCode", message: "3" }] },
    });
  });
});
