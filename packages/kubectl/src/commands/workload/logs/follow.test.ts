import fc from "fast-check";
import type { Pod } from "kubernetes-types/core/v1";
import { describe, expect, it } from "vitest";
import { NS, cluster, myApi, podsOf, run, settleRollout } from "../testdata/fixtures.js";

const probe = (ip: string, s: number, bytes = 48) =>
  `${ip} - - [01/Jan/2024:00:00:${String(s).padStart(2, "0")} +0000] "GET /ready HTTP/1.1" 200 ${bytes} "-" "kube-probe/1.31"`;

function job(
  name: string,
  behavior: string,
  restartPolicy: "Never" | "Always",
  period?: number,
): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: NS, annotations: { "kubesim.io/behavior": behavior } },
    spec: {
      restartPolicy,
      containers: [
        {
          name: "app",
          image: "myapp:v1",
          ports: [{ containerPort: 8000 }],
          ...(period === undefined
            ? {}
            : {
                readinessProbe: { httpGet: { path: "/ready", port: 8000 }, periodSeconds: period },
              }),
        },
      ],
    },
  };
}

describe("kubectl logs -f", () => {
  it("prints new lines as the virtual clock runs, until the host stops watching", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    const name = podsOf(c)[0]!.metadata!.name!;
    const t0 = c.loop.now();
    const r = run(c, `logs -f ${name} --tail=1`, { stream: { max: 12_000 } });
    expect(r.chunks).toEqual([
      `0s stdout ${probe("172.18.0.3", 9)}\n`,
      `5s stdout ${probe("172.18.0.3", 14)}\n`,
      `10s stdout ${probe("172.18.0.3", 19)}\n`,
    ]);
    expect(r).toMatchObject({ stderr: "", exitCode: 0 });
    expect(c.loop.now() - t0).toBe(12_000);
  });

  it("stops after the quiet window when nothing more is logged", () => {
    const c = cluster();
    c.apiserver.create("Pod", job("quiet", "logRequests: false", "Always"));
    c.loop.advance("2s");
    const t0 = c.loop.now();
    const r = run(c, "logs -f quiet");
    expect(r.stdout).toBe(
      "Starting docker.io/library/myapp:v1 (container app)\nListening on :8000\n",
    );
    expect(r.exitCode).toBe(0);
    expect(c.loop.now() - t0).toBe(30_000);
  });

  it("ends when the container exits", () => {
    const c = cluster();
    c.apiserver.create("Pod", job("job", "exit: { after: 12s, code: 4 }", "Never"));
    c.loop.advance("2s");
    const t0 = c.loop.now();
    const r = run(c, "logs -f job --timestamps");
    expect(r.chunks).toEqual([
      "0s stdout 2024-01-01T00:00:00.000000000Z Starting docker.io/library/myapp:v1 (container app)\n" +
        "2024-01-01T00:00:00.000000000Z Listening on :8000\n",
      "10s stdout 2024-01-01T00:00:12.000000000Z Error: process exited with code 4\n",
    ]);
    expect(r.exitCode).toBe(0);
    expect(c.loop.now() - t0).toBe(10_000);
  });

  it("follows one instance: a restart ends the stream after the instance's last line", () => {
    const c = cluster();
    c.apiserver.create("Pod", job("crashy", "exit: { after: 7s, code: 2 }", "Always"));
    c.loop.advance("8s");
    const r = run(c, "logs -f crashy");
    expect(r.chunks).toEqual([
      "0s stdout Starting docker.io/library/myapp:v1 (container app)\nListening on :8000\n",
      "6s stdout Error: process exited with code 2\n",
    ]);
    expect(run(c, "logs crashy -p").stdout).toBe(
      "Starting docker.io/library/myapp:v1 (container app)\nListening on :8000\nError: process exited with code 2\n",
    );
  });

  it("follows every selected pod together, lines in time order, each with its prefix", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    const [a, b, d] = podsOf(c).map((p) => p.metadata!.name!) as [string, string, string];
    const r = run(c, "logs -f -l app=my-api --prefix --tail=1", { stream: { max: 8_000 } });
    expect(r.stdout).toBe(
      [
        `[pod/${a}/api] ${probe("172.18.0.3", 9)}`,
        `[pod/${b}/api] ${probe("172.18.0.4", 7)}`,
        `[pod/${d}/api] ${probe("172.18.0.2", 7)}`,
        `[pod/${d}/api] ${probe("172.18.0.2", 12)}`,
        `[pod/${b}/api] ${probe("172.18.0.4", 12)}`,
        `[pod/${a}/api] ${probe("172.18.0.3", 14)}`,
        `[pod/${d}/api] ${probe("172.18.0.2", 17)}`,
        `[pod/${b}/api] ${probe("172.18.0.4", 17)}`,
        "",
      ].join("\n"),
    );
    expect(run(c, "logs -f -l app=my-api --max-log-requests=2")).toMatchObject({
      stdout: "",
      stderr:
        "error: you are attempting to follow 3 log streams, but maximum allowed concurrency is 2, use --max-log-requests to increase the limit\n",
      exitCode: 1,
    });
  });

  it("reports a container that has not started, as without -f", () => {
    const c = cluster();
    c.apiserver.create("Pod", job("slow", "pull: { duration: 30s }", "Always"));
    c.loop.advance("1s");
    expect(run(c, "logs -f slow")).toMatchObject({
      stdout: "",
      stderr:
        'Error from server (BadRequest): container "app" in pod "slow" is waiting to start: ContainerCreating\n',
      exitCode: 1,
    });
  });

  it("what -f printed is the log the container leaves (any exit time and probe period)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 10 }),
        (exitAfter, period, startAt) => {
          const c = cluster(exitAfter * 100 + period);
          c.apiserver.create(
            "Pod",
            job("p", `exit: { after: ${exitAfter}s, code: 1 }`, "Never", period),
          );
          c.loop.advance(startAt * 1000 + 500);
          const followed = run(c, "logs -f p --timestamps", { stream: { quiet: 60_000 } });
          const after = run(c, "logs p --timestamps");
          expect(followed.exitCode).toBe(0);
          expect(followed.stdout).toBe(after.stdout);
        },
      ),
      { numRuns: 15 },
    );
  });
});
