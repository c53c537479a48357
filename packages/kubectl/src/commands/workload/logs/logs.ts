/**
 * `kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]`, `-l SELECTOR`,
 * `--all-containers`, `--all-pods`, `--prefix`, `--tail`, `--since`,
 * `--since-time`, `--timestamps`, `--limit-bytes`, `--ignore-errors`,
 * `--max-log-requests`. Mirrors kubectl pkg/cmd/logs/logs.go (Complete,
 * Validate, RunLogs, sequentialConsumeRequest): streams are read one after the
 * other, in pod-list order (kubectl's own order is a Go map's, i.e. random),
 * or followed together with -f.
 */
import { isNotFound } from "@kubesim/api";
import type { CommandContext, KubectlCommand } from "../../../cli/command.js";
import { KubectlError } from "../../../cli/errors.js";
import { parseGoDuration } from "../../../cli/flags.js";
import { noResourcesFound } from "../../../cli/output.js";
import { resolveKind } from "../../../cli/resources.js";
import { followLogs } from "./follow.js";
import { logPrefix, readLog, type PodLogOptions } from "./log-source.js";
import { logsForObject, type LogTarget } from "./logs-for-object.js";

const LOGS_USAGE = "logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]";
const USAGE_ERROR = `expected '${LOGS_USAGE}'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples`;
/** A selector without --tail reads the last 10 lines of each pod. */
export const SELECTOR_TAIL = 10;

export const logsCommand: KubectlCommand = {
  path: ["logs"],
  short: "Print the logs for a container in a pod",
  usage: `Usage:
  kubectl ${LOGS_USAGE} [options]

Examples:
  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx

  # Return snapshot logs from all containers in pods defined by label app=nginx
  kubectl logs -l app=nginx --all-containers=true

  # Begin streaming the logs of the ruby container in pod web-1
  kubectl logs -f -c ruby web-1

  # Display only the most recent 20 lines of output in pod nginx
  kubectl logs --tail=20 nginx

  # Return snapshot logs from container nginx-1 of a deployment named nginx
  kubectl logs deployment/nginx -c nginx-1`,
  flags: [
    { name: "all-pods", type: "bool", default: false },
    { name: "all-containers", type: "bool", default: false },
    { name: "follow", short: "f", type: "bool", default: false },
    { name: "timestamps", type: "bool", default: false },
    { name: "limit-bytes", type: "int", default: 0 },
    { name: "previous", short: "p", type: "bool", default: false },
    { name: "tail", type: "int", default: -1 },
    { name: "ignore-errors", type: "bool", default: false },
    { name: "since-time", type: "string", default: "" },
    { name: "since", type: "duration", default: "0s" },
    { name: "container", short: "c", type: "string", default: "" },
    { name: "insecure-skip-tls-verify-backend", type: "bool", default: false },
    { name: "pod-running-timeout", type: "duration", default: "20s" },
    { name: "selector", short: "l", type: "string", default: "" },
    { name: "max-log-requests", type: "int", default: 5 },
    { name: "prefix", type: "bool", default: false },
  ],
  run: runLogs,
};

function runLogs(ctx: CommandContext): number {
  const f = ctx.flags;
  const selector = f.string("selector");
  const args = ctx.args;
  let resource = "";
  let container = f.string("container");
  switch (args.length) {
    case 0:
      if (selector === "") throw new KubectlError(USAGE_ERROR);
      break;
    case 1:
      resource = args[0]!;
      if (selector !== "")
        throw new KubectlError(
          "only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples",
        );
      break;
    case 2:
      resource = args[0]!;
      container = args[1]!;
      break;
    default:
      throw new KubectlError(USAGE_ERROR);
  }
  const prefix = f.bool("prefix") || f.bool("all-pods");
  const now = ctx.cluster.loop.now();

  // ToLogOptions
  let since: number | undefined;
  const sinceTime = f.string("since-time");
  if (sinceTime !== "") {
    since = parseRFC3339(sinceTime);
    if (since === undefined)
      throw new KubectlError(
        `parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse "${sinceTime}" as "2006"`,
      );
  }
  const sinceMs = parseGoDuration(f.string("since")) ?? 0;
  const sinceSeconds = Math.round(sinceMs / 1000);
  if (sinceSeconds !== 0) since = now - sinceSeconds * 1000;
  const tail = f.int("tail");
  const tailLines =
    selector !== "" && tail === -1 && !f.changed("tail")
      ? SELECTOR_TAIL
      : tail !== -1
        ? tail
        : undefined;
  const limitBytes = f.int("limit-bytes");

  // The builder's lookup is part of Complete: a missing pod is reported before Validate's checks.
  const target = findTarget(ctx, resource, selector);

  // Validate
  if (sinceTime !== "" && sinceMs !== 0)
    throw new KubectlError("at most one of `sinceTime` or `sinceSeconds` may be specified");
  if (f.bool("all-containers") && container !== "")
    throw new KubectlError(
      `--all-containers=true should not be specified with container name ${container}`,
    );
  if (f.changed("container") && args.length === 2)
    throw new KubectlError("only one of -c or an inline [CONTAINER] arg is allowed");
  if (limitBytes < 0) throw new KubectlError("--limit-bytes must be greater than 0");
  if (sinceSeconds < 0) throw new KubectlError("--since must be greater than 0");
  if (tailLines !== undefined && tailLines < -1)
    throw new KubectlError("--tail must be greater than or equal to -1");

  const options: PodLogOptions = {
    ...(f.bool("previous") ? { previous: true } : {}),
    ...(f.bool("timestamps") ? { timestamps: true } : {}),
    ...(tailLines === undefined ? {} : { tailLines }),
    ...(since === undefined ? {} : { since }),
    ...(limitBytes === 0 ? {} : { limitBytes }),
  };

  if (target === undefined) return 0;
  const sources = logsForObject(ctx, target, {
    container,
    allContainers: f.bool("all-containers"),
    allPods: f.bool("all-pods"),
    timeout: parseGoDuration(f.string("pod-running-timeout")) ?? 20_000,
  });

  const ignoreErrors = f.bool("ignore-errors");
  if (f.bool("follow")) {
    const max = f.int("max-log-requests");
    if (sources.length > 1 && sources.length > max)
      throw new KubectlError(
        `you are attempting to follow ${sources.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`,
      );
    return followLogs(ctx, sources, options, prefix, ignoreErrors);
  }
  for (const s of sources) {
    let text: string;
    try {
      text = readLog(ctx.cluster, s, options);
    } catch (e) {
      if (!ignoreErrors) throw e;
      ctx.out.write(`error: ${(e as Error).message}\n`);
      continue;
    }
    if (!prefix) ctx.out.write(text);
    else ctx.out.write(text.replace(/^(?=.)/gms, logPrefix(s)));
  }
  return 0;
}

/** util.ParseRFC3339: RFC 3339 with optional fractional seconds; undefined otherwise. */
function parseRFC3339(s: string): number | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s)) return undefined;
  const t = Date.parse(s.replace(/(\.\d{3})\d+/, "$1"));
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The builder's answer for `ResourceNames("pods", arg)` or `ResourceTypes("pods")`
 * with a selector: a pod, another object, or the selected pods (undefined, after
 * kubectl's "No resources found" note, when none match).
 */
function findTarget(
  ctx: CommandContext,
  resource: string,
  selector: string,
): LogTarget | undefined {
  const ns = ctx.namespace;
  if (resource === "") {
    const pods = ctx.cluster.apiserver.list("Pod", {
      namespace: ns,
      labelSelector: selector,
    }).items;
    if (pods.length === 0) {
      ctx.out.error(noResourcesFound(ns));
      return undefined;
    }
    return { kind: "PodList", pods };
  }
  const slash = resource.indexOf("/");
  const info = slash < 0 ? resolveKind("pods") : resolveKind(resource.slice(0, slash));
  const name = slash < 0 ? resource : resource.slice(slash + 1);
  if (name === "")
    throw new KubectlError("arguments in resource/name form must have a single resource and name");
  try {
    const object = ctx.cluster.apiserver.get(
      info.kind as "Pod",
      info.namespaced ? ns : undefined,
      name,
    );
    return info.kind === "Pod" ? { kind: "Pod", pod: object } : { kind: info.kind, object };
  } catch (e) {
    if (isNotFound(e))
      throw new KubectlError(
        `error from server (NotFound): ${(e as Error).message} in namespace ${JSON.stringify(ns)}`,
      );
    throw e;
  }
}
