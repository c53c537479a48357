/**
 * The table handler of every kind kubesim serves: its column definitions and
 * row printer. Mirrors AddHandlers in pkg/printers/internalversion/printers.go
 * (the table the apiserver answers `kubectl get` with) for the kinds in scope.
 *
 *   const h = tableHandlers.Service;
 *   h.printRow(svc, cluster.loop.now()).cells  // ["web", "ClusterIP", "10.96.0.12", ...]
 */
import type { KindName, KindTypes } from "@kubesim/api";
import type { Millis } from "kubesim";
import { configMapColumnDefinitions, printConfigMapRow } from "./configmap.js";
import { deploymentColumnDefinitions, printDeploymentRow } from "./deployment.js";
import { endpointsColumnDefinitions, printEndpointsRow } from "./endpoints.js";
import { endpointSliceColumnDefinitions, printEndpointSliceRow } from "./endpointslice.js";
import { eventColumnDefinitions, printEventRow } from "./event.js";
import { serverGenerateOptions, type GenerateOptions } from "./generate-options.js";
import { ingressColumnDefinitions, printIngressRow } from "./ingress.js";
import { ingressClassColumnDefinitions, printIngressClassRow } from "./ingressclass.js";
import { leaseColumnDefinitions, printLeaseRow } from "./lease.js";
import { namespaceColumnDefinitions, printNamespaceRow } from "./namespace.js";
import { nodeColumnDefinitions, printNodeRow } from "./node.js";
import { podColumnDefinitions, printPodRow } from "./pod.js";
import { printReplicaSetRow, replicaSetColumnDefinitions } from "./replicaset.js";
import { printSecretRow, secretColumnDefinitions } from "./secret.js";
import { printServiceRow, serviceColumnDefinitions } from "./service.js";
import type { TableColumnDefinition, TableRow } from "./table.js";

/** One kind's columns and row printer. */
export interface TableHandler<T> {
  readonly columnDefinitions: readonly TableColumnDefinition[];
  /** A pure function of the object and the sim's `now`. */
  readonly printRow: (obj: T, now: Millis, options?: GenerateOptions) => TableRow;
}

const handler = <T>(
  columnDefinitions: readonly TableColumnDefinition[],
  printRow: (obj: T, now: Millis, options?: GenerateOptions) => TableRow,
): TableHandler<T> => Object.freeze({ columnDefinitions, printRow });

/** Every served kind's table handler. */
export const tableHandlers: { readonly [K in KindName]: TableHandler<KindTypes[K]> } =
  Object.freeze({
    Namespace: handler(namespaceColumnDefinitions, printNamespaceRow),
    Pod: handler(podColumnDefinitions, printPodRow),
    Node: handler(nodeColumnDefinitions, printNodeRow),
    Service: handler(serviceColumnDefinitions, printServiceRow),
    Endpoints: handler(endpointsColumnDefinitions, printEndpointsRow),
    ConfigMap: handler(configMapColumnDefinitions, printConfigMapRow),
    Secret: handler(secretColumnDefinitions, printSecretRow),
    Event: handler(eventColumnDefinitions, printEventRow),
    Lease: handler(leaseColumnDefinitions, printLeaseRow),
    Deployment: handler(deploymentColumnDefinitions, printDeploymentRow),
    ReplicaSet: handler(replicaSetColumnDefinitions, printReplicaSetRow),
    EndpointSlice: handler(endpointSliceColumnDefinitions, printEndpointSliceRow),
    Ingress: handler(ingressColumnDefinitions, printIngressRow),
    IngressClass: handler(ingressClassColumnDefinitions, printIngressClassRow),
  });

/** A generated table: the columns and one row per object (the object kept beside it). */
export interface GeneratedTable<T> {
  readonly columnDefinitions: readonly TableColumnDefinition[];
  readonly rows: readonly (TableRow & { readonly object: T })[];
}

/** The table for `objects` of `kind`, as the apiserver generates it (wide cells included). */
export function generateTable<K extends KindName>(
  kind: K,
  objects: readonly KindTypes[K][],
  now: Millis,
  options: GenerateOptions = serverGenerateOptions,
): GeneratedTable<KindTypes[K]> {
  const h = tableHandlers[kind] as TableHandler<KindTypes[K]>;
  return {
    columnDefinitions: h.columnDefinitions,
    rows: objects.map((object) => ({ ...h.printRow(object, now, options), object })),
  };
}
