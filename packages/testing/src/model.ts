/**
 * Model-based testing against a cluster: fast-check's `commands` and
 * `modelRun`, with a real Cluster as the system under test and a model the
 * user writes. Each command acts on the cluster (through the API, or as a
 * fault) and updates the model; virtual time passes between commands; then
 * the cluster settles and `check` asserts that it matches the model.
 *
 *   const scale = (n: number): ClusterCommand<Model> => ({
 *     check: () => true,
 *     run: (m, c) => { c.patch("Deployment", "web", { spec: { replicas: n } }); m.replicas = n; },
 *     toString: () => `scale ${n}`,
 *   });
 *   fc.assert(
 *     clusterModelProperty({
 *       setup: () => ({ model: { replicas: 2 }, cluster: newCluster() }),
 *       commands: [fc.nat(5).map(scale), advanceCommandArb()],
 *       between: "5s",
 *       check: (m, c) => expect(runningPods(c)).toHaveLength(m.replicas),
 *     }),
 *     { numRuns: 30 },
 *   );
 *
 * A failure is shrunk by fast-check to the fewest commands (only commands
 * that ran are kept) and printed with their `toString()`; fast-check's seed
 * and path replay it, and the cluster's own seed makes it the same run.
 */
import fc from "fast-check";
import type { Cluster } from "kubesim";
import { parseDuration } from "kubesim";

/** A command on a cluster and a model: fast-check's Command with the cluster as the real system. */
export type ClusterCommand<M extends object> = fc.Command<M, Cluster>;

/** Virtual time: a duration ("30s") or ms. */
type Duration = string | number;

export interface ClusterModelOptions<M extends object> {
  /** A fresh model and cluster for each run (give the cluster a seed: the same run every time). */
  readonly setup: () => { readonly model: M; readonly cluster: Cluster };
  /** Virtual time that passes after every command (default 0: the next one comes at once). */
  readonly between?: Duration;
  /**
   * How the cluster settles before `check`: virtual time (default "2m"), or a
   * function that heals faults and runs time itself.
   */
  readonly settle?: Duration | ((cluster: Cluster, model: Readonly<M>) => void);
  /** Asserts that the settled cluster matches the model: throw (or return false) when it does not. */
  readonly check: (model: Readonly<M>, cluster: Cluster) => boolean | void;
  /** Settle and check after every command too (default: only after the last). */
  readonly checkEach?: boolean;
}

/** What a failed `check` throws: when it failed, after which commands; the check's error is the cause. */
export class ClusterModelError extends Error {
  override readonly name = "ClusterModelError";
  constructor(
    message: string,
    readonly commands: readonly string[],
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

export function isClusterModelError(e: unknown): e is ClusterModelError {
  return e instanceof ClusterModelError;
}

/**
 * One run (fc.modelRun on a cluster): each applicable command runs, then
 * `between` passes; finally the cluster settles and `check` runs. Throws
 * ClusterModelError when the check fails.
 */
export function clusterModelRun<M extends object>(
  options: ClusterModelOptions<M>,
  commands: Iterable<ClusterCommand<M>>,
): void {
  const between = parseDuration(options.between ?? 0);
  const ran: string[] = [];
  const verify = (model: M, cluster: Cluster): void => {
    const settle = options.settle ?? "2m";
    if (typeof settle === "function") settle(cluster, model);
    else cluster.advance(settle);
    let outcome: boolean | void;
    try {
      outcome = options.check(model, cluster);
    } catch (e) {
      throw failure(ran, cluster, e);
    }
    if (outcome === false) throw failure(ran, cluster, new Error("check returned false"));
  };
  const wrapped = [...commands].map((cmd): ClusterCommand<M> => ({
    check: (m) => cmd.check(m),
    run: (m, cluster) => {
      cmd.run(m, cluster);
      ran.push(cmd.toString());
      if (between > 0) cluster.advance(between);
      if (options.checkEach === true) verify(m, cluster);
    },
    toString: () => cmd.toString(),
  }));
  let state: { readonly model: M; readonly cluster: Cluster } | undefined;
  fc.modelRun(() => {
    state = options.setup();
    return { model: state.model, real: state.cluster };
  }, wrapped);
  if (state !== undefined && options.checkEach !== true) verify(state.model, state.cluster);
}

function failure(ran: readonly string[], cluster: Cluster, cause: unknown): ClusterModelError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new ClusterModelError(
    `the cluster does not match the model after ${ran.length} command(s) [${ran.join(", ")}], at virtual time ${new Date(cluster.now()).toISOString()}: ${why}`,
    ran,
    cause,
  );
}

export interface ClusterModelPropertyOptions<M extends object> extends ClusterModelOptions<M> {
  /** The commands to draw from (fc.commands). */
  readonly commands: readonly fc.Arbitrary<ClusterCommand<M>>[];
  /** Most commands per run (default 10). */
  readonly maxCommands?: number;
}

/** The property for fc.assert / fc.check: random command lists, each run by clusterModelRun. */
export function clusterModelProperty<M extends object>(
  options: ClusterModelPropertyOptions<M>,
): fc.IPropertyWithHooks<[Iterable<ClusterCommand<M>>]> {
  return fc.property(
    fc.commands([...options.commands], { maxCommands: options.maxCommands ?? 10 }),
    (cmds) => clusterModelRun(options, cmds),
  );
}

/** A command that only lets virtual time pass (the model does not change). */
export function advanceCommand<M extends object>(d: Duration): ClusterCommand<M> {
  return {
    check: () => true,
    run: (_m, cluster) => cluster.advance(d),
    toString: () => `advance ${typeof d === "number" ? `${d}ms` : d}`,
  };
}

/** Advance commands of 0 to `maxSeconds` (default 60) whole seconds. */
export function advanceCommandArb<M extends object>(
  maxSeconds = 60,
): fc.Arbitrary<ClusterCommand<M>> {
  return fc.integer({ min: 0, max: maxSeconds }).map((s) => advanceCommand<M>(s * 1000));
}
