/**
 * Defaults of the small core/v1 kinds. Mirrors kubernetes/pkg/apis/core/v1/defaults.go
 * (SetDefaults_Namespace, SetDefaults_NamespaceStatus, SetDefaults_NodeStatus,
 * SetDefaults_Endpoints) and the namespace registry's PrepareForCreate
 * (pkg/registry/core/namespace/strategy.go) for the `kubernetes` finalizer.
 *
 * Guarantees:
 * - Namespace: label `kubernetes.io/metadata.name` = name (when the name is
 *   known; generateName-only namespaces get it once named); status.phase "Active"
 *   when empty. The `kubernetes` spec finalizer is NOT a default (the namespace
 *   controller removes it and defaulting runs on every write): the apiserver
 *   applies `prepareNamespaceForCreate` on create only;
 * - Node: status.allocatable = status.capacity when allocatable is absent;
 *   both lists in canonical form (resources.ts);
 * - Endpoints: subsets[].ports[].protocol "TCP";
 * - ConfigMap: nothing observable (upstream sets `data` to an empty map, which
 *   JSON omits).
 */
import type { Obj } from "./draft.js";
import { ensureObj, isObj, objAt, objectsAt, setIfEmpty } from "./draft.js";
import { canonicalizeResourceList } from "./resources.js";

export const LABEL_METADATA_NAME = "kubernetes.io/metadata.name";

export function setDefaultsNamespace(ns: Obj): void {
  const metadata = objAt(ns, "metadata");
  const name = metadata?.["name"];
  if (metadata !== undefined && typeof name === "string" && name !== "") {
    const labels = ensureObj(metadata, "labels");
    if (labels !== undefined) labels[LABEL_METADATA_NAME] = name;
  }
  const status = ensureObj(ns, "status");
  if (status !== undefined) setIfEmpty(status, "phase", "Active");
}

/** PrepareForCreate: status {phase: Active} and the `kubernetes` finalizer appended if missing. */
export function setNamespaceCreateFields(ns: Obj): void {
  ns["status"] = { phase: "Active" };
  const spec = ensureObj(ns, "spec");
  if (spec === undefined) return;
  const finalizers = Array.isArray(spec["finalizers"]) ? (spec["finalizers"] as unknown[]) : [];
  if (!finalizers.includes("kubernetes")) spec["finalizers"] = [...finalizers, "kubernetes"];
}

export function setDefaultsNode(node: Obj): void {
  const status = objAt(node, "status");
  if (status === undefined) return;
  if (status["allocatable"] === undefined && isObj(status["capacity"])) {
    status["allocatable"] = { ...status["capacity"] };
  }
  canonicalizeResourceList(status, "capacity");
  canonicalizeResourceList(status, "allocatable");
}

export function setDefaultsEndpoints(ep: Obj): void {
  for (const subset of objectsAt(ep, "subsets")) {
    for (const port of objectsAt(subset, "ports")) setIfEmpty(port, "protocol", "TCP");
  }
}
