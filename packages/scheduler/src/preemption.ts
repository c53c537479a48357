/**
 * Mirrors kubernetes/kubernetes pkg/scheduler/framework/plugins/defaultpreemption
 * (`PostFilter`, `PodEligibleToPreemptOthers`, `SelectVictimsOnNode`) and
 * pkg/scheduler/framework/preemption (`Evaluator.Preempt`,
 * `nodesWherePreemptionMightHelp`, `DryRunPreemption`,
 * `pickOneNodeForPreemption`), without PodDisruptionBudgets.
 *
 * What it decides for a pod no node accepted:
 * - not eligible: "preemption: not eligible due to preemptionPolicy=Never."
 *   or "... due to a terminating pod on the nominated node.";
 * - otherwise every node rejected as UnschedulableAndUnresolvable reports
 *   "Preemption is not helpful for scheduling"; each other node removes all
 *   pods of lower priority: none -> "No preemption victims found for incoming
 *   pod"; still no fit -> that filter's reasons; a fit -> a candidate, whose
 *   victims are the lower-priority pods that cannot be reprieved (reprieving
 *   the most important first: higher priority, then earlier start);
 * - no candidate: "preemption: " + the FitError of those per-node statuses,
 *   e.g. "preemption: 0/3 nodes are available: 3 No preemption victims found
 *   for incoming pod.";
 * - candidates: no message (PostFilter succeeded) and the chosen node: fewest
 *   (PDB violations, then) highest victim priority, smallest sum of
 *   priorities, fewest victims, latest start of the top-priority victims,
 *   then the first in node order.
 *
 * kubesim deviations: PDBs are not consulted; every node is dry-run (no
 * random offset, no candidate limit); nominated pods are not added back.
 */
import type { Pod } from "kubernetes-types/core/v1";
import { parseTime } from "@kubesim/sim";
import type { PodFilterState } from "./filter.js";
import { runFilterPlugins } from "./filter.js";
import type { Diagnosis } from "./fit-error.js";
import { fitErrorMessage } from "./fit-error.js";
import type { NodeInfo } from "./node-info.js";
import type { Status } from "./status.js";
import { unresolvable } from "./status.js";

export const PreemptionNotHelpful = "Preemption is not helpful for scheduling";
export const NoPreemptionVictims = "No preemption victims found for incoming pod";
export const NotEligiblePreemptNever = "not eligible due to preemptionPolicy=Never.";
export const NotEligibleTerminatingOnNominated =
  "not eligible due to a terminating pod on the nominated node.";

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

/** GetPodStartTime; a pod without startTime counts as starting now (latest). */
const startTime = (pod: Pod): number =>
  parseTime(pod.status?.startTime) ?? Number.POSITIVE_INFINITY;

/** util.MoreImportantPod. */
export function moreImportantPod(a: Pod, b: Pod): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return startTime(a) < startTime(b);
}

/** podTerminatingByPreemption: deleting, with DisruptionTarget reason PreemptionByScheduler. */
function terminatingByPreemption(pod: Pod): boolean {
  if (pod.metadata?.deletionTimestamp === undefined || pod.metadata.deletionTimestamp === null)
    return false;
  return (pod.status?.conditions ?? []).some(
    (c) =>
      c.type === "DisruptionTarget" && c.status === "True" && c.reason === "PreemptionByScheduler",
  );
}

/** What preemption found. */
export interface PreemptionResult {
  /** The PostFilter message ("preemption: ..."); empty when a candidate was found. */
  readonly message: string;
  /** The node to nominate and the pods to evict there. */
  readonly candidate?: { readonly nodeName: string; readonly victims: readonly Pod[] };
}

/** PodEligibleToPreemptOthers. */
function eligibility(
  pod: Pod,
  nodes: readonly NodeInfo[],
  statuses: ReadonlyMap<string, Status>,
  absent: Status | undefined,
): string | undefined {
  if (pod.spec?.preemptionPolicy === "Never") return NotEligiblePreemptNever;
  const nominated = pod.status?.nominatedNodeName ?? "";
  if (nominated === "") return undefined;
  const status = statuses.get(nominated) ?? absent;
  if (status?.code === "UnschedulableAndUnresolvable") return undefined;
  const info = nodes.find((n) => n.name === nominated);
  const prio = podPriority(pod);
  if (info?.pods.some((p) => podPriority(p) < prio && terminatingByPreemption(p)) === true) {
    return NotEligibleTerminatingOnNominated;
  }
  return undefined;
}

/** SelectVictimsOnNode: the victims, or the status explaining why the node cannot help. */
export function selectVictimsOnNode(
  state: PodFilterState,
  node: NodeInfo,
): { readonly victims: readonly Pod[] } | { readonly status: Status } {
  const prio = podPriority(state.pod);
  const trial = node.clone();
  const potential = node.pods.filter((p) => podPriority(p) < prio);
  if (potential.length === 0)
    return { status: unresolvable("DefaultPreemption", NoPreemptionVictims) };
  for (const p of potential) trial.removePod(p);
  const status = runFilterPlugins(state, trial);
  if (status !== undefined) return { status };
  const ordered = [...potential].sort((a, b) =>
    moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0,
  );
  const victims: Pod[] = [];
  for (const p of ordered) {
    trial.addPod(p);
    if (runFilterPlugins(state, trial) !== undefined) {
      trial.removePod(p);
      victims.push(p);
    }
  }
  return { victims };
}

interface Candidate {
  readonly nodeName: string;
  readonly victims: readonly Pod[];
}

/** pickOneNodeForPreemption without PDBs. */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  const offset = 2 ** 31; // MaxInt32 + 1, added per victim as upstream
  const highest = (c: Candidate): number => Math.max(...c.victims.map(podPriority));
  const sum = (c: Candidate): number => c.victims.reduce((s, p) => s + podPriority(p) + offset, 0);
  const earliestTopStart = (c: Candidate): number => {
    const top = highest(c);
    return Math.min(...c.victims.filter((p) => podPriority(p) === top).map(startTime));
  };
  const criteria: Array<(c: Candidate) => number> = [
    (c) => highest(c),
    (c) => sum(c),
    (c) => c.victims.length,
    (c) => -earliestTopStart(c),
  ];
  let remaining = [...candidates];
  for (const score of criteria) {
    if (remaining.length <= 1) break;
    const best = Math.min(...remaining.map(score));
    remaining = remaining.filter((c) => score(c) === best);
  }
  return remaining[0];
}

/**
 * DefaultPreemption.PostFilter for `state.pod` after the filters rejected
 * every node. `diagnosis` holds those rejections; `nodes` are all nodes.
 */
export function preempt(
  state: PodFilterState,
  nodes: readonly NodeInfo[],
  diagnosis: Diagnosis,
): PreemptionResult {
  const notEligible = eligibility(
    state.pod,
    nodes,
    diagnosis.nodeToStatus,
    diagnosis.absentNodesStatus,
  );
  if (notEligible !== undefined) return { message: `preemption: ${notEligible}` };

  const statuses = new Map<string, Status>();
  const candidates: Candidate[] = [];
  for (const n of nodes) {
    const status = diagnosis.nodeToStatus.get(n.name) ?? diagnosis.absentNodesStatus;
    if (status === undefined || status.code === "UnschedulableAndUnresolvable") {
      statuses.set(n.name, unresolvable("DefaultPreemption", PreemptionNotHelpful));
      continue;
    }
    const r = selectVictimsOnNode(state, n);
    if ("status" in r) statuses.set(n.name, r.status);
    else candidates.push({ nodeName: n.name, victims: r.victims });
  }
  const chosen = pickOneNodeForPreemption(candidates);
  if (chosen !== undefined) return { message: "", candidate: chosen };
  const inner = fitErrorMessage(nodes.length, {
    nodeToStatus: statuses,
    absentNodesStatus: unresolvable("DefaultPreemption", PreemptionNotHelpful),
  });
  return { message: `preemption: ${inner}` };
}
