import { describe, expect, it } from "vitest";
import { NS, cluster, myApi, run, settleRollout, setImage } from "../testdata/fixtures.js";

describe("kubectl rollout status", () => {
  it("prints each new progress line as the rolling update advances (maxSurge 1, maxUnavailable 0)", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    setImage(c, "myapp:v1.3");
    const r = run(c, "rollout status deployment/my-api");
    expect(r.stdout).toBe(
      [
        "Waiting for deployment spec update to be observed...",
        'Waiting for deployment "my-api" rollout to finish: 0 out of 3 new replicas have been updated...',
        'Waiting for deployment "my-api" rollout to finish: 1 out of 3 new replicas have been updated...',
        'Waiting for deployment "my-api" rollout to finish: 2 out of 3 new replicas have been updated...',
        'Waiting for deployment "my-api" rollout to finish: 1 old replicas are pending termination...',
        'deployment "my-api" successfully rolled out',
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    // Streamed as it happened: the lines come out at different virtual times.
    const times = r.chunks.map((ch) => Number(ch.split("s ")[0]));
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBeGreaterThan(10);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("takes `deployment NAME` and `deploy/NAME`, and answers at once when already rolled out", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    for (const line of ["rollout status deployment my-api", "rollout status deploy/my-api"]) {
      const r = run(c, line);
      expect(r).toMatchObject({
        stdout: 'deployment "my-api" successfully rolled out\n',
        stderr: "",
        exitCode: 0,
      });
      expect(r.chunks).toEqual(['0s stdout deployment "my-api" successfully rolled out\n']);
    }
  });

  it("shows the availability wait of a fresh Deployment", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    c.loop.settle();
    const r = run(c, "rollout status deployment/my-api");
    expect(r.stdout).toBe(
      [
        'Waiting for deployment "my-api" rollout to finish: 0 of 3 updated replicas are available...',
        'Waiting for deployment "my-api" rollout to finish: 1 of 3 updated replicas are available...',
        'Waiting for deployment "my-api" rollout to finish: 2 of 3 updated replicas are available...',
        'deployment "my-api" successfully rolled out',
        "",
      ].join("\n"),
    );
    expect(r.exitCode).toBe(0);
  });

  it("--watch=false prints one verdict and exits 0 even mid-rollout", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    setImage(c, "myapp:v1.3");
    c.loop.advance("1s");
    const t0 = c.loop.now();
    const r = run(c, "rollout status deployment/my-api --watch=false");
    expect(r).toMatchObject({
      stdout:
        'Waiting for deployment "my-api" rollout to finish: 1 out of 3 new replicas have been updated...\n',
      stderr: "",
      exitCode: 0,
    });
    expect(c.loop.now()).toBe(t0);
  });

  it("fails when the progress deadline passes (an image that never becomes ready)", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi({ progressDeadlineSeconds: 30 }));
    settleRollout(c);
    c.apiserver.patch("Deployment", NS, "my-api", "strategic", {
      spec: {
        template: {
          metadata: { annotations: { "kubesim.io/behavior": "ready: never" } },
          spec: { containers: [{ name: "api", image: "myapp:v1.4" }] },
        },
      },
    });
    const r = run(c, "rollout status deployment/my-api", { stream: { quiet: 120_000 } });
    expect(r.stdout).toBe(
      [
        "Waiting for deployment spec update to be observed...",
        'Waiting for deployment "my-api" rollout to finish: 0 out of 3 new replicas have been updated...',
        'Waiting for deployment "my-api" rollout to finish: 1 out of 3 new replicas have been updated...',
        "",
      ].join("\n"),
    );
    expect(r.stderr).toBe('error: deployment "my-api" exceeded its progress deadline\n');
    expect(r.exitCode).toBe(1);
  });

  it("stops silently with exit 1 when the host stops watching a stalled rollout", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    c.apiserver.patch("Deployment", NS, "my-api", "strategic", {
      spec: {
        template: {
          metadata: { annotations: { "kubesim.io/behavior": "ready: never" } },
          spec: { containers: [{ name: "api", image: "myapp:v1.4" }] },
        },
      },
    });
    const t0 = c.loop.now();
    const r = run(c, "rollout status deployment/my-api");
    expect(r.stdout.split("\n").at(-2)).toBe(
      'Waiting for deployment "my-api" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(1);
    // 30 s of virtual quiet after the last line.
    const last = Number(r.chunks.at(-1)!.split("s ")[0]);
    expect(c.loop.now() - t0).toBe(last * 1000 + 30_000);
  });

  it("--timeout ends the wait with kubectl's timeout error", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    setImage(c, "myapp:v1.3");
    const t0 = c.loop.now();
    const r = run(c, "rollout status deployment/my-api --timeout=2s");
    expect(r.stderr).toBe("error: timed out waiting for the condition\n");
    expect(r.exitCode).toBe(1);
    expect(c.loop.now() - t0).toBe(2000);
  });

  it("--revision pins a revision and fails once another one runs", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    expect(run(c, "rollout status deployment/my-api --revision=1").stdout).toBe(
      'deployment "my-api" successfully rolled out\n',
    );
    setImage(c, "myapp:v1.3");
    c.loop.settle();
    const r = run(c, "rollout status deployment/my-api --revision=1");
    expect(r.stderr).toBe(
      "error: desired revision (1) is different from the running revision (2)\n",
    );
    expect(r.exitCode).toBe(1);
    expect(run(c, "rollout status deployment/my-api --revision=-1").stderr).toBe(
      "error: revision must be a positive integer: -1\n",
    );
  });

  it("fails when the Deployment is deleted while watching", () => {
    const c = cluster();
    c.apiserver.create("Deployment", myApi());
    settleRollout(c);
    setImage(c, "myapp:v1.3");
    c.loop.after("3s", () => void c.apiserver.delete("Deployment", NS, "my-api"));
    const r = run(c, "rollout status deployment/my-api");
    expect(r.stderr).toBe("error: object has been deleted\n");
    expect(r.exitCode).toBe(1);
  });

  it("words its input errors as kubectl does", () => {
    const c = cluster();
    expect(run(c, "rollout status deployment/nope")).toMatchObject({
      stdout: "",
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
      exitCode: 1,
    });
    expect(run(c, "rollout status").stderr).toBe("error: required resource not specified\n");
    expect(run(c, "rollout status deployment").stderr).toBe(
      "error: rollout status is only supported on individual resources and resource collections - 0 resources were found\n",
    );
    c.apiserver.create("Deployment", myApi());
    c.loop.settle();
    const pod = c.apiserver.list("Pod", { namespace: NS }).items[0]!.metadata!.name!;
    expect(run(c, `rollout status pod/${pod}`).stderr).toBe(
      "error: no status viewer has been implemented for Pod\n",
    );
    expect(run(c, "rollout status svc/kubernetes").stderr).toBe(
      "error: no status viewer has been implemented for Service\n",
    );
  });

  it("finds a single Deployment by selector", () => {
    const c = cluster();
    c.apiserver.create("Deployment", {
      ...myApi(),
      metadata: { name: "my-api", namespace: NS, labels: { tier: "api" } },
    });
    settleRollout(c);
    expect(run(c, "rollout status deployment -l tier=api").stdout).toBe(
      'deployment "my-api" successfully rolled out\n',
    );
  });

  it("follows the -n namespace", () => {
    const c = cluster();
    c.apiserver.create("Namespace", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "shop" },
    });
    c.apiserver.create("Deployment", {
      ...myApi(),
      metadata: { name: "my-api", namespace: "shop" },
    });
    c.loop.advance("1m");
    expect(run(c, "rollout status deployment/my-api -n shop").stdout).toBe(
      'deployment "my-api" successfully rolled out\n',
    );
    expect(run(c, "rollout status deployment/my-api").stderr).toBe(
      'Error from server (NotFound): deployments.apps "my-api" not found\n',
    );
  });
});
