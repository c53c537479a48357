/**
 * `kubectl top pod` and `kubectl top node`: resource usage as the metrics
 * API would report it.
 *
 * kubesim has no metrics-server: real kubectl says `error: Metrics API not
 * available` without one. kubesim answers instead from what each node's
 * kubelet reports (Kubelet.usage(): CPU and memory of its running
 * containers), as metrics-server would after scraping it, with no
 * collection delay: a pod has metrics as soon as one of its containers runs.
 * A node's usage is the sum of its pods' (no system overhead); a node whose
 * kubelet is not Ready has no metrics (`<unknown>`).
 *
 * Mirrors staging/src/k8s.io/kubectl/pkg/cmd/top/top.go, top_pod.go
 * (TopPodOptions: Complete, Validate, RunTopPod, verifyEmptyMetrics,
 * checkPodAge) and top_node.go (TopNodeOptions.RunTopNode), with
 * metrics-server's NotFound answers (`podmetrics.metrics.k8s.io "ns/name"`).
 */
import {
  isApiError,
  isNotFound,
  notFound,
  parseFieldSelector,
  parseSelector,
  tryParseQuantity,
} from "@kubesim/api";
import { formatDuration, type Cluster } from "kubesim";
import type { Node, Pod } from "kubernetes-types/core/v1";
import type { CommandContext, KubectlCommand } from "../../cli/command.js";
import { KubectlError } from "../../cli/errors.js";
import { noResourcesFound } from "../../cli/output.js";
import {
  printNodeMetrics,
  printPodMetrics,
  type NodeAvailable,
  type NodeMetrics,
  type PodMetrics,
  type SortBy,
} from "../../describe/top.js";

const METRICS_CREATION_DELAY = 2 * 60_000;

const isReady = (n: Node) =>
  n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") === true;

/** What metrics-server would have scraped: the usage of every pod on a Ready node. */
export function podMetricsFromKubelets(cluster: Cluster): PodMetrics[] {
  const out: PodMetrics[] = [];
  for (const node of cluster.apiserver.list("Node").items) {
    const name = node.metadata?.name ?? "";
    if (!isReady(node) || !cluster.nodes.names().includes(name)) continue;
    for (const u of cluster.kubelet(name).usage())
      out.push({
        namespace: u.namespace,
        name: u.pod,
        containers: u.containers.map((c) => ({
          name: c.name,
          cpuMillis: c.cpu,
          memoryBytes: c.memory,
        })),
      });
  }
  // As the API server lists them: by namespace, then name (sorting keeps this order among equals).
  return out.sort((a, b) =>
    a.namespace !== b.namespace
      ? a.namespace < b.namespace
        ? -1
        : 1
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : 0,
  );
}

function usageError(use: string, path: string): KubectlError {
  return new KubectlError(`${use}\nSee 'kubectl ${path} -h' for help and examples`);
}

function sortByFlag(ctx: CommandContext): SortBy {
  const s = ctx.flags.string("sort-by");
  if (s !== "" && s !== "cpu" && s !== "memory")
    throw new KubectlError("--sort-by accepts only cpu or memory");
  return s;
}

/** The pods a label/field selector picks (metrics-server filters its pods the same way). */
function selectedPods(
  cluster: Cluster,
  namespace: string | undefined,
  labelSelector: string,
  fieldSelector: string,
): readonly Pod[] {
  return cluster.apiserver.list("Pod", {
    ...(namespace === undefined ? {} : { namespace }),
    ...(labelSelector === "" ? {} : { labelSelector }),
    ...(fieldSelector === "" ? {} : { fieldSelector }),
  }).items;
}

function runTopPod(ctx: CommandContext): number {
  const args = ctx.args;
  if (args.length > 1) throw usageError("pod [NAME | -l label]", "top pod");
  const name = args[0] ?? "";
  const labelSelector = ctx.flags.string("selector");
  const fieldSelector = ctx.flags.string("field-selector");
  const sortBy = sortByFlag(ctx);
  if (name !== "" && (labelSelector !== "" || fieldSelector !== ""))
    throw new KubectlError("only one of NAME or selector can be provided");
  if (labelSelector !== "") parseSelector(labelSelector);
  if (fieldSelector !== "") parseFieldSelector(fieldSelector);
  const allNamespaces = ctx.flags.bool("all-namespaces");
  const namespace = ctx.namespace;
  const cluster = ctx.cluster;
  const all = podMetricsFromKubelets(cluster);

  let metrics: PodMetrics[];
  if (name !== "") {
    const ns = namespace;
    const gr = { group: "metrics.k8s.io", resource: "podmetrics" };
    try {
      cluster.apiserver.get("Pod", namespace, name);
    } catch (e) {
      if (isNotFound(e)) throw notFound({ group: "", resource: "pods" }, `${ns}/${name}`);
      throw e;
    }
    const m = all.find((p) => p.namespace === namespace && p.name === name);
    if (m === undefined) throw notFound(gr, `${ns}/${name}`);
    metrics = [m];
  } else {
    const pods = selectedPods(
      cluster,
      allNamespaces ? undefined : namespace,
      labelSelector,
      fieldSelector,
    );
    const keys = new Set(
      pods.map((p) => `${p.metadata?.namespace ?? ""}/${p.metadata?.name ?? ""}`),
    );
    metrics = all.filter((m) => keys.has(`${m.namespace}/${m.name}`));
  }

  if (metrics.length === 0) {
    // verifyEmptyMetrics (which lists the current namespace, even with -A).
    const pods = selectedPods(cluster, namespace, labelSelector, fieldSelector);
    if (pods.length > 0) {
      const now = cluster.loop.now();
      for (const p of pods) {
        const age = now - (Date.parse(p.metadata?.creationTimestamp ?? "") || now);
        if (age > METRICS_CREATION_DELAY)
          throw new KubectlError(
            `Metrics not available for pod ${p.metadata?.namespace ?? ""}/${p.metadata?.name ?? ""}, age: ${formatDuration(age)}`,
          );
      }
      throw new KubectlError("metrics not available yet");
    }
    ctx.out.error(noResourcesFound(allNamespaces ? undefined : namespace));
  }
  ctx.out.write(
    printPodMetrics(metrics, {
      containers: ctx.flags.bool("containers"),
      withNamespace: allNamespaces,
      noHeaders: ctx.flags.bool("no-headers"),
      sortBy,
      sum: ctx.flags.bool("sum"),
    }),
  );
  return 0;
}

const quantity = (v: string | number | undefined, milli: boolean): number => {
  const q = tryParseQuantity(String(v ?? "0"));
  if (q === undefined) return 0;
  return Number(milli ? q.milliValue() : q.value());
};

function runTopNode(ctx: CommandContext): number {
  const args = ctx.args;
  if (args.length > 1) throw usageError("node [NAME | -l label]", "top node");
  const name = args[0] ?? "";
  const selector = ctx.flags.string("selector");
  const sortBy = sortByFlag(ctx);
  if (name !== "" && selector !== "")
    throw new KubectlError("only one of NAME or selector can be provided");
  const cluster = ctx.cluster;
  const api = cluster.apiserver;

  let nodes: readonly Node[];
  if (name !== "") {
    try {
      nodes = [api.get("Node", undefined, name)];
    } catch (e) {
      if (isApiError(e) && isNotFound(e)) throw notFound({ group: "", resource: "nodes" }, name);
      throw e;
    }
  } else {
    nodes = api.list("Node", selector === "" ? {} : { labelSelector: selector }).items;
  }

  const usage = new Map<string, { cpu: number; memory: number }>();
  for (const p of podMetricsFromKubelets(cluster)) {
    const node = api.get("Pod", p.namespace, p.name).spec?.nodeName ?? "";
    const u = usage.get(node) ?? { cpu: 0, memory: 0 };
    for (const c of p.containers) {
      u.cpu += c.cpuMillis;
      u.memory += c.memoryBytes;
    }
    usage.set(node, u);
  }
  const metrics: NodeMetrics[] = [];
  for (const n of nodes) {
    const nodeName = n.metadata?.name ?? "";
    if (!isReady(n) || !cluster.nodes.names().includes(nodeName)) continue;
    const u = usage.get(nodeName) ?? { cpu: 0, memory: 0 };
    metrics.push({ name: nodeName, cpuMillis: u.cpu, memoryBytes: u.memory });
  }
  if (name !== "" && metrics.length === 0)
    throw notFound({ group: "metrics.k8s.io", resource: "nodemetrics" }, name);
  if (metrics.length === 0) throw new KubectlError("metrics not available yet");

  const showCapacity = ctx.flags.bool("show-capacity");
  const available = new Map<string, NodeAvailable>();
  for (const n of nodes) {
    const list = showCapacity ? n.status?.capacity : n.status?.allocatable;
    available.set(n.metadata?.name ?? "", {
      cpuMillis: quantity(list?.["cpu"], true),
      memoryBytes: quantity(list?.["memory"], false),
    });
  }
  ctx.out.write(
    printNodeMetrics(metrics, available, { noHeaders: ctx.flags.bool("no-headers"), sortBy }),
  );
  return 0;
}

const kubesimNote = [
  "kubesim has no metrics-server (real kubectl would say `error: Metrics API not available`);",
  "it reports what each node's kubelet measures, with no collection delay.",
].join("\n");

const topUsage = [
  "Display resource (CPU/memory) usage.",
  "",
  kubesimNote,
  "",
  "Available Commands:",
  "  node          Display resource (CPU/memory) usage of nodes",
  "  pod           Display resource (CPU/memory) usage of pods",
  "",
  "Usage:",
  "  kubectl top [flags] [options]",
].join("\n");

export const topCommand: KubectlCommand = {
  path: ["top"],
  short: "Display resource (CPU/memory) usage",
  usage: topUsage,
  flags: [],
  run(ctx) {
    if (ctx.args.length > 0)
      throw new KubectlError(`unknown command "${ctx.args[0]}" for "kubectl top"`);
    ctx.out.line(`Display resource (CPU/memory) usage\n\n${topUsage}`);
    return 0;
  },
};

export const topPodCommand: KubectlCommand = {
  path: ["top", "pod"],
  aliases: ["pods", "po"],
  short: "Display resource (CPU/memory) usage of pods",
  usage: [
    "Display resource (CPU/memory) usage of pods.",
    "",
    kubesimNote,
    "",
    "Usage:",
    "  kubectl top pod [NAME | -l label] [options]",
    "",
    "Examples:",
    "  kubectl top pod",
    "  kubectl top pod --namespace=NAMESPACE",
    "  kubectl top pod POD_NAME --containers",
    "  kubectl top pod -l name=myLabel",
  ].join("\n"),
  flags: [
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "field-selector", type: "string", default: "" },
    { name: "sort-by", type: "string", default: "" },
    { name: "containers", type: "bool", default: false },
    { name: "all-namespaces", short: "A", type: "bool", default: false },
    { name: "no-headers", type: "bool", default: false },
    { name: "use-protocol-buffers", type: "bool", default: true },
    { name: "sum", type: "bool", default: false },
  ],
  run: runTopPod,
};

export const topNodeCommand: KubectlCommand = {
  path: ["top", "node"],
  aliases: ["nodes", "no"],
  short: "Display resource (CPU/memory) usage of nodes",
  usage: [
    "Display resource (CPU/memory) usage of nodes.",
    "",
    kubesimNote,
    "",
    "Usage:",
    "  kubectl top node [NAME | -l label] [options]",
    "",
    "Examples:",
    "  kubectl top node",
    "  kubectl top node NODE_NAME",
  ].join("\n"),
  flags: [
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "sort-by", type: "string", default: "" },
    { name: "no-headers", type: "bool", default: false },
    { name: "use-protocol-buffers", type: "bool", default: true },
    { name: "show-capacity", type: "bool", default: false },
  ],
  run: runTopNode,
};
