/**
 * generateAPIPodStatus (pkg/kubelet/kubelet_pods.go): the pod status the
 * kubelet derives from what its runtime runs. Container statuses come from
 * the records (two newest instances and the reason cache), `started`/`ready`
 * from the prober, the phase from getPhase and the conditions from the
 * status generators.
 */
import { rfc3339 } from "@kubesim/sim";
import type { ContainerState, ContainerStatus, Pod, PodStatus } from "kubernetes-types/core/v1";
import type { ContainerInstance } from "../kuberuntime/container.js";
import type { ProbeManager } from "../prober/manager.js";
import { generatePodConditions } from "../status/conditions.js";
import { getPhase } from "../status/phase.js";
import type { ContainerRecord } from "./records.js";

const seconds = (t: number): string => rfc3339(Math.floor(t / 1000) * 1000);

function terminatedState(i: ContainerInstance): ContainerState {
  const t = i.termination!;
  return {
    terminated: {
      exitCode: t.exitCode,
      ...(t.signal === undefined ? {} : { signal: t.signal }),
      reason: t.reason,
      ...(t.message === undefined ? {} : { message: t.message }),
      startedAt: seconds(i.startedAt),
      finishedAt: seconds(t.finishedAt),
      containerID: i.id,
    },
  };
}

export interface StatusInput {
  readonly pod: Pod;
  readonly records: ReadonlyMap<string, ContainerRecord>;
  readonly prober: ProbeManager;
  readonly now: number;
  readonly podIP: string | undefined;
  readonly hostIP: string;
  readonly sandboxReady: boolean;
  /** The kubelet decided the pod will not run again (deleted and all containers stopped). */
  readonly podIsTerminal: boolean;
  /** The kubelet's previous status for the pod (or the API's). */
  readonly previous: PodStatus | undefined;
  /** Init containers are still running (regular containers wait in PodInitializing). */
  readonly initializing: boolean;
  /** A full sync (UpdatePodStatus may trigger readiness probes); false for a readiness-only update. */
  readonly triggerReadiness: boolean;
}

export function containerStatus(
  rec: ContainerRecord,
  pod: Pod,
  prober: ProbeManager,
  initializing: boolean,
  podIsTerminal: boolean,
  trigger = true,
): ContainerStatus {
  const cur = rec.current;
  const base: ContainerStatus = {
    name: rec.spec.name,
    image: cur?.image ?? rec.spec.image ?? "",
    imageID: cur?.imageID ?? "",
    ready: false,
    restartCount: Math.max(0, rec.instances - 1),
    started: false,
    state: {},
    lastState: {},
  };
  let s: ContainerStatus;
  if (cur === undefined) {
    const waiting = rec.waiting ?? {
      reason: !rec.init && initializing ? "PodInitializing" : "ContainerCreating",
    };
    s = podIsTerminal
      ? {
          ...base,
          state: {
            terminated: {
              exitCode: 137,
              reason: "ContainerStatusUnknown",
              message: "The container could not be located when the pod was terminated",
            },
          },
        }
      : { ...base, state: { waiting: { ...waiting } } };
  } else if (cur.running) {
    s = {
      ...base,
      containerID: cur.id,
      state: { running: { startedAt: seconds(cur.startedAt) } },
      lastState: rec.previous === undefined ? {} : terminatedState(rec.previous),
    };
  } else if (rec.waiting !== undefined && !podIsTerminal) {
    s = {
      ...base,
      containerID: cur.id,
      state: { waiting: { ...rec.waiting } },
      lastState: terminatedState(cur),
    };
  } else {
    s = {
      ...base,
      containerID: cur.id,
      state: terminatedState(cur),
      lastState: rec.previous === undefined ? {} : terminatedState(rec.previous),
    };
  }
  if (rec.init && !rec.sidecar) {
    const t = s.state?.terminated;
    const ready = t !== undefined && t.exitCode === 0;
    const started = s.state?.running !== undefined;
    return { ...s, ready, started };
  }
  return prober.updateContainerStatus(pod, s, trigger);
}

export function generatePodStatus(input: StatusInput): PodStatus {
  const { pod, records, prober, previous } = input;
  const spec = pod.spec ?? { containers: [] };
  const statusesOf = (containers: readonly { readonly name: string }[]): ContainerStatus[] =>
    containers.flatMap((c) => {
      const rec = records.get(c.name);
      return rec === undefined
        ? []
        : [
            containerStatus(
              rec,
              pod,
              prober,
              input.initializing,
              input.podIsTerminal,
              input.triggerReadiness,
            ),
          ];
    });
  const init = statusesOf(spec.initContainers ?? []);
  const regular = statusesOf(spec.containers);
  regular.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const hasInitialized = [...records.values()].some((r) => !r.init && r.current !== undefined);
  const prevPhase = previous?.phase;
  const phase =
    prevPhase === "Succeeded" || prevPhase === "Failed"
      ? prevPhase
      : getPhase(spec, [...init, ...regular], input.podIsTerminal, hasInitialized);
  const conditions = generatePodConditions({
    spec,
    initContainerStatuses: init,
    containerStatuses: regular,
    phase,
    sandboxReady: input.sandboxReady,
    previous: pod.status?.conditions ?? previous?.conditions ?? [],
    now: seconds(input.now),
  });
  const status: PodStatus = {
    ...(pod.status ?? {}),
    phase,
    conditions,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    startTime: pod.status?.startTime ?? previous?.startTime ?? seconds(input.now),
    containerStatuses: regular,
  };
  if (input.podIP !== undefined) {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  if (init.length > 0) status.initContainerStatuses = init;
  return status;
}
