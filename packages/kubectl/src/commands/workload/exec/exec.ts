/**
 * `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`.
 * Mirrors kubectl pkg/cmd/exec/exec.go (Complete, Validate, Run, SetupTTY) and
 * the API server's exec location (pkg/registry/core/pod/strategy.go
 * streamLocation: `container x is not valid for pod y`, `pod y does not have a
 * host assigned`); the command runs in the pod's kubelet. A failed exit is
 * `command terminated with exit code N` on stderr and exit code N, as
 * cmdutil.CheckErr reports remotecommand's CodeExitError.
 *
 * kubesim's host counts as a terminal: `-it` with a lone shell opens an
 * interactive session fed with the host's stdin line by line, and prints what
 * the terminal shows (prompts, the echo of each line, the output).
 */
import { badRequest, isApiError } from "@kubesim/api";
import { PodNotRunningError } from "kubesim";
import type { Pod } from "kubernetes-types/core/v1";
import type { CommandContext, KubectlCommand } from "../../../cli/command.js";
import { KubectlError } from "../../../cli/errors.js";
import { parseGoDuration } from "../../../cli/flags.js";
import { resolveKind } from "../../../cli/resources.js";
import { getPodList, goType, selectorsForObject } from "../shared/pod-for-object.js";
import { findContainerByName, findOrDefaultContainer } from "../shared/podcmd.js";
import { activePods, reverse } from "../shared/podutils.js";
import { runInteractive } from "./interactive.js";

const SEE_HELP = "\nSee 'kubectl exec -h' for help and examples";

export const execCommand: KubectlCommand = {
  path: ["exec"],
  short: "Execute a command in a container",
  usage: `Usage:
  kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]

Examples:
  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubectl exec mypod -- date

  # Get output from running the 'date' command in ruby-container from pod mypod
  kubectl exec mypod -c ruby-container -- date

  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubectl exec mypod -c ruby-container -i -t -- bash -il

  # Get output from running 'date' command from the first pod of the deployment mydeployment, using the first container by default
  kubectl exec deploy/mydeployment -- date`,
  flags: [
    { name: "container", short: "c", type: "string", default: "" },
    { name: "stdin", short: "i", type: "bool", default: false },
    { name: "tty", short: "t", type: "bool", default: false },
    { name: "quiet", short: "q", type: "bool", default: false },
    { name: "pod-running-timeout", type: "duration", default: "1m0s" },
  ],
  run: runExec,
};

function runExec(ctx: CommandContext): number {
  // Complete
  const args = ctx.args;
  const dash = ctx.flags.parsed.dashArgs;
  const argsLenAtDash = dash === undefined ? -1 : args.length - dash.length;
  const resourceName = args.length > 0 && argsLenAtDash !== 0 ? args[0]! : "";
  let command: readonly string[] = [];
  if (argsLenAtDash > -1) command = args.slice(argsLenAtDash);
  else if (args.length > 1)
    throw new KubectlError(
      `exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead${SEE_HELP}`,
    );
  const timeout = parseGoDuration(ctx.flags.string("pod-running-timeout")) ?? 60_000;

  // Validate
  if (resourceName === "") throw new KubectlError("pod, type/name or --filename must be specified");
  if (command.length === 0)
    throw new KubectlError("you must specify at least one command for the container");

  // Run
  const pod = podFor(ctx, resourceName, timeout);
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed")
    throw new KubectlError(
      `cannot exec into a container in a completed pod; current phase is ${phase}`,
    );
  const quiet = ctx.flags.bool("quiet");
  let container = ctx.flags.string("container");
  if (container === "")
    container = findOrDefaultContainer(pod, "", quiet, (t) => ctx.out.error(t)).name;

  // SetupTTY: a terminal only with stdin.
  const stdin = ctx.flags.bool("stdin");
  const tty = stdin && ctx.flags.bool("tty");

  // The API server's checks before it proxies to the kubelet.
  const name = pod.metadata?.name ?? "";
  const namespace = pod.metadata?.namespace ?? "";
  if (findContainerByName(pod, container) === undefined)
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  const node = pod.spec?.nodeName ?? "";
  if (node === "") throw badRequest(`pod ${name} does not have a host assigned`);
  const kubelet = ctx.cluster.kubelet(node);

  try {
    if (tty && command.length === 1) {
      const session = kubelet.shell(namespace, name, container, command[0]!);
      if ("feed" in session) return runInteractive(ctx, session, ctx.host.stdin ?? "");
      return report(ctx, session, tty);
    }
    const input = ctx.host.stdin ?? "";
    const shell = command.length === 1 && /(^|\/)(ba)?sh$/.test(command[0]!);
    const argv = stdin && shell && input !== "" ? [command[0]!, "-c", input] : command;
    return report(ctx, kubelet.exec(namespace, name, container, argv, tty), tty);
  } catch (e) {
    if (isApiError(e) || e instanceof KubectlError) throw e;
    const message = (e as Error).message;
    if (e instanceof PodNotRunningError)
      throw new KubectlError("unable to upgrade connection: pod does not exist");
    throw new KubectlError(message);
  }
}

/** The pod named, or the one kubectl picks for a controller or Service (the most active). */
function podFor(ctx: CommandContext, resource: string, timeout: number): Pod {
  const slash = resource.indexOf("/");
  const info = slash < 0 ? resolveKind("pods") : resolveKind(resource.slice(0, slash));
  const name = slash < 0 ? resource : resource.slice(slash + 1);
  if (name === "")
    throw new KubectlError("arguments in resource/name form must have a single resource and name");
  const object = ctx.cluster.apiserver.get(
    info.kind as "Pod",
    info.namespaced ? ctx.namespace : undefined,
    name,
  );
  if (info.kind === "Pod") return object;
  let selection: { namespace: string; selector: string };
  try {
    selection = selectorsForObject(info.kind, object);
  } catch (e) {
    throw new KubectlError(`cannot attach to ${goType(object)}: ${(e as Error).message}`);
  }
  return getPodList(ctx, selection.namespace, selection.selector, timeout, reverse(activePods))[0]!;
}

/** What the streams carried, then kubectl's verdict on the exit code. */
function report(
  ctx: CommandContext,
  r: { stdout: string; stderr: string; exitCode: number; startError?: string },
  tty: boolean,
): number {
  if (r.startError !== undefined) throw new KubectlError(r.startError);
  ctx.out.write(r.stdout);
  if (tty) ctx.out.write(r.stderr);
  else ctx.out.error(r.stderr);
  if (r.exitCode === 0) return 0;
  ctx.out.error(`command terminated with exit code ${r.exitCode}\n`);
  return r.exitCode;
}
