/**
 * PodExecOptions and PodAttachOptions from the query of an exec or attach
 * request (`command=ls&command=-la&container=api&stdin=true&stdout=true&
 * stderr=true&tty=true`), decoded as kube-apiserver's parameter codec does,
 * then checked as the kubelet's streaming server checks them
 * (pkg/kubelet/cri/streaming/remotecommand/httpstream.go NewOptions: with a
 * tty there is no separate stderr; `you must specify at least 1 of stdin,
 * stdout, stderr`).
 */
import { badRequest } from "@kubesim/api";
import { boolParam } from "../rest/options.js";

export interface StreamOptions {
  readonly container: string;
  /** exec's argv (empty for attach). */
  readonly command: readonly string[];
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly tty: boolean;
}

export function streamOptionsOf(query: URLSearchParams, kind: "exec" | "attach"): StreamOptions {
  const tty = boolParam(query, "tty") ?? false;
  const stdin = boolParam(query, "stdin") ?? false;
  const stdout = boolParam(query, "stdout") ?? false;
  // A terminal has one output stream: stderr is folded into stdout.
  const stderr = !tty && (boolParam(query, "stderr") ?? false);
  if (!stdin && !stdout && !stderr)
    throw badRequest("you must specify at least 1 of stdin, stdout, stderr");
  return {
    container: query.get("container") ?? "",
    command: kind === "exec" ? query.getAll("command") : [],
    stdin,
    stdout,
    stderr,
    tty,
  };
}
