/**
 * The kubelet against a real API server: pods bound to its node run, probe,
 * crash, restart with back-off, terminate gracefully, and every step shows in
 * the pod's status and events as Kubernetes shows it.
 */
import { describe, expect, it } from "vitest";
import { web, World } from "./testdata/world.js";

const behavior = (yaml: string) => ({ "kubesim.io/behavior": yaml });

describe("kubelet: running a pod", () => {
  it("registers its Node and renews its Lease every 10 s", () => {
    const w = new World();
    const node = w.api.get("Node", undefined, "node-1");
    expect(node.spec?.podCIDR).toBe("10.244.0.0/24");
    expect(node.status?.conditions?.find((c) => c.type === "Ready")).toMatchObject({
      status: "True",
      reason: "KubeletReady",
      message: "kubelet is posting ready status",
    });
    const r1 = w.api.get("Lease", "kube-node-lease", "node-1").spec?.renewTime;
    w.loop.advance(10_000);
    const r2 = w.api.get("Lease", "kube-node-lease", "node-1").spec?.renewTime;
    expect(Date.parse(r2!) - Date.parse(r1!)).toBe(10_000);
  });

  it("posts node status on change or every 5 minutes: lastHeartbeatTime moves every 5 minutes", () => {
    const w = new World({ settle: 0 });
    const beat = () =>
      w.api.get("Node", undefined, "node-1").status?.conditions?.find((c) => c.type === "Ready")
        ?.lastHeartbeatTime;
    const first = beat();
    const seen = new Set<string>();
    for (let s = 0; s <= 660; s += 10) {
      w.at(s);
      seen.add(beat()!);
    }
    expect([...seen].map((t) => (Date.parse(t) - Date.parse(first!)) / 1000)).toEqual([
      0, 300, 600,
    ]);
  });

  it("starts a bound pod: Running, Ready, an IP from the podCIDR, and the start events", () => {
    const w = new World();
    w.run({ name: "p", containers: [web()] });
    w.at(1);
    const pod = w.pod("p");
    expect(pod.status?.phase).toBe("Running");
    expect(pod.status?.podIP).toBe("10.244.0.2");
    expect(pod.status?.hostIP).toBe("172.18.0.2");
    expect(w.ready("p")).toBe(true);
    const s = w.status("p")!;
    expect(s).toMatchObject({
      name: "web",
      ready: true,
      started: true,
      restartCount: 0,
      image: "docker.io/library/nginx:1.27",
    });
    expect(s.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(s.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(w.messages("p")).toEqual([
      'Pulling: Pulling image "nginx:1.27"',
      'Pulled: Successfully pulled image "nginx:1.27" in 0s (0s including waiting). Image size: 29360128 bytes.',
      "Created: Created container web",
      "Started: Started container web",
    ]);
    expect(pod.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      "PodReadyToStartContainers=True",
      "Initialized=True",
      "Ready=True",
      "ContainersReady=True",
      "PodScheduled=True",
    ]);
  });

  it("a second pod of the same image finds it present; a recreated pod gets a new IP", () => {
    const w = new World();
    w.run({ name: "a", containers: [web()] });
    w.at(1);
    w.run({ name: "b", containers: [web()] });
    w.at(2);
    expect(w.messages("b")[0]).toBe(
      'Pulled: Container image "nginx:1.27" already present on machine',
    );
    expect(w.pod("b").status?.podIP).toBe("10.244.0.3");
    w.api.delete("Pod", "default", "a");
    w.at(10);
    expect(w.exists("a")).toBe(false);
    w.run({ name: "a", containers: [web()] });
    w.at(11);
    expect(w.pod("a").status?.podIP).toBe("10.244.0.4");
  });
});

describe("kubelet: restarts", () => {
  it("a container that crashes at start is restarted with back-off 10 s, 20 s, 40 s ... capped at 300 s", () => {
    const w = new World();
    w.run({
      name: "crash",
      containers: [web()],
      annotations: behavior("exit: { after: 0s, code: 1 }"),
    });
    const restarts: [number, number][] = [];
    const reasons = new Set<string>();
    let last = -1;
    for (let s = 0; s <= 1300; s++) {
      w.at(s);
      const st = w.status("crash")!;
      if (st.restartCount !== last) {
        restarts.push([s, st.restartCount]);
        last = st.restartCount;
      }
      if (st.state?.waiting?.reason !== undefined) reasons.add(st.state.waiting.reason);
    }
    // starts at 0, 0 (first restart at once), then +10, +20, +40, +80, +160, +300, +300, +300
    expect(restarts.map(([s]) => s)).toEqual([0, 10, 30, 70, 150, 310, 610, 910, 1210]);
    expect(restarts.map(([, n]) => n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(reasons).toEqual(new Set(["CrashLoopBackOff"]));
    const st = w.status("crash")!;
    expect(st.state?.waiting?.message).toMatch(
      /^back-off 5m0s restarting failed container=web pod=crash_default\(.+\)$/,
    );
    expect(st.lastState?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(w.pod("crash").status?.phase).toBe("Running");
    expect(w.messages("crash")).toContain(
      `BackOff: Back-off restarting failed container web in pod crash_default(${w.pod("crash").metadata!.uid})`,
    );
  });

  it("a failing liveness probe kills the container on the third failure and restarts it", () => {
    const w = new World();
    w.run({
      name: "api",
      containers: [
        web({
          name: "api",
          livenessProbe: {
            httpGet: { path: "/health", port: 80 },
            periodSeconds: 10,
            failureThreshold: 3,
          },
        }),
      ],
      annotations: behavior("liveness: { failAfter: 25s }"),
    });
    w.at(49);
    expect(w.status("api")!.restartCount).toBe(0);
    w.at(50);
    expect(w.status("api")!.restartCount).toBe(1);
    const msgs = w.messages("api");
    const unhealthy = w.events("api").filter((e) => e.reason === "Unhealthy");
    expect(unhealthy.map((e) => [e.message, e.count, e.type])).toEqual([
      ["Liveness probe failed: HTTP probe failed with statuscode: 500", 3, "Warning"],
    ]);
    expect(msgs).toContain("Killing: Container api failed liveness probe, will be restarted");
    const ev = w.events("api").find((e) => e.reason === "Killing")!;
    expect(ev.involvedObject.fieldPath).toBe("spec.containers{api}");
    expect(w.status("api")!.lastState?.terminated?.reason).toBeDefined();
  });

  it("a readiness probe that never succeeds keeps the pod NotReady without restarts", () => {
    const w = new World();
    w.run({
      name: "slow",
      containers: [
        web({ readinessProbe: { httpGet: { path: "/ready", port: 80 }, periodSeconds: 5 } }),
      ],
      annotations: behavior("ready: never"),
    });
    w.at(60);
    expect(w.ready("slow")).toBe(false);
    const cond = w.pod("slow").status?.conditions?.find((c) => c.type === "Ready");
    expect(cond).toMatchObject({
      status: "False",
      reason: "ContainersNotReady",
      message: "containers with unready status: [web]",
    });
    expect(w.status("slow")!.restartCount).toBe(0);
    expect(w.messages("slow")).toContain(
      "Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503",
    );
  });

  it("readiness after 20 s: Ready flips at the first successful probe after that", () => {
    const w = new World();
    w.run({
      name: "warm",
      containers: [
        web({
          readinessProbe: {
            httpGet: { path: "/ready", port: 80 },
            initialDelaySeconds: 5,
            periodSeconds: 5,
          },
        }),
      ],
      annotations: behavior("ready: { after: 20s }"),
    });
    w.at(19);
    expect(w.ready("warm")).toBe(false);
    w.at(20);
    expect(w.ready("warm")).toBe(true);
  });
});

describe("kubelet: environment", () => {
  it("a missing ConfigMap gives CreateContainerConfigError until it exists", () => {
    const w = new World();
    w.run({
      name: "cfg",
      containers: [
        web({
          env: [
            {
              name: "LOG_LEVEL",
              valueFrom: { configMapKeyRef: { name: "app-config", key: "LOG_LEVEL" } },
            },
          ],
        }),
      ],
    });
    w.at(1);
    expect(w.status("cfg")!.state?.waiting).toEqual({
      reason: "CreateContainerConfigError",
      message: 'configmap "app-config" not found',
    });
    expect(w.pod("cfg").status?.phase).toBe("Pending");
    expect(w.messages("cfg")).toContain('Failed: Error: configmap "app-config" not found');
    w.api.create("ConfigMap", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "app-config", namespace: "default" },
      data: { LOG_LEVEL: "info" },
    });
    w.at(11);
    expect(w.status("cfg")!.state?.running).toBeDefined();
  });
});

describe("kubelet: termination", () => {
  it("a deleted pod's containers get SIGTERM; the pod object goes once they exit", () => {
    const w = new World();
    w.run({ name: "p", containers: [web()] });
    w.at(5);
    w.api.delete("Pod", "default", "p");
    w.at(5);
    expect(w.exists("p")).toBe(false);
    expect(w.messages("p")).toContain("Killing: Stopping container web");
  });

  it("a container that ignores SIGTERM is killed at the grace period", () => {
    const w = new World();
    w.run({
      name: "stubborn",
      containers: [web()],
      terminationGracePeriodSeconds: 20,
      annotations: behavior("stopAfterSigterm: never"),
    });
    w.at(5);
    w.api.delete("Pod", "default", "stubborn");
    w.at(24);
    expect(w.exists("stubborn")).toBe(true);
    expect(w.pod("stubborn").metadata?.deletionTimestamp).toBeDefined();
    w.at(25);
    expect(w.exists("stubborn")).toBe(false);
  });

  it("preStop runs first: its sleep counts against the grace period", () => {
    const w = new World();
    w.run({
      name: "hook",
      containers: [web({ lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 5"] } } } })],
    });
    w.at(1);
    w.api.delete("Pod", "default", "hook");
    w.at(5.9);
    expect(w.exists("hook")).toBe(true);
    w.at(6);
    expect(w.exists("hook")).toBe(false);
  });
});

describe("kubelet: init containers, images, logs", () => {
  it("runs init containers in order before the app containers", () => {
    const w = new World();
    w.run({
      name: "init",
      initContainers: [
        { name: "migrate", image: "busybox:1.36" },
        { name: "seed", image: "busybox:1.36" },
      ],
      containers: [web()],
      annotations: {
        "kubesim.io/behavior.migrate": "exit: { after: 5s, code: 0 }",
        "kubesim.io/behavior.seed": "exit: { after: 3s, code: 0 }",
      },
    });
    w.at(1);
    expect(w.pod("init").status?.phase).toBe("Pending");
    expect(w.status("init")!.state?.waiting?.reason).toBe("PodInitializing");
    w.at(6);
    expect(
      w
        .pod("init")
        .status?.initContainerStatuses?.map((s) => s.state?.terminated?.reason ?? "running"),
    ).toEqual(["Completed", "running"]);
    w.at(8);
    expect(w.pod("init").status?.phase).toBe("Running");
  });

  it("a failing pull shows ErrImagePull, then ImagePullBackOff with the pull back-off", () => {
    const w = new World();
    w.run({
      name: "typo",
      containers: [web({ image: "nginxx:1.0" })],
      annotations: behavior("pull: { fail: true }"),
    });
    w.at(0);
    expect(w.status("typo")!.state?.waiting?.reason).toBe("ErrImagePull");
    w.at(2);
    expect(w.status("typo")!.state?.waiting).toEqual({
      reason: "ImagePullBackOff",
      message: 'Back-off pulling image "nginxx:1.0"',
    });
    const msgs = w.messages("typo");
    expect(msgs).toContain("Failed: Error: ErrImagePull");
    expect(msgs).toContain("Failed: Error: ImagePullBackOff");
    expect(msgs).toContain('BackOff: Back-off pulling image "nginxx:1.0"');
  });

  it("logs: startup lines and one line per request served; --previous after a restart", () => {
    const w = new World();
    w.run({
      name: "l",
      containers: [
        web({ readinessProbe: { httpGet: { path: "/ready", port: 80 }, periodSeconds: 10 } }),
      ],
    });
    w.at(25);
    const log = w.kubelet.logs("default", "l", "web");
    const lines = log.trimEnd().split("\n");
    expect(lines[0]).toBe("Starting docker.io/library/nginx:1.27 (container web)");
    expect(lines[1]).toBe("Listening on :80");
    expect(
      lines
        .slice(2)
        .every((l) => l.includes('"GET /ready HTTP/1.1" 200') && l.includes("kube-probe/1.31")),
    ).toBe(true);
    expect(() => w.kubelet.logs("default", "l", "web", { previous: true })).toThrow(
      /previous terminated container "web" in pod "l" not found/,
    );
  });

  it("a crash leaves error lines; --previous reads the crashed container's log", () => {
    const w = new World();
    w.run({
      name: "c",
      containers: [web()],
      annotations: behavior("exit: { after: 5s, code: 3 }"),
    });
    w.at(6);
    const prev = w.kubelet.logs("default", "c", "web", { previous: true });
    expect(prev).toContain("Error: process exited with code 3\n");
    expect(w.kubelet.logs("default", "c", "web")).toBe(
      "Starting docker.io/library/nginx:1.27 (container web)\nListening on :80\n",
    );
    expect(w.kubelet.logs("default", "c", "web", { timestamps: true }).split("\n")[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z Starting/,
    );
  });
});

describe("kubelet: exec", () => {
  it("env, hostname and the files the kubelet writes", () => {
    const w = new World();
    w.run({
      name: "e",
      containers: [
        web({
          env: [
            { name: "GREETING", value: "hi $(HOME_DIR)" },
            { name: "HOME_DIR", value: "/x" },
          ],
        }),
      ],
    });
    w.at(1);
    expect(w.kubelet.exec("default", "e", "web", ["printenv", "GREETING"]).stdout).toBe(
      "hi $(HOME_DIR)\n",
    );
    expect(w.kubelet.exec("default", "e", "web", ["hostname"]).stdout).toBe("e\n");
    expect(w.kubelet.exec("default", "e", "web", ["cat", "/etc/resolv.conf"]).stdout).toBe(
      "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
    expect(w.kubelet.exec("default", "e", "web", ["cat", "/etc/hosts"]).stdout).toContain(
      "10.244.0.2\te\n",
    );
    const env = w.kubelet.exec("default", "e", "web", ["env"]).stdout.split("\n");
    expect(env[0]).toMatch(/^PATH=/);
    expect(env).toContain("HOSTNAME=e");
  });

  it("getent and nslookup ask the cluster DNS", () => {
    const w = new World();
    w.api.create("Service", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "my-api", namespace: "default" },
      spec: { clusterIP: "10.96.0.50", selector: { app: "x" }, ports: [{ port: 80 }] },
    });
    w.run({ name: "d", containers: [web()] });
    w.at(1);
    const getent = w.kubelet.exec("default", "d", "web", ["getent", "hosts", "my-api"]);
    expect(getent).toMatchObject({
      exitCode: 0,
      stdout: "10.96.0.50      my-api.default.svc.cluster.local\n",
    });
    expect(w.kubelet.exec("default", "d", "web", ["getent", "hosts", "nope"]).exitCode).toBe(2);
    const ns = w.kubelet.exec("default", "d", "web", [
      "nslookup",
      "my-api.default.svc.cluster.local",
    ]);
    expect(ns.stdout).toContain("Name:\tmy-api.default.svc.cluster.local\nAddress: 10.96.0.50\n");
    expect(ns.stdout.startsWith("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n")).toBe(true);
  });

  it("an interactive shell reads the same commands", () => {
    const w = new World();
    w.run({ name: "s", containers: [web()] });
    w.at(1);
    const sh = w.kubelet.shell("default", "s", "web");
    if (!("feed" in sh)) throw new Error("no shell");
    expect(sh.feed("echo $HOSTNAME\n").output).toContain("s\n");
    sh.feed("exit\n");
    expect(sh.exited).toBe(true);
  });
});
