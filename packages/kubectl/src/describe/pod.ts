/**
 * `kubectl describe pod`: the pod, its containers, conditions, volumes, QoS
 * class, node selectors, tolerations and events.
 * Mirrors staging/src/k8s.io/kubectl/pkg/describe/describe.go (describePod,
 * describePodIPs, describeTopologySpreadConstraints, PodDescriber's event
 * search: the reference without a kind).
 */
import { formatLabelSelector } from "@kubesim/api";
import type { Millis } from "kubesim";
import type { Event, Pod } from "kubernetes-types/core/v1";
import { translateTimestampSince } from "../printers/timestamp.js";
import { describeContainers, describeResources, envValueRetriever } from "./containers.js";
import { describeEvents, searchEvents } from "./events.js";
import {
  compareStrings,
  printAnnotationsMultiline,
  printController,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
} from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from "./prefix-writer.js";
import { getPodQOS } from "./qos.js";
import { describeVolumes } from "./volumes.js";

/** The events describe shows for a pod: by name, namespace and uid (the mirror pod's source uid for a mirror pod). */
export function podEvents(pod: Pod, events: readonly Event[]): Event[] {
  const mirror = pod.metadata?.annotations?.["kubernetes.io/config.mirror"];
  return searchEvents(events, {
    name: pod.metadata?.name ?? "",
    namespace: pod.metadata?.namespace ?? "",
    uid: mirror ?? pod.metadata?.uid ?? "",
  });
}

function describePodIPs(pod: Pod, w: PrefixWriter, space: string): void {
  const ips = pod.status?.podIPs ?? [];
  if (ips.length === 0) {
    w.write(LEVEL_0, `${space}IPs:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}IPs:\n`);
  for (const ip of ips) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
}

/** describeTopologySpreadConstraints (nothing when there are none). */
export function describeTopologySpreadConstraints(
  pod: { spec?: Pod["spec"] } | undefined,
  w: PrefixWriter,
  space: string,
): void {
  const tscs = [...(pod?.spec?.topologySpreadConstraints ?? [])].sort((a, b) =>
    compareStrings(a.topologyKey, b.topologyKey),
  );
  if (tscs.length === 0) return;
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  tscs.forEach((tsc, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let s = `${tsc.topologyKey}:${tsc.whenUnsatisfiable} when max skew ${tsc.maxSkew} is exceeded`;
    if (tsc.labelSelector !== undefined)
      s += ` for selector ${formatLabelSelector(tsc.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/**
 * describePod. `events` are the pod's events (see podEvents), or undefined
 * with --show-events=false (then there is no Events section at all).
 */
export function describePod(pod: Pod, events: readonly Event[] | undefined, now: Millis): string {
  return tabbedString((w) => {
    const spec = pod.spec;
    const status = pod.status;
    const meta = pod.metadata;
    w.write(LEVEL_0, `Name:\t${meta?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${meta?.namespace ?? ""}\n`);
    if (spec?.priority !== undefined) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if ((spec?.priorityClassName ?? "") !== "")
      w.write(LEVEL_0, `Priority Class Name:\t${spec!.priorityClassName}\n`);
    if ((spec?.runtimeClassName ?? "") !== "")
      w.write(LEVEL_0, `Runtime Class Name:\t${spec!.runtimeClassName}\n`);
    if ((spec?.serviceAccountName ?? "") !== "")
      w.write(LEVEL_0, `Service Account:\t${spec!.serviceAccountName}\n`);
    if ((spec?.nodeName ?? "") === "") w.write(LEVEL_0, "Node:\t<none>\n");
    else w.write(LEVEL_0, `Node:\t${spec!.nodeName}/${status?.hostIP ?? ""}\n`);
    if (status?.startTime !== undefined)
      w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, "Labels", meta?.labels);
    printAnnotationsMultiline(w, "Annotations", meta?.annotations);
    const phase = status?.phase ?? "";
    if (meta?.deletionTimestamp != null && phase !== "Failed" && phase !== "Succeeded") {
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${translateTimestampSince(meta.deletionTimestamp, now)})\n`,
      );
      w.write(LEVEL_0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${phase}\n`);
    }
    if ((status?.reason ?? "") !== "") w.write(LEVEL_0, `Reason:\t${status!.reason}\n`);
    if ((status?.message ?? "") !== "") w.write(LEVEL_0, `Message:\t${status!.message}\n`);
    const seccomp = spec?.securityContext?.seccompProfile;
    if (seccomp !== undefined) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === "Localhost")
        w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status?.podIP ?? ""}\n`);
    describePodIPs(pod, w, "");
    const controlledBy = printController(meta);
    if (controlledBy !== "") w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if ((status?.nominatedNodeName ?? "") !== "")
      w.write(LEVEL_0, `NominatedNodeName:\t${status!.nominatedNodeName}\n`);
    const podResources = (
      spec as { resources?: Parameters<typeof describeResources>[0] } | undefined
    )?.resources;
    if (podResources !== undefined) {
      w.write(LEVEL_0, "Resources:\n");
      describeResources(podResources, w, LEVEL_1);
    }
    const resolve = envValueRetriever(pod);
    if ((spec?.initContainers ?? []).length > 0)
      describeContainers(
        "Init Containers",
        spec!.initContainers!,
        status?.initContainerStatuses,
        resolve,
        w,
        "",
      );
    describeContainers(
      "Containers",
      spec?.containers ?? [],
      status?.containerStatuses,
      resolve,
      w,
      "",
    );
    if ((spec?.ephemeralContainers ?? []).length > 0)
      describeContainers(
        "Ephemeral Containers",
        spec!.ephemeralContainers!,
        status?.ephemeralContainerStatuses,
        resolve,
        w,
        "",
      );
    const conditions = status?.conditions ?? [];
    if ((spec?.readinessGates ?? []).length > 0) {
      w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
      for (const g of spec!.readinessGates!) {
        const c = conditions.find((x) => x.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c?.status ?? "<none>"} \n`);
      }
    }
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec?.volumes, w, "");
    w.write(LEVEL_0, `QoS Class:\t${getPodQOS(pod)}\n`);
    printLabelsMultiline(w, "Node-Selectors", spec?.nodeSelector);
    printTolerationsMultiline(w, "Tolerations", spec?.tolerations);
    describeTopologySpreadConstraints(pod, w, "");
    if (events !== undefined) describeEvents(events, w, now);
  });
}
