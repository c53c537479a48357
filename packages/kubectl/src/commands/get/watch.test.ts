import type { Cluster } from "kubesim";
import { describe, expect, it } from "vitest";
import { lines, run, smallCluster } from "./testdata/fixtures.js";

function configMap(c: Cluster, name: string, data: Record<string, string>): void {
  c.apiserver.create("ConfigMap", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: "default" },
    data,
  });
}

/** Two config maps now; at +5s one changes, at +10s a third appears, at +15s the first goes. */
function scripted(): Cluster {
  const c = smallCluster();
  configMap(c, "app", { a: "1" });
  configMap(c, "flags", { x: "1", y: "2" });
  c.loop.advance("1m");
  c.loop.after("5s", () => {
    c.apiserver.patch("ConfigMap", "default", "app", "merge", { data: { b: "2" } });
  });
  c.loop.after("10s", () => configMap(c, "a-much-longer-name", {}));
  c.loop.after("15s", () => {
    c.apiserver.delete("ConfigMap", "default", "app");
  });
  return c;
}

describe("kubectl get -w", () => {
  it("prints the table, then one row per event, aligned with the first table, until quiet", () => {
    const c = scripted();
    const t0 = c.loop.now();
    const chunks: string[] = [];
    const r = run(c, "get cm -w", { onOutput: (_, text) => chunks.push(text) });
    expect(r).toEqual({
      stdout: lines(
        "NAME    DATA   AGE",
        "app     1      60s",
        "flags   2      60s",
        "app     2      65s",
        // a wider name widens its column from here on (tabwriter.RememberWidths)
        "a-much-longer-name   0      0s",
        "app                  2      75s",
      ),
      stderr: "",
      exitCode: 0,
    });
    // 30 s of quiet after the last event
    expect(c.loop.now() - t0).toBe(45_000);
    // the table, then each event, as they happened
    expect(chunks).toHaveLength(4);
  });

  it("adds the EVENT column with --output-watch-events", () => {
    const c = scripted();
    expect(run(c, "get cm -w --output-watch-events").stdout).toBe(
      lines(
        "EVENT      NAME    DATA   AGE",
        "ADDED      app     1      60s",
        "ADDED      flags   2      60s",
        "MODIFIED   app     2      65s",
        "ADDED      a-much-longer-name   0      0s",
        "DELETED    app                  2      75s",
      ),
    );
  });

  it("prints only changes with --watch-only, the header with the first", () => {
    const c = scripted();
    expect(run(c, "get cm --watch-only").stdout).toBe(
      lines(
        "NAME   DATA   AGE",
        "app    2      65s",
        "a-much-longer-name   0      0s",
        "app                  2      75s",
      ),
    );
  });

  it("watches one named object from its current state", () => {
    const c = scripted();
    expect(run(c, "get cm app -w").stdout).toBe(
      lines("NAME   DATA   AGE", "app    1      60s", "app    2      65s", "app    2      75s"),
    );
  });

  it("streams other formats object by object", () => {
    const c = scripted();
    expect(run(c, "get cm -w -o name -l '!missing'").stdout).toBe(
      lines(
        "configmap/app",
        "configmap/flags",
        "configmap/app",
        "configmap/a-much-longer-name",
        "configmap/app",
      ),
    );
    const c2 = scripted();
    const json = run(c2, "get cm flags app -w --output-watch-events -o json");
    expect(json.stderr).toBe(
      "error: you may only watch a single resource or type of resource at a time\n",
    );
    const c3 = scripted();
    const events = run(c3, "get cm app -w --output-watch-events -o json")
      .stdout.trim()
      .split("\n")
      .filter((l) => l.startsWith('{"type"'));
    // the current object first, as an ADDED event, then the changes
    expect(events.map((e) => JSON.parse(e).type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(
      events[1]!.startsWith(
        '{"type":"MODIFIED","object":{"apiVersion":"v1","data":{"a":"1","b":"2"},',
      ),
    ).toBe(true);
  });

  it("stops after host.stream.max even while events keep coming", () => {
    const c = smallCluster();
    configMap(c, "tick", { n: "0" });
    for (let i = 1; i <= 20; i++)
      c.loop.after(i * 5_000, () => {
        c.apiserver.patch("ConfigMap", "default", "tick", "merge", { data: { n: String(i) } });
      });
    const t0 = c.loop.now();
    const r = run(c, "get cm tick -w", { stream: { quiet: 10_000, max: 22_000 } });
    expect(c.loop.now() - t0).toBe(22_000);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("tick"))).toHaveLength(5);
  });

  it("refuses several kinds, and reports a missing object", () => {
    const c = smallCluster();
    expect(run(c, "get pods,svc -w").stderr).toBe(
      "error: you may only specify a single resource type\n",
    );
    expect(run(c, "get cm nope -w")).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): configmaps "nope" not found\n',
      exitCode: 1,
    });
    expect(run(c, "get cm nope -w --ignore-not-found").exitCode).toBe(0);
    expect(run(c, "get cm -w --sort-by=.metadata.name", { stream: { quiet: 1 } }).stderr).toBe(
      "warning: --watch requested, --sort-by will be ignored for watch events received\n",
    );
  });
});
