/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: the container's log as
 * text/plain; with follow=true a chunked response that grows as virtual
 * time passes and ends when the container stops or the client goes away.
 * Mirrors pkg/registry/core/pod/rest/log.go (LogREST.Get: validate the
 * options, LogLocation, then a LocationStreamer with ContentType
 * text/plain, flushed when following) over the node's kubelet.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { methodNotAllowed } from "../rest/resource.js";
import { containerLog, limitBytes } from "./container-log.js";
import { DEFAULT_FOLLOW_POLL_MS, type StreamContext } from "./context.js";
import { LogFollower } from "./log-follow.js";
import { podLogOptionsOf } from "./log-options.js";
import { podTarget } from "./pod-target.js";

const TEXT_HEADERS = {
  "Content-Type": "text/plain",
  "Cache-Control": "no-cache, private",
} as const;

/** Called when the response is over, for the request log. */
export type LogEnd = (why: "done" | "client" | "ended") => void;

/**
 * Answers the request. Errors found before any byte is sent (a missing pod,
 * a bad option, a container waiting to start) are thrown, for the caller to
 * answer as a Status.
 */
export function serveLog(
  ctx: StreamContext,
  req: IncomingMessage,
  res: ServerResponse,
  namespace: string,
  name: string,
  query: URLSearchParams,
  onEnd: LogEnd = () => {},
): void {
  const method = (req.method ?? "GET").toUpperCase();
  if (method !== "GET") throw methodNotAllowed();
  const first = ctx.run(() => {
    const options = podLogOptionsOf(query, name);
    const target = podTarget(ctx.client, namespace, name, options.container);
    // A pod not yet on a node has no log: an empty answer (LogLocation's nil location).
    if (target.node === "") return { text: "", follower: undefined };
    const now = ctx.cluster.loop.now();
    const since =
      options.sinceSeconds !== undefined ? now - options.sinceSeconds * 1000 : options.sinceTime;
    const log = containerLog(ctx.cluster, ctx.client, target);
    if (options.follow) {
      const follower = new LogFollower(log, {
        previous: options.previous,
        timestamps: options.timestamps,
        ...(options.tailLines === undefined ? {} : { tailLines: options.tailLines }),
        ...(since === undefined ? {} : { since }),
        ...(options.limitBytes === undefined ? {} : { limitBytes: options.limitBytes }),
      });
      return { text: follower.start(), follower };
    }
    let text = log.read({
      previous: options.previous,
      timestamps: options.timestamps,
      ...(options.tailLines === undefined ? {} : { tailLines: options.tailLines }),
      ...(since === undefined ? {} : { since }),
    });
    if (options.limitBytes !== undefined) text = limitBytes(text, options.limitBytes);
    return { text, follower: undefined };
  });
  const follower = first.follower;
  if (follower === undefined || follower.ended) {
    const body = Buffer.from(first.text, "utf8");
    res.writeHead(200, { ...TEXT_HEADERS, "Content-Length": body.length });
    res.end(body);
    onEnd("done");
    return;
  }
  res.writeHead(200, { ...TEXT_HEADERS, "Transfer-Encoding": "chunked" });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  if (first.text !== "") res.write(first.text);
  let cancel: (() => void) | undefined;
  let over = false;
  const finish = (why: "client" | "ended") => {
    if (over) return;
    over = true;
    cancel?.();
    if (!res.writableEnded && !res.destroyed) res.end();
    onEnd(why);
  };
  const poll = () => {
    cancel = undefined;
    if (over) return;
    let text: string;
    try {
      text = ctx.run(() => follower.poll());
    } catch (e) {
      ctx.logger.error({ err: e }, "log follow failed");
      finish("ended");
      return;
    }
    if (text !== "") res.write(text);
    if (follower.ended) finish("ended");
    else cancel = ctx.setWallTimer(ctx.followPollMs ?? DEFAULT_FOLLOW_POLL_MS, poll);
  };
  res.on("close", () => finish("client"));
  cancel = ctx.setWallTimer(ctx.followPollMs ?? DEFAULT_FOLLOW_POLL_MS, poll);
}
