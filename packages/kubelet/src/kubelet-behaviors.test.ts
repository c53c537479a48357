/**
 * More of the kubelet's rules, each against a real API server: restart
 * policies, OOMKilled, startup probes gating the others, tcpSocket / exec /
 * named-port probes, probe timeouts, completed pods, flapping readiness, and
 * resource usage.
 */
import { describe, expect, it } from "vitest";
import { web, World } from "./testdata/world.js";

const behavior = (yaml: string) => ({ "kubesim.io/behavior": yaml });

describe("restart policies and exits", () => {
  it("restartPolicy Never: a failed container stays terminated and the pod is Failed", () => {
    const w = new World();
    w.run({
      name: "once",
      restartPolicy: "Never",
      containers: [web()],
      annotations: behavior("exit: { after: 3s, code: 2 }"),
    });
    w.at(60);
    const pod = w.pod("once");
    expect(pod.status?.phase).toBe("Failed");
    expect(w.status("once")!.state?.terminated).toMatchObject({ exitCode: 2, reason: "Error" });
    expect(w.status("once")!.restartCount).toBe(0);
    expect(pod.status?.conditions?.find((c) => c.type === "Ready")).toMatchObject({
      status: "False",
      reason: "PodFailed",
    });
  });

  it("restartPolicy OnFailure: exit 0 completes the pod (Succeeded), exit 1 restarts", () => {
    const w = new World();
    w.run({
      name: "job",
      restartPolicy: "OnFailure",
      containers: [web()],
      annotations: behavior("exit: { after: 2s, code: 0 }"),
    });
    w.run({
      name: "retry",
      restartPolicy: "OnFailure",
      containers: [web()],
      annotations: behavior("exit: { after: 2s, code: 1 }"),
    });
    w.at(30);
    expect(w.pod("job").status?.phase).toBe("Succeeded");
    expect(w.status("job")!.state?.terminated?.reason).toBe("Completed");
    expect(w.status("retry")!.restartCount).toBeGreaterThanOrEqual(2);
    expect(w.pod("retry").status?.phase).toBe("Running");
  });

  it("memory growing past the limit ends in OOMKilled (exit 137)", () => {
    const w = new World();
    w.run({
      name: "leak",
      containers: [web({ resources: { limits: { memory: "64Mi" } } })],
      annotations: behavior("memory: { start: 16Mi, growthPerSecond: 4Mi }"),
    });
    w.at(11);
    expect(w.status("leak")!.restartCount).toBe(0);
    w.at(13);
    const s = w.status("leak")!;
    expect(s.restartCount).toBe(1);
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
  });
});

describe("probes", () => {
  it("a startup probe holds liveness and readiness until it succeeds", () => {
    const w = new World();
    w.run({
      name: "boot",
      containers: [
        web({
          startupProbe: {
            httpGet: { path: "/health", port: 80 },
            periodSeconds: 5,
            failureThreshold: 30,
          },
          readinessProbe: { httpGet: { path: "/ready", port: 80 }, periodSeconds: 5 },
          livenessProbe: {
            httpGet: { path: "/health", port: 80 },
            periodSeconds: 5,
            failureThreshold: 1,
          },
        }),
      ],
      annotations: behavior("start: 12s"),
    });
    w.at(14);
    expect(w.status("boot")!.started).toBe(false);
    expect(w.status("boot")!.restartCount).toBe(0);
    w.at(15);
    expect(w.status("boot")!.started).toBe(true);
    expect(w.ready("boot")).toBe(true);
    expect(
      w
        .messages("boot")
        .some((m) =>
          m.startsWith(
            'Unhealthy: Startup probe failed: Get "http://10.244.0.2:80/health": dial tcp 10.244.0.2:80: connect: connection refused',
          ),
        ),
    ).toBe(true);
  });

  it("a startup probe that never succeeds kills the container with 'failed startup probe'", () => {
    const w = new World();
    w.run({
      name: "never",
      containers: [
        web({ startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 2, failureThreshold: 3 } }),
      ],
      annotations: behavior("start: 1h"),
    });
    // ticks at 2, 4 and 6 s (the worker's first run, at its creation, finds no container yet)
    w.at(5);
    expect(w.status("never")!.restartCount).toBe(0);
    w.at(6);
    expect(w.status("never")!.restartCount).toBe(1);
    expect(w.messages("never")).toContain(
      "Killing: Container web failed startup probe, will be restarted",
    );
    expect(w.messages("never")).toContain(
      "Unhealthy: Startup probe failed: dial tcp 10.244.0.2:80: connect: connection refused",
    );
  });

  it("named ports, tcpSocket and exec probes", () => {
    const w = new World();
    w.run({
      name: "kinds",
      containers: [
        web({
          ports: [{ name: "http", containerPort: 8080 }],
          readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 5 },
          livenessProbe: {
            exec: { command: ["cat", "/tmp/healthy"] },
            periodSeconds: 5,
            failureThreshold: 1,
          },
        }),
      ],
      annotations: behavior("liveness: { failAfter: 12s }"),
    });
    w.at(1);
    expect(w.ready("kinds")).toBe(true);
    w.at(16);
    expect(w.messages("kinds")).toContain(
      "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n",
    );
    expect(w.status("kinds")!.restartCount).toBe(1);
  });

  it("a slow endpoint makes the probe time out", () => {
    const w = new World();
    w.run({
      name: "slow",
      containers: [
        web({
          readinessProbe: {
            httpGet: { path: "/ready", port: 80 },
            periodSeconds: 5,
            timeoutSeconds: 1,
          },
        }),
      ],
      annotations: behavior("latency: 3s"),
    });
    w.at(12);
    expect(w.ready("slow")).toBe(false);
    expect(w.messages("slow")).toContain(
      'Unhealthy: Readiness probe failed: Get "http://10.244.0.2:80/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    );
  });

  it("flapping readiness takes the pod in and out of Ready without restarts", () => {
    const w = new World();
    w.run({
      name: "flap",
      containers: [
        web({
          readinessProbe: {
            httpGet: { path: "/ready", port: 80 },
            periodSeconds: 1,
            failureThreshold: 1,
          },
        }),
      ],
      annotations: behavior("ready: { flap: { up: 10s, down: 5s } }"),
    });
    const seen: boolean[] = [];
    for (let s = 1; s <= 29; s++) {
      w.at(s);
      if (seen[seen.length - 1] !== w.ready("flap")) seen.push(w.ready("flap"));
    }
    expect(seen).toEqual([true, false, true, false]);
    expect(w.status("flap")!.restartCount).toBe(0);
  });
});

describe("usage", () => {
  it("reports CPU and memory per running container", () => {
    const w = new World();
    w.run({
      name: "u",
      containers: [web()],
      annotations: behavior("cpu: 250m\nmemory: { start: 100Mi, growthPerSecond: 1Mi }"),
    });
    w.at(10);
    const u = w.kubelet.usage().find((x) => x.pod === "u")!;
    expect(u.containers).toEqual([{ name: "web", cpu: 250, memory: 110 * 1024 * 1024 }]);
  });
});

describe("admission", () => {
  it("a pod bound straight to a node without room is rejected: Failed, OutOfcpu", () => {
    const w = new World();
    w.run({ name: "big", containers: [web({ resources: { requests: { cpu: "5" } } })] });
    w.at(1);
    const pod = w.pod("big");
    expect(pod.status).toMatchObject({
      phase: "Failed",
      reason: "OutOfcpu",
      message:
        "Pod was rejected: Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000",
    });
    expect(w.messages("big")).toEqual([
      "OutOfcpu: Node didn't have enough resource: cpu, requested: 5000, used: 0, capacity: 4000",
    ]);
  });

  it("counts what the admitted pods request, and checks the nodeSelector", () => {
    const w = new World();
    w.run({ name: "a", containers: [web({ resources: { requests: { cpu: "3" } } })] });
    w.at(1);
    w.run({ name: "b", containers: [web({ resources: { requests: { cpu: "2" } } })] });
    w.run({ name: "c", containers: [web()], nodeSelector: { disktype: "ssd" } });
    w.at(2);
    expect(w.pod("b").status?.message).toBe(
      "Pod was rejected: Node didn't have enough resource: cpu, requested: 2000, used: 3000, capacity: 4000",
    );
    expect(w.pod("c").status).toMatchObject({
      phase: "Failed",
      reason: "NodeAffinity",
      message:
        "Pod was rejected: Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    });
    expect(w.pod("a").status?.phase).toBe("Running");
  });
});

describe("the app", () => {
  it("answers on its declared ports with a body naming the pod and image; other ports refuse", () => {
    const w = new World();
    w.run({ name: "hello", containers: [web()] });
    w.at(1);
    const ip = w.pod("hello").status!.podIP!;
    const req = { method: "GET", path: "/", headers: {}, source: "10.244.0.1" };
    const got = w.network.http(ip, 80, req);
    expect(got).toMatchObject({
      kind: "answered",
      response: { status: 200, body: "Hello from hello (nginx:1.27)\n" },
    });
    expect(w.network.http(ip, 8080, req)).toEqual({ kind: "refused" });
    expect(w.kubelet.logs("default", "hello", "web")).toContain(
      '10.244.0.1 - - [01/Jan/2024:00:10:01 +0000] "GET / HTTP/1.1" 200 30 "-" "-"',
    );
  });

  it("grpc probes: SERVING while ready, NOT_SERVING otherwise", () => {
    const w = new World();
    w.run({
      name: "g",
      containers: [
        web({
          ports: [{ containerPort: 9090 }],
          readinessProbe: { grpc: { port: 9090 }, periodSeconds: 5 },
        }),
      ],
      annotations: behavior("ready: { after: 7s }"),
    });
    w.at(5);
    expect(w.ready("g")).toBe(false);
    expect(w.messages("g")).toContain(
      'Unhealthy: Readiness probe failed: service unhealthy (responded with "NOT_SERVING")',
    );
    w.at(10);
    expect(w.ready("g")).toBe(true);
  });
});

describe("image pulls", () => {
  it("a slow pull shows ContainerCreating, then Pulled with its duration; pulls on a node wait their turn", () => {
    const w = new World();
    const slow = { "kubesim.io/behavior": "pull: { duration: 4s }" };
    w.run({ name: "a", containers: [web({ image: "big:1" })], annotations: slow });
    w.run({ name: "b", containers: [web({ image: "big:2" })], annotations: slow });
    w.at(2);
    expect(w.status("a")!.state?.waiting?.reason).toBe("ContainerCreating");
    w.at(4);
    expect(w.status("a")!.state?.running).toBeDefined();
    expect(w.messages("a")).toContain(
      'Pulled: Successfully pulled image "big:1" in 4s (4s including waiting). Image size: 29360128 bytes.',
    );
    w.at(8);
    expect(w.messages("b")).toContain(
      'Pulled: Successfully pulled image "big:2" in 4s (8s including waiting). Image size: 29360128 bytes.',
    );
  });
});
