/**
 * Eventual invariants, checked once faults are healed and the cluster has had
 * time to settle:
 *
 * - convergence to the spec: the rollout is complete (DeploymentComplete),
 *   observedGeneration = generation, the ReplicaSets sum to spec.replicas and
 *   every live pod runs the current template (its pod-template-hash);
 * - Endpoints equal the ready pods: a Service's Endpoints list exactly the IPs
 *   of its ready selected pods (pkg/controller/endpoint/endpoints_controller.go);
 *   and so do its EndpointSlices (label kubernetes.io/service-name): their
 *   ready endpoints are the ready pods, and every selected pod with an IP that
 *   has not finished (terminating ones included) is there once, with the
 *   conditions the EndpointSlice controller gives it
 *   (staging/src/k8s.io/endpointslice/utils.go podToEndpoint: serving = pod
 *   Ready, terminating = deletionTimestamp set, ready = publishNotReadyAddresses
 *   || (serving && !terminating); reconciler.go keeps terminating pods,
 *   ShouldPodBeInEndpoints(pod, true), and skips pods whose Node is gone).
 */
import type { Deployment } from "kubernetes-types/apps/v1";
import type { EndpointSlice } from "kubernetes-types/discovery/v1";
import type { Pod, Service } from "kubernetes-types/core/v1";
import { deploymentComplete } from "kubesim";
import { isPodReady, livePodsOf, ownedReplicaSets } from "./owned.js";
import { viewOf, type ClusterOrView, type ObjectView } from "./view.js";
import type { Violation } from "./violation.js";

const HASH = "pod-template-hash";

function sameTemplate(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function checkConverged(cluster: ClusterOrView, d: Deployment): Violation[] {
  const v = (message: string): Violation[] => [
    { invariant: "convergence", message, at: viewOf(cluster).now() },
  ];
  const name = d.metadata?.name ?? "";
  const replicas = d.spec?.replicas ?? 1;
  if ((d.status?.observedGeneration ?? 0) !== (d.metadata?.generation ?? 0))
    return v(
      `deployment ${name}: observedGeneration ${d.status?.observedGeneration ?? 0} != generation ${d.metadata?.generation ?? 0}`,
    );
  if (!deploymentComplete(d, d.status))
    return v(
      `deployment ${name} not complete: replicas ${replicas}, status ${JSON.stringify({ replicas: d.status?.replicas ?? 0, updated: d.status?.updatedReplicas ?? 0, available: d.status?.availableReplicas ?? 0 })}`,
    );
  const rss = ownedReplicaSets(cluster, d);
  const total = rss.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
  if (total !== replicas) return v(`replicasets of ${name} sum to ${total}, want ${replicas}`);
  const current = rss.find((rs) => {
    const t = rs.spec?.template;
    const labels = { ...t?.metadata?.labels };
    delete labels[HASH];
    return sameTemplate({ ...t, metadata: { ...t?.metadata, labels } }, d.spec?.template);
  });
  const pods = livePodsOf(cluster, d.metadata?.namespace ?? "", rss);
  if (pods.length !== replicas) return v(`${pods.length} live pods of ${name}, want ${replicas}`);
  if (replicas > 0) {
    const hash = current?.metadata?.labels?.[HASH];
    const stale = pods.filter((p) => p.metadata?.labels?.[HASH] !== hash);
    if (hash === undefined || stale.length > 0)
      return v(
        `pods not on the current template (${HASH}=${hash ?? "none"}): ${stale.map((p) => p.metadata?.name ?? "").join(", ")}`,
      );
  }
  return [];
}

/**
 * The Service's Endpoints and EndpointSlices against its selected pods: the
 * Endpoints list the ready pods' IPs; the slices hold each selected pod with an
 * IP once, with the EndpointSlice controller's conditions (see above).
 */
export function checkEndpoints(
  cluster: ClusterOrView,
  namespace: string,
  service: string,
): Violation[] {
  const view = viewOf(cluster);
  const svc = view.get("Service", namespace, service);
  if (svc === undefined)
    return [
      {
        invariant: "endpoints",
        message: `service ${namespace}/${service} not found`,
        at: view.now(),
      },
    ];
  const selector = svc.spec?.selector;
  const selected = view
    .list("Pod", namespace)
    .filter((p) =>
      Object.entries(selector ?? {}).every(([k, val]) => p.metadata?.labels?.[k] === val),
    );
  // The endpoints controller's ShouldPodBeInEndpoints, then its addresses (not
  // notReadyAddresses): with publishNotReadyAddresses every such pod, terminating
  // ones included; otherwise the ready pods that are not terminating.
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const want = selected
    .filter((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed")
    .filter((p) => (p.status?.podIP ?? "") !== "")
    .filter((p) => publishNotReady || p.metadata?.deletionTimestamp == null)
    .filter((p) => publishNotReady || isPodReady(p))
    .map((p) => p.status?.podIP ?? "")
    .sort();
  const ep = view.get("Endpoints", namespace, service);
  const got = (ep?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).sort();
  const out: Violation[] = [];
  if (JSON.stringify(want) !== JSON.stringify(got))
    out.push({
      invariant: "endpoints",
      message: `endpoints ${namespace}/${service} list [${got.join(", ")}], ready pods are [${want.join(", ")}]`,
      at: view.now(),
    });
  // A Service without a selector has slices someone else manages (or mirrored).
  if (selector != null) out.push(...checkEndpointSlices(view, svc, selected, want));
  return out;
}

/** The label that ties an EndpointSlice to its Service (discovery.k8s.io/v1 LabelServiceName). */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

/** podToEndpoint's conditions, as "ready=… serving=… terminating=…". */
function conditionsOf(pod: Pod, svc: Service): string {
  const serving = isPodReady(pod);
  const terminating = pod.metadata?.deletionTimestamp != null;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  return `ready=${ready} serving=${serving} terminating=${terminating}`;
}

function podIPv4s(p: Pod): string[] {
  const ips = (p.status?.podIPs ?? []).map((x) => x.ip ?? "");
  const all = ips.length > 0 ? ips : [p.status?.podIP ?? ""];
  return all.filter((ip) => ip !== "" && !ip.includes(":"));
}

function checkEndpointSlices(
  view: ObjectView,
  svc: Service,
  selected: readonly Pod[],
  readyIPs: readonly string[],
): Violation[] {
  const namespace = svc.metadata?.namespace ?? "";
  const name = svc.metadata?.name ?? "";
  const what = `endpointslices of ${namespace}/${name}`;
  const v = (message: string): Violation => ({
    invariant: "endpointSlices",
    message: `${what}: ${message}`,
    at: view.now(),
  });
  const nodes = new Set(view.list("Node").map((n) => n.metadata?.name ?? ""));
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  // address -> "pod conditions", from the pods (the controller's desired endpoints)
  const want = new Map<string, string>();
  for (const p of selected) {
    const phase = p.status?.phase;
    if (phase === "Succeeded" || phase === "Failed") continue;
    if (!publishNotReady && !nodes.has(p.spec?.nodeName ?? "")) continue;
    for (const ip of podIPv4s(p)) want.set(ip, `${p.metadata?.name ?? ""} ${conditionsOf(p, svc)}`);
  }
  const slices: EndpointSlice[] = view
    .list("EndpointSlice", namespace)
    .filter((s) => s.metadata?.labels?.[SERVICE_NAME_LABEL] === name && s.addressType === "IPv4");
  const got = new Map<string, string>();
  const out: Violation[] = [];
  const readyGot: string[] = [];
  for (const s of slices)
    for (const e of s.endpoints) {
      const c = e.conditions ?? {};
      const text = `${e.targetRef?.name ?? ""} ready=${c.ready ?? false} serving=${c.serving ?? false} terminating=${c.terminating ?? false}`;
      for (const ip of e.addresses) {
        if (got.has(ip)) out.push(v(`endpoint ${ip} is listed twice`));
        got.set(ip, text);
        if (c.ready === true) readyGot.push(ip);
      }
    }
  readyGot.sort();
  if (!publishNotReady && JSON.stringify(readyGot) !== JSON.stringify(readyIPs))
    out.push(
      v(`ready endpoints [${readyGot.join(", ")}], ready pods are [${readyIPs.join(", ")}]`),
    );
  const ips = [...new Set([...want.keys(), ...got.keys()])].sort();
  for (const ip of ips) {
    const w = want.get(ip);
    const g = got.get(ip);
    if (w === g) continue;
    if (g === undefined) out.push(v(`pod ${w ?? ""} (${ip}) has no endpoint`));
    else if (w === undefined) out.push(v(`endpoint ${ip} (pod ${g}) is no selected pod's`));
    else out.push(v(`endpoint ${ip} is pod ${g}, want ${w}`));
  }
  return out;
}

/** The Deployment's ReplicaSets, for messages. */
export function describeReplicaSets(cluster: ClusterOrView, d: Deployment): string {
  return ownedReplicaSets(cluster, d)
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ""} ${rs.spec?.replicas ?? 0}/${rs.status?.readyReplicas ?? 0}/${rs.status?.availableReplicas ?? 0}`,
    )
    .sort()
    .join(", ");
}
