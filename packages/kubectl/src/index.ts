/**
 * @kubesim/kubectl: kubectl-style printers and commands. The row
 * printers are pure functions of one object and the sim's `now`; the server's
 * Table answers and the CLI's tables share them.
 */
export type { TableColumnDefinition, TableRow, TableRowCondition } from "./printers/table.js";
export { podColumnDefinitions, printPodRow } from "./printers/pod.js";
export { findNodeRoles, nodeColumnDefinitions, printNodeRow } from "./printers/node.js";
export { parseTimestamp, translateTimestampSince } from "./printers/timestamp.js";
export { shortHumanDuration } from "./printers/duration.js";

// kubectl-style commands
export type { CommandResult, FileAccess, KubectlHost } from "./cli/types.js";
export type { KubectlCommand } from "./cli/command.js";
export { CommandContext } from "./cli/command.js";
export type { FlagSpec, FlagType, ParsedFlags } from "./cli/flags.js";
export { Flags, flagDisplayName, globalFlags, parseFlags, parseGoDuration } from "./cli/flags.js";
export {
  Aggregate,
  KubectlError,
  aggregate,
  checkErr,
  checkErrText,
  formatError,
  isKubectlError,
  isReportable,
} from "./cli/errors.js";
export { Output } from "./cli/output.js";
export {
  missingResourceError,
  resolveKind,
  resourceRequests,
  resourceTypeOrNameArgs,
  splitResourceArgument,
} from "./cli/resources.js";
export type {
  ResourceArgs,
  ResourceRequest,
  ResourceRequestOptions,
  ResourceRequests,
} from "./cli/resources.js";
export { runStream, StreamPrinter } from "./cli/stream.js";
export type { StreamEnd, StreamOptions } from "./cli/stream.js";
export {
  Kubectl,
  kubectlCommandNames,
  suggestionsFor,
  unknownCommandError,
} from "./cli/kubectl.js";
export { allCommands } from "./commands/index.js";
export { kubectl, splitCommandLine } from "./run.js";

// workload commands: rollout, logs, exec
export { workloadCommands } from "./commands/workload/index.js";
export type { RolloutStatus } from "./commands/workload/rollout/status-viewer.js";
export { deploymentStatus } from "./commands/workload/rollout/status-viewer.js";

// printers of `kubectl get` (commands/get): every kind's table, the table and
// tab writers, and the -o json|yaml|name|jsonpath output of kubectl
export type { GenerateOptions } from "./printers/generate-options.js";
export { serverGenerateOptions } from "./printers/generate-options.js";
export type { GeneratedTable, TableHandler } from "./printers/handlers.js";
export { generateTable, tableHandlers } from "./printers/handlers.js";
export { deploymentColumnDefinitions, printDeploymentRow } from "./printers/deployment.js";
export { printReplicaSetRow, replicaSetColumnDefinitions } from "./printers/replicaset.js";
export {
  getServiceExternalIP,
  loadBalancerStatusStringer,
  makePortString,
  printServiceRow,
  serviceColumnDefinitions,
} from "./printers/service.js";
export {
  endpointsColumnDefinitions,
  formatEndpoints,
  printEndpointsRow,
} from "./printers/endpoints.js";
export {
  endpointSliceColumnDefinitions,
  formatDiscoveryEndpoints,
  formatDiscoveryPorts,
  printEndpointSliceRow,
} from "./printers/endpointslice.js";
export { formatHosts, ingressColumnDefinitions, printIngressRow } from "./printers/ingress.js";
export { ingressClassColumnDefinitions, printIngressClassRow } from "./printers/ingressclass.js";
export { configMapColumnDefinitions, printConfigMapRow } from "./printers/configmap.js";
export { printSecretRow, secretColumnDefinitions } from "./printers/secret.js";
export { eventColumnDefinitions, formatEventSource, printEventRow } from "./printers/event.js";
export { namespaceColumnDefinitions, printNamespaceRow } from "./printers/namespace.js";
export { leaseColumnDefinitions, printLeaseRow } from "./printers/lease.js";
export { layoutContainerCells } from "./printers/containers.js";
export { formatLabels } from "./printers/labels.js";
export type { PrintOptions, PrintableRow, PrintableTable } from "./printers/table-printer.js";
export { HumanReadablePrinter, formatEventType } from "./printers/table-printer.js";
export type { TabWriterOptions } from "./printers/tabwriter.js";
export {
  TabWriter,
  describeTabWriterOptions,
  kubectlTabWriterOptions,
} from "./printers/tabwriter.js";
export { goJSON } from "./printers/json.js";
export { goYAML } from "./printers/yaml.js";
export {
  groupKindName,
  groupKindString,
  kindString,
  nameLine,
  printName,
  resourceString,
} from "./printers/name.js";
export { JSONPath, JSONPathError } from "./printers/jsonpath/jsonpath.js";
export { JSONPathParseError } from "./printers/jsonpath/parser.js";
// describe, events, top, explain, api-resources: pure text from objects and `now`
export type { PrefixWriter } from "./describe/prefix-writer.js";
export {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  LEVEL_3,
  LEVEL_4,
  escapeTerminal,
  nestedPrefixWriter,
  tabbedString,
} from "./describe/prefix-writer.js";
export { describePod, podEvents } from "./describe/pod.js";
export type { DeploymentReplicaSets } from "./describe/deployment.js";
export { describeDeployment, deploymentReplicaSets } from "./describe/deployment.js";
export type { PodPhaseCounts } from "./describe/replicaset.js";
export { describeReplicaSet, podStatusForController } from "./describe/replicaset.js";
export {
  describeService,
  formatEndpointSlices,
  serviceEndpointSlices,
} from "./describe/service.js";
export { describeEndpoints } from "./describe/endpoints.js";
export { describeNode, nodeEvents, nodeNonTerminatedPods } from "./describe/node.js";
export type { IngressBackends } from "./describe/ingress.js";
export { describeIngress } from "./describe/ingress.js";
export { describeConfigMap } from "./describe/configmap.js";
export { describeSecret } from "./describe/secret.js";
export { describeNamespace } from "./describe/namespace.js";
export { describeIngressClass } from "./describe/ingressclass.js";
export { describeEndpointSlice } from "./describe/endpointslice.js";
export { describeGeneric } from "./describe/generic.js";
export type { EventQuery } from "./describe/events.js";
export { describeEvents, eventInterval, searchEvents } from "./describe/events.js";
export { describeProbe } from "./describe/containers.js";
export { computePodQOS, getPodQOS } from "./describe/qos.js";
export type { EventPrinterOptions } from "./describe/event-printer.js";
export { EventPrinter, sortEvents } from "./describe/event-printer.js";
export type { ContainerUsage, NodeMetrics, PodMetrics } from "./describe/top.js";
export { printNodeMetrics, printPodMetrics } from "./describe/top.js";
export { printApiResources, verbsOf } from "./describe/api-resources.js";
export type { ExplainField, ExplainSchema, ExplainType } from "./describe/explain.js";
export { ExplainError, explain } from "./describe/explain.js";
export { explainSchema } from "./describe/explain-schema.js";
export { wrapString } from "./describe/wordwrap.js";
export { describeObject } from "./commands/describe/gather.js";
export { podMetricsFromKubelets } from "./commands/describe/top.js";
// mutate group: -f reading, for the CLI and scenario files
export type { ManifestSource } from "./commands/mutate/filenames.js";
export { readFilenames } from "./commands/mutate/filenames.js";
export { LogCursor, parseLogLines } from "./commands/workload/logs/log-cursor.js";
export type { LogLine } from "./commands/workload/logs/log-cursor.js";
