/**
 * Actions on a running cluster, in fast-check's commands style: each is an
 * object with `run(cluster)` and `toString()`, built from a plain JSON spec
 * (`ActionSpec`) so that a failing case can be written out and replayed.
 * Operator actions go through the API as kubectl would (scale, set image,
 * rollout pause/resume/undo, delete pod); faults go through `cluster.faults`.
 */
import fc from "fast-check";
import type { Cluster, ControlPlaneProcess } from "kubesim";
import { isApiError, rollbackDeployment } from "kubesim";

/** One action, as JSON. Node and pod numbers pick among the sorted names, modulo their count. */
export type ActionSpec =
  | { readonly type: "scale"; readonly replicas: number }
  | { readonly type: "setImage"; readonly image: string }
  | { readonly type: "pause" }
  | { readonly type: "resume" }
  | { readonly type: "undo" }
  | { readonly type: "deletePod"; readonly pod: number }
  | { readonly type: "stopNode"; readonly node: number }
  | { readonly type: "startNode"; readonly node: number }
  | { readonly type: "partition"; readonly node: number; readonly forMs: number }
  | { readonly type: "restartController"; readonly process: ControlPlaneProcess }
  | { readonly type: "dropWatches" }
  | { readonly type: "advance"; readonly ms: number }
  | {
      readonly type: "apiLatency";
      readonly latencyMs: number;
      /** Each watch event up to this much later again, drawn per event (absent: 0). */
      readonly jitterMs?: number;
      readonly forMs: number;
    };

export type ActionType = ActionSpec["type"];

/** Where actions act: the Deployment under test. */
export interface ActionTarget {
  readonly deployment: string;
  readonly namespace: string;
}

/** A runnable action (fast-check commands style). */
export interface Action {
  readonly spec: ActionSpec;
  /** Acts on the cluster; an action that cannot apply now (a paused undo) does nothing. */
  run(cluster: Cluster, target?: ActionTarget): void;
  toString(): string;
}

const DEFAULT_TARGET: ActionTarget = { deployment: "web", namespace: "default" };

function describe(s: ActionSpec): string {
  switch (s.type) {
    case "scale":
      return `scale --replicas=${s.replicas}`;
    case "setImage":
      return `set image app=${s.image}`;
    case "pause":
    case "resume":
    case "undo":
      return `rollout ${s.type}`;
    case "deletePod":
      return `delete pod #${s.pod}`;
    case "stopNode":
    case "startNode":
      return `${s.type} #${s.node}`;
    case "partition":
      return `partition node #${s.node} for ${s.forMs}ms`;
    case "restartController":
      return `restart ${s.process}`;
    case "dropWatches":
      return "drop watches";
    case "advance":
      return `clock jump ${s.ms}ms`;
    case "apiLatency":
      return `API latency ${s.latencyMs}ms${s.jitterMs === undefined || s.jitterMs === 0 ? "" : ` (+0-${s.jitterMs}ms per event)`} for ${s.forMs}ms`;
  }
}

/** The runnable action of a spec. */
export function actionOf(spec: ActionSpec): Action {
  return {
    spec,
    run: (cluster, target = DEFAULT_TARGET) => runAction(cluster, spec, target),
    toString: () => describe(spec),
  };
}

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

function nodeName(cluster: Cluster, n: number): string | undefined {
  return pick([...cluster.nodes.names()].sort(), n);
}

function runAction(cluster: Cluster, s: ActionSpec, t: ActionTarget): void {
  const ns = { namespace: t.namespace };
  switch (s.type) {
    case "scale":
      cluster.patch("Deployment", t.deployment, { spec: { replicas: s.replicas } }, ns);
      return;
    case "setImage":
      cluster.patch(
        "Deployment",
        t.deployment,
        { spec: { template: { spec: { containers: [{ name: "app", image: s.image }] } } } },
        ns,
      );
      return;
    case "pause":
    case "resume":
      cluster.patch("Deployment", t.deployment, { spec: { paused: s.type === "pause" } }, ns);
      return;
    case "undo":
      undo(cluster, t);
      return;
    case "deletePod": {
      const pods = cluster
        .list("Pod", { namespace: t.namespace })
        .filter((p) => p.metadata?.deletionTimestamp === undefined)
        .map((p) => p.metadata?.name ?? "")
        .sort();
      const pod = pick(pods, s.pod);
      if (pod === undefined) return;
      try {
        cluster.faults.deletePod(pod, ns);
      } catch (e) {
        if (!isApiError(e)) throw e;
      }
      return;
    }
    case "stopNode": {
      const node = nodeName(cluster, s.node);
      if (node !== undefined && cluster.nodes.kubelet(node).isRunning)
        cluster.faults.stopNode(node);
      return;
    }
    case "startNode": {
      const node = nodeName(cluster, s.node);
      if (node === undefined) return;
      if (cluster.nodes.kubelet(node).isRunning || cluster.nodes.connection(node).partitioned)
        return;
      cluster.faults.startNode(node);
      return;
    }
    case "partition": {
      const node = nodeName(cluster, s.node);
      if (node === undefined || cluster.nodes.connection(node).partitioned) return;
      cluster.faults.partitionNode(node, { for: s.forMs });
      return;
    }
    case "restartController":
      cluster.faults.restartController(s.process);
      return;
    case "dropWatches":
      cluster.faults.dropWatches();
      return;
    case "advance":
      cluster.advance(s.ms);
      return;
    case "apiLatency":
      cluster.faults.slowApiServer(s.latencyMs, { for: s.forMs, jitter: s.jitterMs ?? 0 });
      return;
  }
}

/**
 * `kubectl rollout undo`: the library's rollbackDeployment, as kubectl runs it
 * (the previous revision's template and annotations). An undo that kubectl
 * would refuse (a paused Deployment, no earlier revision) or skip (the
 * template already matches) does nothing.
 */
function undo(cluster: Cluster, t: ActionTarget): void {
  rollbackDeployment(cluster.apiserver, t.namespace, t.deployment, 0);
}

/**
 * Longest partition by default: 6 minutes, past the node monitor's 40 s grace
 * period (the node controller marks the node's pods NotReady) and past the
 * 300 s unreachable toleration (its pods are evicted) when the steps wait that long.
 */
export const DEFAULT_MAX_PARTITION_MS = 360_000;

export interface ActionsOptions {
  /** Images `set image` chooses from. */
  readonly images: readonly string[];
  /** Largest replicas `scale` sets (default 5). */
  readonly maxReplicas?: number;
  /** Node numbers to pick from (default 3). */
  readonly nodes?: number;
  /** Include faults (default true); without them only operator actions and clock jumps. */
  readonly faults?: boolean;
  /** Leave out these kinds of action. */
  readonly exclude?: readonly ActionType[];
  /** Longest partition, in ms (default DEFAULT_MAX_PARTITION_MS, 6 minutes). */
  readonly maxPartitionMs?: number;
}

/** One action: operator actions weighted over faults. */
export function actionSpecArb(options: ActionsOptions): fc.Arbitrary<ActionSpec> {
  const nodes = options.nodes ?? 3;
  const node = fc.nat({ max: Math.max(0, nodes - 1) });
  const ms = (lo: number, hi: number): fc.Arbitrary<number> =>
    fc.integer({ min: lo, max: hi }).map((x) => x * 1000);
  const all: [ActionType, number, fc.Arbitrary<ActionSpec>][] = [
    [
      "scale",
      3,
      fc.record({
        type: fc.constant("scale"),
        replicas: fc.nat({ max: options.maxReplicas ?? 5 }),
      }),
    ],
    [
      "setImage",
      5,
      fc.record({ type: fc.constant("setImage"), image: fc.constantFrom(...options.images) }),
    ],
    ["pause", 1, fc.constant({ type: "pause" })],
    ["resume", 1, fc.constant({ type: "resume" })],
    ["undo", 1, fc.constant({ type: "undo" })],
    ["advance", 1, fc.record({ type: fc.constant("advance"), ms: ms(1, 120) })],
  ];
  if (options.faults !== false) {
    all.push(
      ["deletePod", 2, fc.record({ type: fc.constant("deletePod"), pod: fc.nat({ max: 20 }) })],
      ["stopNode", 1, fc.record({ type: fc.constant("stopNode"), node })],
      ["startNode", 1, fc.record({ type: fc.constant("startNode"), node })],
      [
        "partition",
        1,
        fc.record({
          type: fc.constant("partition"),
          node,
          forMs: ms(
            1,
            Math.max(1, Math.floor((options.maxPartitionMs ?? DEFAULT_MAX_PARTITION_MS) / 1000)),
          ),
        }),
      ],
      [
        "restartController",
        2,
        fc.record({
          type: fc.constant("restartController"),
          process: fc.constantFrom<ControlPlaneProcess>(
            "kube-controller-manager",
            "kube-scheduler",
          ),
        }),
      ],
      ["dropWatches", 2, fc.constant({ type: "dropWatches" })],
      [
        "apiLatency",
        2,
        fc.record({
          type: fc.constant("apiLatency"),
          latencyMs: fc.integer({ min: 0, max: 5000 }),
          jitterMs: fc.integer({ min: 0, max: 2000 }),
          forMs: ms(1, 60),
        }),
      ],
    );
  }
  const excluded = new Set(options.exclude ?? []);
  const kept = all.filter(([type]) => !excluded.has(type));
  return fc.oneof(...kept.map(([, weight, arbitrary]) => ({ arbitrary, weight })));
}

/** One runnable action. */
export function actionArb(options: ActionsOptions): fc.Arbitrary<Action> {
  return actionSpecArb(options).map(actionOf);
}

/** A step of a case: an action, then `waitMs` of virtual time. */
export interface Step {
  readonly action: ActionSpec;
  readonly waitMs: number;
}

/**
 * The virtual time after an action: mostly whole seconds up to a minute, one
 * time in four less than a second (the next action lands while the last one's
 * watch events, back-offs and syncs are still under way).
 */
export function waitArb(): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 60 }).map((s) => s * 1000), weight: 3 },
    { arbitrary: fc.integer({ min: 0, max: 999 }), weight: 1 },
  );
}

/** Steps: up to `maxSteps` actions, each followed by a wait (waitArb: 0-60 s). */
export function stepsArb(
  options: ActionsOptions & { readonly maxSteps?: number },
): fc.Arbitrary<Step[]> {
  return fc.array(
    fc.record({
      action: actionSpecArb(options),
      waitMs: waitArb(),
    }),
    { maxLength: options.maxSteps ?? 8 },
  );
}
