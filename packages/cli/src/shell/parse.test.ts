import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isUsageError } from "../cli/flags.js";
import type { Step } from "../scenario/schema.js";
import { stepLine } from "../session/step-line.js";
import { parseShellLine } from "./parse.js";

const step = (line: string): Step => {
  const c = parseShellLine(line);
  if (c.kind !== "step") throw new Error(`not a step: ${line}`);
  return c.step;
};

const usage = (line: string): string => {
  try {
    parseShellLine(line);
  } catch (e) {
    if (isUsageError(e)) return e.format();
    throw e;
  }
  throw new Error(`no error for: ${line}`);
};

describe("parseShellLine", () => {
  it("takes kubectl commands with or without the word kubectl", () => {
    expect(step("kubectl get pods -o wide")).toEqual({ kubectl: "get pods -o wide" });
    expect(step("get pods -o wide")).toEqual({ kubectl: "get pods -o wide" });
    expect(step("  rollout status deployment/my-api  ")).toEqual({
      kubectl: "rollout status deployment/my-api",
    });
  });

  it("reads the sim commands as scenario steps", () => {
    expect(step("advance 30s")).toEqual({ advance: "30s" });
    expect(step("until rollout my-api")).toEqual({ until: { rollout: "my-api" } });
    expect(step("until rollout my-api -n prod --timeout 2m")).toEqual({
      until: { rollout: "my-api", namespace: "prod", timeout: "2m" },
    });
    expect(step("until pod web Ready")).toEqual({ until: { pod: "web", condition: "Ready" } });
    expect(step("until pod web Ready=False")).toEqual({
      until: { pod: "web", condition: "Ready", status: "False" },
    });
    expect(step("until pod web Running")).toEqual({ until: { pod: "web", phase: "Running" } });
    expect(step("until deployment my-api Available")).toEqual({
      until: { deployment: "my-api", condition: "Available" },
    });
    expect(step("until node node-1 Ready=Unknown")).toEqual({
      until: { node: "node-1", condition: "Ready", status: "Unknown" },
    });
    expect(step("until deleted pod/web")).toEqual({ until: { deleted: "pod/web" } });
    expect(step("fault pod delete web-1")).toEqual({ fault: { deletePod: "web-1" } });
    expect(step("fault pod delete -l app=my-api --grace-period 0")).toEqual({
      fault: { deletePod: { selector: "app=my-api" }, gracePeriod: 0 },
    });
    expect(step("fault pod kill web -c api --oom")).toEqual({
      fault: { killContainer: "web", container: "api", oom: true },
    });
    expect(step("fault node stop node-2")).toEqual({ fault: { stopNode: "node-2" } });
    expect(step("fault node partition node-2 --for 2m")).toEqual({
      fault: { partitionNode: "node-2", for: "2m" },
    });
    expect(step("fault controller restart")).toEqual({
      fault: { restartController: "kube-controller-manager" },
    });
    expect(step("fault apiserver slow 2s")).toEqual({ fault: { slowApiServer: "2s" } });
    expect(step("fault apiserver slow 2s --jitter 500ms --for 1m")).toEqual({
      fault: { slowApiServer: "2s", jitter: "500ms", for: "1m" },
    });
    expect(step("traffic start http://my-api/ --rate 50 --from pod/client")).toEqual({
      traffic: { start: { url: "http://my-api/", rate: 50, from: "pod/client" } },
    });
    expect(step("traffic stop")).toEqual({ traffic: { stop: true } });
    expect(step("traffic summary web")).toEqual({ traffic: { summary: "web" } });
    expect(step("say Hello, world")).toEqual({ say: "Hello, world" });
  });

  it("reads the shell's own commands", () => {
    expect(parseShellLine("")).toEqual({ kind: "empty" });
    expect(parseShellLine("# a comment")).toEqual({ kind: "empty" });
    expect(parseShellLine("exit")).toEqual({ kind: "exit" });
    expect(parseShellLine("quit")).toEqual({ kind: "exit" });
    expect(parseShellLine("help until")).toEqual({ kind: "help", topic: "until" });
    expect(parseShellLine("save a.yaml")).toEqual({ kind: "save", file: "a.yaml" });
    expect(parseShellLine("load a.yaml")).toEqual({ kind: "load", file: "a.yaml" });
    expect(parseShellLine("trace")).toEqual({ kind: "trace", tail: 20 });
    expect(parseShellLine("trace --all --type fault")).toEqual({ kind: "trace", type: "fault" });
  });

  it("refuses malformed sim commands in kubectl's words, pointing at help", () => {
    expect(usage("advance 3x")).toBe(
      `error: invalid duration "3x" (use Go's form: "30s", "1m30s", "500ms")\nSee 'help advance' for usage.\n`,
    );
    expect(usage("advance")).toBe(
      "error: say how long: advance 30s\nSee 'help advance' for usage.\n",
    );
    expect(usage("advance 1s 2s")).toBe(
      `error: unexpected argument "2s"\nSee 'help advance' for usage.\n`,
    );
    expect(usage("until rollout x --timout 5m")).toBe(
      "error: unknown flag: --timout\nSee 'help until' for usage.\n",
    );
    expect(step("until pods web Running")).toEqual(step("until pod web Running"));
    expect(usage("until thing x")).toBe(
      `error: unknown target "thing" (known: rollout, deployment, pod, node, deleted)\nSee 'help until' for usage.\n`,
    );
    expect(usage("until deployment x Ready")).toMatch(/^error: condition: expected one of/);
    expect(usage("fault pod explode x")).toBe(
      `error: unknown fault "pod explode"\nSee 'help fault' for usage.\n`,
    );
    expect(usage("traffic start http://x/")).toBe(
      "error: --rate is required (requests per second)\nSee 'help traffic' for usage.\n",
    );
    expect(usage("traffic start http://x/ --rate -3")).toMatch(
      /^error: start\.rate: rate is requests per second/,
    );
    expect(usage("trace --kubeconfig x")).toBe(
      "error: unknown flag: --kubeconfig\nSee 'help trace' for usage.\n",
    );
    expect(usage(`get "pods`)).toBe(`error: unterminated " quote\nSee 'help' for usage.\n`);
  });

  it("reads back every sim step's own line (stepLine is its inverse)", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
    const dur = fc.constantFrom("1s", "30s", "1m30s", "500ms", "2h");
    const ns = fc.option(name, { nil: undefined });
    const opt = <T>(k: string, v: T | undefined) => (v === undefined ? {} : { [k]: v });
    const until = fc.oneof(
      fc
        .record({ rollout: name })
        .chain((u) =>
          fc
            .tuple(ns, fc.option(dur, { nil: undefined }))
            .map(([n, t]) => ({ ...u, ...opt("namespace", n), ...opt("timeout", t) })),
        ),
      fc
        .tuple(
          name,
          fc.constantFrom("Available", "Progressing", "ReplicaFailure"),
          fc.constantFrom(undefined, "False", "Unknown"),
        )
        .map(([d, c, s]) => ({ deployment: d, condition: c, ...opt("status", s) })),
      fc
        .tuple(name, fc.constantFrom(undefined, "False"))
        .map(([p, s]) => ({ pod: p, condition: "Ready", ...opt("status", s) })),
      fc
        .tuple(name, fc.constantFrom("Pending", "Running", "Succeeded", "Failed"))
        .map(([p, ph]) => ({ pod: p, phase: ph })),
      fc
        .tuple(name, fc.constantFrom("Unknown", "False"))
        .map(([n, s]) => ({ node: n, condition: "Ready", status: s })),
      name.map((n) => ({ deleted: `pod/${n}` })),
    );
    const pod = fc.oneof(
      name,
      name.map((n) => ({ selector: `app=${n}` })),
    );
    const fault = fc.oneof(
      fc
        .tuple(pod, ns, fc.option(fc.nat(60), { nil: undefined }))
        .map(([p, n, g]) => ({ deletePod: p, ...opt("namespace", n), ...opt("gracePeriod", g) })),
      fc.tuple(pod, fc.option(name, { nil: undefined }), fc.boolean()).map(([p, c, o]) => ({
        killContainer: p,
        ...opt("container", c),
        ...(o ? { oom: true } : {}),
      })),
      name.map((n) => ({ stopNode: n })),
      name.map((n) => ({ startNode: n })),
      fc
        .tuple(name, fc.option(dur, { nil: undefined }))
        .map(([n, d]) => ({ partitionNode: n, ...opt("for", d) })),
      name.map((n) => ({ healPartition: n })),
      fc
        .constantFrom("kube-controller-manager", "kube-scheduler")
        .map((p) => ({ restartController: p })),
      fc.constant({ dropWatches: true }),
      fc
        .tuple(dur, fc.option(dur, { nil: undefined }), fc.option(dur, { nil: undefined }))
        .map(([l, d, j]) => ({ slowApiServer: l, ...opt("for", d), ...opt("jitter", j) })),
      fc.constant({ restoreApiServer: true }),
    );
    const traffic = fc.oneof(
      fc
        .tuple(
          name,
          fc.integer({ min: 1, max: 500 }),
          fc.option(name, { nil: undefined }),
          fc.option(name, { nil: undefined }),
        )
        .map(([host, rate, from, n]) => ({
          start: {
            url: `http://${host}/x?y=1`,
            rate,
            ...opt("from", from === undefined ? undefined : `pod/${from}`),
            ...opt("name", n),
          },
        })),
      fc.constantFrom<true | string>(true, "web").map((s) => ({ stop: s })),
      fc.constantFrom<true | string>(true, "web").map((s) => ({ summary: s })),
    );
    const steps = fc.oneof(
      dur.map((d) => ({ advance: d })),
      until.map((u) => ({ until: u })),
      fault.map((f) => ({ fault: f })),
      traffic.map((t) => ({ traffic: t })),
    );
    fc.assert(
      fc.property(steps, (s) => {
        expect(step(stepLine(s as Step))).toEqual(s);
      }),
    );
  });
});
