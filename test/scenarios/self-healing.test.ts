/**
 * Self-healing with real kubelets (the kubelet issue's done-means 1): crash
 * loops with back-off, a deleted pod replaced with a new name and IP, a
 * stopped node's pods replaced after the eviction timeout, a rollout whose new
 * image never becomes ready, and the tutorial's full deployment with its
 * ConfigMap and Secret.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { applyRollback, planRollback } from "@kubesim/controllers";
import { printPodRow } from "@kubesim/kubectl";
import { Cluster } from "kubesim";
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1";
import type { Pod } from "kubernetes-types/core/v1";
import type { KindName, KubeObject } from "@kubesim/api";

const NS = "default";

function deployment(
  name: string,
  replicas: number,
  image: string,
  extra: Partial<NonNullable<Deployment["spec"]>> = {},
  annotations: Record<string, string> = {},
): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: { containers: [{ name: "app", image, ports: [{ containerPort: 8080 }] }] },
      },
      ...extra,
    },
  };
}

const pods = (c: Cluster, app?: string): readonly Pod[] =>
  c.apiserver.list("Pod", {
    namespace: NS,
    ...(app === undefined ? {} : { labelSelector: `app=${app}` }),
  }).items;
const live = (c: Cluster, app?: string): Pod[] =>
  pods(c, app).filter((p) => p.metadata?.deletionTimestamp == null);
const readyPods = (c: Cluster, app?: string): Pod[] =>
  live(c, app).filter((p) =>
    p.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True"),
  );

function apply(c: Cluster, file: string): void {
  const text = readFileSync(
    new URL(`../../docs/tutorial/manifests/${file}`, import.meta.url),
    "utf8",
  );
  for (const doc of parseAllDocuments(text)) {
    const obj = doc.toJS() as KubeObject & { kind: KindName; metadata: { namespace?: string } };
    if (obj === null) continue;
    c.apiserver.create(obj.kind, { ...obj, metadata: { namespace: NS, ...obj.metadata } } as never);
  }
}

describe("self-healing with real kubelets", () => {
  it("a crashing container is restarted with back-off; STATUS reads CrashLoopBackOff between tries", () => {
    const c = Cluster.create({ seed: 3 });
    c.apiserver.create("Pod", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "crasher",
        namespace: NS,
        annotations: { "kubesim.io/behavior": "exit: { after: 2s, code: 1 }" },
      },
      spec: { containers: [{ name: "app", image: "busybox:1.36" }] },
    });
    const t0 = c.loop.now();
    const seen: string[] = [];
    let last = "";
    for (let s = 0; s <= 200; s++) {
      c.loop.advance(t0 + s * 1000 - c.loop.now());
      const row = printPodRow(c.apiserver.get("Pod", NS, "crasher"), c.loop.now()).cells;
      const line = `${row[2]} ${String(row[3]).split(" ")[0]}`;
      if (line !== last) seen.push(`${s}s ${line}`);
      last = line;
    }
    // start at 0 (+scheduling), crash at 2, restart at once, crash at 4, wait 10 s, ...
    expect(seen.slice(0, 8)).toEqual([
      "0s Running 0",
      "2s Running 1",
      "4s CrashLoopBackOff 1",
      "14s Running 2",
      "16s CrashLoopBackOff 2",
      "36s Running 3",
      "38s CrashLoopBackOff 3",
      "78s Running 4",
    ]);
  });

  it("a deleted pod is replaced with a new name and a new IP", () => {
    const c = Cluster.create({ seed: 4 });
    c.apiserver.create("Deployment", deployment("web", 3, "nginx:1.27"));
    c.loop.runUntil(() => readyPods(c, "web").length === 3, { timeout: "1m" });
    const victim = live(c, "web")[0]!;
    const before = new Map(live(c, "web").map((p) => [p.metadata!.name!, p.status!.podIP!]));
    c.apiserver.delete("Pod", NS, victim.metadata!.name!);
    c.loop.runUntil(
      () =>
        readyPods(c, "web").length === 3 &&
        !live(c, "web").some((p) => p.metadata!.name === victim.metadata!.name),
      {
        timeout: "1m",
      },
    );
    const after = live(c, "web");
    const fresh = after.find((p) => !before.has(p.metadata!.name!))!;
    expect(fresh).toBeDefined();
    expect([...before.values()]).not.toContain(fresh.status!.podIP);
    expect(fresh.status!.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
  });

  it("a rollout to an image that never becomes ready stalls (maxUnavailable 0), hits its deadline, and undo recovers", () => {
    const c = Cluster.create({ seed: 5 });
    const probe = { readinessProbe: { httpGet: { path: "/ready", port: 8080 }, periodSeconds: 5 } };
    const d = deployment("api", 3, "myapp:v1", {
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      progressDeadlineSeconds: 120,
    });
    d.spec!.template.spec!.containers[0] = { ...d.spec!.template.spec!.containers[0]!, ...probe };
    c.apiserver.create("Deployment", d);
    c.loop.runUntil(() => readyPods(c, "api").length === 3, { timeout: "2m" });
    const cur = c.apiserver.get("Deployment", NS, "api");
    c.apiserver.update("Deployment", {
      ...cur,
      spec: {
        ...cur.spec!,
        template: {
          ...cur.spec!.template,
          metadata: {
            ...cur.spec!.template.metadata,
            annotations: { "kubesim.io/behavior": "ready: never" },
          },
          spec: {
            ...cur.spec!.template.spec!,
            containers: [{ ...cur.spec!.template.spec!.containers[0]!, image: "myapp:v2" }],
          },
        },
      },
    });
    c.loop.advance("3m");
    const dep = c.apiserver.get("Deployment", NS, "api");
    const progressing = dep.status?.conditions?.find((x) => x.type === "Progressing");
    expect(progressing?.reason).toBe("ProgressDeadlineExceeded");
    // the old pods keep serving: three ready v1 pods, one unready v2 surge pod
    const ready = readyPods(c, "api");
    expect(ready.map((p) => p.spec!.containers[0]!.image)).toEqual([
      "myapp:v1",
      "myapp:v1",
      "myapp:v1",
    ]);
    expect(live(c, "api").filter((p) => p.spec!.containers[0]!.image === "myapp:v2")).toHaveLength(
      1,
    );
    // kubectl rollout undo
    const owned = c.apiserver
      .list("ReplicaSet", { namespace: NS })
      .items.filter((rs: ReplicaSet) =>
        rs.metadata?.ownerReferences?.some((o) => o.uid === dep.metadata?.uid),
      );
    const plan = planRollback(dep, owned, 0);
    expect(plan.type).toBe("rollback");
    if (plan.type !== "rollback") return;
    const next = applyRollback(dep, plan);
    c.apiserver.patch("Deployment", NS, "api", "json", [
      { op: "replace", path: "/spec/template", value: next.spec?.template },
      { op: "replace", path: "/metadata/annotations", value: next.metadata?.annotations ?? {} },
    ]);
    c.loop.runUntil(
      () => {
        const x = c.apiserver.get("Deployment", NS, "api");
        return (
          x.status?.conditions?.find((k) => k.type === "Progressing")?.reason ===
            "NewReplicaSetAvailable" && live(c, "api").length === 3
        );
      },
      { timeout: "5m" },
    );
    expect(readyPods(c, "api").map((p) => p.spec!.containers[0]!.image)).toEqual([
      "myapp:v1",
      "myapp:v1",
      "myapp:v1",
    ]);
  });

  it("the tutorial's full-deployment.yaml with config.yaml: the containers see the decoded Secret and the ConfigMap value", () => {
    const c = Cluster.create({ seed: 6 });
    apply(c, "config.yaml");
    apply(c, "full-deployment.yaml");
    c.loop.runUntil(() => readyPods(c, "my-api").length === 3, { timeout: "2m" });
    for (const p of readyPods(c, "my-api")) {
      const target = c.kubelet(p.spec!.nodeName!).execTarget(NS, p.metadata!.name!, "api")!;
      const env = Object.fromEntries(target.instance.env.map((e) => [e.name, e.value]));
      expect(env["DATABASE_URL"]).toBe("postgresql://...");
      expect(env["LOG_LEVEL"]).toBe("info");
    }
  });
});
