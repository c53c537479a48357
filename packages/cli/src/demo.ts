/**
 * `kubesim demo`: a Deployment written to the in-memory API server, the
 * watch events the store emits for it, each stamped with virtual time, and
 * `kubectl get pods` after each step as the kubelets run the pods.
 * (Later issues replace this with the tutorial's full rollout.)
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import { printPodRow } from "@kubesim/kubectl";
import { Cluster } from "kubesim";

export interface DemoOptions {
  readonly seed?: number;
  readonly write: (line: string) => void;
}

const deployment: Deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "my-api", namespace: "default", labels: { app: "my-api" } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: "my-api" } },
    template: {
      metadata: { labels: { app: "my-api" } },
      spec: {
        containers: [{ name: "api", image: "myapp:v1.2", ports: [{ containerPort: 8080 }] }],
      },
    },
  },
};

export function runDemo(options: DemoOptions): string {
  const { write } = options;
  const cluster = Cluster.create({ seed: options.seed ?? 1 });
  const { loop, apiserver } = cluster;
  const start = loop.now();
  const stamp = (): string => `[+${((loop.now() - start) / 1000).toFixed(3)}s]`;

  write("kubesim demo: writes to the in-memory API server and the watch events they cause.");
  write(
    "(The controllers, the scheduler and three nodes with their kubelets run; `kubectl get pods` follows each step.)\n",
  );
  const line = (type: string, what: string, detail: string): void =>
    write(`${stamp()} ${type.padEnd(8)} ${what.padEnd(34)} ${detail}`);
  const watches = [
    apiserver.watch("Deployment", { namespace: "default" }, (ev) => {
      if (ev.type === "ERROR") return;
      const d = ev.object;
      const st = d.status;
      line(
        ev.type,
        `deployment/${d.metadata?.name ?? ""}`,
        `gen=${d.metadata?.generation ?? ""} replicas=${d.spec?.replicas ?? ""}` +
          ` image=${d.spec?.template.spec?.containers[0]?.image ?? ""}` +
          ` status(updated=${st?.updatedReplicas ?? 0} available=${st?.availableReplicas ?? 0})`,
      );
    }),
    apiserver.watch("ReplicaSet", { namespace: "default" }, (ev) => {
      if (ev.type === "ERROR") return;
      const rs = ev.object;
      line(
        ev.type,
        `replicaset/${rs.metadata?.name ?? ""}`,
        `replicas=${rs.spec?.replicas ?? 0} status.replicas=${rs.status?.replicas ?? 0}` +
          ` revision=${rs.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? ""}`,
      );
    }),
    apiserver.watch("Pod", { namespace: "default" }, (ev) => {
      if (ev.type !== "ADDED" && ev.type !== "DELETED") return;
      const p = ev.object;
      line(ev.type, `pod/${p.metadata?.name ?? ""}`, `phase=${p.status?.phase ?? "Pending"}`);
    }),
  ];

  const getPods = (): void => {
    const rows = apiserver
      .list("Pod", { namespace: "default" })
      .items.map((p) => printPodRow(p, loop.now()).cells.slice(0, 5).map(String));
    if (rows.length === 0) return;
    const head = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const r of [head, ...rows])
      write(
        `          ${r
          .map((c, i) => c.padEnd(widths[i]! + 3))
          .join("")
          .trimEnd()}`,
      );
  };
  const step = (what: string, act: () => void): void => {
    write(`${stamp()} > ${what}`);
    act();
    loop.settle();
    loop.advance("1s");
    getPods();
  };

  step("kubectl apply -f deployment.yaml", () => apiserver.create("Deployment", deployment));
  step("kubectl scale deployment my-api --replicas=5", () => {
    const scale = apiserver.getScale("Deployment", "default", "my-api");
    apiserver.updateScale("Deployment", "default", "my-api", {
      ...scale,
      spec: { replicas: 5 },
    });
  });
  step("kubectl set image deployment/my-api api=myapp:v1.3", () =>
    apiserver.patch("Deployment", "default", "my-api", "strategic", {
      spec: { template: { spec: { containers: [{ name: "api", image: "myapp:v1.3" }] } } },
    }),
  );
  step("kubectl scale deployment my-api --replicas=-1   (refused by validation)", () => {
    try {
      apiserver.patch("Deployment", "default", "my-api", "merge", { spec: { replicas: -1 } });
    } catch (e) {
      write(
        `          Error from server (${(e as { reason?: string }).reason ?? "?"}): ${(e as Error).message}`,
      );
    }
  });
  step("kubectl delete deployment my-api", () =>
    apiserver.delete("Deployment", "default", "my-api"),
  );
  for (const w of watches) w.stop();

  const hash = cluster.trace.hash();
  write(
    `\n${cluster.trace.length} writes traced; trace hash ${hash.slice(0, 16)} (same seed, same hash).`,
  );
  return hash;
}
